/** Roles of a member in a tenant. Owners manage owners; admins manage everything else; agents work the inbox. */
export const ROLES = ['owner', 'admin', 'agent'] as const;
export type Role = (typeof ROLES)[number];

/** Higher is more powerful: an owner can do whatever an admin can, an admin whatever an agent can. */
export const ROLE_RANK: Record<Role, number> = { owner: 3, admin: 2, agent: 1 };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** API key scopes and the role each grants (a key never acts as an owner). */
export const API_KEY_SCOPES = ['admin', 'agent'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export function roleOfScopes(scopes: readonly string[]): Role | null {
  if (scopes.includes('admin')) return 'admin';
  if (scopes.includes('agent')) return 'agent';
  return null;
}
