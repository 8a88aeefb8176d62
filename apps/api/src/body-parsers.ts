import { Logger } from '@nestjs/common';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

/** Largest request body accepted, webhooks included (Meta's batches stay far below it). */
export const BODY_LIMIT = '1mb';

const logger = new Logger('BodyParser');

/**
 * Body-parser errors (too large, malformed JSON) answered as JSON with a code, and logged with the reason,
 * instead of Express's default HTML page.
 */
function withJsonErrors(parser: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    void parser(req, res, (error?: unknown) => {
      if (!error) return next();
      const status = (error as { status?: number }).status ?? 400;
      const type = (error as { type?: string }).type ?? 'invalid_body';
      const code = status === 413 ? 'payload_too_large' : 'invalid_body';
      logger.warn({ path: req.path, status, reason: type, ip: req.ip }, 'request body refused');
      res.status(status).json({
        statusCode: status,
        code,
        message:
          status === 413 ? `Request body is larger than ${BODY_LIMIT}` : 'Request body is not valid JSON',
      });
    });
  };
}

/** JSON and form bodies for the API (webhook bodies are read as raw bytes by WebhookReceiver). */
export const jsonBody = withJsonErrors(express.json({ limit: BODY_LIMIT }));
export const formBody = withJsonErrors(express.urlencoded({ limit: BODY_LIMIT, extended: false }));
