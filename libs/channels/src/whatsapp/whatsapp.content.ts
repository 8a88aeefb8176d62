import { readProviderErrors } from '../events/common';
import type {
  MediaKind,
  MediaRef,
  MessageContent,
  OrderItem,
  ReplyContext,
  SharedContact,
} from '../events/inbound-event';
import { arr, bool, compact, num, obj, str, text, type JsonObject } from '../events/json';

const WA_MEDIA: Record<string, MediaKind> = {
  image: 'image',
  audio: 'audio',
  voice: 'audio',
  video: 'video',
  document: 'document',
  sticker: 'sticker',
};

function media(kind: MediaKind, source: JsonObject, voiceType: boolean): MediaRef {
  return compact<MediaRef>({
    kind,
    id: text(source.id),
    url: text(source.url) ?? text(source.link),
    mimeType: text(source.mime_type),
    sha256: text(source.sha256),
    filename: text(source.filename),
    voice: bool(source.voice) ?? (voiceType ? true : undefined),
    animated: bool(source.animated),
  });
}

function contacts(value: unknown): SharedContact[] {
  return arr(value).flatMap((item): SharedContact[] => {
    const c = obj(item);
    if (!c) return [];
    const name = obj(c.name);
    const fullName =
      text(name?.formatted_name) ??
      ([text(name?.first_name), text(name?.last_name)]
        .filter((s): s is string => s !== undefined)
        .join(' ') ||
        '');
    return [
      compact<SharedContact>({
        name: fullName,
        phones: arr(c.phones).flatMap((p) => {
          const phone = obj(p);
          return phone
            ? [compact({ phone: text(phone.phone), waId: text(phone.wa_id), type: text(phone.type) })]
            : [];
        }),
        emails: arr(c.emails).flatMap((e) => {
          const email = text(obj(e)?.email);
          return email ? [email] : [];
        }),
        organization: text(obj(c.org)?.company),
      }),
    ];
  });
}

function unsupported(originalType: string, message: JsonObject): MessageContent {
  return { type: 'unsupported', originalType, errors: readProviderErrors(message.errors) };
}

function interactive(message: JsonObject): MessageContent {
  const i = obj(message.interactive);
  const kind = text(i?.type);
  if (i && (kind === 'button_reply' || kind === 'list_reply')) {
    const reply = obj(i[kind]);
    const id = str(reply?.id);
    const title = str(reply?.title);
    if (id !== undefined && title !== undefined) {
      return {
        type: 'interactive',
        reply: compact({ kind, id, title, description: text(reply?.description) }),
      };
    }
  }
  if (i && kind === 'nfm_reply') {
    const reply = obj(i.nfm_reply);
    return {
      type: 'interactive',
      reply: compact({
        kind,
        id: str(reply?.name) ?? 'flow',
        title: str(reply?.body) ?? '',
        description: text(reply?.response_json),
      }),
    };
  }
  return unsupported(`interactive:${kind ?? 'unknown'}`, message);
}

function order(message: JsonObject): MessageContent {
  const o = obj(message.order);
  const items = arr(o?.product_items).flatMap((p): OrderItem[] => {
    const item = obj(p);
    const id = text(item?.product_retailer_id);
    if (!item || id === undefined) return [];
    return [
      compact({
        productRetailerId: id,
        quantity: num(item.quantity) ?? 1,
        itemPrice: num(item.item_price),
        currency: text(item.currency),
      }),
    ];
  });
  return compact({ type: 'order' as const, catalogId: text(o?.catalog_id), text: text(o?.text), items });
}

/** Reads a WhatsApp message object's content by its `type`; unknown types become `unsupported`. */
export function readWhatsAppContent(message: JsonObject): MessageContent {
  const type = text(message.type) ?? 'unknown';
  const kind = WA_MEDIA[type];
  if (kind) {
    const source = obj(message[type]);
    if (!source) return unsupported(type, message);
    return compact({
      type: kind,
      media: [media(kind, source, type === 'voice')],
      caption: text(source.caption),
    });
  }
  switch (type) {
    case 'text': {
      const body = str(obj(message.text)?.body);
      return body === undefined ? unsupported(type, message) : { type: 'text', text: body };
    }
    case 'location': {
      const l = obj(message.location);
      const latitude = num(l?.latitude);
      const longitude = num(l?.longitude);
      if (!l || latitude === undefined || longitude === undefined) return unsupported(type, message);
      return compact({
        type: 'location' as const,
        latitude,
        longitude,
        name: text(l.name),
        address: text(l.address),
        url: text(l.url),
      });
    }
    case 'contacts':
      return { type: 'contacts', contacts: contacts(message.contacts) };
    case 'interactive':
      return interactive(message);
    case 'button': {
      const b = obj(message.button);
      const payload = str(b?.payload) ?? str(b?.text);
      return payload === undefined
        ? unsupported(type, message)
        : { type: 'button', payload, text: str(b?.text) ?? payload };
    }
    case 'order':
      return order(message);
    case 'system': {
      const s = obj(message.system);
      return compact({ type: 'system' as const, text: str(s?.body) ?? '', systemType: text(s?.type) });
    }
    default:
      return unsupported(type, message);
  }
}

/** `context` of a WhatsApp message: the replied-to message, product enquiries and forwards. */
export function readWhatsAppContext(message: JsonObject): ReplyContext | undefined {
  const c = obj(message.context);
  if (!c) return undefined;
  const product = obj(c.referred_product);
  const context = compact<ReplyContext>({
    messageId: text(c.id),
    from: text(c.from),
    forwarded: bool(c.forwarded),
    frequentlyForwarded: bool(c.frequently_forwarded),
    referredProduct: product
      ? compact({ catalogId: text(product.catalog_id), productRetailerId: text(product.product_retailer_id) })
      : undefined,
  });
  return Object.keys(context).length > 0 ? context : undefined;
}
