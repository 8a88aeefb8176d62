import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  actorContext,
  decodeNumberCursor,
  isUuid,
  pageSize,
  recordAudit,
  toPage,
  type Actor,
  type Page,
  type PageQueryDto,
} from '@cria/auth';
import { TenantDb } from '@cria/tenancy';
import type { AssistantConfig } from './assistant-config';
import { completeConfig } from './assistant-config.merge';
import type { RollbackDto } from './assistant.dto';
import { Assistant } from './assistant.entity';
import {
  AssistantNotFoundException,
  AssistantVersionNotFoundException,
  NothingToPublishException,
} from './assistant.exceptions';
import { assistantView, lockAssistant } from './assistant.service';
import type { AssistantVersionView, AssistantView } from './assistant.views';
import { AssistantVersion } from './assistant-version.entity';

/** What a channel serves: the published configuration of a live assistant. */
export interface PublishedAssistant {
  assistantId: string;
  name: string;
  version: number;
  config: AssistantConfig;
}

/**
 * The published configuration of an assistant, read inside the caller's tenant transaction; null when
 * the assistant is deleted, unknown or has never been published (its channels do not answer then).
 */
export async function loadPublishedAssistant(
  manager: EntityManager,
  tenantId: string,
  assistantId: string,
): Promise<PublishedAssistant | null> {
  if (!isUuid(assistantId)) return null;
  const [row] = await manager.query<Array<{ name: string; version: number; config: AssistantConfig }>>(
    `SELECT a.name, v.version, v.config
       FROM assistants a
       JOIN assistant_versions v ON v.assistant_id = a.id AND v.tenant_id = a.tenant_id AND v.version = a.published_version
      WHERE a.id = $1 AND a.tenant_id = $2 AND a.deleted_at IS NULL`,
    [assistantId, tenantId],
  );
  if (!row) return null;
  return {
    assistantId,
    name: row.name,
    version: row.version,
    config: completeConfig(row.config),
  };
}

/** Publishing: each publish or rollback adds an immutable version and points the assistant at it. */
@Injectable()
export class AssistantVersionService {
  constructor(private readonly db: TenantDb) {}

  /** Publishes the draft as the next version. */
  async publish(actor: Actor, id: string): Promise<AssistantView> {
    return this.db.run(actorContext(actor), async (manager) => {
      const assistant = await lockAssistant(manager, actor.tenantId, id);
      if (!assistant.draftChanged && assistant.publishedVersion !== null)
        throw new NothingToPublishException();
      const version = await this.addVersion(manager, actor, assistant, assistant.draft);
      await recordAudit(manager, actor, {
        action: 'assistant.publish',
        targetType: 'assistant',
        targetId: id,
        details: { version },
      });
      return assistantView(await manager.findOneByOrFail(Assistant, { id, tenantId: actor.tenantId }));
    });
  }

  /** Re-publishes an old version's configuration as a new version (history is never rewritten). */
  async rollback(actor: Actor, id: string, dto: RollbackDto): Promise<AssistantView> {
    return this.db.run(actorContext(actor), async (manager) => {
      const assistant = await lockAssistant(manager, actor.tenantId, id);
      const old = await manager.findOneBy(AssistantVersion, {
        tenantId: actor.tenantId,
        assistantId: id,
        version: dto.version,
      });
      if (!old) throw new AssistantVersionNotFoundException(id, dto.version);
      const version = await this.addVersion(manager, actor, assistant, old.config);
      await recordAudit(manager, actor, {
        action: 'assistant.rollback',
        targetType: 'assistant',
        targetId: id,
        details: { from: dto.version, version },
      });
      return assistantView(await manager.findOneByOrFail(Assistant, { id, tenantId: actor.tenantId }));
    });
  }

  /** Versions, newest first. */
  async versions(actor: Actor, id: string, query: PageQueryDto): Promise<Page<AssistantVersionView>> {
    if (!isUuid(id)) throw new AssistantNotFoundException(id);
    const limit = pageSize(query.limit);
    const before = decodeNumberCursor(query.cursor);
    const { assistant, rows } = await this.db.run(actorContext(actor), async (manager) => ({
      assistant: await manager
        .getRepository(Assistant)
        .createQueryBuilder('a')
        .where('a.id = :id AND a.tenant_id = :tenantId AND a.deleted_at IS NULL', {
          id,
          tenantId: actor.tenantId,
        })
        .getOne(),
      rows: await manager.query<
        Array<{ version: number; config: AssistantConfig; published_by: string | null; created_at: Date }>
      >(
        `SELECT version, config, published_by, created_at FROM assistant_versions
          WHERE tenant_id = $1 AND assistant_id = $2 AND ($3::int IS NULL OR version < $3::int)
          ORDER BY version DESC LIMIT ${limit + 1}`,
        [actor.tenantId, id, before],
      ),
    }));
    if (!assistant) throw new AssistantNotFoundException(id);
    return toPage(
      rows,
      limit,
      (r) => ({ n: String(r.version) }),
      (r) => ({
        version: r.version,
        current: r.version === assistant.publishedVersion,
        publishedBy: r.published_by,
        publishedAt: r.created_at,
        config: completeConfig(r.config),
      }),
    );
  }

  /** The published configuration channels serve (see loadPublishedAssistant). */
  findPublished(tenantId: string, assistantId: string): Promise<PublishedAssistant | null> {
    return this.db.run(tenantId, (manager) => loadPublishedAssistant(manager, tenantId, assistantId));
  }

  private async addVersion(
    manager: EntityManager,
    actor: Actor,
    assistant: Assistant,
    config: AssistantConfig,
  ): Promise<number> {
    const [{ next }] = await manager.query<Array<{ next: number }>>(
      `SELECT coalesce(max(version), 0) + 1 AS next FROM assistant_versions WHERE tenant_id = $1 AND assistant_id = $2`,
      [actor.tenantId, assistant.id],
    );
    await manager.save(
      manager.create(AssistantVersion, {
        tenantId: actor.tenantId,
        assistantId: assistant.id,
        version: next,
        config,
        publishedBy: actor.userId,
      }),
    );
    await manager.save(
      Object.assign(assistant, { publishedVersion: next, draft: config, draftChanged: false }),
    );
    return next;
  }
}
