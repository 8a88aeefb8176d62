import { Logger } from '@nestjs/common';
import { Agent, request, type Dispatcher } from 'undici';
import { graphErrorFromNetwork, graphErrorFromResponse } from './error-classification';
import { GraphApiError } from './graph-api.error';

export interface GraphApiClientOptions {
  /** `META_GRAPH_URL`, e.g. `https://graph.facebook.com` (tests: the fake server's URL). */
  graphUrl: string;
  /** `META_GRAPH_VERSION`, e.g. `v23.0`. */
  graphVersion: string;
  /** Longest wait for Meta's answer once the request is sent (default 10 s; undici's timers are coarse, ±1 s). */
  timeoutMs?: number;
  /** Longest wait to open a connection (default min(timeoutMs, 5 s)). */
  connectTimeoutMs?: number;
  /** How long an idle keep-alive connection is kept for reuse (default 30 s). */
  keepAliveTimeoutMs?: number;
  /** Most concurrent connections to the Graph host (default 64). */
  connections?: number;
  /** Use this dispatcher instead of the client's own keep-alive Agent (not closed by `close()`). */
  dispatcher?: Dispatcher;
}

export interface GraphCallOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  query?: Readonly<Record<string, string>>;
}

/**
 * A small Graph API client: JSON over one keep-alive connection pool, Bearer token per call, timeouts
 * that tell "never sent" from "sent but unanswered", and every failure thrown as a classified
 * {@link GraphApiError}. It knows no channel; the senders build paths and bodies.
 */
export class GraphApiClient {
  private readonly logger = new Logger(GraphApiClient.name);
  private readonly base: string;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly timeoutMs: number;
  private readonly connectTimeoutMs: number;

  constructor(options: GraphApiClientOptions) {
    const version = options.graphVersion.replace(/^\/+|\/+$/g, '');
    if (!/^v\d+\.\d+$/.test(version))
      throw new Error(`graphVersion must look like "v23.0", got "${options.graphVersion}"`);
    const url = new URL(options.graphUrl);
    this.base = `${url.origin}${url.pathname.replace(/\/+$/, '')}/${version}`;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? Math.min(this.timeoutMs, 5_000);
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher =
      options.dispatcher ??
      new Agent({
        connections: options.connections ?? 64,
        keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
        keepAliveMaxTimeout: Math.max(options.keepAliveTimeoutMs ?? 30_000, 60_000),
        connect: { timeout: this.connectTimeoutMs },
      });
  }

  /** `{graphUrl}/{version}/{segments…}`, each segment URL-encoded. */
  url(segments: readonly string[], query?: Readonly<Record<string, string>>): string {
    const path = segments.map((s) => encodeURIComponent(s)).join('/');
    const search = query && Object.keys(query).length > 0 ? `?${new URLSearchParams(query).toString()}` : '';
    return `${this.base}/${path}${search}`;
  }

  post(
    segments: readonly string[],
    body: unknown,
    accessToken: string,
    options: GraphCallOptions = {},
  ): Promise<unknown> {
    return this.call('POST', segments, accessToken, options, JSON.stringify(body));
  }

  get(segments: readonly string[], accessToken: string, options: GraphCallOptions = {}): Promise<unknown> {
    return this.call('GET', segments, accessToken, options);
  }

  /** Closes the pooled connections (only those of the client's own Agent). */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  private async call(
    method: 'GET' | 'POST',
    segments: readonly string[],
    accessToken: string,
    options: GraphCallOptions,
    body?: string,
  ): Promise<unknown> {
    if (accessToken === '')
      throw new GraphApiError('No access token for this channel', {
        classification: 'auth',
        reason: 'token_invalid',
        ambiguous: false,
      });
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new Error('Graph API deadline exceeded')),
      this.connectTimeoutMs + timeoutMs + 1_000,
    );
    const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
    const where = `${method} /${segments.join('/')}`;
    try {
      let response: Dispatcher.ResponseData;
      try {
        response = await request(this.url(segments, options.query), {
          method,
          dispatcher: this.dispatcher,
          headers: {
            authorization: `Bearer ${accessToken}`,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
          signal,
        });
      } catch (error) {
        throw graphErrorFromNetwork(error, {
          callerAborted: options.signal?.aborted === true,
          deadlineHit: deadline.signal.aborted,
        });
      }
      let text: string;
      try {
        text = await response.body.text();
      } catch (error) {
        // Headers arrived, so Meta acted on the request; only the answer was lost.
        throw graphErrorFromNetwork(error, {
          callerAborted: options.signal?.aborted === true,
          deadlineHit: deadline.signal.aborted,
        });
      }
      if (response.statusCode >= 200 && response.statusCode < 300)
        return parseJson(text, response.statusCode);
      throw graphErrorFromResponse(response.statusCode, response.headers, text);
    } catch (error) {
      if (error instanceof GraphApiError) {
        this.logger.warn(
          `${where} failed: ${error.classification}/${error.reason}` +
            `${error.code !== undefined ? ` code=${error.code}` : ''}${error.subcode !== undefined ? `/${error.subcode}` : ''}` +
            `${error.httpStatus !== undefined ? ` http=${error.httpStatus}` : ''}${error.ambiguous ? ' ambiguous' : ''}` +
            `${error.fbtraceId ? ` fbtrace=${error.fbtraceId}` : ''}`,
        );
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}

function parseJson(text: string, status: number): unknown {
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GraphApiError(`Graph API answered ${status} with a body that is not JSON`, {
      classification: 'permanent',
      reason: 'unexpected_response',
      ambiguous: true,
      httpStatus: status,
    });
  }
}
