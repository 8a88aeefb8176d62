import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { actorContext, isUuid, type Actor } from '@cria/auth';
import { NotFoundException } from '@cria/core';
import { TenantDb } from '@cria/tenancy';
import { completeConfig } from '../assistant-config.merge';
import type { AssistantConfig } from '../assistant-config';
import { AssistantNotFoundException } from '../assistant.exceptions';
import type { PlaygroundMessageDto, PlaygroundMessageView } from './playground.dto';

export interface PlaygroundTurn {
  sessionId: string;
  requestId: string;
}

export interface PlaygroundContext {
  assistantId: string;
  config: AssistantConfig;
  history: Array<{ role: 'user' | 'assistant'; content: string }>;
}

class PlaygroundSessionNotFoundException extends NotFoundException {
  constructor(id: string) {
    super('Playground session', id);
  }
}

const view = (row: Record<string, unknown>): PlaygroundMessageView => ({
  id: row.id as string,
  role: row.role as 'user' | 'assistant',
  content: row.content as string,
  tokensIn: row.tokens_in as number | null,
  tokensOut: row.tokens_out as number | null,
  ttftMs: row.ttft_ms as number | null,
  totalMs: row.total_ms as number | null,
  createdAt: (row.created_at as Date).toISOString(),
});

/**
 * Playground sessions: an admin chats with an assistant's draft (or published version) without a channel.
 * Kept in their own tables, never mixed with customer conversations or counted as customer usage.
 */
@Injectable()
export class PlaygroundService {
  constructor(private readonly db: TenantDb) {}

  /** Records the tester's message (opening a session if needed) and returns where the reply will stream. */
  async say(actor: Actor, assistantId: string, dto: PlaygroundMessageDto): Promise<PlaygroundTurn> {
    if (!isUuid(assistantId)) throw new AssistantNotFoundException(assistantId);
    return this.db.run(actorContext(actor), async (m) => {
      const [assistant] = await m.query<unknown[]>(
        `SELECT 1 FROM assistants WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL`,
        [assistantId, actor.tenantId],
      );
      if (!assistant) throw new AssistantNotFoundException(assistantId);
      let sessionId = dto.sessionId;
      if (sessionId) {
        const [session] = await m.query<unknown[]>(
          `SELECT 1 FROM playground_sessions WHERE id = $1 AND assistant_id = $2`,
          [sessionId, assistantId],
        );
        if (!session) throw new PlaygroundSessionNotFoundException(sessionId);
      } else {
        const [created] = await m.query<Array<{ id: string }>>(
          `INSERT INTO playground_sessions (tenant_id, assistant_id, source, created_by) VALUES ($1, $2, $3, $4) RETURNING id`,
          [actor.tenantId, assistantId, dto.source ?? 'draft', actor.userId],
        );
        sessionId = created.id;
      }
      await m.query(
        `INSERT INTO playground_messages (tenant_id, session_id, role, content) VALUES ($1, $2, 'user', $3)`,
        [actor.tenantId, sessionId, dto.message],
      );
      return { sessionId, requestId: randomUUID() };
    });
  }

  async messages(actor: Actor, assistantId: string, sessionId: string): Promise<PlaygroundMessageView[]> {
    if (!isUuid(assistantId) || !isUuid(sessionId)) throw new PlaygroundSessionNotFoundException(sessionId);
    const rows = await this.db.run(actorContext(actor), (m) =>
      m.query<Array<Record<string, unknown>>>(
        `SELECT pm.* FROM playground_messages pm JOIN playground_sessions s ON s.id = pm.session_id
          WHERE s.id = $1 AND s.assistant_id = $2 ORDER BY pm.created_at`,
        [sessionId, assistantId],
      ),
    );
    if (rows.length === 0) throw new PlaygroundSessionNotFoundException(sessionId);
    return rows.map(view);
  }

  /** For the worker: the configuration the session talks to, and its history (oldest first). */
  async context(m: EntityManager, sessionId: string): Promise<PlaygroundContext> {
    const [session] = await m.query<
      Array<{
        assistant_id: string;
        source: string;
        draft: Partial<AssistantConfig>;
        published: Partial<AssistantConfig> | null;
      }>
    >(
      `SELECT s.assistant_id, s.source, a.draft, v.config AS published
         FROM playground_sessions s JOIN assistants a ON a.id = s.assistant_id
         LEFT JOIN assistant_versions v ON v.assistant_id = a.id AND v.version = a.published_version
        WHERE s.id = $1`,
      [sessionId],
    );
    if (!session) throw new PlaygroundSessionNotFoundException(sessionId);
    const history = await m.query<Array<{ role: 'user' | 'assistant'; content: string }>>(
      `SELECT role, content FROM playground_messages WHERE session_id = $1 ORDER BY created_at`,
      [sessionId],
    );
    const stored = session.source === 'published' && session.published ? session.published : session.draft;
    return { assistantId: session.assistant_id, config: completeConfig(stored), history };
  }

  async recordReply(
    m: EntityManager,
    tenantId: string,
    sessionId: string,
    reply: { text: string; tokensIn: number; tokensOut: number; ttftMs: number; totalMs: number },
  ): Promise<string> {
    const [row] = await m.query<Array<{ id: string }>>(
      `INSERT INTO playground_messages (tenant_id, session_id, role, content, tokens_in, tokens_out, ttft_ms, total_ms)
       VALUES ($1, $2, 'assistant', $3, $4, $5, $6, $7) RETURNING id`,
      [
        tenantId,
        sessionId,
        reply.text,
        reply.tokensIn,
        reply.tokensOut,
        Math.round(reply.ttftMs),
        Math.round(reply.totalMs),
      ],
    );
    return row.id;
  }
}
