import fs from 'node:fs';
import path from 'node:path';

/** Where `npx vite build --config apps/admin/vite.config.ts` writes the panel. */
export const ADMIN_DIST = path.join('apps', 'admin', 'dist');

/**
 * The built panel's folder: found by walking up from this file (it runs from apps/api/src in
 * development and tests, from dist/apps/api/… once compiled) to the repository root.
 */
export function findAdminDist(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'apps', 'admin'))) return path.join(dir, ADMIN_DIST);
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(ADMIN_DIST);
    dir = parent;
  }
}

/** Paths that belong to the server, never to the panel's client-side routes. */
const SERVER_PREFIXES = ['/api', '/webhooks', '/health', '/metrics'];

export function isPanelRoute(urlPath: string): boolean {
  return !SERVER_PREFIXES.some((prefix) => urlPath === prefix || urlPath.startsWith(`${prefix}/`));
}

export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cria admin panel not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">
<h1>The admin panel has not been built yet</h1>
<p>The API is running, but the panel's files (<code>apps/admin/dist</code>) are missing. Build them, then reload:</p>
<pre style="background: #f3f3f3; padding: 1rem; overflow-x: auto">npx vite build --config apps/admin/vite.config.ts</pre>
<p>The admin API itself answers under <a href="/api/docs">/api/docs</a>.</p>
</body></html>
`;
