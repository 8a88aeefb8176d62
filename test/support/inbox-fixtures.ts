import { randomBytes } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { ownerQuery } from '@cria/testing';
import type { TestApp } from './test-app';

export interface SeededConversation {
  contactId: string;
  conversationId: string;
  messageIds: string[];
}

export interface SeedOptions {
  tenantId: string;
  channelId: string;
  contactName?: string;
  externalId?: string;
  state?: 'bot' | 'human' | 'closed';
  /** Minutes until the 24 h window closes (negative: closed that long ago; null: never opened). */
  windowMinutes?: number | null;
  /** Texts of the messages, oldest first; inbound and outbound alternate. */
  messages?: string[];
  /** When the last message was, in minutes ago (the conversation's place in the inbox). */
  minutesAgo?: number;
}

/**
 * Writes a contact, a conversation and its messages straight into Postgres (as the webhook pipeline
 * would), looking past RLS with the owner connection.
 */
export async function seedConversation(app: TestApp, options: SeedOptions): Promise<SeededConversation> {
  const minutesAgo = options.minutesAgo ?? 1;
  const [contact] = await ownerQuery<{ id: string }>(
    app.db.url,
    `INSERT INTO contacts (tenant_id, channel_id, external_id, name) VALUES ($1, $2, $3, $4) RETURNING id`,
    [
      options.tenantId,
      options.channelId,
      options.externalId ?? `336${randomBytes(4).readUInt32BE(0)}`,
      options.contactName ?? 'Customer',
    ],
  );
  const window = options.windowMinutes === undefined ? 60 * 23 : options.windowMinutes;
  const [conversation] = await ownerQuery<{ id: string }>(
    app.db.url,
    `INSERT INTO conversations (tenant_id, channel_id, contact_id, state, last_message_at, last_inbound_at, window_expires_at, closed_at)
     VALUES ($1, $2, $3, $4, now() - make_interval(mins => $5), now() - make_interval(mins => $5),
             CASE WHEN $6::int IS NULL THEN NULL ELSE now() + make_interval(mins => $6::int) END,
             CASE WHEN $4 = 'closed' THEN now() END)
     RETURNING id`,
    [options.tenantId, options.channelId, contact.id, options.state ?? 'bot', minutesAgo, window],
  );
  const messageIds: string[] = [];
  const texts = options.messages ?? ['Hello, is the shop open today?'];
  for (const [index, text] of texts.entries()) {
    const inbound = index % 2 === 0;
    const [message] = await ownerQuery<{ id: string }>(
      app.db.url,
      `INSERT INTO messages (tenant_id, conversation_id, channel_id, direction, role, content, status, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now() - make_interval(mins => $8) - make_interval(secs => $9))
       RETURNING id`,
      [
        options.tenantId,
        conversation.id,
        options.channelId,
        inbound ? 'inbound' : 'outbound',
        inbound ? 'user' : 'assistant',
        text,
        inbound ? 'received' : 'delivered',
        minutesAgo,
        texts.length - index,
      ],
    );
    messageIds.push(message.id);
  }
  return { contactId: contact.id, conversationId: conversation.id, messageIds };
}

/** A BullMQ queue of the test app (same Redis prefix). */
export function testQueue(app: TestApp, name: string): Queue {
  return new Queue(name, { connection: { url: app.config.redisUrl }, prefix: app.redisPrefix });
}

/** Adds a job that fails at once (a throw-away worker processes it), and returns its id. */
export async function failedJob(
  app: TestApp,
  queueName: string,
  data: Record<string, unknown>,
): Promise<string> {
  const queue = testQueue(app, queueName);
  const worker = new Worker(
    queueName,
    () => {
      throw new Error('Graph API said no (test)');
    },
    { connection: { url: app.config.redisUrl }, prefix: app.redisPrefix, autorun: false },
  );
  try {
    const job = await queue.add('send', data, { attempts: 1 });
    const failed = new Promise<void>((resolve) =>
      worker.on('failed', (j) => {
        if (j?.id === job.id) resolve();
      }),
    );
    void worker.run();
    await failed;
    return job.id as string;
  } finally {
    await worker.close();
    await queue.close();
  }
}
