import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { checkOutput, completeConfig, type AssistantConfig } from '@cria/assistants';
import { messagingWindow, type OutboundMessage } from '@cria/channels';
import { AppException } from '@cria/core';
import { hydratePrefixed, prefixedColumns } from '@cria/database';
import { InferenceEngine } from '@cria/inference';
import { KNOWLEDGE_RETRIEVER, type KnowledgeRetriever } from '@cria/knowledge';
import { InboxEventBus, type TurnJob } from '@cria/queue';
import { TenantDb } from '@cria/tenancy';
import { Channel } from '../channel.entity';
import { Contact } from '../contact.entity';
import { Conversation } from '../conversation.entity';
import { usageUpsertSql } from '../usage.service';
import { ConversationLocks } from './conversation-lock.service';
import { chatRequest, historyTurns, systemPrompt, type HistoryMessage } from './prompt';
import { SummaryService } from './summary.service';
import { TurnReplies, type WrittenReply } from './turn-replies.service';
import { decideTurn, type TurnDecision, type TurnMessage } from './turn-decision';

/** Thrown when another worker is in the middle of this conversation's turn: try again shortly. */
export class ConversationBusyError extends AppException {
  readonly code = 'conversation_busy';
  readonly status = 409;
  override readonly retryable = true;
}

export type TurnOutcome = 'replied' | 'silent' | 'deferred' | 'nothing_to_answer' | 'already_answered';

interface Snapshot {
  conversation: Conversation;
  channel: Channel;
  contact: Contact;
  config: AssistantConfig;
  unanswered: TurnMessage[];
  history: HistoryMessage[];
  overQuota: boolean;
  firstContact: boolean;
}

/** A reply as the commit statement takes it (jsonb_to_recordset). */
interface ReplyRow {
  type: string;
  content: string;
  payload: Record<string, unknown>;
  key: string;
  tokens_in?: number | null;
  tokens_out?: number | null;
  latency_ms?: number | null;
  guardrails?: unknown[] | null;
}

interface SnapshotRow extends Record<string, unknown> {
  version_config: Partial<AssistantConfig> | null;
  message_quota: number | null;
  token_quota: number | null;
  messages: number;
  tokens: number;
  unanswered: Array<Omit<TurnMessage, 'isMedia'> & { payload: { isMedia?: boolean } }>;
  history: Array<HistoryMessage & { seq: number }>;
}

/**
 * How long history is read back for the prompt (the inference module trims it to the token budget). More
 * than the summary threshold, so the same read tells when a summary is due.
 */
const HISTORY_MESSAGES = 60;
/** A live reply should not keep the customer waiting longer than this. */
const LIVE_DEADLINE_MS = 60_000;

/**
 * A bot turn: everything a conversation needs between "the customer wrote" and "one reply is sent" (or
 * handed to the send queue, see TurnReplies).
 * Safe to repeat at every step: the outbound row's idempotency key is derived from the last message it
 * answers, and the conversation's `last_answered_seq` is advanced in the same transaction.
 */
@Injectable()
export class TurnService {
  private readonly logger = new Logger(TurnService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly db: TenantDb,
    private readonly locks: ConversationLocks,
    private readonly inference: InferenceEngine,
    private readonly summaries: SummaryService,
    private readonly replies: TurnReplies,
    @Optional() private readonly inbox?: InboxEventBus,
    @Optional() @Inject(KNOWLEDGE_RETRIEVER) private readonly knowledge?: KnowledgeRetriever,
  ) {}

  /** `final`: the last attempt; a model failure then sends the assistant's error reply instead of retrying. */
  async run(job: TurnJob, final = false): Promise<TurnOutcome> {
    // The lock and the snapshot travel side by side (one Redis and one Postgres round trip at once). A
    // snapshot read just before another worker's turn committed is caught by the commit, which claims the
    // turn only if the conversation's last answered message is still the one this snapshot saw.
    const [locked, read] = await Promise.allSettled([
      this.locks.acquire(job.conversationId),
      this.snapshot(job),
    ]);
    if (locked.status === 'rejected') throw locked.reason;
    const lock = locked.value;
    if (!lock) throw new ConversationBusyError('Another turn of this conversation is running');
    try {
      if (read.status === 'rejected') throw read.reason;
      const snapshot = read.value;
      if (snapshot === 'already_answered') await this.replies.resumeUnsent(job.tenantId, job.conversationId);
      if (typeof snapshot === 'string') return snapshot;
      const decision = decideTurn({
        state: snapshot.conversation.state,
        optedOut: snapshot.contact.optedOutAt !== null,
        overQuota: snapshot.overQuota,
        messages: snapshot.unanswered,
        config: snapshot.config,
      });
      const reply = await this.compose(job, snapshot, decision, final);
      return await this.commit(job, snapshot, decision, reply);
    } finally {
      await lock.release();
    }
  }

  /**
   * Everything the turn reads, in one statement: the conversation with its channel, contact, published
   * assistant configuration and today's usage, the customer messages not yet answered and the recent
   * history for the prompt.
   */
  private async snapshot(job: TurnJob): Promise<Snapshot | TurnOutcome> {
    const m = this.dataSource.manager; // entity metadata only: the statement runs as the job's tenant
    const [row] = await this.db.statement<SnapshotRow>(
      job.tenantId,
      'cria_turn_snapshot',
      `SELECT ${prefixedColumns(m, Conversation, 'c')}, ${prefixedColumns(m, Channel, 'ch')},
              ${prefixedColumns(m, Contact, 'ct')}, v.config AS version_config,
              t.daily_message_quota AS message_quota, t.daily_token_quota AS token_quota, u.messages, u.tokens,
              (SELECT COALESCE(json_agg(x ORDER BY x.seq), '[]') FROM (
                 SELECT id, seq::int AS seq, type, content, payload FROM messages
                  WHERE conversation_id = c.id AND direction = 'inbound' AND role = 'user' AND seq > c.last_answered_seq) x
              ) AS unanswered,
              (SELECT COALESCE(json_agg(h ORDER BY h.seq), '[]') FROM (
                 SELECT seq, direction, content, status FROM messages
                  WHERE conversation_id = c.id AND seq <= $3 AND created_at > COALESCE(c.summary_until, '-infinity'::timestamptz)
                  ORDER BY seq DESC LIMIT $4) h
              ) AS history
         FROM conversations c
         JOIN channels ch ON ch.id = c.channel_id
         JOIN contacts ct ON ct.id = c.contact_id
         JOIN tenants t ON t.id = c.tenant_id
         LEFT JOIN assistants a ON a.id = COALESCE(c.assistant_id, ch.assistant_id) AND a.deleted_at IS NULL
         LEFT JOIN assistant_versions v ON v.assistant_id = a.id AND v.version = a.published_version
         CROSS JOIN LATERAL (
           SELECT COALESCE(sum(messages_out), 0)::int AS messages,
                  COALESCE(sum(tokens_in + tokens_out), 0)::bigint::float8 AS tokens
             FROM usage_daily WHERE tenant_id = c.tenant_id AND day = CURRENT_DATE) u
        WHERE c.id = $1 AND c.tenant_id = $2`,
      [job.conversationId, job.tenantId, job.seq, HISTORY_MESSAGES],
    );
    if (!row) return 'nothing_to_answer';
    const unanswered = row.unanswered;
    if (unanswered.length === 0) return 'already_answered';
    // A later message of the burst has its own turn, scheduled later: that one answers them all.
    if (unanswered[unanswered.length - 1].seq > job.seq) return 'deferred';
    const history = row.history.map(({ direction, content, status }) => ({ direction, content, status }));
    const overQuota =
      (row.message_quota != null && row.messages >= row.message_quota) ||
      (row.token_quota != null && row.tokens >= row.token_quota);
    return {
      conversation: hydratePrefixed(m, Conversation, 'c', row),
      channel: hydratePrefixed(m, Channel, 'ch', row),
      contact: hydratePrefixed(m, Contact, 'ct', row),
      // An assistant deleted (or never set) still gets the defaults' fallback replies, never silence.
      config: completeConfig(row.version_config ?? {}),
      unanswered: unanswered.map((u) => ({ ...u, isMedia: u.payload.isMedia === true })),
      history,
      overQuota,
      firstContact: !history.some((h) => h.direction === 'outbound'),
    };
  }

  /** The text of the reply (model or fixed), after guardrails; undefined for a silent turn. */
  private async compose(
    job: TurnJob,
    s: Snapshot,
    decision: TurnDecision,
    final: boolean,
  ): Promise<
    | { text: string; guardrails: unknown[]; tokensIn?: number; tokensOut?: number; latencyMs?: number }
    | undefined
  > {
    switch (decision.kind) {
      case 'silent':
        return undefined;
      case 'reply':
        return {
          text: decision.text,
          guardrails: decision.guardrails ?? [{ rule: decision.reason, action: 'replaced' }],
        };
      case 'handover':
        return {
          text: decision.text,
          guardrails: [{ rule: 'handover', action: 'replaced', detail: decision.phrase }],
        };
      case 'opt_out':
      case 'opt_in':
        return { text: decision.text, guardrails: [] };
      case 'infer':
        break;
    }
    try {
      // Right after a start the model may still be loading: wait for it rather than fail the turn.
      await this.inference.whenReady();
      const result = await this.inference.chat(
        chatRequest({
          tenantId: job.tenantId,
          assistantId: s.conversation.assistantId ?? s.channel.assistantId,
          conversationId: s.conversation.id,
          config: s.config,
          history: historyTurns(s.history),
          system: systemPrompt(s.config, {
            contactName: s.contact.name,
            knowledge: await this.passages(job, s),
          }),
          summary: s.conversation.summary,
          deadline: Date.now() + LIVE_DEADLINE_MS,
        }),
      );
      const secrets = s.config.tools.flatMap((tool) => Object.values(tool.http.headers));
      const checked = checkOutput(result.text, s.config, { channel: s.channel.type, secrets });
      const text = checked.text.trim() || s.config.fallbackReplies.error;
      return {
        text,
        guardrails: checked.interventions,
        tokensIn: result.tokensIn,
        tokensOut: result.tokensOut,
        latencyMs: Math.round(result.totalMs),
      };
    } catch (error) {
      if (!final) throw error; // BullMQ retries with backoff (busy, loading, timeout)
      this.logger.error(
        { err: error, conversationId: s.conversation.id },
        'inference failed on the last attempt; sending the fallback reply',
      );
      return {
        text: s.config.fallbackReplies.error,
        guardrails: [{ rule: 'inference_failed', action: 'replaced' }],
      };
    }
  }

  /** Knowledge passages for the prompt (knowledge base): never a reason for a turn to fail. */
  private async passages(job: TurnJob, s: Snapshot): Promise<string | undefined> {
    const assistantId = s.conversation.assistantId ?? s.channel.assistantId;
    if (!this.knowledge || !s.config.knowledge.enabled || !assistantId) return undefined;
    const query = s.unanswered.map((m) => m.content).join('\n');
    const { showCitations } = s.config.knowledge;
    return this.knowledge
      .promptKnowledge({ tenantId: job.tenantId, assistantId, query, showCitations })
      .catch((error: unknown) => {
        this.logger.warn({ err: error, conversationId: s.conversation.id }, 'knowledge retrieval failed');
        return undefined;
      });
  }

  private async commit(
    job: TurnJob,
    s: Snapshot,
    decision: TurnDecision,
    reply: Awaited<ReturnType<TurnService['compose']>>,
  ): Promise<TurnOutcome> {
    const lastSeq = s.unanswered[s.unanswered.length - 1].seq;
    const window = messagingWindow(s.channel.type, s.conversation.lastInboundAt);
    const template =
      s.channel.type === 'whatsapp' && !window.open ? s.config.closedWindowTemplate : undefined;
    const outbound: OutboundMessage | undefined = template
      ? { type: 'template', name: template.name, language: template.language }
      : undefined;
    // Sent from here, right after the commit, when nothing stands in the way; otherwise (a channel that is
    // not active, a closed window without a template) the outbound job decides what becomes of the reply.
    const sendNow = s.channel.status === 'active' && (window.open || outbound !== undefined);
    const rows: ReplyRow[] = [];
    if (reply) {
      if (s.firstContact && s.config.greeting.trim() && decision.kind === 'infer')
        rows.push({
          type: 'text',
          content: s.config.greeting,
          payload: {},
          key: `turn:${s.conversation.id}:${lastSeq}:greeting`,
        });
      rows.push({
        type: outbound?.type ?? 'text',
        content: reply.text,
        payload: outbound ? { outbound } : {},
        key: `turn:${s.conversation.id}:${lastSeq}`,
        tokens_in: reply.tokensIn ?? null,
        tokens_out: reply.tokensOut ?? null,
        latency_ms: reply.latencyMs ?? null,
        guardrails: reply.guardrails.length ? reply.guardrails : null,
      });
    }
    // One statement: the turn claimed (only if no other turn answered since the snapshot: a snapshot read
    // before the lock was held, or an expired lock), its replies written in order, an opt-out or opt-in
    // recorded on the contact, the day's usage counted.
    const [result] = await this.db.statement<{
      claimed: boolean;
      answered_seq: number;
      replies: WrittenReply[];
    }>(
      job.tenantId,
      'cria_turn_commit',
      `WITH claimed AS (
           UPDATE conversations SET last_answered_seq = $2, state = $3, last_message_at = now()
            WHERE id = $1 AND last_answered_seq = $10 RETURNING id, tenant_id, channel_id),
         replies AS (
           INSERT INTO messages (tenant_id, conversation_id, channel_id, direction, role, type, content, payload, status, idempotency_key, tokens_in, tokens_out, latency_ms, guardrails)
           SELECT c.tenant_id, c.id, c.channel_id, 'outbound', 'assistant', r.type, r.content, r.payload, $4, r.key, r.tokens_in, r.tokens_out, r.latency_ms, r.guardrails
             FROM claimed c,
                  ROWS FROM (jsonb_to_recordset($5::jsonb) AS (type text, content text, payload jsonb, key text, tokens_in int, tokens_out int, latency_ms int, guardrails jsonb))
                  WITH ORDINALITY AS r(type, content, payload, key, tokens_in, tokens_out, latency_ms, guardrails, n)
            ORDER BY r.n
           ON CONFLICT (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
           RETURNING id, content, payload, seq),
         opted AS (
           UPDATE contacts SET opted_out_at = CASE WHEN $11::text = 'opt_out' THEN now() END
            WHERE id = $12::uuid AND $11::text IS NOT NULL AND EXISTS (SELECT 1 FROM claimed) RETURNING id),
         usage AS (
           ${usageUpsertSql(
             `c.tenant_id, CURRENT_DATE, c.channel_id, $6::int, (SELECT count(*) FROM replies)::int, $7::int, $8::int, $9::int`,
             'FROM claimed c',
           )})
         SELECT EXISTS (SELECT 1 FROM claimed) AS claimed,
                (SELECT last_answered_seq::int FROM conversations WHERE id = $1) AS answered_seq,
                COALESCE((SELECT json_agg(x ORDER BY x.seq) FROM replies x), '[]') AS replies`,
      [
        s.conversation.id,
        lastSeq,
        decision.kind === 'handover' ? 'human' : s.conversation.state,
        sendNow ? 'sending' : 'pending',
        JSON.stringify(rows),
        s.unanswered.length,
        reply?.tokensIn ?? 0,
        reply?.tokensOut ?? 0,
        reply?.latencyMs ?? 0,
        s.conversation.lastAnsweredSeq,
        decision.kind === 'opt_out' || decision.kind === 'opt_in' ? decision.kind : null,
        s.contact.id,
      ],
    );
    if (!result.claimed) {
      // Another turn answered meanwhile: all of ours (nothing left to do), or only earlier messages
      // (this turn runs again, on a fresh snapshot, rather than answer them a second time).
      if (result.answered_seq >= lastSeq) return 'already_answered';
      throw new ConversationBusyError('Another turn answered part of this one meanwhile');
    }
    const replies = result.replies;
    await this.replies.send({
      tenantId: job.tenantId,
      conversationId: s.conversation.id,
      channel: s.channel,
      recipient: s.contact.externalId,
      replies,
      sendNow,
    });
    await this.inbox
      ?.publish(job.tenantId, { type: 'conversation.updated', conversationId: s.conversation.id })
      .catch(() => undefined);
    // history read for this turn + the replies just written = messages since the last summary
    await this.summaries
      .scheduleIfLong(job.tenantId, s.conversation.id, s.history.length + replies.length)
      .catch((error: unknown) => this.logger.warn({ err: error }, 'summary not scheduled'));
    return reply ? 'replied' : 'silent';
  }
}
