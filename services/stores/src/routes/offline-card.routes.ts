import { OfflineCardPolicy } from '@comptoir/contracts';
import { BODY_PROBLEMS, type HttpApp, principalOf, problems } from '@comptoir/platform';
import type { OfflineCardPolicies } from '../domain/offline-card.ts';
import { StoreParams } from './schemas.ts';

const tags = ['stores'];

/** `/stores/{id}/offline-card-policy`: may the store's registers take cards while offline, up to how much. */
export function offlineCardRoutes(app: HttpApp, policies: OfflineCardPolicies): void {
  app.get(
    '/stores/:id/offline-card-policy',
    {
      schema: {
        summary: 'Get a store’s offline-card policy',
        description:
          'The store’s staff and head office (403 otherwise). Registers also carry it (`GET /registers/{id}`).',
        tags,
        operationId: 'getOfflineCardPolicy',
        params: StoreParams,
        response: { 200: OfflineCardPolicy, ...problems(400, 401, 403, 404) },
      },
    },
    (request, reply) => policies.get(principalOf(request, reply), request.params.id),
  );

  app.put(
    '/stores/:id/offline-card-policy',
    {
      schema: {
        summary: 'Set a store’s offline-card policy',
        description:
          'A store manager of the store, or head office (403 otherwise). `perSaleLimit` in the store’s currency ' +
          '(422 otherwise), null for no limit. A card sale synced outside the policy is still recorded, flagged ' +
          'for the manager (ordering: `offline.review`).',
        tags,
        operationId: 'setOfflineCardPolicy',
        params: StoreParams,
        body: OfflineCardPolicy,
        response: { 200: OfflineCardPolicy, ...problems(...BODY_PROBLEMS, 401, 403, 404, 422) },
      },
    },
    (request, reply) => policies.set(principalOf(request, reply), request.params.id, request.body),
  );
}
