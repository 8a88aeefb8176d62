import fs from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { NOT_BUILT_PAGE, isPanelRoute } from './admin-panel.files';

/**
 * The panel's files from `dist`, then index.html for every other GET/HEAD that is not a server path, so
 * client-side routes survive a reload; 503 with the build command while `dist` has no index.html.
 */
export function adminPanelHandlers(dist: string): RequestHandler[] {
  const index = path.join(dist, 'index.html');
  const files = express.static(dist, {
    index: false,
    fallthrough: true,
    setHeaders: (response, file) => {
      // Vite names assets by content hash: they never change; index.html always may
      response.setHeader(
        'Cache-Control',
        file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const fallback = (request: Request, response: Response, next: NextFunction): void => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !isPanelRoute(request.path)) return next();
    if (!fs.existsSync(index)) {
      response.status(503).type('html').setHeader('Retry-After', '60').send(NOT_BUILT_PAGE);
      return;
    }
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index, (error?: Error) => {
      if (error && !response.headersSent) next(error);
    });
  };
  return [files, fallback];
}
