import { Injectable } from '@nestjs/common';
import { ValidationException } from '@cria/core';
import { TenantDb } from '@cria/tenancy';
import { actorContext, type Actor, type ClientInfo } from '../actor';
import { recordAudit } from '../audit/audit';
import { ApiKeyNotFoundException, InvalidApiKeyException } from '../auth.exceptions';
import type { ApiKeyView, CreateApiKeyDto, CreatedApiKeyView } from '../dto/api-keys.dto';
import { ApiKey } from '../entities/api-key.entity';
import {
  decodeTimeCursor,
  isUuid,
  pageSize,
  SqlConditions,
  toPage,
  type Page,
  type PageQueryDto,
} from '../page';
import { roleOfScopes } from '../roles';
import { RateLimits } from '../throttle/rate-limits.service';
import { randomSecret, sha256 } from '../tokens/token-hash';

/** Every API key starts with this, which is how a bearer credential is told apart from a JWT. */
export const API_KEY_PREFIX = 'cria_';
/** Last use is written at most this often per key (and whenever the address changes). */
const LAST_USED_PRECISION_MS = 60_000;

interface ApiKeyRow {
  id: string;
  name: string;
  scopes: string[];
  prefix: string;
  created_by: string | null;
  created_at: Date;
  last_used_at: Date | null;
  last_used_ip: string | null;
  expires_at: Date | null;
  revoked_at: Date | null;
  cursor_at: string;
}

const toView = (key: ApiKey): ApiKeyView => ({
  id: key.id,
  name: key.name,
  scopes: key.scopes,
  prefix: key.prefix,
  createdBy: key.createdBy,
  createdAt: key.createdAt,
  lastUsedAt: key.lastUsedAt,
  lastUsedIp: key.lastUsedIp,
  expiresAt: key.expiresAt,
  revokedAt: key.revokedAt,
});

/** API keys: shown once, stored as SHA-256 of 32 random bytes, scoped to a role, revocable, throttled. */
@Injectable()
export class ApiKeyService {
  constructor(
    private readonly db: TenantDb,
    private readonly limits: RateLimits,
  ) {}

  async create(actor: Actor, dto: CreateApiKeyDto): Promise<CreatedApiKeyView> {
    const expiresAt = dto.expiresAt ? new Date(dto.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw new ValidationException('expiresAt must be in the future', {
        expiresAt: ['expiresAt must be in the future'],
      });
    }
    const key = `${API_KEY_PREFIX}${randomSecret()}`;
    const saved = await this.db.run(actorContext(actor), async (manager) => {
      const row = await manager.save(
        manager.create(ApiKey, {
          tenantId: actor.tenantId,
          name: dto.name,
          scopes: [...new Set(dto.scopes)],
          prefix: key.slice(0, API_KEY_PREFIX.length + 6),
          keyHash: sha256(key),
          createdBy: actor.userId,
          expiresAt,
        }),
      );
      await recordAudit(manager, actor, {
        action: 'api_key.create',
        targetType: 'api_key',
        targetId: row.id,
        details: { name: dto.name, scopes: row.scopes },
      });
      return manager.findOneByOrFail(ApiKey, { id: row.id, tenantId: actor.tenantId });
    });
    return { ...toView(saved), key };
  }

  async list(actor: Actor, query: PageQueryDto): Promise<Page<ApiKeyView>> {
    const limit = pageSize(query.limit);
    const sql = new SqlConditions()
      .tenant('k.tenant_id', actor.tenantId)
      .before('k.created_at', 'k.id', decodeTimeCursor(query.cursor));
    const rows = await this.db.run(actorContext(actor), (manager) =>
      manager.query<ApiKeyRow[]>(
        `SELECT k.id, k.name, k.scopes, k.prefix, k.created_by, k.created_at, k.last_used_at, k.last_used_ip,
                k.expires_at, k.revoked_at, k.created_at::text AS cursor_at
           FROM api_keys k ${sql.where}
          ORDER BY k.created_at DESC, k.id DESC LIMIT ${limit + 1}`,
        sql.params,
      ),
    );
    return toPage(
      rows,
      limit,
      (r) => ({ at: r.cursor_at, id: r.id }),
      (r) => ({
        id: r.id,
        name: r.name,
        scopes: r.scopes,
        prefix: r.prefix,
        createdBy: r.created_by,
        createdAt: r.created_at,
        lastUsedAt: r.last_used_at,
        lastUsedIp: r.last_used_ip,
        expiresAt: r.expires_at,
        revokedAt: r.revoked_at,
      }),
    );
  }

  /** Revokes a key; requests with it fail from now on. Revoking twice is harmless. */
  async revoke(actor: Actor, id: string): Promise<void> {
    if (!isUuid(id)) throw new ApiKeyNotFoundException(id);
    await this.db.run(actorContext(actor), async (manager) => {
      const key = await manager.findOneBy(ApiKey, { id, tenantId: actor.tenantId });
      if (!key) throw new ApiKeyNotFoundException(id);
      if (key.revokedAt) return;
      await manager.update(ApiKey, { id, tenantId: actor.tenantId }, { revokedAt: new Date() });
      await recordAudit(manager, actor, {
        action: 'api_key.revoke',
        targetType: 'api_key',
        targetId: id,
        details: { name: key.name },
      });
    });
  }

  /** Resolves a presented key to the tenant and role it acts as, records its use and applies its limit. */
  async authenticate(presented: string, client: ClientInfo): Promise<Actor> {
    if (!presented.startsWith(API_KEY_PREFIX) || presented.length > 200) throw new InvalidApiKeyException();
    const key = await this.db.system('api key: find its tenant by hash', async (manager) => {
      const found = await manager.findOneBy(ApiKey, { keyHash: sha256(presented) });
      if (!found || found.revokedAt || (found.expiresAt && found.expiresAt.getTime() <= Date.now()))
        return null;
      const stale =
        !found.lastUsedAt ||
        Date.now() - found.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS ||
        found.lastUsedIp !== client.ip;
      if (stale)
        await manager.update(ApiKey, { id: found.id }, { lastUsedAt: new Date(), lastUsedIp: client.ip });
      return found;
    });
    const role = key ? roleOfScopes(key.scopes) : null;
    if (!key || !role) throw new InvalidApiKeyException();
    await this.limits.consume('apiKey', key.id);
    return {
      tenantId: key.tenantId,
      role,
      userId: null,
      apiKeyId: key.id,
      sessionId: null,
      expiresAt: null,
      ip: client.ip,
      userAgent: client.userAgent,
    };
  }
}
