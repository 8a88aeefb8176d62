import type { Request } from 'express';
import type { Actor, ClientInfo } from './actor';

/** An HTTP request as the authentication guards leave it. */
export interface AuthenticatedRequest extends Request {
  /** The authenticated actor (set by AuthenticationGuard). */
  principal?: Actor;
  /** The bearer credential the guard extracted, for the JWT strategy to verify. */
  bearerToken?: string;
}

export function clientInfo(request: Request): ClientInfo {
  const agent = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof agent === 'string' ? agent.slice(0, 500) : null };
}

/** `Authorization: Bearer <token>`, or (only where a route allows it) `?access_token=`. */
export function bearerToken(request: Request, allowQuery: boolean): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? match[1] : null;
  }
  const query = (request.query as Record<string, unknown>).access_token;
  return allowQuery && typeof query === 'string' && query.length > 0 ? query : null;
}
