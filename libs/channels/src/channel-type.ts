/** The messaging channels Cria serves. */
export const CHANNEL_TYPES = ['whatsapp', 'messenger', 'instagram'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** The `object` field Meta sets on webhook payloads of each channel's endpoint. */
export const WEBHOOK_OBJECT: Readonly<Record<ChannelType, string>> = {
  whatsapp: 'whatsapp_business_account',
  messenger: 'page',
  instagram: 'instagram',
};

export function isChannelType(value: unknown): value is ChannelType {
  return typeof value === 'string' && (CHANNEL_TYPES as readonly string[]).includes(value);
}
