import { DomainError, type Principal, Type } from '@comptoir/platform';
import { describe, expect, it } from 'vitest';
import { defineView, UpstreamAnswer, type ViewContext, viewBody } from '../src/views/view.ts';

const context: ViewContext = {
  principal: { subject: 'usr_1', kind: 'user', roles: ['customer'], storeIds: [], scopes: [] },
  params: { id: 'prod_1' },
  get: () => Promise.reject(new Error('not used')),
};
const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

const productPage = defineView({
  path: '/products/:id',
  summary: 'A product page',
  response: viewBody({ product: Type.Unknown(), stock: Type.Unknown(), reviews: Type.Unknown() }),
  sources: {
    product: { load: (ctx) => after(100, { id: ctx.params.id }) },
    stock: { timeoutMs: 50, load: () => after(1_000, { units: 3 }) },
    reviews: { load: () => Promise.reject(new Error('reviews is down')) },
  },
  assemble: ({ product, stock, reviews }) => ({ product, stock, reviews }),
});

describe('a composed view', () => {
  it('fetches its sources in parallel, each within its own timeout, and names the ones it lacks', async () => {
    const started = Date.now();
    const body = await productPage.render(context, 500);
    expect(body).toEqual({
      product: { id: 'prod_1' },
      stock: null,
      reviews: null,
      degraded: ['stock', 'reviews'],
    });
    expect(Date.now() - started).toBeLessThan(400);
  });
});

describe('the thing a view is about', () => {
  const registerPage = defineView({
    path: '/registers/:id',
    summary: 'A till',
    response: viewBody({ register: Type.Unknown(), cart: Type.Unknown() }),
    sources: {
      register: { subject: true, load: (ctx) => ctx.get('stores', `/registers/${ctx.params.id}`) },
      cart: { load: () => Promise.reject(new UpstreamAnswer('cart', 503)) },
    },
    assemble: ({ register, cart }) => ({ register, cart }),
  });
  const principal: Principal = {
    subject: 'usr_1',
    kind: 'user',
    roles: ['cashier'],
    storeIds: [],
    scopes: [],
  };

  it('makes the view a 404 when its service says it does not exist', async () => {
    const missing: ViewContext = {
      principal,
      params: { id: 'reg_x' },
      get: () => Promise.reject(new UpstreamAnswer('stores', 404)),
    };
    const rendered = registerPage.render(missing, 500);
    await expect(rendered).rejects.toBeInstanceOf(DomainError);
    await expect(rendered).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('degrades like any source when its service fails for another reason', async () => {
    const failing: ViewContext = {
      principal,
      params: { id: 'reg_x' },
      get: () => Promise.reject(new UpstreamAnswer('stores', 503)),
    };
    await expect(registerPage.render(failing, 500)).resolves.toEqual({
      register: null,
      cart: null,
      degraded: ['register', 'cart'],
    });
  });
});
