import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conflict } from '../src/errors/errors.ts';
import { createHttpApp, type HttpApp } from '../src/http/app.ts';
import { currentContext } from '../src/logging/context.ts';
import { createLogger } from '../src/logging/logger.ts';
import { createMetrics } from '../src/metrics/metrics.ts';

let app: HttpApp;
let dbUp = true;

beforeAll(async () => {
  app = await createHttpApp({
    service: 'demo',
    version: '1.0.0',
    logger: createLogger('demo', { level: 'silent', pretty: false }),
    metrics: createMetrics('demo'),
    readiness: {
      db: async () => {
        if (!dbUp) throw new Error('connection refused');
      },
    },
    bodyLimit: 1024,
  });
  const Item = Type.Object(
    { name: Type.String({ minLength: 1 }), price: Type.Object({ amount: Type.Integer({ minimum: 0 }) }) },
    { additionalProperties: false },
  );
  app.post('/items', { schema: { body: Item } }, async (request, reply) =>
    reply.status(201).send(request.body),
  );
  app.get('/items/:id', { schema: { params: Type.Object({ id: Type.Integer() }) } }, async (request) => ({
    id: request.params.id,
    context: currentContext(),
  }));
  app.get('/taken', async () => {
    throw conflict('DEMO_TAKEN', 'That name is taken.');
  });
  app.get('/nul', async () => {
    // What PostgreSQL throws when asked to store a NUL character in text.
    throw Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
  });
  app.get('/surrogate', async () => {
    // What PostgreSQL's jsonb says of a lone surrogate ("\udfff") in a JSON string.
    throw Object.assign(new Error('invalid input syntax for type json'), {
      code: '22P02',
      detail: 'Unicode low surrogate must follow a high surrogate.',
    });
  });
  app.get('/db-gone', async () => {
    // What node-postgres throws when the server terminated the connection (a restart, a failover).
    throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
  });
  app.get('/boom', async () => {
    throw new Error('secret internals at /srv/app.ts:42');
  });
  await app.ready();
});
afterAll(() => app.close());

const post = (payload: string, contentType = 'application/json') =>
  app.inject({ method: 'POST', url: '/items', payload, headers: { 'content-type': contentType } });

describe('the kit HTTP app', () => {
  it('accepts a valid body', async () => {
    const response = await post(JSON.stringify({ name: 'Café', price: { amount: 450 } }));
    expect(response.statusCode).toBe(201);
  });

  it.each([
    ['malformed JSON', '{"name": "Café",', 400],
    ['a wrong type', JSON.stringify({ name: 'Café', price: { amount: '450' } }), 400],
    ['a price with decimals', JSON.stringify({ name: 'Café', price: { amount: 4.5 } }), 400],
    ['an unknown field', JSON.stringify({ name: 'Café', price: { amount: 450 }, colour: 'red' }), 400],
    ['an oversized body', JSON.stringify({ name: 'x'.repeat(2000), price: { amount: 1 } }), 413],
  ])('answers %s with a problem+json %i, never a 500', async (_what, payload, status) => {
    const response = await post(payload);
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(problem).toMatchObject({
      status,
      title: expect.any(String),
      type: expect.stringMatching(/^urn:/),
    });
    expect(JSON.stringify(problem)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('points field problems at the field', async () => {
    const response = await post(JSON.stringify({ name: 'Café', price: { amount: 4.5 }, colour: 'red' }));
    const pointers = response.json().errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toContain('/body/price/amount');
    expect(pointers).toContain('/body/colour');
  });

  it('answers an unsupported media type with 415', async () => {
    for (const contentType of ['application/x-www-form-urlencoded', 'text/plain']) {
      const response = await post('name=Café', contentType);
      expect(response.statusCode).toBe(415);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('answers an unknown path with 404 and a wrong method with 405 and Allow', async () => {
    const missing = await app.inject({ method: 'GET', url: '/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('HTTP_404');
    const wrong = await app.inject({ method: 'DELETE', url: '/items' });
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers.allow).toContain('POST');
    expect(wrong.headers['content-type']).toContain('application/problem+json');
  });

  it("answers the router's own refusals (a path parameter too long, a malformed escape) as problems", async () => {
    const long = await app.inject({ method: 'GET', url: `/items/${'1'.repeat(500)}` });
    expect(long.statusCode).toBe(414);
    expect(long.headers['content-type']).toContain('application/problem+json');
    expect(long.json()).toMatchObject({ status: 414, code: 'FST_ERR_MAX_PARAM_LENGTH' });
    const malformed = await app.inject({ method: 'GET', url: '/items/%E0%A4%A' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');
  });

  it('answers text PostgreSQL cannot store (a NUL character) as a 400, not a 500', async () => {
    const response = await app.inject({ method: 'GET', url: '/nul' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ status: 400, code: 'TEXT_NOT_STORABLE' });
    expect(response.body).not.toContain('0x00');
  });

  it('maps a domain error to its status and stable code', async () => {
    const response = await app.inject({ method: 'GET', url: '/taken' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      code: 'DEMO_TAKEN',
      detail: 'That name is taken.',
      instance: '/taken',
    });
  });

  it('answers a lone UTF-16 surrogate the database refuses with a 400, not a 500', async () => {
    const response = await app.inject({ method: 'GET', url: '/surrogate' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'TEXT_NOT_STORABLE', status: 400 });
  });

  it('answers a database that went away with a 503 to retry, not a 500', async () => {
    const response = await app.inject({ method: 'GET', url: '/db-gone' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('2');
    expect(response.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE', status: 503 });
    expect(response.body).not.toContain('administrator command');
  });

  it('hides an unexpected error behind a generic 500 problem', async () => {
    const response = await app.inject({ method: 'GET', url: '/boom' });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret internals');
    expect(response.json().requestId).toBeTruthy();
  });

  it('keeps the caller’s request and correlation ids and exposes them to the handler', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/items/7',
      headers: { 'x-request-id': 'req-abc', 'x-correlation-id': 'corr-xyz' },
    });
    expect(response.headers['x-request-id']).toBe('req-abc');
    expect(response.headers['x-correlation-id']).toBe('corr-xyz');
    expect(response.json().context).toEqual({ requestId: 'req-abc', correlationId: 'corr-xyz' });
  });

  it('makes up a request id when the caller sent none or a hostile one', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/items/7',
      headers: { 'x-request-id': 'a b\u0000c' },
    });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('counts requests by route template in /metrics', async () => {
    await app.inject({ method: 'GET', url: '/items/41' });
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(
      /http_request_duration_seconds_count\{[^}]*route="\/items\/:id"[^}]*status_code="200"/,
    );
    expect(metrics.body).toContain('nodejs_eventloop_lag_seconds');
    expect(metrics.body).toContain('http_requests_in_flight');
  });

  it('reports ready only while its own dependencies answer', async () => {
    expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    dbUp = false;
    const down = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(down.statusCode).toBe(503);
    expect(down.json().checks.db).toContain('connection refused');
    dbUp = true;
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
  });

  it('describes its routes in an OpenAPI 3.1 document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/items');
    expect(Object.keys(doc.paths)).not.toContain('/metrics');
  });
});
