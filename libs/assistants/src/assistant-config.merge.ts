import { ValidationException } from '@cria/core';
import { defaultAssistantConfig, type AssistantConfig, type AssistantTool } from './assistant-config';
import type { CreateAssistantDto, ToolDto, UpdateAssistantDto } from './assistant.dto';

export const DEFAULT_TOOL_TIMEOUT_MS = 10_000;

/** The configuration fields of a create or update request (not the name, which is not versioned). */
export type AssistantConfigPatch = Omit<UpdateAssistantDto | CreateAssistantDto, 'name'>;

/** Keeps the keys that were sent: undefined means "not given", null means "clear" (optional fields). */
function given<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function withoutNulls<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as T;
}

function toTool(input: ToolDto, index: number): AssistantTool {
  const host = new URL(input.http.url).hostname.toLowerCase();
  const allowHosts = input.allowHosts?.length ? input.allowHosts.map((h) => h.toLowerCase()) : [host];
  if (!allowHosts.includes(host)) {
    const message = `tools.${index}.allowHosts must include the host of http.url (${host})`;
    throw new ValidationException(message, { [`tools.${index}.allowHosts`]: [message] });
  }
  return {
    name: input.name,
    description: input.description,
    parameters: input.parameters ?? { type: 'object', properties: {} },
    http: {
      url: input.http.url,
      method: input.http.method,
      headers: input.http.headers ?? {},
      timeoutMs: input.http.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS,
    },
    allowHosts: [...new Set(allowHosts)],
  };
}

function toTools(tools: ToolDto[]): AssistantTool[] {
  const seen = new Set<string>();
  return tools.map((tool, index) => {
    if (seen.has(tool.name)) {
      const message = `tools.${index}.name "${tool.name}" is used by another tool`;
      throw new ValidationException(message, { [`tools.${index}.name`]: [message] });
    }
    seen.add(tool.name);
    return toTool(tool, index);
  });
}

/**
 * Applies a create or update request to a configuration: scalar fields replace, nested objects merge key by
 * key, lists (tools, phrases) replace whole, and null clears an optional field.
 */
export function mergeAssistantConfig(base: AssistantConfig, patch: AssistantConfigPatch): AssistantConfig {
  const scalars = given({
    instructions: patch.instructions,
    persona: patch.persona,
    greeting: patch.greeting,
  });
  const merged: AssistantConfig = {
    ...base,
    ...scalars,
    model: withoutNulls({ ...base.model, ...given(patch.model) }) as AssistantConfig['model'],
    handover: { ...base.handover, ...given(patch.handover) },
    optOut: { ...base.optOut, ...given(patch.optOut) },
    fallbackReplies: { ...base.fallbackReplies, ...given(patch.fallbackReplies) },
    guardrails: withoutNulls({
      ...base.guardrails,
      ...given(patch.guardrails),
    }) as AssistantConfig['guardrails'],
    tools: patch.tools ? toTools(patch.tools) : base.tools,
    knowledge: { ...base.knowledge, ...given(patch.knowledge) },
  };
  if (patch.closedWindowTemplate === null) delete merged.closedWindowTemplate;
  else if (patch.closedWindowTemplate)
    merged.closedWindowTemplate = {
      name: patch.closedWindowTemplate.name,
      language: patch.closedWindowTemplate.language,
    };
  return merged;
}

/** Stable comparison of two configurations (key order does not matter). */
export function sameConfig(a: AssistantConfig, b: AssistantConfig): boolean {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : typeof value === 'object' && value !== null
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
          )
        : value;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** A stored configuration with defaults filled in for fields added after it was written. */
export function completeConfig(
  stored: Partial<AssistantConfig>,
  defaults: AssistantConfig = defaultAssistantConfig(),
): AssistantConfig {
  return {
    ...defaults,
    ...stored,
    model: { ...defaults.model, ...stored.model },
    handover: { ...defaults.handover, ...stored.handover },
    optOut: { ...defaults.optOut, ...stored.optOut },
    fallbackReplies: { ...defaults.fallbackReplies, ...stored.fallbackReplies },
    guardrails: { ...defaults.guardrails, ...stored.guardrails },
    tools: stored.tools ?? defaults.tools,
    knowledge: { ...defaults.knowledge, ...stored.knowledge },
  };
}
