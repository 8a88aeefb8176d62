import type * as NodeLlamaCpp from 'node-llama-cpp' with { 'resolution-mode': 'import' };

/** The node-llama-cpp module namespace, passed around after the one dynamic import below. */
export type LlamaModule = typeof NodeLlamaCpp;

let loading: Promise<LlamaModule> | undefined;

/**
 * node-llama-cpp is an ES module with top-level await, which `require()` cannot load; this is the only
 * place it is imported, with a real dynamic `import()` (scripts/register.js keeps it one under swc).
 */
export function loadLlamaModule(): Promise<LlamaModule> {
  loading ??= import('node-llama-cpp');
  return loading;
}
