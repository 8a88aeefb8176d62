import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { hydrate, hydratePrefixed, prefixedColumns } from '@cria/database';
import { TenantDb } from '@cria/tenancy';
import { MESSAGING_WINDOW_MS, contentToModelText, type EchoEvent, type MessageEvent } from '@cria/channels';
import type { Channel } from '../channel.entity';
import { Contact } from '../contact.entity';
import { Conversation } from '../conversation.entity';
import { Message } from '../message.entity';

/** The contact of ($1 tenant, $2 channel, $3 external id), its name ($4) kept when none is given. */
const UPSERT_CONTACT = `INSERT INTO contacts (tenant_id, channel_id, external_id, name) VALUES ($1, $2, $3, $4)
  ON CONFLICT (channel_id, external_id) DO UPDATE SET name = COALESCE(EXCLUDED.name, contacts.name)
  RETURNING *`;

export interface RecordedInbound {
  contact: Contact;
  conversation: Conversation;
  message: Message;
  /** False when this provider message was already stored (a redelivered or replayed event). */
  created: boolean;
}

/**
 * Writes what customers (and the business, through echoes) said: contacts, the open conversation,
 * messages. A customer message is one statement of its own; the rest runs inside the caller's tenant
 * transaction. Every statement is safe to repeat.
 */
@Injectable()
export class ConversationStore {
  constructor(
    private readonly db: TenantDb,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async upsertContact(
    m: EntityManager,
    channel: Channel,
    externalUserId: string,
    name?: string,
  ): Promise<Contact> {
    const [row] = await m.query<Array<Record<string, unknown>>>(UPSERT_CONTACT, [
      channel.tenantId,
      channel.id,
      externalUserId,
      name ?? null,
    ]);
    return hydrate(m, Contact, row);
  }

  /** The contact's open conversation, or a new one (one open conversation per contact, by a unique index). */
  async openConversation(m: EntityManager, channel: Channel, contact: Contact): Promise<Conversation> {
    await m.query(
      `INSERT INTO conversations (tenant_id, channel_id, contact_id, assistant_id, state)
       VALUES ($1, $2, $3, $4, 'bot')
       ON CONFLICT (contact_id) WHERE state <> 'closed' DO NOTHING`,
      [channel.tenantId, channel.id, contact.id, channel.assistantId],
    );
    return m
      .createQueryBuilder(Conversation, 'c')
      .where('c.tenant_id = :tenantId AND c.contact_id = :contactId AND c.state <> :closed', {
        tenantId: channel.tenantId,
        contactId: contact.id,
        closed: 'closed',
      })
      .setLock('pessimistic_write')
      .getOneOrFail();
  }

  /**
   * A customer's message, in one statement (the webhook-to-reply path runs it for every message): the
   * contact upserted, their open conversation created or locked (the upsert's row lock) with its
   * customer-service window moved to this message, the message stored once per provider id, and the
   * inbound event it came from marked processed. The window update is idempotent (GREATEST), so a replayed
   * event changes nothing.
   */
  async recordInbound(
    channel: Channel,
    event: MessageEvent,
    inboundEventId: string,
  ): Promise<RecordedInbound> {
    const m = this.dataSource.manager; // entity metadata only: the statement runs as the channel's tenant
    const text = contentToModelText(event.content);
    // Its own implicit transaction, committed without waiting for the WAL flush: the event it comes from
    // was stored durably before Meta got its 200, and this statement also marks it processed, so a
    // Postgres crash that loses the commit loses all of it (the event is pending again and the reconciler
    // replays it); a later durable commit, such as the turn answering this message, flushes it first.
    const [row] = await this.db.statement<Record<string, unknown>>(
      channel.tenantId,
      'cria_record_inbound',
      `WITH ct AS (${UPSERT_CONTACT}),
       cv AS (
         INSERT INTO conversations (tenant_id, channel_id, contact_id, assistant_id, state, last_message_at, last_inbound_at, window_expires_at)
         SELECT $1, $2, ct.id, $5, 'bot', GREATEST(now(), $10), $10, $10 + make_interval(secs => $11) FROM ct
         ON CONFLICT (contact_id) WHERE state <> 'closed' DO UPDATE SET
           last_message_at = GREATEST(conversations.last_message_at, $10),
           last_inbound_at = GREATEST(COALESCE(conversations.last_inbound_at, $10), $10),
           window_expires_at = GREATEST(COALESCE(conversations.last_inbound_at, $10), $10) + make_interval(secs => $11)
         RETURNING *),
       m AS (
         INSERT INTO messages (tenant_id, conversation_id, channel_id, direction, role, type, content, payload, provider_message_id, status, inbound_event_id, created_at)
         SELECT $1, cv.id, $2, 'inbound', 'user', $6, $7, $8, $9, 'received', $12, $10 FROM cv
         ON CONFLICT (channel_id, provider_message_id) WHERE provider_message_id IS NOT NULL DO NOTHING
         RETURNING *),
       ev AS (
         UPDATE inbound_events SET status = 'processed', attempts = attempts + 1, processed_at = now(), last_error = NULL
          WHERE id = $12)
       SELECT ${prefixedColumns(m, Contact, 'ct')}, ${prefixedColumns(m, Conversation, 'cv')},
              ${prefixedColumns(m, Message, 'm')}
         FROM ct CROSS JOIN cv LEFT JOIN m ON true`,
      [
        channel.tenantId,
        channel.id,
        event.externalUserId,
        event.contactName ?? null,
        channel.assistantId,
        event.content.type,
        text.text,
        JSON.stringify({
          content: event.content,
          context: event.context,
          referral: event.referral,
          isMedia: text.isMedia,
        }),
        event.messageId,
        event.timestamp,
        MESSAGING_WINDOW_MS / 1000,
        inboundEventId,
      ],
      { durable: false },
    );
    const contact = hydratePrefixed(m, Contact, 'ct', row);
    const conversation = hydratePrefixed(m, Conversation, 'cv', row);
    if (row.m__id === null) {
      // already stored (a redelivered or replayed event): nothing changes
      const message = await this.db.run(channel.tenantId, (tm) =>
        tm.findOneByOrFail(Message, { channelId: channel.id, providerMessageId: event.messageId }),
      );
      return { contact, conversation, message, created: false };
    }
    return { contact, conversation, message: hydratePrefixed(m, Message, 'm', row), created: true };
  }

  /** A message the business sent from elsewhere (or our own send, echoed back): kept, never answered. */
  async recordEcho(
    m: EntityManager,
    channel: Channel,
    event: EchoEvent,
    inboundEventId: string,
  ): Promise<boolean> {
    const contact = await this.upsertContact(m, channel, event.externalUserId);
    const conversation = await this.openConversation(m, channel, contact);
    const text = contentToModelText(event.content);
    const inserted = await m.query<unknown[]>(
      `INSERT INTO messages (tenant_id, conversation_id, channel_id, direction, role, type, content, payload, provider_message_id, status, inbound_event_id, sent_at, created_at)
       VALUES ($1, $2, $3, 'outbound', 'agent', $4, $5, $6, $7, 'sent', $8, $9, $9)
       ON CONFLICT (channel_id, provider_message_id) WHERE provider_message_id IS NOT NULL DO NOTHING
       RETURNING *`,
      [
        channel.tenantId,
        conversation.id,
        channel.id,
        event.content.type,
        text.text,
        JSON.stringify({ echo: true, appId: event.appId }),
        event.messageId,
        inboundEventId,
        event.timestamp,
      ],
    );
    if (inserted.length)
      await m.query(
        `UPDATE conversations SET last_message_at = GREATEST(last_message_at, $2) WHERE id = $1`,
        [conversation.id, event.timestamp],
      );
    return inserted.length > 0;
  }
}
