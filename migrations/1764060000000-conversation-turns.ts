import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Turn bookkeeping for the conversation engine: messages get an insertion sequence (provider timestamps
 * have one-second resolution), and a conversation remembers the last customer message a turn covered, so
 * "what is still unanswered" is one indexed comparison and a repeated turn answers nothing twice.
 */
export class ConversationTurns1764060000000 implements MigrationInterface {
  name = 'ConversationTurns1764060000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE messages ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
      CREATE INDEX messages_conversation_seq_idx ON messages (conversation_id, seq);
      ALTER TABLE conversations ADD COLUMN last_answered_seq bigint NOT NULL DEFAULT 0;
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO cria_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE conversations DROP COLUMN last_answered_seq;
      DROP INDEX IF EXISTS messages_conversation_seq_idx;
      ALTER TABLE messages DROP COLUMN seq;
    `);
  }
}
