import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { EntityManager } from 'typeorm';
import { checkOutput, completeConfig, type AssistantConfig } from '@cria/assistants';
import { messagingWindow, type OutboundMessage } from '@cria/channels';
import { APP_CONFIG, AppException, type AppConfig } from '@cria/core';
import { InferenceEngine } from '@cria/inference';
import { KNOWLEDGE_RETRIEVER, type KnowledgeRetriever } from '@cria/knowledge';
import { InboxEventBus, QueueName, enqueue, type OutboundJob, type TurnJob } from '@cria/queue';
import { TenantDb } from '@cria/tenancy';
import { Channel } from '../channel.entity';
import { Contact } from '../contact.entity';
import { Conversation } from '../conversation.entity';
import { recordUsage } from '../usage.service';
import { ConversationLocks } from './conversation-lock.service';
import { chatRequest, historyTurns, systemPrompt, type HistoryMessage } from './prompt';
import { SummaryService } from './summary.service';
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

/**
 * How long history is read back for the prompt (the inference module trims it to the token budget). More
 * than the summary threshold, so the same read tells when a summary is due.
 */
const HISTORY_MESSAGES = 60;
/** A live reply should not keep the customer waiting longer than this. */
const LIVE_DEADLINE_MS = 60_000;

/**
 * A bot turn: everything a conversation needs between "the customer wrote" and "one reply is queued".
 * Safe to repeat at every step: the outbound row's idempotency key is derived from the last message it
 * answers, and the conversation's `last_answered_seq` is advanced in the same transaction.
 */
@Injectable()
export class TurnService {
  private readonly logger = new Logger(TurnService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly appConfig: AppConfig,
    private readonly db: TenantDb,
    private readonly locks: ConversationLocks,
    private readonly inference: InferenceEngine,
    @InjectQueue(QueueName.Outbound) private readonly outbound: Queue<OutboundJob>,
    private readonly summaries: SummaryService,
    @Optional() private readonly inbox?: InboxEventBus,
    @Optional() @Inject(KNOWLEDGE_RETRIEVER) private readonly knowledge?: KnowledgeRetriever,
  ) {}

  /** `final`: the last attempt; a model failure then sends the assistant's error reply instead of retrying. */
  async run(job: TurnJob, final = false): Promise<TurnOutcome> {
    const lock = await this.locks.acquire(job.conversationId);
    if (!lock) throw new ConversationBusyError('Another turn of this conversation is running');
    try {
      const snapshot = await this.db.run(job.tenantId, (m) => this.snapshot(m, job));
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

  private async snapshot(m: EntityManager, job: TurnJob): Promise<Snapshot | TurnOutcome> {
    const conversation = await m.findOneBy(Conversation, { id: job.conversationId, tenantId: job.tenantId });
    if (!conversation) return 'nothing_to_answer';
    const unanswered = await m.query<Array<TurnMessage & { payload: { isMedia?: boolean } }>>(
      `SELECT id, seq::int AS seq, type, content, payload FROM messages
        WHERE conversation_id = $1 AND direction = 'inbound' AND role = 'user' AND seq > $2 ORDER BY seq`,
      [conversation.id, conversation.lastAnsweredSeq],
    );
    if (unanswered.length === 0) return 'already_answered';
    // A later message of the burst has its own turn, scheduled later: that one answers them all.
    if (unanswered[unanswered.length - 1].seq > job.seq) return 'deferred';
    const channel = await m.findOneByOrFail(Channel, { id: conversation.channelId, tenantId: job.tenantId });
    const contact = await m.findOneByOrFail(Contact, { id: conversation.contactId, tenantId: job.tenantId });
    const assistantId = conversation.assistantId ?? channel.assistantId;
    const [version] = assistantId
      ? await m.query<Array<{ config: Partial<AssistantConfig> }>>(
          `SELECT v.config FROM assistants a JOIN assistant_versions v ON v.assistant_id = a.id AND v.version = a.published_version
            WHERE a.id = $1 AND a.deleted_at IS NULL`,
          [assistantId],
        )
      : [];
    const history = (
      await m.query<HistoryMessage[]>(
        `SELECT direction, content, status FROM messages
          WHERE conversation_id = $1 AND seq <= $2 AND created_at > COALESCE($4, '-infinity'::timestamptz)
          ORDER BY seq DESC LIMIT $3`,
        [conversation.id, job.seq, HISTORY_MESSAGES, conversation.summaryUntil],
      )
    ).reverse();
    const [usage] = await m.query<
      Array<{ messages: number; tokens: number; message_quota: number | null; token_quota: number | null }>
    >(
      `SELECT COALESCE(sum(u.messages_out), 0)::int AS messages, COALESCE(sum(u.tokens_in + u.tokens_out), 0)::bigint::float8 AS tokens,
              t.daily_message_quota AS message_quota, t.daily_token_quota AS token_quota
         FROM tenants t LEFT JOIN usage_daily u ON u.tenant_id = t.id AND u.day = CURRENT_DATE
        WHERE t.id = $1 GROUP BY t.id`,
      [job.tenantId],
    );
    const overQuota =
      (usage?.message_quota != null && usage.messages >= usage.message_quota) ||
      (usage?.token_quota != null && usage.tokens >= usage.token_quota);
    return {
      conversation,
      channel,
      contact,
      // An assistant deleted (or never set) still gets the defaults' fallback replies, never silence.
      config: completeConfig(version?.config ?? {}),
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
    const sends = await this.db.run(job.tenantId, async (m) => {
      // Re-read under a row lock: if another turn answered meanwhile (an expired lock), do nothing.
      const [current] = await m.query<Array<{ last_answered_seq: string }>>(
        `SELECT last_answered_seq FROM conversations WHERE id = $1 FOR UPDATE`,
        [s.conversation.id],
      );
      if (Number(current.last_answered_seq) >= lastSeq) return undefined;
      const ids: string[] = [];
      if (reply) {
        const window = messagingWindow(s.channel.type, s.conversation.lastInboundAt);
        const template =
          s.channel.type === 'whatsapp' && !window.open ? s.config.closedWindowTemplate : undefined;
        if (s.firstContact && s.config.greeting.trim() && decision.kind === 'infer') {
          ids.push(
            ...(await this.insertReply(
              m,
              s,
              `turn:${s.conversation.id}:${lastSeq}:greeting`,
              s.config.greeting,
              {},
            )),
          );
        }
        const outbound: OutboundMessage | undefined = template
          ? { type: 'template', name: template.name, language: template.language }
          : undefined;
        ids.push(
          ...(await this.insertReply(m, s, `turn:${s.conversation.id}:${lastSeq}`, reply.text, {
            guardrails: reply.guardrails,
            tokensIn: reply.tokensIn,
            tokensOut: reply.tokensOut,
            latencyMs: reply.latencyMs,
            ...(outbound ? { outbound } : {}),
          })),
        );
      }
      await m.query(
        `UPDATE conversations SET last_answered_seq = $2, state = $3, last_message_at = now() WHERE id = $1`,
        [s.conversation.id, lastSeq, decision.kind === 'handover' ? 'human' : s.conversation.state],
      );
      if (decision.kind === 'opt_out')
        await m.query(`UPDATE contacts SET opted_out_at = now() WHERE id = $1`, [s.contact.id]);
      if (decision.kind === 'opt_in')
        await m.query(`UPDATE contacts SET opted_out_at = NULL WHERE id = $1`, [s.contact.id]);
      await recordUsage(m, {
        tenantId: job.tenantId,
        channelId: s.channel.id,
        messagesIn: s.unanswered.length,
        messagesOut: ids.length,
        tokensIn: reply?.tokensIn ?? 0,
        tokensOut: reply?.tokensOut ?? 0,
        inferenceMs: reply?.latencyMs ?? 0,
      });
      return ids;
    });
    if (sends === undefined) return 'already_answered';
    for (const messageId of sends) {
      await enqueue(
        this.outbound,
        'send',
        { tenantId: job.tenantId, messageId, channelId: s.channel.id },
        { jobId: messageId },
      ).catch((error: unknown) =>
        this.logger.warn({ err: error, messageId }, 'send job not enqueued; the reconciler will'),
      );
    }
    await this.inbox
      ?.publish(job.tenantId, { type: 'conversation.updated', conversationId: s.conversation.id })
      .catch(() => undefined);
    // history read for this turn + the replies just written = messages since the last summary
    await this.summaries
      .scheduleIfLong(job.tenantId, s.conversation.id, s.history.length + sends.length)
      .catch((error: unknown) => this.logger.warn({ err: error }, 'summary not scheduled'));
    return reply ? 'replied' : 'silent';
  }

  private async insertReply(
    m: EntityManager,
    s: Snapshot,
    key: string,
    text: string,
    extra: {
      guardrails?: unknown[];
      tokensIn?: number;
      tokensOut?: number;
      latencyMs?: number;
      outbound?: OutboundMessage;
    },
  ): Promise<string[]> {
    const rows = await m.query<Array<{ id: string }>>(
      `INSERT INTO messages (tenant_id, conversation_id, channel_id, direction, role, type, content, payload, status, idempotency_key, tokens_in, tokens_out, latency_ms, guardrails)
       VALUES ($1, $2, $3, 'outbound', 'assistant', $4, $5, $6, 'pending', $7, $8, $9, $10, $11)
       ON CONFLICT (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING RETURNING id`,
      [
        s.channel.tenantId,
        s.conversation.id,
        s.channel.id,
        extra.outbound?.type ?? 'text',
        text,
        JSON.stringify(extra.outbound ? { outbound: extra.outbound } : {}),
        key,
        extra.tokensIn ?? null,
        extra.tokensOut ?? null,
        extra.latencyMs ?? null,
        extra.guardrails?.length ? JSON.stringify(extra.guardrails) : null,
      ],
    );
    return rows.map((r) => r.id);
  }
}
