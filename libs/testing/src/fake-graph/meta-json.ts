import crypto from 'node:crypto';

/**
 * Serialises JSON the way Meta's webhooks arrive: non-ASCII escaped as `\uXXXX` and `/` as `\/`.
 * The signature covers these exact bytes, so a body re-serialised by `JSON.stringify` would not match.
 */
export function metaJson(value: unknown): Buffer {
  const json = JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return Buffer.from(json, 'utf8');
}

/** `sha256=<hex>`: HMAC-SHA256 of the exact body bytes with the app secret (`X-Hub-Signature-256`). */
export function signBody(body: Buffer | string, appSecret: string): string {
  return `sha256=${crypto.createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/** A webhook ready to POST: the object, the exact bytes Meta would send, and their signature. */
export interface WebhookDelivery<T = WebhookPayload> {
  payload: T;
  body: Buffer;
  signature(appSecret: string): string;
  /** Headers Meta sends with it (content type and `X-Hub-Signature-256`). */
  headers(appSecret: string): Record<string, string>;
}

export interface WebhookPayload {
  object: string;
  entry: unknown[];
}

export function delivery<T extends WebhookPayload>(payload: T): WebhookDelivery<T> {
  const body = metaJson(payload);
  return {
    payload,
    body,
    signature: (secret) => signBody(body, secret),
    headers: (secret) => ({
      'content-type': 'application/json',
      'x-hub-signature-256': signBody(body, secret),
    }),
  };
}

/** One delivery carrying the entries of several (Meta batches entries of one object type). */
export function combineDeliveries(...deliveries: ReadonlyArray<WebhookDelivery>): WebhookDelivery {
  const objects = new Set(deliveries.map((d) => d.payload.object));
  if (objects.size !== 1) throw new Error('combineDeliveries needs deliveries of one object type');
  return delivery({ object: [...objects][0], entry: deliveries.flatMap((d) => d.payload.entry) });
}

let counter = 0;
/** A unique suffix for generated ids. */
export function nextId(): string {
  counter += 1;
  return `${Date.now().toString(36)}${counter.toString(36).padStart(4, '0')}`;
}
