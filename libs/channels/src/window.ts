import type { ChannelType } from './channel-type';

/** Free-form replies are allowed for 24 h after the user's last message, on all three channels. */
export const MESSAGING_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Messenger/Instagram `HUMAN_AGENT` tag: a human may answer for 7 days after the user's last message. */
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export interface MessagingWindow {
  open: boolean;
  /** When free-form replies stop being allowed; null when the user never wrote. */
  expiresAt: Date | null;
  /** Milliseconds left (0 when closed). */
  remainingMs: number;
  /** WhatsApp outside the window: only an approved template may be sent. */
  requiresTemplate: boolean;
  /** Messenger/Instagram: until when a human agent may still answer with the `HUMAN_AGENT` tag. */
  humanAgentUntil: Date | null;
}

/** The messaging window given the user's last inbound message time. */
export function messagingWindow(
  channel: ChannelType,
  lastInboundAt: Date | null | undefined,
  now: Date = new Date(),
): MessagingWindow {
  if (!lastInboundAt || Number.isNaN(lastInboundAt.getTime())) {
    return {
      open: false,
      expiresAt: null,
      remainingMs: 0,
      requiresTemplate: channel === 'whatsapp',
      humanAgentUntil: null,
    };
  }
  const expires = lastInboundAt.getTime() + MESSAGING_WINDOW_MS;
  const remainingMs = Math.max(0, expires - now.getTime());
  const open = remainingMs > 0;
  const humanAgent =
    channel === 'whatsapp' ? null : new Date(lastInboundAt.getTime() + HUMAN_AGENT_WINDOW_MS);
  return {
    open,
    expiresAt: new Date(expires),
    remainingMs,
    requiresTemplate: channel === 'whatsapp' && !open,
    humanAgentUntil: humanAgent && humanAgent.getTime() > now.getTime() ? humanAgent : null,
  };
}
