import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { http } from './client';
import type {
  ApiKey,
  ApiKeyScope,
  AuditEntry,
  Contact,
  CreatedApiKey,
  Invitation,
  Member,
  Page,
  Role,
  UsageReport,
} from './types';

export const accountKeys = {
  members: ['members'] as const,
  invitations: ['invitations'] as const,
  apiKeys: ['api-keys'] as const,
  audit: (action: string) => ['audit', action] as const,
  contacts: (q: string, optedOut: string) => ['contacts', q, optedOut] as const,
  usage: (from: string, to: string) => ['usage', from, to] as const,
};

export const accountsApi = {
  members: () => http.get<Page<Member>>('/api/members', { limit: 100 }),
  changeRole: (userId: string, role: Role) => http.patch<Member>(`/api/members/${userId}`, { role }),
  removeMember: (userId: string) => http.delete(`/api/members/${userId}`),
  invitations: () => http.get<Page<Invitation>>('/api/members/invitations', { limit: 100 }),
  invite: (email: string, role: Role) => http.post<Invitation>('/api/members/invitations', { email, role }),
  revokeInvitation: (id: string) => http.delete(`/api/members/invitations/${id}`),
  apiKeys: () => http.get<Page<ApiKey>>('/api/api-keys', { limit: 100 }),
  createApiKey: (body: { name: string; scopes: ApiKeyScope[]; expiresAt?: string }) =>
    http.post<CreatedApiKey>('/api/api-keys', body),
  revokeApiKey: (id: string) => http.delete(`/api/api-keys/${id}`),
  audit: (action: string, cursor?: string) =>
    http.get<Page<AuditEntry>>('/api/audit-log', { action: action || undefined, cursor, limit: 50 }),
  contacts: (q: string, optedOut: string) =>
    http.get<Page<Contact>>('/api/contacts', { q, optedOut: optedOut || undefined, limit: 100 }),
  updateContact: (id: string, body: { optedOut?: boolean; name?: string | null }) =>
    http.patch<Contact>(`/api/contacts/${id}`, body),
  usage: (from: string, to: string) => http.get<UsageReport>('/api/usage', { from, to }),
};

export function useMembers() {
  return useQuery({ queryKey: accountKeys.members, queryFn: accountsApi.members });
}

export function useUsage(from: string, to: string, enabled = true) {
  return useQuery({
    queryKey: accountKeys.usage(from, to),
    queryFn: () => accountsApi.usage(from, to),
    enabled,
  });
}

/** A mutation that refreshes one list when it succeeds. */
export function useListMutation<TArgs, TResult>(key: QueryKey, fn: (args: TArgs) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => client.invalidateQueries({ queryKey: key }) });
}
