import type { ChannelType } from '../../api/types';

/** What each channel type asks for, and what to configure in Meta's dashboard for it. */
export interface MetaGuide {
  externalIdLabel: string;
  externalIdHelp: string;
  tokenLabel: string;
  tokenHelp: string;
  /** Where the webhook is configured in Meta's App Dashboard. */
  webhookWhere: string;
  /** Webhook fields to subscribe to. */
  fields: Array<{ name: string; why: string }>;
}

export const META_GUIDES: Record<ChannelType, MetaGuide> = {
  whatsapp: {
    externalIdLabel: 'Phone number ID',
    externalIdHelp:
      'WhatsApp → API Setup in your Meta app: the “Phone number ID” (not the phone number itself).',
    tokenLabel: 'Access token',
    tokenHelp: 'A permanent System User token with the whatsapp_business_messaging permission.',
    webhookWhere: 'App Dashboard → WhatsApp → Configuration → Webhook → Edit',
    fields: [
      { name: 'messages', why: 'incoming messages and message statuses (sent, delivered, read, failed)' },
      { name: 'message_status', why: 'message status updates, where your app lists this field separately' },
    ],
  },
  messenger: {
    externalIdLabel: 'Facebook Page ID',
    externalIdHelp: 'Your Page → About → Page transparency, or Messenger → Settings in your Meta app.',
    tokenLabel: 'Page access token',
    tokenHelp: 'Generated in Messenger → Settings → Access Tokens, with pages_messaging.',
    webhookWhere: 'App Dashboard → Messenger → Settings → Webhooks, then “Add subscriptions” for the Page',
    fields: [
      { name: 'messages', why: 'incoming messages' },
      { name: 'messaging_postbacks', why: 'button taps' },
      { name: 'message_echoes', why: 'messages your Page sends from elsewhere (so the inbox shows them)' },
      { name: 'message_deliveries', why: 'delivered statuses' },
      { name: 'message_reads', why: 'read statuses' },
    ],
  },
  instagram: {
    externalIdLabel: 'Instagram account ID',
    externalIdHelp: 'The Instagram professional account ID linked to your Page (Instagram → API setup).',
    tokenLabel: 'Access token',
    tokenHelp: 'A token with instagram_manage_messages (or instagram_business_manage_messages).',
    webhookWhere: 'App Dashboard → Instagram → Webhooks (or Messenger → Instagram settings)',
    fields: [
      { name: 'messages', why: 'incoming messages' },
      { name: 'messaging_postbacks', why: 'button taps' },
      { name: 'message_echoes', why: 'messages sent from the Instagram app' },
      { name: 'message_deliveries', why: 'delivered statuses' },
      { name: 'message_reads', why: 'read statuses' },
    ],
  },
};
