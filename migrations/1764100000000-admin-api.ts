import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the admin API's lists and lookups: inbox filters (channel, assignee), contacts, channels,
 * the audit log (paged by id), sessions of a user (revoked on password change or removal), pending
 * invitations of an address.
 */
const INDEXES: Array<[name: string, definition: string]> = [
  ['refresh_tokens_user_idx', 'refresh_tokens (user_id) WHERE revoked_at IS NULL'],
  [
    'conversations_tenant_channel_recent_idx',
    'conversations (tenant_id, channel_id, last_message_at DESC, id DESC)',
  ],
  [
    'conversations_tenant_assignee_recent_idx',
    'conversations (tenant_id, assignee_user_id, last_message_at DESC, id DESC) WHERE assignee_user_id IS NOT NULL',
  ],
  ['contacts_tenant_recent_idx', 'contacts (tenant_id, created_at DESC, id DESC)'],
  ['channels_tenant_recent_idx', 'channels (tenant_id, created_at DESC, id DESC)'],
  ['audit_log_tenant_id_idx', 'audit_log (tenant_id, id DESC)'],
  [
    'invitations_pending_email_idx',
    'invitations (tenant_id, email) WHERE accepted_at IS NULL AND revoked_at IS NULL',
  ],
];

export class AdminApi1764100000000 implements MigrationInterface {
  name = 'AdminApi1764100000000';

  async up(db: QueryRunner): Promise<void> {
    for (const [name, definition] of INDEXES) await db.query(`CREATE INDEX ${name} ON ${definition}`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const [name] of [...INDEXES].reverse()) await db.query(`DROP INDEX IF EXISTS ${name}`);
  }
}
