import type { ChannelType } from '../channel-type';
import type { TextMeasure } from '../text-splitter';

/** Text limits per channel (Meta's documented maxima). */
export const TEXT_LIMITS: Readonly<Record<ChannelType, { limit: number; measure: TextMeasure }>> = {
  whatsapp: { limit: 4096, measure: 'utf16' },
  messenger: { limit: 2000, measure: 'utf16' },
  instagram: { limit: 1000, measure: 'utf8-bytes' },
};

export const WHATSAPP_LIMITS = {
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  interactiveBody: 1024,
  headerText: 60,
  footerText: 60,
  listRows: 10,
  listSections: 10,
  listButtonText: 20,
  rowTitle: 24,
  rowDescription: 72,
  rowId: 200,
  sectionTitle: 24,
  caption: 1024,
} as const;

export const QUICK_REPLY_LIMITS = { count: 13, title: 20, payload: 1000 } as const;

/** A message that breaks a channel's limits; thrown before any call is made. */
export class OutboundValidationError extends Error {
  override readonly name = 'OutboundValidationError';
  constructor(
    message: string,
    readonly channel: ChannelType,
  ) {
    super(`${channel}: ${message}`);
  }
}

/** Cuts `text` to `max` UTF-16 units with an ellipsis, never inside a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}
