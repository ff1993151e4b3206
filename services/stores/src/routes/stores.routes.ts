import { Store } from '@comptoir/contracts';
import { BODY_PROBLEMS, type HttpApp, PageOf, principalOf, problems } from '@comptoir/platform';
import type { Stores } from '../domain/stores.ts';
import { StoreInput, StoreListQuery, StoreParams, StorePatch } from './schemas.ts';

const tags = ['stores'];

export function storeRoutes(app: HttpApp, stores: Stores): void {
  app.get(
    '/stores',
    {
      config: { public: true },
      schema: {
        summary: 'List stores',
        description:
          'A store locator: anyone, signed in or not. `mine=true` (signed in) lists only the stores the caller ' +
          'works at — every store for head office.',
        tags,
        operationId: 'listStores',
        querystring: StoreListQuery,
        response: { 200: PageOf(Store, 'StorePage'), ...problems(400, 401) },
      },
    },
    (request, reply) => {
      const { mine, limit, cursor } = request.query;
      const actor = mine ? principalOf(request, reply) : request.principal;
      return stores.list(actor, { mine, limit, ...(cursor ? { cursor } : {}) });
    },
  );

  app.get(
    '/stores/:id',
    {
      config: { public: true },
      schema: {
        summary: 'Get a store',
        description: 'Anyone: name, district, type, address, currency and taxes.',
        tags,
        operationId: 'getStore',
        params: StoreParams,
        response: { 200: Store, ...problems(400, 404) },
      },
    },
    (request) => stores.get(request.params.id),
  );

  app.post(
    '/stores',
    {
      schema: {
        summary: 'Create a store',
        description:
          'Head office. `code` is unique (409 otherwise); taxes default to Quebec’s, the currency to CAD. ' +
          'Publishes `store.created` (inventory makes the store’s location from it).',
        tags,
        operationId: 'createStore',
        body: StoreInput,
        response: { 201: Store, ...problems(...BODY_PROBLEMS, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const store = await stores.create(principalOf(request, reply), request.body);
      reply.code(201);
      return store;
    },
  );

  app.patch(
    '/stores/:id',
    {
      schema: {
        summary: 'Edit a store',
        description:
          'Head office. Only the fields given change; `store.updated` is published when something did. ' +
          'A code another store has is a 409.',
        tags,
        operationId: 'updateStore',
        params: StoreParams,
        body: StorePatch,
        response: { 200: Store, ...problems(...BODY_PROBLEMS, 401, 403, 404, 409) },
      },
    },
    (request, reply) => stores.update(principalOf(request, reply), request.params.id, request.body),
  );
}
