import crypto from 'node:crypto';
import { metaErrorBody } from './meta-errors';

export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface PhoneNumberInfo {
  displayPhoneNumber: string;
  verifiedName: string;
}

type Json = Record<string, unknown>;

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const bad = (message: string, code = 100, subcode?: number): Answer => ({
  status: 400,
  body: metaErrorBody({
    code,
    subcode,
    message,
    type: code === 100 ? 'OAuthException' : 'GraphMethodException',
  }),
});

export function wamid(): string {
  return `wamid.${crypto.randomBytes(24).toString('base64')}`;
}

export function mid(): string {
  return `m_${crypto.randomBytes(30).toString('base64url')}`;
}

/** Answers `POST /{version}/{id}/messages` the way the Cloud API and the Send API do. */
export function answerMessages(body: unknown): Answer {
  if (!isJson(body)) return bad('(#100) The parameter messaging_product is required.');
  if (body.messaging_product === 'whatsapp') {
    if (body.status === 'read') {
      if (typeof body.message_id !== 'string') return bad('(#100) The parameter message_id is required.');
      return { status: 200, body: { success: true } };
    }
    if (typeof body.to !== 'string' || body.to === '') return bad('(#100) The parameter to is required.');
    const type = typeof body.type === 'string' ? body.type : 'text';
    if (!isJson(body[type])) return bad(`(#100) The parameter ${type} is required.`);
    return {
      status: 200,
      body: {
        messaging_product: 'whatsapp',
        contacts: [{ input: body.to, wa_id: body.to.replace(/\D/g, '') }],
        messages: [{ id: wamid(), ...(type === 'template' ? { message_status: 'accepted' } : {}) }],
      },
    };
  }
  const recipient = isJson(body.recipient) ? body.recipient : undefined;
  if (!recipient || typeof recipient.id !== 'string')
    return bad('(#100) The parameter recipient is required');
  if (typeof body.sender_action === 'string') return { status: 200, body: { recipient_id: recipient.id } };
  if (!isJson(body.message)) return bad('(#100) param message must be non-empty.');
  return { status: 200, body: { recipient_id: recipient.id, message_id: mid() } };
}

/** Answers `GET /{version}/{id}?fields=…` ("test connection"). */
export function answerNode(
  id: string,
  fields: string,
  phoneNumbers: ReadonlyMap<string, PhoneNumberInfo>,
): Answer {
  const phone = phoneNumbers.get(id);
  if (phone || fields.includes('display_phone_number')) {
    return {
      status: 200,
      body: {
        id,
        display_phone_number: phone?.displayPhoneNumber ?? '+1 555-010-0000',
        verified_name: phone?.verifiedName ?? 'Cria Test Business',
        quality_rating: 'GREEN',
      },
    };
  }
  if (fields.includes('username'))
    return { status: 200, body: { id, username: 'cria.test', name: 'Cria Test' } };
  return { status: 200, body: { id, name: 'Cria Test Page' } };
}

export function unknownPath(method: string, path: string): Answer {
  return bad(
    `Unsupported ${method.toLowerCase()} request. Object with ID '${path}' does not exist.`,
    100,
    33,
  );
}

export function missingToken(): Answer {
  return {
    status: 401,
    body: metaErrorBody({ code: 190, message: 'Invalid OAuth access token - Cannot parse access token' }),
  };
}

export function unknownVersion(path: string): Answer {
  return bad(`Unknown path components: ${path}`, 2500);
}
