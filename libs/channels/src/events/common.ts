import { arr, compact, num, obj, text, type JsonObject } from './json';
import type { ProviderError, Referral } from './inbound-event';

/** Meta's `errors[]` inside webhooks (`code`, `title`, `message`, `error_data.details`, `href`). */
export function readProviderErrors(value: unknown): ProviderError[] {
  const out: ProviderError[] = [];
  for (const item of arr(value)) {
    const e = obj(item);
    if (!e) continue;
    out.push(
      compact({
        code: num(e.code) ?? null,
        title: text(e.title),
        message: text(e.message),
        details: text(obj(e.error_data)?.details),
        href: text(e.href),
      }),
    );
  }
  return out;
}

/** Referral objects of all three channels (WhatsApp ads use snake_case `source_*` fields). */
export function readReferral(value: unknown): Referral | undefined {
  const r: JsonObject | undefined = obj(value);
  if (!r) return undefined;
  const referral = compact<Referral>({
    source: text(r.source) ?? text(r.source_type),
    type: text(r.type),
    ref: text(r.ref),
    adId: text(r.ad_id),
    sourceId: text(r.source_id),
    sourceUrl: text(r.source_url),
    headline: text(r.headline),
    body: text(r.body),
    mediaType: text(r.media_type),
    imageUrl: text(r.image_url),
    videoUrl: text(r.video_url),
    thumbnailUrl: text(r.thumbnail_url),
    ctwaClid: text(r.ctwa_clid),
    refererUri: text(r.referer_uri),
    welcomeText: text(obj(r.welcome_message)?.text),
    productId: text(obj(r.product)?.id),
  });
  return Object.keys(referral).length > 0 ? referral : undefined;
}
