import { currentContext } from '../logging/context.ts';
import type { HttpMethod, HttpRequest, HttpResponse } from './client.ts';

/** A call ready for the wire, sent as is by every attempt. */
export interface PreparedCall {
  method: HttpMethod;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  timeoutMs: number;
}

/**
 * Puts a call in wire form: header names in lower case, the work context's ids unless the caller
 * set its own, the body as JSON, the base path and query on the path.
 *
 * @example
 * prepareCall({ method: 'GET', path: '/products', query: { q: 'pain' } }, '/v1', 3_000);
 * // → { method: 'GET', path: '/v1/products?q=pain', headers: { accept: 'application/json', … }, … }
 */
export function prepareCall(input: HttpRequest, prefix: string, defaultTimeoutMs: number): PreparedCall {
  const headers: Record<string, string> = { accept: 'application/json' };
  const context = currentContext();
  if (context) {
    headers['x-request-id'] = context.requestId;
    headers['x-correlation-id'] = context.correlationId;
  }
  for (const [name, value] of Object.entries(input.headers ?? {})) headers[name.toLowerCase()] = value;
  const body = input.body === undefined ? undefined : JSON.stringify(input.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(input.query ?? {})) {
    if (value !== undefined) query.append(name, String(value));
  }
  const search = query.size > 0 ? `?${query}` : '';
  const timeoutMs = input.timeoutMs ?? defaultTimeoutMs;
  return { method: input.method, path: `${prefix}${input.path}${search}`, headers, body, timeoutMs };
}

/**
 * The JSON body of a response, or `undefined` when it is empty, not JSON, or malformed.
 *
 * @example
 * parseJsonBody({ 'content-type': 'application/problem+json' }, '{"status":404}'); // → { status: 404 }
 */
export function parseJsonBody(headers: HttpResponse['headers'], text: string): unknown {
  const type = headers['content-type'];
  if (text === '' || typeof type !== 'string' || !type.includes('json')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
