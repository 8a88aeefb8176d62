import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type Logger, type LoggerOptions } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import { currentLogContext } from './log-context';
import { maskPhonesInText, redact } from './redaction';

export interface LoggerSettings {
  level: string;
  /** Pretty, human-readable lines for a terminal; JSON otherwise. */
  pretty?: boolean;
  /** Where lines go (tests capture them); stdout by default. */
  destination?: NodeJS.WritableStream;
}

export function pinoOptions(settings: Pick<LoggerSettings, 'level'>): LoggerOptions {
  return {
    level: settings.level,
    base: { pid: process.pid },
    mixin: () => currentLogContext(),
    formatters: { log: (object) => redact(object) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        // Mask phone numbers in the message string too, not only in the merged object.
        const masked = args.map((arg) =>
          typeof arg === 'string' ? maskPhonesInText(arg) : arg,
        ) as Parameters<typeof method>;
        method.apply(this, masked);
      },
    },
    serializers: { err: pino.stdSerializers.err },
  };
}

export function createLogger(settings: LoggerSettings): Logger {
  if (settings.pretty && !settings.destination) {
    return pino({
      ...pinoOptions(settings),
      transport: {
        target: 'pino-pretty',
        options: { singleLine: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss' },
      },
    });
  }
  return pino(pinoOptions(settings), settings.destination ?? process.stdout);
}

/** The caller's X-Request-Id when it is a sane one, else a new one; echoed in the response. */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** pino-http options: a request id on every line (and echoed in X-Request-Id), bodies never logged. */
export function httpLoggerOptions(logger: Logger): PinoHttpOptions {
  return {
    logger,
    genReqId: requestId,
    customLogLevel: (req, res, err) => {
      if (err || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      // Meta may post hundreds of webhooks a second: successful ones are logged at debug (problems at warn).
      const url = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '';
      return url.startsWith('/webhooks/') ? 'debug' : 'info';
    },
    autoLogging: { ignore: (req) => /^\/(health\/(live|ready)|metrics)(\?|$)/.test(req.url ?? '') },
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url.split('?')[0],
      }),
      res: (res: { statusCode?: number | null; raw?: { statusCode: number } }) => ({
        statusCode: res.raw?.statusCode ?? res.statusCode,
      }),
    },
  };
}
