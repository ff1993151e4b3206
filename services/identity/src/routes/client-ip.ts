import type { IncomingMessage } from 'node:http';
import proxyaddr from '@fastify/proxy-addr';

/**
 * The caller's address for per-IP sign-in throttling. Behind the gateway every request comes
 * from the gateway, so its `X-Forwarded-For` is believed — from trusted peers only (proxy-addr
 * rules, e.g. `loopback,10.0.0.0/8`), or anyone could pick an address per guess. The kit's app
 * does not enable Fastify's `trustProxy`, hence this.
 */
export function clientIpResolver(trusted: string): (request: { raw: IncomingMessage }) => string {
  const trust = proxyaddr.compile(
    trusted
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  );
  return (request) => proxyaddr(request.raw, trust);
}
