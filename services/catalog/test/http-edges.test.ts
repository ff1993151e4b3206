import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { START_TIMEOUT_MS, startCatalog, type TestCatalog } from './catalog.fixture.ts';

let catalog: TestCatalog;

beforeAll(async () => {
  catalog = await startCatalog();
}, START_TIMEOUT_MS);
afterAll(() => catalog?.close());

const json = { 'content-type': 'application/json' };

describe('requests the API cannot take get a problem+json answer', () => {
  it.each([
    ['malformed JSON', 400, { method: 'POST', url: '/products', headers: json, payload: '{"sku": "A-1",' }],
    [
      'an oversized body',
      413,
      { method: 'POST', url: '/products', headers: json, payload: `"${'x'.repeat(1_100_000)}"` },
    ],
    [
      'a text body',
      415,
      { method: 'POST', url: '/products', headers: { 'content-type': 'text/plain' }, payload: 'x' },
    ],
    [
      'an XML body',
      415,
      {
        method: 'PATCH',
        url: '/categories/x',
        headers: { 'content-type': 'application/xml' },
        payload: '<a/>',
      },
    ],
    ['an unknown route', 404, { method: 'GET', url: '/produits' }],
    [
      'a method the route does not have',
      405,
      { method: 'PUT', url: '/products/prod_01ARZ3NDEKTSV4RRFFQ69G5FAV' },
    ],
  ] as const)('%s → %i', async (_case, status, request) => {
    // Signed in as head office, so what is refused is the request itself.
    const headers = { ...catalog.admin, ...('headers' in request ? request.headers : {}) };
    const response = await catalog.app.inject({ ...request, headers });
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
  });

  it('a wrong method says which ones are allowed', async () => {
    const response = await catalog.app.inject({ method: 'PUT', url: '/products' });
    expect(response.headers.allow).toContain('POST');
  });
});

describe('the OpenAPI document', () => {
  it('describes every catalog operation with its problems', async () => {
    const doc = (await catalog.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const operations = Object.values(doc.paths as Record<string, Record<string, { operationId: string }>>)
      .flatMap((path) => Object.values(path))
      .map((op) => op.operationId)
      .sort();
    expect(operations).toEqual([
      'createCategory',
      'createProduct',
      'deleteCategory',
      'deleteProduct',
      'getCategory',
      'getProduct',
      'listCategories',
      'listProducts',
      'updateCategory',
      'updateProduct',
    ]);
    const patch = doc.paths['/products/{id}'].patch;
    expect(Object.keys(patch.responses)).toEqual(
      expect.arrayContaining(['200', '400', '404', '409', '412', '422']),
    );
    expect(Object.keys(patch.responses['412'].content)).toEqual(['application/problem+json']);
    expect(patch.responses['200'].headers).toHaveProperty('etag');
  });

  it('says which operations take a bearer token, and that they may answer 401 and 403', async () => {
    const doc = (await catalog.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const writes = [
      doc.paths['/products'].post,
      doc.paths['/products/{id}'].patch,
      doc.paths['/products/{id}'].delete,
      doc.paths['/categories'].post,
      doc.paths['/categories/{id}'].patch,
      doc.paths['/categories/{id}'].delete,
    ];
    for (const write of writes) {
      expect(write.security, write.operationId).toEqual([{ bearerAuth: [] }]);
      expect(Object.keys(write.responses), write.operationId).toEqual(expect.arrayContaining(['401', '403']));
    }
    const reads = [doc.paths['/products'].get, doc.paths['/products/{id}'].get, doc.paths['/categories'].get];
    for (const read of reads) expect(read.security, read.operationId).toBeUndefined();
    expect(doc.security).toBeUndefined();
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const doc = (await catalog.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
