import type { JsonSchema } from '../inference.types';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Closes a JSON text cut short (a reply that hit maxTokens while the grammar was still open). The grammar
 * guarantees the text is a valid prefix, so closing open strings and containers, or falling back to the
 * last point where a value was complete, always gives something JSON.parse accepts.
 */
export function closeTruncatedJson(text: string): string | undefined {
  const stack: string[] = [];
  const safePoints: Array<{ index: number; closers: string }> = [];
  const closers = () => [...stack].reverse().join('');
  let inString = false;
  let escaped = false;
  let stringIsKey = false;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (start < 0) {
      if (/\s/.test(ch)) continue;
      start = i;
    }
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') {
        inString = false;
        if (!stringIsKey) safePoints.push({ index: i + 1, closers: closers() });
      }
      continue;
    }
    if (ch === '"') {
      inString = true;
      const before = text.slice(0, i).trimEnd().at(-1);
      stringIsKey = stack.at(-1) === '}' && (before === '{' || before === ',');
    } else if (ch === '{' || ch === '[') {
      stack.push(ch === '{' ? '}' : ']');
      safePoints.push({ index: i + 1, closers: closers() });
    } else if (ch === '}' || ch === ']') {
      stack.pop();
      safePoints.push({ index: i + 1, closers: closers() });
    } else if (/[\d.eE+\-a-z]/.test(ch) && !/[\d.eE+\-a-z]/.test(text[i + 1] ?? '')) {
      safePoints.push({ index: i + 1, closers: closers() });
    }
  }
  const candidates: string[] = [];
  if (inString && !stringIsKey) {
    const body = text.replace(/\\(u[0-9a-fA-F]{0,3})?$/, '');
    candidates.push(body + '"' + closers());
  }
  candidates.push(text + closers());
  for (const point of [...safePoints].reverse()) {
    candidates.push(text.slice(0, point.index).replace(/,\s*$/, '') + point.closers);
  }
  for (const candidate of candidates) {
    try {
      JSON.parse(candidate);
      return candidate;
    } catch {
      // try the next, shorter candidate
    }
  }
  return undefined;
}

function typesOf(schema: JsonSchema): string[] {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  if ('properties' in schema) return ['object'];
  if ('items' in schema || 'prefixItems' in schema) return ['array'];
  return [];
}

function resolveRef(schema: JsonSchema, defs: Readonly<Record<string, JsonSchema>>): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const target = defs[ref.replace(/^#\/\$defs\//, '')];
  return target ?? {};
}

function matchesType(value: Json, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return true;
  }
}

/** Fills strings shorter than their schema's minLength. */
const PAD = '-';

/** Counts characters (code points), the way the grammar and messaging platforms do. */
function truncateChars(value: string, max: number): string {
  const chars = [...value];
  return chars.length <= max ? value : chars.slice(0, max).join('');
}

interface RepairState {
  repaired: boolean;
  readonly defs: Readonly<Record<string, JsonSchema>>;
}

function defaultFor(schema: JsonSchema, state: RepairState): Json {
  return repairValue(undefined, schema, state);
}

function repairValue(value: Json | undefined, rawSchema: JsonSchema, state: RepairState): Json {
  const schema = resolveRef(rawSchema, state.defs);
  const mark = <T extends Json>(next: T): T => {
    state.repaired = true;
    return next;
  };
  if ('const' in schema)
    return value !== undefined && value === schema.const ? value : mark(schema.const as Json);
  if (Array.isArray(schema.enum)) {
    const options = schema.enum as Json[];
    return value !== undefined && options.includes(value) ? value : mark(options[0] ?? null);
  }
  if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) {
    const options = (schema.oneOf ?? schema.anyOf) as JsonSchema[];
    const fitting = options.find((option) =>
      typesOf(resolveRef(option, state.defs)).some((t) => value !== undefined && matchesType(value, t)),
    );
    return repairValue(value, fitting ?? options[0] ?? {}, state);
  }
  const types = typesOf(schema);
  const type = types.find((t) => value !== undefined && matchesType(value, t)) ?? types[0];
  if (value === undefined || (type !== undefined && !matchesType(value, type))) {
    state.repaired = value !== undefined || state.repaired;
    value = undefined;
  }
  switch (type) {
    case 'string': {
      const text = typeof value === 'string' ? value : '';
      const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
      const min = typeof schema.minLength === 'number' ? Math.min(schema.minLength, max) : 0;
      let fixed = truncateChars(text, max);
      const length = [...fixed].length;
      if (length < min) fixed += PAD.repeat(min - length);
      if (value === undefined || fixed !== text) state.repaired = true;
      return fixed;
    }
    case 'number':
    case 'integer': {
      const number = typeof value === 'number' && Number.isFinite(value) ? value : 0;
      if (value === undefined) state.repaired = true;
      return type === 'integer' ? Math.trunc(number) : number;
    }
    case 'boolean':
      return typeof value === 'boolean' ? value : mark(false);
    case 'null':
      return null;
    case 'array':
      return repairArray(Array.isArray(value) ? value : undefined, schema, state);
    case 'object':
      return repairObject(value as { [key: string]: Json } | undefined, schema, state);
    default:
      return value ?? mark(null);
  }
}

function repairArray(value: Json[] | undefined, schema: JsonSchema, state: RepairState): Json[] {
  if (value === undefined) state.repaired = true;
  const items = (schema.items ?? {}) as JsonSchema;
  const prefix = (Array.isArray(schema.prefixItems) ? schema.prefixItems : []) as JsonSchema[];
  const max = typeof schema.maxItems === 'number' ? schema.maxItems : Infinity;
  const min = typeof schema.minItems === 'number' ? schema.minItems : prefix.length;
  let out = (value ?? []).map((item, i) => repairValue(item, prefix[i] ?? items, state));
  if (out.length > max) {
    out = out.slice(0, max);
    state.repaired = true;
  }
  while (out.length < min) {
    out.push(defaultFor(prefix[out.length] ?? items, state));
    state.repaired = true;
  }
  return out;
}

function repairObject(
  value: { [key: string]: Json } | undefined,
  schema: JsonSchema,
  state: RepairState,
): { [key: string]: Json } {
  if (value === undefined) state.repaired = true;
  const properties = (schema.properties ?? {}) as Readonly<Record<string, JsonSchema>>;
  const required = (Array.isArray(schema.required) ? schema.required : []) as string[];
  const out: { [key: string]: Json } = {};
  for (const [key, item] of Object.entries(value ?? {})) {
    if (key in properties) out[key] = repairValue(item, properties[key], state);
    else if (schema.additionalProperties === false) state.repaired = true;
    else out[key] = item;
  }
  for (const key of required) {
    if (!(key in out)) out[key] = defaultFor(properties[key] ?? {}, state);
  }
  return out;
}

export interface RepairResult {
  readonly value: unknown;
  readonly text: string;
  readonly repaired: boolean;
}

/**
 * Parses a structured reply and makes it satisfy the schema: completes JSON cut short, trims strings to
 * maxLength and arrays to maxItems, fills missing required fields with empty values, drops fields the
 * schema forbids. The result always parses and respects the limits, whatever the model produced.
 */
export function parseAndRepair(text: string, schema: JsonSchema): RepairResult {
  const state: RepairState = {
    repaired: false,
    defs: (schema.$defs ?? {}) as Readonly<Record<string, JsonSchema>>,
  };
  let parsed: Json | undefined;
  try {
    parsed = JSON.parse(text) as Json;
  } catch {
    state.repaired = true;
    const closed = closeTruncatedJson(text);
    parsed = closed === undefined ? undefined : (JSON.parse(closed) as Json);
  }
  const value = repairValue(parsed, schema, state);
  return { value, text: state.repaired ? JSON.stringify(value) : text.trim(), repaired: state.repaired };
}
