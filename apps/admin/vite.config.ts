import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The admin panel: a single-page app built into apps/admin/dist, which the api serves at `/`.
 * `npx vite --config apps/admin/vite.config.ts` runs it in development against an api on :3000.
 */
const root = path.resolve(import.meta.dirname);

export default defineConfig({
  root,
  plugins: [react()],
  build: { outDir: path.join(root, 'dist'), emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: true },
      '/health': { target: 'http://localhost:3000', changeOrigin: true },
    },
  },
});
