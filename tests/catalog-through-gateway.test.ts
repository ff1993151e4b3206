/**
 * The foundation's journey: a client reaches the catalog only through the gateway — browse,
 * search in French without accents, edit with optimistic concurrency, read fresh data — and an
 * operator finds one valid OpenAPI document and request histograms on every service. Head office
 * writes with an access token the gateway passes on; identity's keys are played by `testAuth`.
 */
import { catalog } from '@comptoir/catalog';
import { gateway } from '@comptoir/gateway';
import { type BuiltService, buildService } from '@comptoir/platform';
import { testAuth, testBus, testCache, testDatabase } from '@comptoir/platform/testing';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let catalogService: BuiltService;
let gatewayService: BuiltService;
let api: string;
let headOffice: { authorization: string };
const env = { ...process.env, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0' };

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${api}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  const auth = await testAuth();
  headOffice = await auth.headersFor({ subject: 'usr_head_office', roles: ['admin'] });
  catalogService = await buildService(catalog, {
    env,
    db: await testDatabase('catalog'),
    cache: await testCache('catalog'),
    bus: await testBus(),
    tokenVerifier: auth.verifier,
  });
  const catalogUrl = await catalogService.listen();
  gatewayService = await buildService(gateway, {
    env: { ...env, CATALOG_URLS: catalogUrl, GATEWAY_HEALTH_INTERVAL_MS: '200' },
    // The gateway reads tokens too (it never refuses one itself): same keys, and no call out for them.
    tokenVerifier: auth.verifier,
  });
  api = `${await gatewayService.listen()}/api`;

  const { body: category } = await call(
    'POST',
    '/catalog/categories',
    { slug: 'mobilier', name: 'Mobilier' },
    headOffice,
  );
  const names = [
    'Chaise pliante',
    'Chaise de bureau',
    'Table basse',
    'Café moulu',
    'Tabouret de bar',
    'Étagère murale',
  ];
  for (const [i, name] of names.entries()) {
    const created = await call(
      'POST',
      '/catalog/products',
      {
        sku: `J-${i}`,
        name,
        description: `${name}, produit de démonstration.`,
        price: { amount: 1999 + i * 100, currency: 'CAD' },
        categoryId: category.id,
        active: true,
      },
      headOffice,
    );
    expect(created.status).toBe(201);
  }
}, 180_000);

afterAll(async () => {
  await gatewayService?.close();
  await catalogService?.close();
});

describe('the catalog through the gateway', () => {
  it('lists products a page at a time', async () => {
    const first = await call('GET', '/catalog/products?limit=5');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(5);
    const second = await call('GET', `/catalog/products?limit=5&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
  });

  it('finds chairs by "chaise" and coffee by "cafe", ignoring accents and case', async () => {
    const chairs = await call('GET', '/catalog/products?q=chaise');
    expect(chairs.body.items.map((p: { name: string }) => p.name).sort()).toEqual([
      'Chaise de bureau',
      'Chaise pliante',
    ]);
    const coffee = await call('GET', '/catalog/products?q=CAFE');
    expect(coffee.body.items.map((p: { name: string }) => p.name)).toEqual(['Café moulu']);
  });

  it('serves a fresh price right after a head-office edit, and refuses a stale edit', async () => {
    const { body: page } = await call('GET', '/catalog/products?q=table');
    const table = page.items[0];
    const read = await call('GET', `/catalog/products/${table.id}`);
    const etag = read.headers.get('etag') ?? '';
    const edited = await call(
      'PATCH',
      `/catalog/products/${table.id}`,
      { price: { amount: 12999, currency: 'CAD' } },
      { ...headOffice, 'if-match': etag },
    );
    expect(edited.status).toBe(200);
    expect((await call('GET', `/catalog/products/${table.id}`)).body.price.amount).toBe(12999);
    expect((await call('GET', '/catalog/products?q=table')).body.items[0].price.amount).toBe(12999);
    const stale = await call(
      'PATCH',
      `/catalog/products/${table.id}`,
      { name: 'Table' },
      { ...headOffice, 'if-match': etag },
    );
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses a write without a token with a 401 problem, and the product is unchanged', async () => {
    const { body: page } = await call('GET', '/catalog/products?q=tabouret');
    const stool = page.items[0];
    const anonymous = await call('PATCH', `/catalog/products/${stool.id}`, { name: 'Tabouret volé' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(anonymous.body).toMatchObject({ code: 'AUTH_REQUIRED' });
    const created = await call('POST', '/catalog/products', { sku: 'ANON', name: 'X' });
    expect(created.status).toBe(401);
    expect((await call('GET', `/catalog/products/${stool.id}`)).body).toMatchObject({
      name: 'Tabouret de bar',
      version: 1,
    });
  });

  it('answers bad input with a problem, never a 500', async () => {
    const decimals = await call(
      'POST',
      '/catalog/products',
      { sku: 'X', name: 'X', price: { amount: 19.99, currency: 'CAD' } },
      headOffice,
    );
    expect(decimals.status).toBe(400);
    expect(decimals.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/body/price/amount');
    const cursor = await call('GET', '/catalog/products?cursor=not-a-cursor');
    expect(cursor.status).toBe(400);
    const unknownService = await call('GET', '/nowhere/things');
    expect(unknownService.status).toBe(404);
    for (const r of [decimals, cursor, unknownService])
      expect(r.headers.get('content-type')).toContain('problem+json');
  });

  it('keeps one request id from the client to the service', async () => {
    const response = await call('GET', '/catalog/products?limit=1', undefined, {
      'x-request-id': 'journey-42',
    });
    expect(response.headers.get('x-request-id')).toBe('journey-42');
  });

  it('publishes one valid OpenAPI 3.1 document for the whole API', async () => {
    const { status, body: doc } = await call('GET', '/openapi.json');
    expect(status).toBe(200);
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/catalog/products', '/api/catalog/products/{id}']),
    );
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const docs = await fetch(`${api}/docs`, { redirect: 'follow' });
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('<html');
  });

  it('shows request histograms by route on the gateway and on the catalog', async () => {
    const catalogMetrics = await (await fetch(`${await catalogUrl()}/metrics`)).text();
    expect(catalogMetrics).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/products"/);
    const gatewayMetrics = await (await fetch(`${api.replace(/\/api$/, '')}/metrics`)).text();
    expect(gatewayMetrics).toContain('http_request_duration_seconds_bucket');
  });
});

async function catalogUrl(): Promise<string> {
  const address = catalogService.app.server.address();
  if (!address || typeof address === 'string') throw new Error('catalog is not listening');
  return `http://127.0.0.1:${address.port}`;
}
