/**
 * Vite plugin (build only): writes dist/sw.js from service-worker.js with the list of files the
 * build emitted and a version derived from it, so each build's worker precaches exactly its own
 * shell. Hand-written rather than vite-plugin-pwa/Workbox: forty lines of worker under the app's
 * strict CSP (`worker-src 'self'`, no inline script), no generated runtime to audit.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

const TEMPLATE = new URL('./service-worker.js', import.meta.url);

export function offlineShell(): Plugin {
  return {
    name: 'comptoir-offline-shell',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((file) => !file.endsWith('.map') && file !== 'index.html' && file !== 'sw.js')
        .sort();
      const html = bundle['index.html'];
      const version = createHash('sha256')
        .update(files.join('\n'))
        .update(html?.type === 'asset' ? html.source : '')
        .digest('hex')
        .slice(0, 16);
      const source = readFileSync(TEMPLATE, 'utf8')
        .replace("'__SHELL_FILES__'", JSON.stringify(files))
        .replace('__SHELL_VERSION__', version);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}
