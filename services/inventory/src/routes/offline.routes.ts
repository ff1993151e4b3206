import { LocationId, Movement, Reconciliation, StockLine } from '@comptoir/contracts';
import {
  BODY_PROBLEMS,
  Cursor,
  type HttpApp,
  Limit,
  PageOf,
  principalOf,
  problems,
  Type,
} from '@comptoir/platform';
import type { OfflineSales } from '../domain/offline-sales.ts';
import type { Reconciliations } from '../domain/reconciliations.ts';
import { answer, IdempotencyHeaders, Reason, Reference } from './schemas.ts';

const OfflineSaleInput = Type.Object(
  {
    saleId: { ...Reference, description: 'The offline sale in ordering; every movement carries it.' },
    locationId: LocationId,
    lines: Type.Array(StockLine, { minItems: 1, maxItems: 200, description: 'One line per sku.' }),
  },
  { additionalProperties: false, title: 'OfflineSaleStockInput' },
);
const OfflineSaleMovements = Type.Object(
  { saleId: Type.String(), locationId: LocationId, movements: Type.Array(Movement) },
  { additionalProperties: false, title: 'OfflineSaleMovements' },
);
const ReconciliationQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved')])),
    locationId: Type.Optional({ ...LocationId, description: 'Required unless head office.' }),
    limit: Limit,
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);
const ReconciliationParams = Type.Object({ id: Type.String({ pattern: '^rec_[0-9A-HJKMNP-TV-Z]{26}$' }) });
const ResolveInput = Type.Object(
  {
    counted: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Units found on the shelf.' }),
    reason: Type.Optional(Reason),
  },
  { additionalProperties: false, title: 'ReconciliationResolveInput' },
);

/**
 * A register's offline sales, synced later (issue 9): their stock always leaves, below zero if
 * need be, and what went below zero waits in a reconciliation for the manager's count.
 */
export function offlineRoutes(app: HttpApp, sales: OfflineSales, reconciliations: Reconciliations): void {
  app.post(
    '/offline-sale-movements',
    {
      schema: {
        tags: ['point of sale'],
        summary: 'Record the stock of a sale a register made offline',
        description:
          'Never refused for stock: one `offline_sale` movement per line, even below zero — the only path ' +
          'that may. A line that leaves available stock below zero opens the sku’s reconciliation at the ' +
          'location (or joins the open one) and publishes `stock.reconciliation.opened`. A deleted product’s ' +
          'sku still goes; a sku never known is a 422. Needs an `Idempotency-Key` (428 without), the sale’s own: ' +
          'a retry, by anyone, answers the first result. The store’s cashiers and managers, head office.',
        operationId: 'recordOfflineSaleStock',
        headers: IdempotencyHeaders,
        body: OfflineSaleInput,
        response: { 201: OfflineSaleMovements, ...problems(...BODY_PROBLEMS, 401, 403, 422, 428) },
      },
    },
    async (request, reply) =>
      answer(
        reply,
        await sales.record(principalOf(request, reply), request.headers['idempotency-key'], request.body),
      ),
  );

  app.get(
    '/reconciliations',
    {
      schema: {
        tags: ['reconciliations'],
        summary: 'List stock reconciliations (offline sales below zero)',
        description:
          'Oldest first. `locationId` is required unless head office, and must be a location of a store the caller ' +
          'works at (cashier or manager; 403 otherwise).',
        operationId: 'listReconciliations',
        querystring: ReconciliationQuery,
        response: { 200: PageOf(Reconciliation, 'ReconciliationPage'), ...problems(400, 401, 403, 422) },
      },
    },
    (request, reply) => {
      const { status, locationId, limit, cursor } = request.query;
      return reconciliations.list(principalOf(request, reply), {
        limit,
        ...(status ? { status } : {}),
        ...(locationId ? { locationId } : {}),
        ...(cursor ? { cursor } : {}),
      });
    },
  );

  app.post(
    '/reconciliations/:id/resolve',
    {
      schema: {
        tags: ['reconciliations'],
        summary: 'Resolve a reconciliation with a count',
        description:
          'The store’s managers or head office (a cashier of the store: 403; anyone else: 404). Sets the level to ' +
          '`counted` through a `count` movement, closes the record and publishes `stock.reconciliation.resolved`, ' +
          'in one transaction. Already resolved: 409 `INVENTORY_RECONCILIATION_RESOLVED`. Below what online ' +
          'orders hold there: 409 `INVENTORY_COUNT_BELOW_RESERVED`.',
        operationId: 'resolveReconciliation',
        params: ReconciliationParams,
        body: ResolveInput,
        response: { 200: Reconciliation, ...problems(...BODY_PROBLEMS, 401, 403, 404, 409) },
      },
    },
    (request, reply) => {
      const { counted, reason } = request.body;
      return reconciliations.resolve(principalOf(request, reply), request.params.id, {
        counted,
        ...(reason ? { reason } : {}),
      });
    },
  );
}
