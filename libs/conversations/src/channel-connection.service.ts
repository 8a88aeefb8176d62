import { Inject, Injectable, Logger } from '@nestjs/common';
import { actorContext, isUuid, recordAudit, type Actor } from '@cria/auth';
import { APP_CONFIG, type AppConfig } from '@cria/core';
import { TenantDb } from '@cria/tenancy';
import { ChannelNotFoundException } from './admin.exceptions';
import { lockChannel } from './channel-admin.service';
import type { ChannelTestView } from './channel-admin.dto';
import { Channel, type ChannelType } from './channel.entity';
import { ChannelSecretsService } from './channel-secrets.service';

/** Meta's "invalid OAuth access token" (expired, revoked, password changed…). */
export const META_INVALID_TOKEN = 190;
export const CONNECTION_TEST_TIMEOUT_MS = 10_000;
/** What "test connection" asks Meta about each kind of account (all readable with the channel's token). */
const FIELDS: Record<ChannelType, string[]> = {
  whatsapp: ['id', 'display_phone_number', 'verified_name', 'quality_rating'],
  messenger: ['id', 'name'],
  instagram: ['id', 'username', 'name'],
};

type Probe =
  { ok: true; details: Record<string, string> } | { ok: false; error: NonNullable<ChannelTestView['error']> };

/**
 * "Test connection": reads the channel's own Graph node (`GET /{version}/{externalId}`) with its token.
 * A token Meta rejects (error 190) marks the channel needs_reauth; a working one clears that state.
 */
@Injectable()
export class ChannelConnectionService {
  private readonly logger = new Logger(ChannelConnectionService.name);

  constructor(
    private readonly db: TenantDb,
    private readonly secrets: ChannelSecretsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async test(actor: Actor, id: string): Promise<ChannelTestView> {
    if (!isUuid(id)) throw new ChannelNotFoundException(id);
    const channel = await this.db.run(actorContext(actor), (manager) =>
      manager.findOneBy(Channel, { id, tenantId: actor.tenantId }),
    );
    if (!channel) throw new ChannelNotFoundException(id);
    const probe = await this.probe(channel);
    const status = await this.db.run(actorContext(actor), async (manager) => {
      const current = await lockChannel(manager, actor.tenantId, id);
      if (!probe.ok && Number(probe.error.code) === META_INVALID_TOKEN) {
        if (current.status === 'active') current.status = 'needs_reauth';
        current.lastError = {
          code: META_INVALID_TOKEN,
          title: probe.error.message,
          at: new Date().toISOString(),
        };
      } else if (probe.ok && current.status === 'needs_reauth') {
        current.status = 'active';
        current.lastError = null;
      }
      await manager.save(current);
      await recordAudit(manager, actor, {
        action: 'channel.test',
        targetType: 'channel',
        targetId: id,
        details: { ok: probe.ok, ...(probe.ok ? {} : { code: probe.error.code }), status: current.status },
      });
      return current.status;
    });
    return { ...probe, status };
  }

  private async probe(channel: Channel): Promise<Probe> {
    const { accessToken } = this.secrets.open(channel);
    const scrub = (text: string): string => text.split(accessToken).join('[REDACTED]');
    const fields = FIELDS[channel.type];
    const url = `${this.config.meta.graphUrl}/${this.config.meta.graphVersion}/${encodeURIComponent(channel.externalId)}?fields=${fields.join(',')}`;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { Authorization: `Bearer ${accessToken}` },
        signal: AbortSignal.timeout(CONNECTION_TEST_TIMEOUT_MS),
      });
    } catch (error) {
      const timedOut = (error as { name?: unknown }).name === 'TimeoutError';
      const message = timedOut
        ? `The Graph API did not answer within ${CONNECTION_TEST_TIMEOUT_MS / 1000} s`
        : `Could not reach the Graph API: ${scrub((error as Error).message)}`;
      this.logger.warn({ channelId: channel.id, timedOut }, 'channel connection test could not reach Meta');
      return { ok: false, error: { code: timedOut ? 'timeout' : 'unreachable', message } };
    }
    const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    if (response.ok && body) {
      const details: Record<string, string> = {};
      for (const field of fields) {
        const value = body[field];
        if (typeof value === 'string' || typeof value === 'number') details[field] = String(value);
      }
      return { ok: true, details };
    }
    const error = (body?.error ?? {}) as { code?: unknown; message?: unknown; type?: unknown };
    return {
      ok: false,
      error: {
        code:
          typeof error.code === 'number' || typeof error.code === 'string'
            ? error.code
            : `http_${response.status}`,
        message:
          typeof error.message === 'string'
            ? scrub(error.message)
            : `The Graph API answered HTTP ${response.status}`,
        ...(typeof error.type === 'string' ? { type: error.type } : {}),
      },
    };
  }
}
