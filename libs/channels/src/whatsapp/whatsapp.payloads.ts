import type { ListSection, OutboundMessage, ReplyButton } from '../outbound/outbound-message';
import {
  OutboundValidationError,
  TEXT_LIMITS,
  WHATSAPP_LIMITS as L,
  truncate,
} from '../outbound/outbound-limits';
import { splitText } from '../text-splitter';

type Body = Record<string, unknown>;
type Of<T extends OutboundMessage['type']> = Extract<OutboundMessage, { type: T }>;

function fail(message: string): never {
  throw new OutboundValidationError(message, 'whatsapp');
}

function check(condition: boolean, message: string): void {
  if (!condition) fail(message);
}

function envelope(to: string, replyToMessageId?: string): Body {
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    ...(replyToMessageId ? { context: { message_id: replyToMessageId } } : {}),
  };
}

function frame(header: string | undefined, footer: string | undefined): Body {
  if (header !== undefined) check(header.length <= L.headerText, `header is over ${L.headerText} characters`);
  if (footer !== undefined) check(footer.length <= L.footerText, `footer is over ${L.footerText} characters`);
  return {
    ...(header ? { header: { type: 'text', text: header } } : {}),
    ...(footer ? { footer: { text: footer } } : {}),
  };
}

function checkBody(body: string): void {
  check(body.trim() !== '', 'interactive body is empty');
  check(
    body.length <= L.interactiveBody,
    `interactive body is over ${L.interactiveBody} characters (${body.length})`,
  );
}

export function textBodies(to: string, message: Of<'text'>): Body[] {
  const { limit, measure } = TEXT_LIMITS.whatsapp;
  const parts = splitText(message.text, { limit, measure });
  check(parts.length > 0, 'text is empty');
  return parts.map((part, i) => ({
    ...envelope(to, i === 0 ? message.replyToMessageId : undefined),
    type: 'text',
    text: { body: part, preview_url: message.previewUrl ?? false },
  }));
}

export function buttonsBody(to: string, message: Of<'buttons'>): Body {
  const { buttons } = message;
  check(buttons.length >= 1, 'reply buttons need at least 1 button');
  check(
    buttons.length <= L.buttons,
    `reply buttons allow at most ${L.buttons} buttons, got ${buttons.length}`,
  );
  checkBody(message.body);
  checkButtons(buttons);
  return {
    ...envelope(to, message.replyToMessageId),
    type: 'interactive',
    interactive: {
      type: 'button',
      ...frame(message.header, message.footer),
      body: { text: message.body },
      action: { buttons: buttons.map((b) => ({ type: 'reply', reply: { id: b.id, title: b.title } })) },
    },
  };
}

function checkButtons(buttons: ReplyButton[]): void {
  const ids = new Set<string>();
  for (const b of buttons) {
    check(b.title.trim() !== '', 'a button title is empty');
    check(b.title.length <= L.buttonTitle, `button title "${b.title}" is over ${L.buttonTitle} characters`);
    check(b.id !== '' && b.id.length <= L.buttonId, `button id must be 1–${L.buttonId} characters`);
    check(!ids.has(b.id), `button id "${b.id}" is used twice`);
    ids.add(b.id);
  }
}

function checkSections(sections: ListSection[]): void {
  check(
    sections.length >= 1 && sections.length <= L.listSections,
    `a list needs 1–${L.listSections} sections`,
  );
  const rows = sections.reduce((n, s) => n + s.rows.length, 0);
  check(rows >= 1, 'a list needs at least 1 row');
  check(rows <= L.listRows, `a list allows at most ${L.listRows} rows in all, got ${rows}`);
  const ids = new Set<string>();
  for (const section of sections) {
    if (sections.length > 1)
      check(Boolean(section.title), 'every section needs a title when there are several');
    if (section.title)
      check(section.title.length <= L.sectionTitle, `section title is over ${L.sectionTitle} characters`);
    for (const row of section.rows) {
      check(row.title.trim() !== '', 'a row title is empty');
      check(row.title.length <= L.rowTitle, `row title "${row.title}" is over ${L.rowTitle} characters`);
      check(row.id !== '' && row.id.length <= L.rowId, `row id must be 1–${L.rowId} characters`);
      check(
        (row.description ?? '').length <= L.rowDescription,
        `row description is over ${L.rowDescription} characters`,
      );
      check(!ids.has(row.id), `row id "${row.id}" is used twice`);
      ids.add(row.id);
    }
  }
}

export function listBody(to: string, message: Of<'list'>): Body {
  checkBody(message.body);
  check(message.buttonText.trim() !== '', 'list button text is empty');
  check(
    message.buttonText.length <= L.listButtonText,
    `list button text is over ${L.listButtonText} characters`,
  );
  checkSections(message.sections);
  return {
    ...envelope(to, message.replyToMessageId),
    type: 'interactive',
    interactive: {
      type: 'list',
      ...frame(message.header, message.footer),
      body: { text: message.body },
      action: {
        button: message.buttonText,
        sections: message.sections.map((s) => ({
          ...(s.title ? { title: s.title } : {}),
          rows: s.rows.map((r) => ({
            id: r.id,
            title: r.title,
            ...(r.description ? { description: r.description } : {}),
          })),
        })),
      },
    },
  };
}

/**
 * Quick replies on WhatsApp: up to 3 become reply buttons, up to 10 a list. A text too long for an
 * interactive body goes first as plain text messages.
 */
export function quickReplyBodies(to: string, message: Of<'quick_replies'>): Body[] {
  const { replies } = message;
  check(replies.length >= 1, 'quick replies need at least 1 reply');
  check(replies.length <= L.listRows, `WhatsApp offers at most ${L.listRows} choices, got ${replies.length}`);
  const leading = splitText(message.text, { limit: TEXT_LIMITS.whatsapp.limit });
  check(leading.length > 0, 'quick replies need a text');
  let body = leading.pop() ?? '';
  if (body.length > L.interactiveBody) {
    const pieces = splitText(body, { limit: L.interactiveBody });
    body = pieces.pop() ?? '';
    leading.push(...pieces);
  }
  const bodies = leading.map((part) => textBodies(to, { type: 'text', text: part })[0]);
  if (replies.length <= L.buttons) {
    const buttons = replies.map((r) => ({ id: r.payload, title: truncate(r.title, L.buttonTitle) }));
    bodies.push(buttonsBody(to, { type: 'buttons', body, buttons }));
  } else {
    const rows = replies.map((r) => ({ id: r.payload, title: truncate(r.title, L.rowTitle) }));
    const buttonText = truncate(message.buttonText ?? 'Options', L.listButtonText);
    bodies.push(listBody(to, { type: 'list', body, buttonText, sections: [{ rows }] }));
  }
  return bodies;
}

export function templateBody(to: string, message: Of<'template'>): Body {
  check(
    /^[a-z0-9_]{1,512}$/.test(message.name),
    `template name "${message.name}" is not a valid template name`,
  );
  check(message.language.trim() !== '', 'template language is empty');
  return {
    ...envelope(to),
    type: 'template',
    template: {
      name: message.name,
      language: { code: message.language, policy: 'deterministic' },
      ...(message.components && message.components.length > 0 ? { components: message.components } : {}),
    },
  };
}

export function mediaBody(to: string, message: Of<'media'>): Body {
  check(/^https?:\/\//i.test(message.url), 'media url must be http(s)');
  if (message.caption !== undefined) {
    check(message.mediaType !== 'audio', 'audio messages take no caption');
    check(message.caption.length <= L.caption, `caption is over ${L.caption} characters`);
  }
  const media: Body = { link: message.url };
  if (message.caption) media.caption = message.caption;
  if (message.mediaType === 'document' && message.filename) media.filename = message.filename;
  return { ...envelope(to), type: message.mediaType, [message.mediaType]: media };
}

/** Marks an inbound message read; with `typing`, also shows the typing indicator (up to 25 s). */
export function markReadBody(messageId: string, typing: boolean): Body {
  return {
    messaging_product: 'whatsapp',
    status: 'read',
    message_id: messageId,
    ...(typing ? { typing_indicator: { type: 'text' } } : {}),
  };
}

/** Request bodies for one outbound message (several when a text is split). */
export function whatsappBodies(to: string, message: OutboundMessage): Body[] {
  check(to !== '', 'recipient is empty');
  switch (message.type) {
    case 'text':
      return textBodies(to, message);
    case 'buttons':
      return [buttonsBody(to, message)];
    case 'list':
      return [listBody(to, message)];
    case 'quick_replies':
      return quickReplyBodies(to, message);
    case 'template':
      return [templateBody(to, message)];
    case 'media':
      return [mediaBody(to, message)];
  }
}
