import { buildService, defineService, Type } from '@comptoir/platform';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../src/openapi/merge.ts';
import { catalogDocument } from './catalog-document.ts';
import { type FakeUpstream, startFakeUpstream } from './fake-upstream.ts';
import { type RunningGateway, startGateway } from './gateway.ts';

/** Every `$ref` in the document, to check each one points at something that exists. */
function refsOf(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) refsOf(item, found);
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else refsOf(value, found);
    }
  }
  return found;
}

const resolves = (doc: OpenApiDocument, ref: string): boolean => {
  const [, kind, name] = /^#\/components\/([^/]+)\/(.+)$/.exec(ref) ?? [];
  return kind !== undefined && name !== undefined && doc.components?.[kind]?.[name] !== undefined;
};

const valid = async (doc: OpenApiDocument) => {
  const result = await new Validator().validate(doc as unknown as Record<string, unknown>);
  return result.valid ? true : result.errors;
};

describe('the merged OpenAPI document', () => {
  let a: FakeUpstream;
  let b: FakeUpstream;
  let gw: RunningGateway;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    [a, b] = await Promise.all([
      startFakeUpstream('a', catalogDocument),
      startFakeUpstream('b', catalogDocument),
    ]);
    gw = await startGateway({ CATALOG_URLS: `${a.url},${b.url}` });
    doc = (await (await fetch(`${gw.url}/api/openapi.json`)).json()) as OpenApiDocument;
  });
  afterAll(async () => {
    await gw?.close();
    await Promise.all([a?.close(), b?.close()]);
  });

  it('is one OpenAPI 3.1 document titled Comptoir API that validates', async () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Comptoir API');
    expect(await valid(doc)).toBe(true);
  });

  it('puts every service path under /api/<service>, the root included', () => {
    expect(Object.keys(doc.paths ?? {})).toEqual(
      expect.arrayContaining(['/api/catalog', '/api/catalog/products', '/api/catalog/products/{id}']),
    );
    expect(doc.paths?.['/products']).toBeUndefined();
  });

  it('prefixes component names with the service and rewrites every $ref to match', () => {
    expect(Object.keys(doc.components?.schemas ?? {})).toEqual(
      expect.arrayContaining(['catalog.Product', 'catalog.Money', 'catalog.ProductPage', 'catalog.Problem']),
    );
    const refs = refsOf(doc);
    expect(refs).toContain('#/components/schemas/catalog.Money');
    expect(refs).toContain('#/components/responses/catalog.Problem');
    expect(refs).toContain('#/components/parameters/catalog.Limit');
    for (const ref of refs) expect(resolves(doc, ref), ref).toBe(true);
    const schemas = doc.components?.schemas as Record<
      string,
      { discriminator?: { mapping: Record<string, string> } }
    >;
    expect(schemas['catalog.Item']?.discriminator?.mapping.product).toBe(
      '#/components/schemas/catalog.Product',
    );
  });

  it('prefixes operation ids and tags, and carries the service-wide security onto each operation', () => {
    const list = doc.paths?.['/api/catalog/products']?.get as {
      operationId: string;
      tags: string[];
      security: unknown;
    };
    expect(list.operationId).toBe('catalog.listProducts');
    expect(list.tags).toEqual(['catalog.products']);
    expect(list.security).toEqual([{ 'catalog.bearerAuth': [] }]);
    const create = doc.paths?.['/api/catalog/products']?.post as { security: unknown };
    expect(create.security).toEqual([]);
    expect(doc.tags?.map((t) => t.name)).toContain('catalog.products');
  });

  it("includes the gateway's own documented routes", () => {
    expect(doc.paths?.['/api/openapi.json']?.get).toBeDefined();
  });

  it('documents on each operation what the gateway answers itself, keeping what the service wrote', () => {
    const statuses = (path: string, method: string) => {
      const operation = doc.paths?.[path]?.[method] as { responses: object } | undefined;
      return Object.keys(operation?.responses ?? {}).map(Number);
    };
    // Catalog writes are kept for admins and sellers and take a body.
    expect(statuses('/api/catalog/products', 'post')).toEqual(
      expect.arrayContaining([401, 403, 413, 415, 429, 502, 503, 504]),
    );
    // Reads are public: no 401 or 403 from the gateway; a path parameter may be too long (414).
    const read = statuses('/api/catalog/products/{id}', 'get');
    expect(read).toEqual(expect.arrayContaining([414, 429, 503]));
    expect(read).not.toContain(401);
    expect(read).not.toContain(403);
    expect(statuses('/api/catalog/products', 'get')).not.toContain(414);
    // The gateway's own document is not behind the guard.
    expect(statuses('/api/openapi.json', 'get')).toEqual([200]);
  });

  it('serves the docs UI as HTML over the merged document, with its assets from the package', async () => {
    const page = await fetch(`${gw.url}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('swagger-ui-bundle.js');
    const asset = await fetch(`${gw.url}/api/docs/static/swagger-ui-bundle.js`);
    expect(asset.status).toBe(200);
    expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    const json = (await (await fetch(`${gw.url}/api/docs/json`)).json()) as OpenApiDocument;
    expect(json.info.title).toBe('Comptoir API');
    expect(json.paths?.['/api/catalog/products']).toBeDefined();
  });
});

describe('the merged document when a service is down', () => {
  it('leaves the service out and says so, instead of failing', async () => {
    const gone = await startFakeUpstream('gone');
    await gone.close();
    const gw = await startGateway({ CATALOG_URLS: gone.url });
    try {
      const response = await fetch(`${gw.url}/api/openapi.json`);
      expect(response.status).toBe(200);
      const doc = (await response.json()) as OpenApiDocument;
      expect(Object.keys(doc.paths ?? {}).some((p) => p.startsWith('/api/catalog'))).toBe(false);
      expect(doc.info.description).toContain('catalog');
      expect(await valid(doc)).toBe(true);
    } finally {
      await gw.close();
    }
  });
});

describe('the merged document of a service built on the kit', () => {
  it('is valid OpenAPI 3.1 with the generated schemas renamed', async () => {
    const Product = Type.Object({ id: Type.String(), name: Type.String() }, { $id: 'Product' });
    const fake = defineService({
      name: 'catalog',
      defaultPort: 0,
      needs: { db: false, cache: false, bus: false },
      setup({ app }) {
        app.addSchema(Product);
        app.get(
          '/products/:id',
          {
            schema: {
              operationId: 'getProduct',
              params: Type.Object({ id: Type.String() }),
              response: { 200: Type.Ref(Product) },
            },
          },
          async (request) => ({ id: request.params.id, name: 'Chaise' }),
        );
      },
    });
    const upstream = await buildService(fake, { env: { LOG_LEVEL: 'silent' } });
    const address = await upstream.app.listen({ host: '127.0.0.1', port: 0 });
    const gw = await startGateway({ CATALOG_URLS: address });
    try {
      const doc = (await (await fetch(`${gw.url}/api/openapi.json`)).json()) as OpenApiDocument;
      expect(await valid(doc)).toBe(true);
      expect(doc.paths?.['/api/catalog/products/{id}']).toBeDefined();
      for (const ref of refsOf(doc)) expect(resolves(doc, ref), ref).toBe(true);
      const product = await fetch(`${gw.url}/api/catalog/products/prod_1`);
      expect(await product.json()).toEqual({ id: 'prod_1', name: 'Chaise' });
    } finally {
      await gw.close();
      await upstream.close();
    }
  });
});
