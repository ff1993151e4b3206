import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientCredentials } from '../src/auth/client-credentials.ts';

/** What the endpoint received, one entry per token request. */
interface Seen {
  authorization: string | undefined;
  contentType: string | undefined;
  form: URLSearchParams;
}

/**
 * A token endpoint in the spirit of identity's: HTTP Basic client authentication, a form body,
 * `expires_in` as the test sets it, a fresh token each time, and a delay so concurrent callers
 * really overlap one request.
 */
let server: Server;
let tokenUrl: string;
const seen: Seen[] = [];
let expiresIn = 900;
let failWith: number | undefined;
const CLIENT = { id: 'ordering', secret: 'a secret with spaces, + and % signs' };

function read(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    request.on('data', (chunk) => {
      text += chunk;
    });
    request.on('end', () => resolve(text));
  });
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const form = new URLSearchParams(await read(request));
    seen.push({
      authorization: request.headers.authorization,
      contentType: request.headers['content-type'],
      form,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    response.setHeader('content-type', 'application/json');
    if (failWith) {
      response.statusCode = failWith;
      response.end(JSON.stringify({ error: 'invalid_client', error_description: 'no' }));
      return;
    }
    response.end(
      JSON.stringify({
        access_token: `token-${seen.length}`,
        token_type: 'Bearer',
        expires_in: expiresIn,
        scope: form.get('scope') ?? 'stock:write',
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/token`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
  expiresIn = 900;
  failWith = undefined;
});

const credentials = (scope?: string) =>
  clientCredentials({
    tokenUrl,
    clientId: CLIENT.id,
    clientSecret: CLIENT.secret,
    ...(scope ? { scope } : {}),
  });

describe('client credentials', () => {
  it('asks with the client_credentials grant in a form, authenticated by HTTP Basic, and answers a bearer header', async () => {
    const header = await credentials('stock:write payments:write').header();
    expect(header).toBe('Bearer token-1');
    const [request] = seen;
    expect(request?.contentType).toBe('application/x-www-form-urlencoded');
    expect(request?.form.get('grant_type')).toBe('client_credentials');
    expect(request?.form.get('scope')).toBe('stock:write payments:write');
    // RFC 6749 §2.3.1: form-encoded, then base64.
    const basic = Buffer.from(request?.authorization?.replace(/^Basic /, '') ?? '', 'base64').toString();
    const [id, secret] = basic.split(':').map((part) => new URLSearchParams(`v=${part}`).get('v'));
    expect({ id, secret }).toEqual({ id: CLIENT.id, secret: CLIENT.secret });
  });

  it('asks for no scope when none is given: the client gets all of its own', async () => {
    await credentials().header();
    expect(seen[0]?.form.has('scope')).toBe(false);
  });

  it('fetches one token for fifty concurrent callers, and serves later callers from the cache', async () => {
    const client = credentials();
    const headers = await Promise.all(Array.from({ length: 50 }, () => client.header()));
    expect(seen).toHaveLength(1);
    expect(new Set(headers)).toEqual(new Set(['Bearer token-1']));
    expect(await client.header()).toBe('Bearer token-1');
    expect(seen).toHaveLength(1);
  });

  it('fetches a new token once the cached one is near its expiry', async () => {
    // Two seconds to live: renewed halfway, since the 30 s margin would exceed its whole life.
    expiresIn = 2;
    const client = credentials();
    expect(await client.header()).toBe('Bearer token-1');
    expect(await client.header()).toBe('Bearer token-1');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const renewed = await Promise.all([client.header(), client.header(), client.header()]);
    expect(renewed).toEqual(['Bearer token-2', 'Bearer token-2', 'Bearer token-2']);
    expect(seen).toHaveLength(2);
  });

  it('rejects every waiting caller when the endpoint refuses, without the secret in the error, and asks again on the next call', async () => {
    failWith = 401;
    const client = credentials();
    const results = await Promise.allSettled([client.header(), client.header(), client.header()]);
    expect(seen).toHaveLength(1);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      const message = String((result as PromiseRejectedResult).reason?.message);
      expect(message).toContain('401');
      expect(message).toContain('invalid_client');
      expect(message).not.toContain(CLIENT.secret);
    }
    failWith = undefined;
    expect(await client.header()).toBe('Bearer token-2');
    expect(seen).toHaveLength(2);
  });

  it('rejects when the endpoint cannot be reached', async () => {
    const client = clientCredentials({
      tokenUrl: 'http://127.0.0.1:1/oauth/token',
      clientId: 'x',
      clientSecret: 'y',
    });
    await expect(client.header()).rejects.toThrow();
  });

  it('fetches again after invalidate: a downstream refused the cached token', async () => {
    const client = credentials();
    await client.header();
    client.invalidate();
    expect(await client.header()).toBe('Bearer token-2');
  });
});
