import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { debianProgram } from './debian.ts';
import { startProgram } from './processes.ts';

/** The nginx binary, installing Debian's package when missing. */
export const nginxBinary = (): string => debianProgram(['/usr/sbin/nginx', '/usr/bin/nginx'], 'nginx-light');

/**
 * The reference proxy: one worker, upstream keep-alive, same prefix stripping as the gateway
 * (`/api/catalog/x` → `/x`), no access log — the fastest honest configuration of the same hop.
 */
export function startNginx(dir: string, port: number, upstreams: string[]): void {
  const config = `
worker_processes 1;
daemon off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'nginx-error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir};
  proxy_temp_path ${dir};
  fastcgi_temp_path ${dir};
  uwsgi_temp_path ${dir};
  scgi_temp_path ${dir};
  upstream catalog {
${upstreams.map((u) => `    server ${u.replace(/^https?:\/\//, '')};`).join('\n')}
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${port};
    location /api/catalog/ {
      proxy_pass http://catalog/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For $remote_addr;
    }
  }
}
`;
  const file = join(dir, 'nginx.conf');
  writeFileSync(file, config);
  startProgram(nginxBinary(), ['-c', file, '-p', dir]);
}
