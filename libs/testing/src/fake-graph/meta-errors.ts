import crypto from 'node:crypto';

export interface MetaErrorSpec {
  code: number;
  subcode?: number;
  message?: string;
  type?: string;
  details?: string;
  isTransient?: boolean;
}

/** Titles and details Meta documents for the codes tests use most. */
const KNOWN: Record<number, { title: string; details?: string; type?: string }> = {
  1: { title: 'An unknown error occurred' },
  2: { title: 'Service temporarily unavailable' },
  4: { title: 'Application request limit reached' },
  10: { title: 'Application does not have permission for this action' },
  100: { title: 'Invalid parameter' },
  190: { title: 'Error validating access token: Session has expired', type: 'OAuthException' },
  200: { title: 'Permissions error' },
  551: { title: "This person isn't available right now." },
  613: { title: 'Calls to this api have exceeded the rate limit.' },
  80007: { title: 'Rate limit issues' },
  130429: { title: 'Rate limit hit', details: 'Cloud API message throughput has been reached.' },
  131000: { title: 'Something went wrong' },
  131026: { title: 'Message undeliverable', details: 'Unable to deliver message.' },
  131047: {
    title: 'Re-engagement message',
    details:
      'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  },
  131048: { title: 'Spam rate limit hit' },
  131051: { title: 'Unsupported message type' },
  131056: { title: '(Business Account, Consumer Account) pair rate limit hit' },
};

export function fbtraceId(): string {
  return crypto.randomBytes(12).toString('base64url');
}

/** Meta's error body: `{ error: { message, type, code, error_subcode, error_data, fbtrace_id } }`. */
export function metaErrorBody(spec: MetaErrorSpec): { error: Record<string, unknown> } {
  const known = KNOWN[spec.code];
  const title = spec.message ?? known?.title ?? 'Error';
  const details = spec.details ?? known?.details;
  return {
    error: {
      message: title.startsWith('(#') ? title : `(#${spec.code}) ${title}`,
      type: spec.type ?? known?.type ?? 'OAuthException',
      code: spec.code,
      ...(spec.subcode !== undefined ? { error_subcode: spec.subcode } : {}),
      ...(details !== undefined ? { error_data: { messaging_product: 'whatsapp', details } } : {}),
      ...(spec.isTransient !== undefined ? { is_transient: spec.isTransient } : {}),
      fbtrace_id: fbtraceId(),
    },
  };
}
