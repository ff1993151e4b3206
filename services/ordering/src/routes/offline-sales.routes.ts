import { BODY_PROBLEMS, type HttpApp, principalOf, problems } from '@comptoir/platform';
import type { SyncOfflineSale } from '../domain/sync-offline-sale.ts';
import { OfflineSaleInput } from './offline-schemas.ts';
import { answer, IdempotencyHeaders, replayHeaders, Sale } from './schemas.ts';

/** `POST /sales/offline`: a register's offline sale, synced when it is back online (issue 9). */
export function offlineSaleRoutes(app: HttpApp, sync: SyncOfflineSale): void {
  app.post(
    '/sales/offline',
    {
      config: { roles: ['cashier', 'store_manager', 'admin'] },
      schema: {
        summary: 'Record a sale a register made offline',
        description:
          'The sale is a fact: it is recorded as the register made it (its prices, taxes, receipt and time), never ' +
          'refused for stock (inventory may go below zero and opens a reconciliation), a price since changed, a ' +
          'session since closed (a late entry in the Z report) or a product since deleted. Refused only when ' +
          'malformed: the `Idempotency-Key` must be the sale id (428 without, 422 otherwise); figures that do not ' +
          'add up, a receipt not of the register’s offline series, a session unknown at the caller’s stores: 422; ' +
          'the receipt number already another sale’s: 409 `ORDERING_OFFLINE_RECEIPT_TAKEN`. The same sale again ' +
          '(even at once, on another replica) answers the first answer; payments unreachable: 503, retry as is. ' +
          'A card is recorded `offline_authorized` (to capture later); outside the store’s offline-card policy ' +
          'it is flagged in `offline.review`. The store’s cashiers and managers, head office.',
        tags: ['sales'],
        operationId: 'syncOfflineSale',
        headers: IdempotencyHeaders,
        body: OfflineSaleInput,
        response: {
          201: { ...Sale, headers: replayHeaders },
          ...problems(...BODY_PROBLEMS, 401, 403, 409, 422, 428, 503),
        },
      },
    },
    async (request, reply) => {
      const actor = principalOf(request, reply);
      const as = { authorization: request.headers.authorization ?? '' };
      await answer(reply, await sync.execute(actor, as, request.headers['idempotency-key'], request.body));
    },
  );
}
