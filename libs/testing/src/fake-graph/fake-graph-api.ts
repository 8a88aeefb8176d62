import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  answerMessages,
  answerNode,
  missingToken,
  unknownPath,
  unknownVersion,
  type Answer,
  type PhoneNumberInfo,
} from './fake-graph-answers';
import { metaErrorBody, type MetaErrorSpec } from './meta-errors';

export interface RecordedRequest {
  method: string;
  /** Path without the query, e.g. `/v23.0/1234/messages`. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (undefined when empty or not JSON). */
  body: unknown;
  rawBody: string;
  /** Which TCP connection carried it (1, 2, …): equal ids mean a reused keep-alive connection. */
  socketId: number;
  at: Date;
  /** What the fake answered (unset while pending, or when it hung or reset). */
  response?: { status: number; body: unknown };
}

export interface MatchOptions {
  /** Only requests whose path contains this string (or matches this pattern). */
  path?: string | RegExp;
  /** How many matching requests it applies to. */
  times?: number;
}

export interface FailOptions extends MatchOptions, MetaErrorSpec {
  /** HTTP status (default 400; 500 for codes 1 and 2; 429 for 130429/4/80007 is up to the test). */
  status?: number;
  headers?: Record<string, string>;
  /** Also wait this long before answering. */
  delayMs?: number;
}

type Action =
  | { type: 'answer'; answer: Answer; delayMs: number }
  | { type: 'delay'; ms: number }
  | { type: 'hang' }
  | { type: 'reset' };

interface Rule {
  match: string | RegExp | undefined;
  remaining: number;
  action: Action;
}

/**
 * A local stand-in for graph.facebook.com: a real HTTP server on 127.0.0.1 (random port) that records
 * every request and answers like Meta — or fails, delays, hangs or drops the connection on demand.
 */
export class FakeGraphApi {
  readonly requests: RecordedRequest[] = [];
  private readonly rules: Rule[] = [];
  private readonly sockets = new Map<Socket, number>();
  private readonly phoneNumbers = new Map<string, PhoneNumberInfo>();
  private readonly waiters = new Set<() => void>();
  private connections = 0;

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeGraphApi> {
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const fake = new FakeGraphApi(server, `http://127.0.0.1:${port}`);
    server.on('connection', (socket: Socket) => {
      fake.connections += 1;
      fake.sockets.set(socket, fake.connections);
      socket.once('close', () => fake.sockets.delete(socket));
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      fake.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(error));
      });
    });
    return fake;
  }

  /** TCP connections accepted so far. */
  get connectionCount(): number {
    return this.connections;
  }

  /** Answer the next matching request(s) with Meta's error shape (default once, HTTP 400). */
  failNext(options: FailOptions): void {
    const status = options.status ?? (options.code === 1 || options.code === 2 ? 500 : 400);
    this.rules.push({
      match: options.path,
      remaining: options.times ?? 1,
      action: {
        type: 'answer',
        answer: { status, body: metaErrorBody(options), headers: options.headers },
        delayMs: options.delayMs ?? 0,
      },
    });
  }

  /** Answer the next matching request(s) with any status and body (a string body is sent verbatim). */
  respondNext(answer: Answer & MatchOptions & { delayMs?: number }): void {
    this.rules.push({
      match: answer.path,
      remaining: answer.times ?? 1,
      action: { type: 'answer', answer, delayMs: answer.delayMs ?? 0 },
    });
  }

  /** Wait `ms` before answering matching requests (default: all of them until {@link clear}). */
  delay(ms: number, options: MatchOptions = {}): void {
    this.rules.push({
      match: options.path,
      remaining: options.times ?? Number.POSITIVE_INFINITY,
      action: { type: 'delay', ms },
    });
  }

  /** Read the request, then never answer (default once): the client times out after sending. */
  hang(options: MatchOptions = {}): void {
    this.rules.push({ match: options.path, remaining: options.times ?? 1, action: { type: 'hang' } });
  }

  /** Read the request, then drop the connection without answering (default once). */
  resetConnection(options: MatchOptions = {}): void {
    this.rules.push({ match: options.path, remaining: options.times ?? 1, action: { type: 'reset' } });
  }

  /** Makes `GET /{version}/{id}` answer as this WhatsApp phone number. */
  registerPhoneNumber(id: string, info: PhoneNumberInfo): void {
    this.phoneNumbers.set(id, info);
  }

  /** Resolves once at least `count` requests were received (their bodies read). */
  async waitForRequests(count: number, options: { timeoutMs?: number } = {}): Promise<RecordedRequest[]> {
    const timeoutMs = options.timeoutMs ?? 2_000;
    if (this.requests.length >= count) return this.requests.slice();
    return new Promise<RecordedRequest[]>((resolve, reject) => {
      const check = (): void => {
        if (this.requests.length < count) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(this.requests.slice());
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `FakeGraphApi: expected ${count} requests within ${timeoutMs} ms, got ${this.requests.length}`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /** Forgets recorded requests and every failNext/delay/hang/reset rule. */
  clear(): void {
    this.requests.length = 0;
    this.rules.length = 0;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private take(path: string): Action[] {
    const actions: Action[] = [];
    for (const rule of this.rules) {
      if (rule.remaining <= 0) continue;
      const matches =
        rule.match === undefined ||
        (typeof rule.match === 'string' ? path.includes(rule.match) : rule.match.test(path));
      if (!matches) continue;
      rule.remaining -= 1;
      actions.push(rule.action);
      if (rule.action.type !== 'delay') break;
    }
    return actions;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    let body: unknown;
    try {
      body = rawBody === '' ? undefined : (JSON.parse(rawBody) as unknown);
    } catch {
      body = undefined;
    }
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
      rawBody,
      socketId: this.sockets.get(req.socket) ?? 0,
      at: new Date(),
    };
    this.requests.push(recorded);
    for (const waiter of [...this.waiters]) waiter();

    let answer: Answer | undefined;
    for (const action of this.take(url.pathname)) {
      if (action.type === 'delay') await sleep(action.ms);
      else if (action.type === 'hang') return;
      else if (action.type === 'reset') {
        req.socket.destroy();
        return;
      } else {
        if (action.delayMs > 0) await sleep(action.delayMs);
        answer = action.answer;
      }
    }
    answer ??= this.defaultAnswer(recorded, rawBody);
    recorded.response = { status: answer.status, body: answer.body };
    if (res.destroyed) return;
    // A string body is sent verbatim (HTML error pages, broken JSON); anything else as JSON.
    const raw = typeof answer.body === 'string';
    res.writeHead(answer.status, {
      'content-type': raw ? 'text/html; charset=UTF-8' : 'application/json; charset=UTF-8',
      ...answer.headers,
    });
    res.end(raw ? answer.body : JSON.stringify(answer.body));
  }

  private defaultAnswer(request: RecordedRequest, rawBody: string): Answer {
    const match = /^\/(v\d+\.\d+)\/([^/]+)(?:\/([^/]+))?\/?$/.exec(request.path);
    if (!match) return unknownVersion(request.path);
    const auth = request.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7).trim() : (request.query.access_token ?? '');
    if (token === '') return missingToken();
    const [, , id, edge] = match;
    if (request.method === 'POST' && edge === 'messages') {
      if (rawBody !== '' && request.body === undefined)
        return { status: 400, body: metaErrorBody({ code: 100, message: 'Invalid JSON' }) };
      return answerMessages(request.body);
    }
    if (request.method === 'GET' && edge === undefined)
      return answerNode(decodeURIComponent(id), request.query.fields ?? '', this.phoneNumbers);
    return unknownPath(request.method, request.path);
  }
}
