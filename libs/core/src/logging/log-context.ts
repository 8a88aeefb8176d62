/**
 * Fields added to every log line of the current request or job (tenantId, jobId, conversationId…).
 * Lower libs register a provider (the tenancy lib registers its AsyncLocalStorage), so core needs no
 * knowledge of them.
 */
type LogContextProvider = () => Record<string, unknown> | undefined;

const providers: LogContextProvider[] = [];

export function registerLogContextProvider(provider: LogContextProvider): void {
  if (!providers.includes(provider)) providers.push(provider);
}

export function currentLogContext(): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const provider of providers) Object.assign(merged, provider());
  return merged;
}
