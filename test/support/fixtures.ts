import { randomBytes, randomUUID } from 'node:crypto';
import { defaultAssistantConfig, type AssistantConfig } from '@cria/assistants';
import { SecretBox, channelCredentialsAad, type AppConfig } from '@cria/core';
import { ownerQuery, whatsappTextPayload } from '@cria/testing';

export interface SeededChannel {
  tenantId: string;
  assistantId: string;
  channelId: string;
  type: 'whatsapp' | 'messenger' | 'instagram';
  externalId: string;
  accessToken: string;
  appSecret?: string;
  verifyToken: string;
}

/**
 * A tenant with a published assistant and one channel, written straight to the database (for tests of the
 * webhook and engine paths that must not depend on the admin API).
 */
export async function seedChannel(
  env: { db: { url: string }; config: AppConfig },
  options: {
    type?: SeededChannel['type'];
    externalId?: string;
    appSecret?: string;
    status?: 'active' | 'needs_reauth' | 'disabled';
    tenantId?: string;
    assistant?: Partial<AssistantConfig>;
  } = {},
): Promise<SeededChannel> {
  const url = env.db.url;
  const tenantId =
    options.tenantId ??
    (
      await ownerQuery<{ id: string }>(url, `INSERT INTO tenants (name) VALUES ($1) RETURNING id`, [
        `Tenant ${randomBytes(3).toString('hex')}`,
      ])
    )[0].id;
  const config = defaultAssistantConfig(options.assistant);
  const [assistant] = await ownerQuery<{ id: string }>(
    url,
    `INSERT INTO assistants (tenant_id, name, draft, published_version) VALUES ($1, 'Test assistant', $2, 1) RETURNING id`,
    [tenantId, JSON.stringify(config)],
  );
  await ownerQuery(
    url,
    `INSERT INTO assistant_versions (tenant_id, assistant_id, version, config) VALUES ($1, $2, 1, $3)`,
    [tenantId, assistant.id, JSON.stringify(config)],
  );
  const channelId = randomUUID();
  const type = options.type ?? 'whatsapp';
  const externalId = options.externalId ?? String(100_000_000_000 + Math.floor(Math.random() * 1e11));
  const accessToken = `EAAG${randomBytes(16).toString('hex')}`;
  const verifyToken = randomBytes(8).toString('hex');
  const sealed = new SecretBox(env.config.encryptionKeys).encrypt(
    JSON.stringify({ accessToken, ...(options.appSecret ? { appSecret: options.appSecret } : {}) }),
    channelCredentialsAad(channelId),
  );
  await ownerQuery(
    url,
    `INSERT INTO channels (id, tenant_id, assistant_id, type, external_id, status, credentials, verify_token, own_app)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      channelId,
      tenantId,
      assistant.id,
      type,
      externalId,
      options.status ?? 'active',
      sealed,
      verifyToken,
      Boolean(options.appSecret),
    ],
  );
  return {
    tenantId,
    assistantId: assistant.id,
    channelId,
    type,
    externalId,
    accessToken,
    appSecret: options.appSecret,
    verifyToken,
  };
}

/** A customer's WhatsApp text to `channel`, signed with the app secret as Meta signs it; the webhook must answer 200. */
export async function customerSays(
  target: { url: string; secret: string; channel: Pick<SeededChannel, 'externalId'> },
  from: string,
  text: string,
): Promise<void> {
  const delivery = whatsappTextPayload({
    phoneNumberId: target.channel.externalId,
    from,
    text,
    name: 'Test',
  });
  const response = await fetch(`${target.url}/webhooks/whatsapp`, {
    method: 'POST',
    body: delivery.body,
    headers: delivery.headers(target.secret),
  });
  if (response.status !== 200) throw new Error(`the webhook answered ${response.status}`);
}
