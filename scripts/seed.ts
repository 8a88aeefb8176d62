import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { defaultAssistantConfig } from '@cria/assistants';
import { hashPassword } from '@cria/auth';
import { SecretBox, channelCredentialsAad, loadConfig } from '@cria/core';
import { databaseOptions } from '@cria/database';

export interface DemoLogin {
  tenantId: string;
  email: string;
  password: string;
  channelId: string;
  phoneNumberId: string;
  verifyToken: string;
  appSecret: string;
}

/**
 * On an empty database, creates the demo business: an owner login, an assistant published as version 1
 * and a WhatsApp channel, all in one transaction (a SIGTERM halfway leaves nothing behind). The login is
 * kept in <data dir>/demo-login.json (mode 0600) so every start can print it.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const file = path.join(config.dataDir, 'demo-login.json');
  const dataSource = new DataSource(
    databaseOptions({ databaseUrl: config.databaseUrl, asOwner: true, poolSize: 1 }),
  );
  await dataSource.initialize();
  try {
    const demo = await dataSource.transaction(async (db) => {
      await db.query(`SELECT set_config('app.bypass_rls', 'on', true)`);
      // Serialises concurrent starts: the second waits here, then finds the tenant.
      await db.query(`SELECT pg_advisory_xact_lock(hashtext('cria:seed'))`);
      const [{ n }] = await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM tenants`);
      if (n > 0) return undefined;
      const password = randomBytes(9).toString('base64url');
      const email = 'admin@demo.cria.local';
      const [tenant] = await db.query<Array<{ id: string }>>(
        `INSERT INTO tenants (name) VALUES ('Demo Coffee Shop') RETURNING id`,
      );
      const [user] = await db.query<Array<{ id: string }>>(
        `INSERT INTO users (email, password_hash, name) VALUES ($1, $2, 'Demo admin') RETURNING id`,
        [email, await hashPassword(password)],
      );
      await db.query(`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'owner')`, [
        tenant.id,
        user.id,
      ]);
      const assistantConfig = defaultAssistantConfig({
        instructions:
          'You are Cria, the friendly assistant of Demo Coffee Shop. We are open 8:00–18:00, Monday to Saturday, ' +
          'at 12 Market Street. Answer in one or two short sentences, in the language of the customer.',
        greeting: 'Hello! I am the Demo Coffee Shop assistant. How can I help?',
      });
      const [assistant] = await db.query<Array<{ id: string }>>(
        `INSERT INTO assistants (tenant_id, name, draft, published_version) VALUES ($1, 'Coffee shop assistant', $2, 1) RETURNING id`,
        [tenant.id, JSON.stringify(assistantConfig)],
      );
      await db.query(
        `INSERT INTO assistant_versions (tenant_id, assistant_id, version, config, published_by) VALUES ($1, $2, 1, $3, $4)`,
        [tenant.id, assistant.id, JSON.stringify(assistantConfig), user.id],
      );
      const phoneNumberId = `demo${randomBytes(5).readUIntBE(0, 5)}`;
      const verifyToken = randomBytes(12).toString('base64url');
      const channelId = randomUUID();
      const box = new SecretBox(config.encryptionKeys);
      // The demo channel uses its own (generated) app secret, so its webhook URL can be tried right away.
      const appSecret = randomBytes(16).toString('hex');
      const credentials = box.encrypt(
        JSON.stringify({ accessToken: 'demo-access-token', appSecret }),
        channelCredentialsAad(channelId),
      );
      const [channel] = await db.query<Array<{ id: string }>>(
        `INSERT INTO channels (id, tenant_id, assistant_id, type, external_id, name, credentials, verify_token, own_app)
         VALUES ($1, $2, $3, 'whatsapp', $4, 'Demo WhatsApp number', $5, $6, true) RETURNING id`,
        [channelId, tenant.id, assistant.id, phoneNumberId, credentials, verifyToken],
      );
      return {
        tenantId: tenant.id,
        email,
        password,
        channelId: channel.id,
        phoneNumberId,
        verifyToken,
        appSecret,
      } satisfies DemoLogin;
    });
    if (demo) {
      fs.mkdirSync(config.dataDir, { recursive: true });
      fs.writeFileSync(file, JSON.stringify(demo, null, 2), { mode: 0o600 });
      console.log('Seeded the demo business (Demo Coffee Shop).');
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(`seeding failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
