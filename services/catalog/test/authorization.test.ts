import { testAuth } from '@comptoir/platform/testing';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { START_TIMEOUT_MS, startCatalog, type TestCatalog } from './catalog.fixture.ts';

let catalog: TestCatalog;
let categoryId: string;
let jeanne: { authorization: string };
let marc: { authorization: string };

beforeAll(async () => {
  catalog = await startCatalog();
  categoryId = (await catalog.category()).id;
  jeanne = await catalog.auth.headersFor({ subject: 'usr_jeanne', roles: ['seller'] });
  marc = await catalog.auth.headersFor({ subject: 'usr_marc', roles: ['seller'] });
}, START_TIMEOUT_MS);
afterAll(() => catalog?.close());

let skus = 0;
const draft = (fields: Record<string, unknown> = {}) => ({
  sku: `AUTH-${Date.now().toString(36)}-${++skus}`,
  name: 'Vase en grès',
  price: { amount: 3500, currency: 'CAD' },
  categoryId,
  ...fields,
});

const send = (
  method: 'POST' | 'PATCH' | 'DELETE',
  url: string,
  headers: Record<string, string> = {},
  payload?: object,
): Promise<LightMyRequestResponse> =>
  catalog.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

const read = async (id: string) =>
  (await catalog.app.inject({ method: 'GET', url: `/products/${id}` })).json();

describe('anyone may read the catalog', () => {
  it('products and categories are read without a token, and with an expired one', async () => {
    const product = await catalog.product(categoryId);
    const expired = await catalog.auth.headersFor({ roles: ['customer'] }, { expiresInSeconds: -60 });
    for (const headers of [{}, expired]) {
      for (const url of [
        '/products',
        `/products/${product.id}`,
        '/categories',
        `/categories/${categoryId}`,
      ]) {
        const response = await catalog.app.inject({ method: 'GET', url, headers });
        expect(response.statusCode, url).toBe(200);
      }
    }
  });
});

describe('only a signed-in seller or head office changes the catalog', () => {
  it('a write without a token → 401 problem asking for a bearer token, and nothing changes', async () => {
    const product = await catalog.product(categoryId, { name: 'Pichet' });
    const writes = [
      send('POST', '/products', {}, draft()),
      send('PATCH', `/products/${product.id}`, {}, { name: 'Carafe' }),
      send('DELETE', `/products/${product.id}`),
      send('POST', '/categories', {}, { slug: 'anonyme', name: 'Anonyme' }),
      send('PATCH', `/categories/${categoryId}`, {}, { name: 'Anonyme' }),
      send('DELETE', `/categories/${categoryId}`),
    ];
    for (const response of await Promise.all(writes)) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.json()).toMatchObject({ status: 401, code: 'AUTH_REQUIRED' });
    }
    expect(await read(product.id)).toMatchObject({ name: 'Pichet', version: 1 });
  });

  it('a forged, foreign or expired token → 401 invalid_token', async () => {
    const product = await catalog.product(categoryId);
    const [header, , signature] = (await catalog.auth.tokenFor({ roles: ['customer'] })).split('.');
    const claims = { sub: 'usr_mallory', roles: ['admin'], storeIds: [], iss: 'comptoir-identity' };
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    const foreign = await (await testAuth()).tokenFor({ roles: ['admin'] });
    const expired = await catalog.auth.tokenFor({ roles: ['admin'] }, { expiresInSeconds: -60 });

    for (const token of [forged, foreign, expired]) {
      const response = await send(
        'PATCH',
        `/products/${product.id}`,
        { authorization: `Bearer ${token}` },
        {
          name: 'Piraté',
        },
      );
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      expect(response.json()).toMatchObject({ code: 'AUTH_INVALID_TOKEN' });
    }
    expect(await read(product.id)).toMatchObject({ version: 1 });
  });

  it('a customer or a cashier may not change products or categories → 403', async () => {
    const product = await catalog.product(categoryId);
    for (const roles of [['customer'], ['cashier']] as const) {
      const headers = await catalog.auth.headersFor({ subject: 'usr_client', roles: [...roles] });
      const writes = [
        send('POST', '/products', headers, draft()),
        send('PATCH', `/products/${product.id}`, headers, { name: 'x' }),
        send('DELETE', `/products/${product.id}`, headers),
        send('POST', '/categories', headers, { slug: 'client', name: 'Client' }),
      ];
      for (const response of await Promise.all(writes)) {
        expect(response.statusCode, roles[0]).toBe(403);
        expect(response.json()).toMatchObject({ code: 'AUTH_FORBIDDEN' });
      }
    }
    expect(await read(product.id)).toMatchObject({ version: 1 });
  });

  it('a seller may not change categories → 403; head office may', async () => {
    const refused = await send('POST', '/categories', jeanne, { slug: 'vendeuse', name: 'Vendeuse' });
    expect(refused.statusCode).toBe(403);
    const renamed = await send('PATCH', `/categories/${categoryId}`, jeanne, { name: 'À moi' });
    expect(renamed.statusCode).toBe(403);

    const created = await send('POST', '/categories', catalog.admin, { slug: 'maison', name: 'Maison' });
    expect(created.statusCode).toBe(201);
  });
});

describe('a seller changes only its own products', () => {
  it("a seller's new product is listed under its own id, whether it names it or not", async () => {
    const unnamed = await send('POST', '/products', jeanne, draft());
    expect(unnamed.statusCode).toBe(201);
    expect(unnamed.json()).toMatchObject({ sellerId: 'usr_jeanne' });

    const named = await send('POST', '/products', jeanne, draft({ sellerId: 'usr_jeanne' }));
    expect(named.json()).toMatchObject({ sellerId: 'usr_jeanne' });
  });

  it('a seller may not list a product under another seller, nor as head office’s → 403', async () => {
    for (const sellerId of ['usr_marc', null]) {
      const response = await send('POST', '/products', jeanne, draft({ sellerId }));
      expect(response.statusCode, String(sellerId)).toBe(403);
      expect(response.json()).toMatchObject({
        code: 'CATALOG_NOT_YOUR_SELLER_ID',
        errors: [{ pointer: '/body/sellerId' }],
      });
    }
    const listed = await catalog.app.inject({ method: 'GET', url: '/products?sellerId=usr_marc' });
    expect(listed.json().items).toEqual([]);
  });

  it('a seller edits and deletes its own product', async () => {
    const product = await catalog.product(categoryId, { name: 'Bol' }, jeanne);
    const edited = await send('PATCH', `/products/${product.id}`, jeanne, { name: 'Bol à soupe' });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ name: 'Bol à soupe', sellerId: 'usr_jeanne', version: 2 });

    expect((await send('DELETE', `/products/${product.id}`, jeanne)).statusCode).toBe(204);
  });

  it("a seller may not edit or delete another seller's product, nor head office's → 403", async () => {
    const marcs = await catalog.product(categoryId, { name: 'Théière' }, marc);
    const headOffices = await catalog.product(categoryId, { name: 'Plateau' });
    for (const product of [marcs, headOffices]) {
      const url = `/products/${product.id}`;
      for (const response of [
        await send('PATCH', url, jeanne, { price: { amount: 1, currency: 'CAD' } }),
        await send('DELETE', url, jeanne),
      ]) {
        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({ code: 'CATALOG_NOT_YOUR_PRODUCT' });
      }
      expect(await read(product.id)).toMatchObject({ price: { amount: 1999 }, version: 1 });
    }
  });

  it('a seller may not hand its product to another seller → 403', async () => {
    const product = await catalog.product(categoryId, {}, jeanne);
    const response = await send('PATCH', `/products/${product.id}`, jeanne, { sellerId: 'usr_marc' });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'CATALOG_NOT_YOUR_SELLER_ID' });
    expect(await read(product.id)).toMatchObject({ sellerId: 'usr_jeanne', version: 1 });
  });
});

describe('head office changes any product', () => {
  it("lists a product under any seller, edits a seller's product, hands it over and deletes it", async () => {
    const created = await send('POST', '/products', catalog.admin, draft({ sellerId: 'usr_marc' }));
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ sellerId: 'usr_marc' });

    const jeannes = await catalog.product(categoryId, { name: 'Cruche' }, jeanne);
    const url = `/products/${jeannes.id}`;
    const edited = await send('PATCH', url, catalog.admin, { name: 'Cruche bleue', sellerId: 'usr_marc' });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ name: 'Cruche bleue', sellerId: 'usr_marc' });

    expect((await send('DELETE', url, catalog.admin)).statusCode).toBe(204);
  });
});
