import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { offlineShell } from './src/pos/offline/shell-plugin.ts';

/**
 * Built into dist/ and served by the gateway at `/`. In `npm run dev -w @comptoir/web` the dev
 * server proxies `/api` to a running platform (`npm start`), so the app only ever calls its origin.
 * `offlineShell()` writes dist/sw.js, the service worker that keeps the shell for the offline register.
 */
export default defineConfig({
  plugins: [react(), offlineShell()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': process.env.COMPTOIR_GATEWAY_URL ?? 'http://localhost:8080' } },
});
