import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Assistant, AssistantNotFoundException } from '@cria/assistants';
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
import { APP_CONFIG, type AppConfig } from '@cria/core';
import { TenantDb } from '@cria/tenancy';
import { ChannelExistsException, ChannelNotFoundException } from './admin.exceptions';
import type {
  ChannelListQueryDto,
  ChannelView,
  CreateChannelDto,
  UpdateChannelDto,
} from './channel-admin.dto';
import { Channel, type ChannelSecrets } from './channel.entity';
import { ChannelSecretsService } from './channel-secrets.service';

/** A channel row without its credentials (lists never read them). */
interface ChannelRow {
  id: string;
  type: Channel['type'];
  external_id: string;
  name: string | null;
  assistant_id: string | null;
  status: Channel['status'];
  own_app: boolean;
  verify_token: string;
  last_error: Channel['lastError'];
  created_at: Date;
  updated_at: Date;
  cursor_at: string;
}

const isDuplicateChannel = (error: unknown): boolean =>
  (error as { code?: unknown }).code === '23505' &&
  (error as { constraint?: unknown }).constraint === 'channels_external_key';

/** Locks a channel of the tenant for a change, or answers 404 (another tenant's id included). */
export async function lockChannel(manager: EntityManager, tenantId: string, id: string): Promise<Channel> {
  if (!isUuid(id)) throw new ChannelNotFoundException(id);
  const channel = await manager
    .getRepository(Channel)
    .createQueryBuilder('c')
    .setLock('pessimistic_write')
    .where('c.id = :id AND c.tenant_id = :tenantId', { id, tenantId })
    .getOne();
  if (!channel) throw new ChannelNotFoundException(id);
  return channel;
}

/**
 * Connected channels. Credentials are write-only: sealed with the channel id as associated data (so the
 * id is chosen here, before the insert), never returned, never logged.
 */
@Injectable()
export class ChannelAdminService {
  constructor(
    private readonly db: TenantDb,
    private readonly secrets: ChannelSecretsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  view(channel: Channel): ChannelView {
    return {
      id: channel.id,
      type: channel.type,
      externalId: channel.externalId,
      name: channel.name,
      assistantId: channel.assistantId,
      status: channel.status,
      ownApp: channel.ownApp,
      webhookUrl: channel.ownApp
        ? `${this.config.publicUrl}/webhooks/${channel.type}/${channel.id}`
        : `${this.config.publicUrl}/webhooks/${channel.type}`,
      verifyToken: channel.verifyToken,
      lastError: channel.lastError,
      createdAt: channel.createdAt,
      updatedAt: channel.updatedAt,
    };
  }

  async create(actor: Actor, dto: CreateChannelDto): Promise<ChannelView> {
    const id = randomUUID();
    const secrets: ChannelSecrets = {
      accessToken: dto.accessToken,
      ...(dto.appSecret ? { appSecret: dto.appSecret } : {}),
    };
    try {
      return await this.db.run(actorContext(actor), async (manager) => {
        await this.assertAssistant(manager, actor.tenantId, dto.assistantId);
        await manager.insert(Channel, {
          id,
          tenantId: actor.tenantId,
          assistantId: dto.assistantId,
          type: dto.type,
          externalId: dto.externalId,
          name: dto.name?.trim() || null,
          status: 'active',
          credentials: this.secrets.seal(id, secrets),
          verifyToken: dto.verifyToken ?? randomBytes(24).toString('base64url'),
          ownApp: Boolean(dto.appSecret),
        });
        await recordAudit(manager, actor, {
          action: 'channel.create',
          targetType: 'channel',
          targetId: id,
          details: {
            type: dto.type,
            externalId: dto.externalId,
            assistantId: dto.assistantId,
            ownApp: Boolean(dto.appSecret),
          },
        });
        return this.view(await manager.findOneByOrFail(Channel, { id, tenantId: actor.tenantId }));
      });
    } catch (error) {
      if (isDuplicateChannel(error)) throw new ChannelExistsException(dto.type);
      throw error;
    }
  }

  async list(actor: Actor, query: ChannelListQueryDto): Promise<Page<ChannelView>> {
    const limit = pageSize(query.limit);
    const sql = new SqlConditions()
      .tenant('c.tenant_id', actor.tenantId)
      .before('c.created_at', 'c.id', decodeTimeCursor(query.cursor));
    if (query.type) sql.add(`c.type = ${sql.param(query.type)}`);
    if (query.status) sql.add(`c.status = ${sql.param(query.status)}`);
    if (query.assistantId) sql.add(`c.assistant_id = ${sql.param(query.assistantId)}::uuid`);
    const rows = await this.db.run(actorContext(actor), (manager) =>
      manager.query<ChannelRow[]>(
        `SELECT c.id, c.type, c.external_id, c.name, c.assistant_id, c.status, c.own_app, c.verify_token, c.last_error,
                c.created_at, c.updated_at, c.created_at::text AS cursor_at
           FROM channels c ${sql.where}
          ORDER BY c.created_at DESC, c.id DESC LIMIT ${limit + 1}`,
        sql.params,
      ),
    );
    return toPage(
      rows,
      limit,
      (r) => ({ at: r.cursor_at, id: r.id }),
      (r) =>
        this.view(
          Object.assign(new Channel(), {
            id: r.id,
            type: r.type,
            externalId: r.external_id,
            name: r.name,
            assistantId: r.assistant_id,
            status: r.status,
            ownApp: r.own_app,
            verifyToken: r.verify_token,
            lastError: r.last_error,
            createdAt: r.created_at,
            updatedAt: r.updated_at,
          }),
        ),
    );
  }

  async get(actor: Actor, id: string): Promise<ChannelView> {
    if (!isUuid(id)) throw new ChannelNotFoundException(id);
    const channel = await this.db.run(actorContext(actor), (manager) =>
      manager.findOneBy(Channel, { id, tenantId: actor.tenantId }),
    );
    if (!channel) throw new ChannelNotFoundException(id);
    return this.view(channel);
  }

  async update(actor: Actor, id: string, dto: UpdateChannelDto): Promise<ChannelView> {
    return this.db.run(actorContext(actor), async (manager) => {
      const channel = await lockChannel(manager, actor.tenantId, id);
      const changed: string[] = [];
      if (dto.assistantId !== undefined && dto.assistantId !== channel.assistantId) {
        await this.assertAssistant(manager, actor.tenantId, dto.assistantId);
        channel.assistantId = dto.assistantId;
        changed.push('assistantId');
      }
      if (dto.name !== undefined) {
        channel.name = dto.name?.trim() || null;
        changed.push('name');
      }
      if (dto.verifyToken !== undefined) {
        channel.verifyToken = dto.verifyToken;
        changed.push('verifyToken');
      }
      if (dto.accessToken !== undefined || dto.appSecret !== undefined) {
        const current = this.secrets.open(channel);
        const next: ChannelSecrets = { accessToken: dto.accessToken ?? current.accessToken };
        const appSecret = dto.appSecret === undefined ? current.appSecret : (dto.appSecret ?? undefined);
        if (appSecret) next.appSecret = appSecret;
        channel.credentials = this.secrets.seal(channel.id, next);
        channel.ownApp = Boolean(appSecret);
        if (dto.accessToken !== undefined) {
          changed.push('accessToken');
          // A new token answers a needs_reauth; the next test or send tells whether it works.
          if (channel.status === 'needs_reauth') channel.status = 'active';
          channel.lastError = null;
        }
        if (dto.appSecret !== undefined) changed.push('appSecret');
      }
      if (dto.status !== undefined && dto.status !== channel.status) {
        channel.status = dto.status;
        changed.push('status');
      }
      await manager.save(channel);
      await recordAudit(manager, actor, {
        action: 'channel.update',
        targetType: 'channel',
        targetId: id,
        details: { fields: changed, ...(dto.status ? { status: dto.status } : {}) },
      });
      return this.view(await manager.findOneByOrFail(Channel, { id, tenantId: actor.tenantId }));
    });
  }

  /** Deletes the channel with its contacts, conversations and messages (the database cascades). */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.db.run(actorContext(actor), async (manager) => {
      const channel = await lockChannel(manager, actor.tenantId, id);
      await manager.delete(Channel, { id, tenantId: actor.tenantId });
      await recordAudit(manager, actor, {
        action: 'channel.delete',
        targetType: 'channel',
        targetId: id,
        details: { type: channel.type, externalId: channel.externalId },
      });
    });
  }

  private async assertAssistant(
    manager: EntityManager,
    tenantId: string,
    assistantId: string,
  ): Promise<void> {
    const found = await manager
      .getRepository(Assistant)
      .createQueryBuilder('a')
      .where('a.id = :assistantId AND a.tenant_id = :tenantId AND a.deleted_at IS NULL', {
        assistantId,
        tenantId,
      })
      .getExists();
    if (!found) throw new AssistantNotFoundException(assistantId);
  }
}
