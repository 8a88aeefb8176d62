import { Injectable } from '@nestjs/common';
import { Tenant, TenantDb } from '@cria/tenancy';
import { actorContext, type Actor } from '../actor';
import { recordAudit } from '../audit/audit';
import type { SettingsView, UpdateSettingsDto } from '../dto/settings.dto';

const toView = (tenant: Tenant): SettingsView => ({
  id: tenant.id,
  name: tenant.name,
  dailyMessageQuota: tenant.dailyMessageQuota,
  dailyTokenQuota: tenant.dailyTokenQuota,
  createdAt: tenant.createdAt,
});

/** The workspace's own settings: its name and daily quotas (the conversation engine enforces them). */
@Injectable()
export class SettingsService {
  constructor(private readonly db: TenantDb) {}

  get(actor: Actor): Promise<SettingsView> {
    return this.db.run(actorContext(actor), async (manager) =>
      toView(await manager.findOneByOrFail(Tenant, { id: actor.tenantId })),
    );
  }

  async update(actor: Actor, dto: UpdateSettingsDto): Promise<SettingsView> {
    return this.db.run(actorContext(actor), async (manager) => {
      const tenant = await manager.findOneByOrFail(Tenant, { id: actor.tenantId });
      const changes: Partial<Pick<Tenant, 'name' | 'dailyMessageQuota' | 'dailyTokenQuota'>> = {};
      if (dto.name !== undefined && dto.name !== tenant.name) changes.name = dto.name;
      if (dto.dailyMessageQuota !== undefined) changes.dailyMessageQuota = dto.dailyMessageQuota;
      if (dto.dailyTokenQuota !== undefined) changes.dailyTokenQuota = dto.dailyTokenQuota;
      if (Object.keys(changes).length === 0) return toView(tenant);
      await manager.update(Tenant, { id: actor.tenantId }, changes);
      await recordAudit(manager, actor, {
        action: 'tenant.update',
        targetType: 'tenant',
        targetId: actor.tenantId,
        details: { ...changes },
      });
      return toView(await manager.findOneByOrFail(Tenant, { id: actor.tenantId }));
    });
  }
}
