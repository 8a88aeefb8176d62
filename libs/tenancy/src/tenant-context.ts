import { AsyncLocalStorage } from 'node:async_hooks';
import { TenantContextMissingException, registerLogContextProvider } from '@cria/core';

export interface TenantContextValue {
  readonly tenantId: string;
  /** The user or API key acting, when there is one (requests); absent for jobs and webhooks. */
  readonly userId?: string;
  readonly apiKeyId?: string;
  readonly role?: 'owner' | 'admin' | 'agent';
  readonly jobId?: string;
  readonly conversationId?: string;
}

const storage = new AsyncLocalStorage<TenantContextValue>();

registerLogContextProvider(() => {
  const value = storage.getStore();
  if (!value) return undefined;
  const fields: Record<string, unknown> = { tenantId: value.tenantId };
  if (value.jobId) fields.jobId = value.jobId;
  if (value.conversationId) fields.conversationId = value.conversationId;
  if (value.userId) fields.userId = value.userId;
  return fields;
});

/**
 * The tenant of the current request or job, carried by AsyncLocalStorage. Services still take tenantId
 * explicitly; this is what logs, guards and the RLS helper read, and reading it when unset throws.
 */
export const TenantContext = {
  run<T>(value: TenantContextValue, fn: () => T): T {
    return storage.run(value, fn);
  },
  /** Adds fields (a conversation id, say) for the rest of the current unit of work. */
  extend<T>(fields: Partial<Omit<TenantContextValue, 'tenantId'>>, fn: () => T): T {
    return storage.run({ ...TenantContext.current(), ...fields }, fn);
  },
  current(): TenantContextValue {
    const value = storage.getStore();
    if (!value) throw new TenantContextMissingException();
    return value;
  },
  tenantId(): string {
    return TenantContext.current().tenantId;
  },
  peek(): TenantContextValue | undefined {
    return storage.getStore();
  },
};
