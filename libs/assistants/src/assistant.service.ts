import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  actorContext,
  decodeTimeCursor,
  isUuid,
  pageSize,
  recordAudit,
  SqlConditions,
  toPage,
  type Actor,
  type Page,
} from '@cria/auth';
import { TenantDb } from '@cria/tenancy';
import { defaultAssistantConfig, type AssistantConfig } from './assistant-config';
import { mergeAssistantConfig, sameConfig, completeConfig } from './assistant-config.merge';
import type { AssistantListQueryDto, CreateAssistantDto, UpdateAssistantDto } from './assistant.dto';
import { Assistant } from './assistant.entity';
import { AssistantNotFoundException } from './assistant.exceptions';
import type { AssistantView } from './assistant.views';
import { AssistantVersion } from './assistant-version.entity';

interface AssistantRow {
  id: string;
  name: string;
  draft: AssistantConfig;
  published_version: number | null;
  draft_changed: boolean;
  created_at: Date;
  updated_at: Date;
  cursor_at: string;
}

export function assistantView(assistant: Assistant): AssistantView {
  return {
    id: assistant.id,
    name: assistant.name,
    publishedVersion: assistant.publishedVersion,
    hasDraftChanges: assistant.draftChanged,
    ...completeConfig(assistant.draft),
    createdAt: assistant.createdAt,
    updatedAt: assistant.updatedAt,
  };
}

/** Locks a live (not deleted) assistant of the tenant for a change, or answers 404. */
export async function lockAssistant(
  manager: EntityManager,
  tenantId: string,
  id: string,
): Promise<Assistant> {
  if (!isUuid(id)) throw new AssistantNotFoundException(id);
  const assistant = await manager
    .getRepository(Assistant)
    .createQueryBuilder('a')
    .setLock('pessimistic_write')
    .where('a.id = :id AND a.tenant_id = :tenantId AND a.deleted_at IS NULL', { id, tenantId })
    .getOne();
  if (!assistant) throw new AssistantNotFoundException(id);
  return assistant;
}

/**
 * Assistants of a tenant: create (published at once as version 1, so a channel can serve it), edit the
 * draft, soft delete. Publishing and versions are AssistantVersionService.
 */
@Injectable()
export class AssistantService {
  constructor(private readonly db: TenantDb) {}

  async create(actor: Actor, dto: CreateAssistantDto): Promise<AssistantView> {
    const config = mergeAssistantConfig(defaultAssistantConfig(), dto);
    return this.db.run(actorContext(actor), async (manager) => {
      const assistant = await manager.save(
        manager.create(Assistant, {
          tenantId: actor.tenantId,
          name: dto.name.trim(),
          draft: config,
          publishedVersion: 1,
          draftChanged: false,
        }),
      );
      await manager.save(
        manager.create(AssistantVersion, {
          tenantId: actor.tenantId,
          assistantId: assistant.id,
          version: 1,
          config,
          publishedBy: actor.userId,
        }),
      );
      await recordAudit(manager, actor, {
        action: 'assistant.create',
        targetType: 'assistant',
        targetId: assistant.id,
        details: { name: assistant.name, version: 1 },
      });
      return assistantView(
        await manager.findOneByOrFail(Assistant, { id: assistant.id, tenantId: actor.tenantId }),
      );
    });
  }

  async list(actor: Actor, query: AssistantListQueryDto): Promise<Page<AssistantView>> {
    const limit = pageSize(query.limit);
    const sql = new SqlConditions()
      .tenant('a.tenant_id', actor.tenantId)
      .add('a.deleted_at IS NULL')
      .before('a.created_at', 'a.id', decodeTimeCursor(query.cursor));
    if (query.q) sql.add(`a.name ILIKE ${sql.param(`%${query.q.replace(/[\\%_]/g, '\\$&')}%`)}`);
    const rows = await this.db.run(actorContext(actor), (manager) =>
      manager.query<AssistantRow[]>(
        `SELECT a.id, a.name, a.draft, a.published_version, a.draft_changed, a.created_at, a.updated_at,
                a.created_at::text AS cursor_at
           FROM assistants a ${sql.where}
          ORDER BY a.created_at DESC, a.id DESC LIMIT ${limit + 1}`,
        sql.params,
      ),
    );
    return toPage(
      rows,
      limit,
      (r) => ({ at: r.cursor_at, id: r.id }),
      (r) =>
        assistantView(
          Object.assign(new Assistant(), {
            id: r.id,
            name: r.name,
            draft: r.draft,
            publishedVersion: r.published_version,
            draftChanged: r.draft_changed,
            createdAt: r.created_at,
            updatedAt: r.updated_at,
          }),
        ),
    );
  }

  async get(actor: Actor, id: string): Promise<AssistantView> {
    if (!isUuid(id)) throw new AssistantNotFoundException(id);
    const assistant = await this.db.run(actorContext(actor), (manager) =>
      manager
        .getRepository(Assistant)
        .createQueryBuilder('a')
        .where('a.id = :id AND a.tenant_id = :tenantId AND a.deleted_at IS NULL', {
          id,
          tenantId: actor.tenantId,
        })
        .getOne(),
    );
    if (!assistant) throw new AssistantNotFoundException(id);
    return assistantView(assistant);
  }

  /** Edits the draft (and the name, which is not versioned); channels keep serving the published version. */
  async update(actor: Actor, id: string, dto: UpdateAssistantDto): Promise<AssistantView> {
    return this.db.run(actorContext(actor), async (manager) => {
      const assistant = await lockAssistant(manager, actor.tenantId, id);
      const draft = mergeAssistantConfig(completeConfig(assistant.draft), dto);
      const published = assistant.publishedVersion
        ? await manager.findOneBy(AssistantVersion, {
            tenantId: actor.tenantId,
            assistantId: id,
            version: assistant.publishedVersion,
          })
        : null;
      const draftChanged = !published || !sameConfig(draft, completeConfig(published.config));
      const name = dto.name?.trim() || assistant.name;
      await manager.save(Object.assign(assistant, { name, draft, draftChanged }));
      await recordAudit(manager, actor, {
        action: 'assistant.update',
        targetType: 'assistant',
        targetId: id,
        details: { fields: Object.keys(dto).filter((k) => dto[k as keyof UpdateAssistantDto] !== undefined) },
      });
      return assistantView(await manager.findOneByOrFail(Assistant, { id, tenantId: actor.tenantId }));
    });
  }

  /** Soft delete: the assistant disappears from the API and channels pointing at it stop answering. */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.db.run(actorContext(actor), async (manager) => {
      const assistant = await lockAssistant(manager, actor.tenantId, id);
      await manager.update(Assistant, { id, tenantId: actor.tenantId }, { deletedAt: new Date() });
      await recordAudit(manager, actor, {
        action: 'assistant.delete',
        targetType: 'assistant',
        targetId: id,
        details: { name: assistant.name },
      });
    });
  }
}
