import type { JsonSchema } from '../inference.types';

/**
 * A WhatsApp interactive "reply buttons" message: a body and at most 3 buttons whose titles are at most
 * 20 characters (WhatsApp's own limits; the body may be up to 1024 characters).
 */
export const WHATSAPP_REPLY_BUTTONS_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    body: { type: 'string', maxLength: 1024 },
    buttons: {
      type: 'array',
      minItems: 1,
      maxItems: 3,
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', maxLength: 256 },
          title: { type: 'string', minLength: 1, maxLength: 20 },
        },
        required: ['id', 'title'],
      },
    },
  },
  required: ['body', 'buttons'],
};
