import type { TenantContextValue } from '@cria/tenancy';
import type { Role } from './roles';

/** Where a request came from, for audit entries, refresh tokens and API key usage. */
export interface ClientInfo {
  readonly ip: string | null;
  readonly userAgent: string | null;
}

/**
 * Who is acting: a signed-in member (JWT) or an API key, always inside exactly one tenant. It comes only
 * from authentication, never from a request body or path; every service method of the admin API takes it.
 */
export interface Actor extends ClientInfo {
  readonly tenantId: string;
  readonly role: Role;
  /** The member acting (null for an API key). */
  readonly userId: string | null;
  /** The API key acting (null for a member). */
  readonly apiKeyId: string | null;
  /** The refresh-token family (session) an access token belongs to. */
  readonly sessionId: string | null;
  /** When the credential stops being valid (access token expiry); null for API keys. */
  readonly expiresAt: Date | null;
}

/** The tenant context (AsyncLocalStorage) of an actor's unit of work, so its logs carry who did it. */
export function actorContext(actor: Actor): TenantContextValue {
  return {
    tenantId: actor.tenantId,
    role: actor.role,
    ...(actor.userId ? { userId: actor.userId } : {}),
    ...(actor.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}),
  };
}
