import { Agent, request } from 'undici';
import type { ToolCallRecord, ToolDefinition } from '../inference.types';
import { checkToolUrl, guardedLookup, ToolHostRefusedError } from './host-guard';

export interface ToolExecutorOptions {
  readonly allowPrivateHosts: boolean;
  readonly defaultTimeoutMs: number;
  readonly maxResponseBytes: number;
}

export interface ToolOutcome {
  readonly record: ToolCallRecord;
  /** What the model reads as the function's result. */
  readonly result: unknown;
}

class ToolTimeoutError extends Error {}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}

function queryValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Performs the HTTP call behind a tool: allow-listed hosts only, private addresses refused (also at connect
 * time), no redirects followed, a timeout, and a bounded response. GET and DELETE send the arguments as
 * query parameters, the other methods as a JSON body. Failures become results the model can read.
 */
export class ToolExecutor {
  private readonly agent: Agent;

  constructor(private readonly options: ToolExecutorOptions) {
    this.agent = new Agent({ connect: { lookup: guardedLookup(options.allowPrivateHosts) } });
  }

  async execute(tool: ToolDefinition, args: unknown, signal: AbortSignal): Promise<ToolOutcome> {
    const started = performance.now();
    const finish = (
      status: ToolCallRecord['status'],
      result: unknown,
      extra: Partial<ToolCallRecord> = {},
    ): ToolOutcome => ({
      record: {
        name: tool.name,
        args,
        status,
        durationMs: Math.round(performance.now() - started),
        ...extra,
      },
      result,
    });
    let url: URL;
    try {
      url = new URL(tool.http.url);
      await checkToolUrl(url, tool.allowHosts, this.options.allowPrivateHosts);
    } catch (error) {
      const message =
        error instanceof ToolHostRefusedError ? error.message : `invalid tool URL: ${describe(error)}`;
      return finish('refused', { error: message }, { error: message });
    }
    const method = tool.http.method ?? 'POST';
    const withQuery = method === 'GET' || method === 'DELETE';
    if (withQuery && args && typeof args === 'object') {
      for (const [key, value] of Object.entries(args as Record<string, unknown>))
        url.searchParams.set(key, queryValue(value));
    }
    const timeoutMs = tool.http.timeoutMs ?? this.options.defaultTimeoutMs;
    const timeout = new AbortController();
    const timer = setTimeout(
      () => timeout.abort(new ToolTimeoutError(`tool ${tool.name} timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
    try {
      const response = await request(url, {
        method,
        dispatcher: this.agent,
        signal: AbortSignal.any([signal, timeout.signal]),
        headers: {
          accept: 'application/json, text/plain;q=0.9',
          ...(withQuery ? {} : { 'content-type': 'application/json' }),
          ...tool.http.headers,
        },
        body: withQuery ? undefined : JSON.stringify(args ?? {}),
      });
      const body = await this.readBounded(response.body);
      const contentType = String(response.headers['content-type'] ?? '');
      const result = contentType.includes('json') ? parseJson(body) : body;
      if (response.statusCode >= 200 && response.statusCode < 300)
        return finish('ok', result, { httpStatus: response.statusCode });
      const error = `HTTP ${response.statusCode}`;
      return finish('http_error', { error, body: result }, { httpStatus: response.statusCode, error });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (timeout.signal.aborted)
        return finish(
          'timeout',
          { error: describe(timeout.signal.reason) },
          { error: describe(timeout.signal.reason) },
        );
      const refused = findRefusal(error);
      if (refused) return finish('refused', { error: refused.message }, { error: refused.message });
      return finish('failed', { error: describe(error) }, { error: describe(error) });
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private async readBounded(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= this.options.maxResponseBytes) {
        body.destroy();
        break;
      }
    }
    return Buffer.concat(chunks).subarray(0, this.options.maxResponseBytes).toString('utf8');
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function findRefusal(error: unknown): ToolHostRefusedError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof ToolHostRefusedError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
