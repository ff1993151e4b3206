import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyReply } from 'fastify';

/**
 * Headers that describe one connection, not the message (RFC 9110 §7.6.1), so they stop at
 * each hop. `expect` is answered by Node itself and undici refuses it; `host` is the upstream's.
 */
const REQUEST_DROPPED = new Set([
  'connection',
  'keep-alive',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
  'host',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-request-id',
  'x-correlation-id',
]);

/** `x-request-id`/`x-correlation-id` are the gateway's own, already set on the reply by the kit. */
const RESPONSE_DROPPED = new Set([
  'connection',
  'keep-alive',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'x-request-id',
  'x-correlation-id',
]);

/** Headers a sender named in `Connection` are hop-by-hop too; usually there are none. */
function listedInConnection(connection: string | string[] | undefined): Set<string> | undefined {
  if (typeof connection !== 'string') return undefined;
  const value = connection.toLowerCase();
  if (value === 'keep-alive' || value === 'close') return undefined;
  return new Set(value.split(',').map((token) => token.trim()));
}

const isHopByHop = (name: string, dropped: Set<string>, listed: Set<string> | undefined): boolean =>
  dropped.has(name) || name.startsWith('proxy-') || (listed?.has(name) ?? false);

export interface ForwardingFacts {
  requestId: string;
  correlationId: string;
  clientIp: string | undefined;
  protocol: string;
  /** Keep `x-forwarded-proto`/`-host` from a trusted edge in front of the gateway. */
  trustForwarded: boolean;
}

/** The headers sent upstream: the client's, minus hop-by-hop ones, plus forwarding and ids. */
export function upstreamRequestHeaders(
  incoming: IncomingHttpHeaders,
  facts: ForwardingFacts,
): Record<string, string | string[]> {
  const listed = listedInConnection(incoming.connection);
  const headers: Record<string, string | string[]> = {};
  for (const name in incoming) {
    const value = incoming[name];
    if (value !== undefined && !isHopByHop(name, REQUEST_DROPPED, listed)) headers[name] = value;
  }
  headers['x-request-id'] = facts.requestId;
  headers['x-correlation-id'] = facts.correlationId;
  const priorFor = incoming['x-forwarded-for'];
  const clientIp = facts.clientIp ?? 'unknown';
  headers['x-forwarded-for'] = priorFor ? `${priorFor}, ${clientIp}` : clientIp;
  const priorProto = facts.trustForwarded ? incoming['x-forwarded-proto'] : undefined;
  headers['x-forwarded-proto'] = priorProto ?? facts.protocol;
  const host = (facts.trustForwarded ? incoming['x-forwarded-host'] : undefined) ?? incoming.host;
  if (host) headers['x-forwarded-host'] = host;
  return headers;
}

/** Copies the upstream's response headers onto the reply, minus hop-by-hop ones. */
export function copyResponseHeaders(upstream: IncomingHttpHeaders, reply: FastifyReply): void {
  const listed = listedInConnection(upstream.connection);
  for (const name in upstream) {
    const value = upstream[name];
    if (value !== undefined && !isHopByHop(name, RESPONSE_DROPPED, listed)) reply.header(name, value);
  }
}
