import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Built into dist/ and served by the gateway at `/`. In `npm run dev -w @comptoir/web` the dev
 * server proxies `/api` to a running platform (`npm start`), so the app only ever calls its origin.
 */
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': process.env.COMPTOIR_GATEWAY_URL ?? 'http://localhost:8080' } },
});
