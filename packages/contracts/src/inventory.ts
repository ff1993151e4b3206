import { type Static, type TSchema, Type } from '@sinclair/typebox';

/** Event types published by inventory; each is also the routing key on the bus. */
export const InventoryEventTypes = {
  /** One per movement: the stock of a sku at a location changed, and why. */
  stockAdjusted: 'stock.adjusted',
  /** Available stock fell below the threshold (once per crossing; re-armed when it is back above). */
  stockLow: 'stock.low',
  stockReserved: 'stock.reserved',
  stockRejected: 'stock.rejected',
  stockCommitted: 'stock.committed',
  stockReleased: 'stock.released',
  /** An offline sale took a store's stock of a sku below zero: the manager must count it. */
  stockReconciliationOpened: 'stock.reconciliation.opened',
  /** The count was entered: the level is set to it and the record closed. */
  stockReconciliationResolved: 'stock.reconciliation.resolved',
} as const;

/** The online warehouse's fixed id; every store's location is `loc_` + a ULID. */
export const ONLINE_LOCATION_ID = 'loc_online';

export const LocationId = Type.String({
  pattern: '^loc_(online|[0-9A-HJKMNP-TV-Z]{26})$',
  examples: [ONLINE_LOCATION_ID, 'loc_01JD3Z8Q5V7W4X9Y2B6C0N1M3K'],
});

/** The same rule as the catalog's skus: letters, digits, dot, dash, underscore. */
export const Sku = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
  description: 'Stock keeping unit, as the catalog spells it.',
  examples: ['CHR-PLI-001'],
});

export const LocationType = Type.Union([Type.Literal('warehouse'), Type.Literal('store')], {
  title: 'LocationType',
});
export type LocationType = Static<typeof LocationType>;

/** Where stock is kept: the online warehouse, or a store (one location per store). */
export const Location = Type.Object(
  {
    id: LocationId,
    type: LocationType,
    name: Type.String(),
    storeId: Type.Union([Type.String(), Type.Null()], { description: 'The store, for a store location.' }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false, title: 'Location' },
);
export type Location = Static<typeof Location>;

/**
 * Stock of one sku at one location. `available` is `onHand - reserved`. Only a sale the register
 * made offline may take them below zero (a reconciliation is then opened); no other path does.
 */
export const StockLevel = Type.Object(
  {
    sku: Sku,
    locationId: LocationId,
    onHand: Type.Integer({ description: 'Below zero only after an offline sale sold more than was known.' }),
    reserved: Type.Integer({ minimum: 0, description: 'Held for online orders not yet committed.' }),
    available: Type.Integer(),
  },
  { additionalProperties: false, title: 'StockLevel' },
);
export type StockLevel = Static<typeof StockLevel>;

export const MovementKind = Type.Union(
  [
    Type.Literal('receive'),
    Type.Literal('sale'),
    Type.Literal('return'),
    Type.Literal('adjust'),
    Type.Literal('count'),
    Type.Literal('transfer_out'),
    Type.Literal('transfer_in'),
    Type.Literal('reservation_commit'),
    Type.Literal('offline_sale'),
  ],
  { title: 'MovementKind' },
);
export type MovementKind = Static<typeof MovementKind>;

/** One change of on-hand stock. A level's on-hand is always the sum of its movements' quantities. */
export const Movement = Type.Object(
  {
    id: Type.String({ pattern: '^mov_[0-9A-HJKMNP-TV-Z]{26}$' }),
    sku: Sku,
    locationId: LocationId,
    kind: MovementKind,
    quantity: Type.Integer({ description: 'Signed change of on-hand stock: negative when stock leaves.' }),
    reason: Type.Union([Type.String(), Type.Null()]),
    reference: Type.Union([Type.String(), Type.Null()], {
      description: 'What caused it: a sale, an order, a transfer (`trf_…`) or a reservation (`res_…`).',
    }),
    actor: Type.Union([Type.String(), Type.Null()], { description: 'Who recorded it (token subject).' }),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false, title: 'Movement' },
);
export type Movement = Static<typeof Movement>;

export const StockLine = Type.Object(
  { sku: Sku, quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }) },
  { additionalProperties: false, title: 'StockLine' },
);
export type StockLine = Static<typeof StockLine>;

/** A line that could not be reserved: how much was asked, how much was available then. */
export const StockShortage = Type.Object(
  { sku: Sku, requested: Type.Integer({ minimum: 1 }), available: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false, title: 'StockShortage' },
);
export type StockShortage = Static<typeof StockShortage>;

export const ReservationStatus = Type.Union(
  [Type.Literal('active'), Type.Literal('committed'), Type.Literal('released'), Type.Literal('rejected')],
  { title: 'ReservationStatus' },
);
export type ReservationStatus = Static<typeof ReservationStatus>;

export const ReleaseReason = Type.Union([Type.Literal('requested'), Type.Literal('expired')]);
export type ReleaseReason = Static<typeof ReleaseReason>;

export const ReservationId = Type.String({ pattern: '^res_[0-9A-HJKMNP-TV-Z]{26}$' });

/** Stock held for one online order at one location: all its lines, or none of them. */
export const Reservation = Type.Object(
  {
    id: ReservationId,
    orderId: Type.String(),
    locationId: LocationId,
    status: ReservationStatus,
    lines: Type.Array(StockLine),
    /** Only a rejected reservation has shortages. */
    shortages: Type.Array(StockShortage),
    releaseReason: Type.Union([ReleaseReason, Type.Null()]),
    expiresAt: Type.String({ format: 'date-time' }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false, title: 'Reservation' },
);
export type Reservation = Static<typeof Reservation>;

const strict = <T extends Record<string, TSchema>>(properties: T) =>
  Type.Object(properties, { additionalProperties: false });

/** `stock.adjusted`: the movement and the level it left behind. */
export const StockAdjusted = strict({ movement: Movement, level: StockLevel });
export type StockAdjusted = Static<typeof StockAdjusted>;

/** `stock.low`: available went from at least `threshold` to below it. */
export const StockLow = strict({
  sku: Sku,
  locationId: LocationId,
  /** The store whose location it is (reports show a manager their stores' alerts); null for the online warehouse. */
  storeId: Type.Union([Type.String(), Type.Null()]),
  available: Type.Integer(),
  threshold: Type.Integer({ minimum: 0 }),
  occurredAt: Type.String({ format: 'date-time' }),
});
export type StockLow = Static<typeof StockLow>;

const reservationFacts = {
  reservationId: ReservationId,
  orderId: Type.String(),
  locationId: LocationId,
  lines: Type.Array(StockLine),
};

/** `stock.reserved`: every line is held until `expiresAt`. */
export const StockReserved = strict({ ...reservationFacts, expiresAt: Type.String({ format: 'date-time' }) });
export type StockReserved = Static<typeof StockReserved>;

/** `stock.rejected`: at least one line was short, so nothing was held. */
export const StockRejected = strict({ ...reservationFacts, shortages: Type.Array(StockShortage) });
export type StockRejected = Static<typeof StockRejected>;

/** `stock.committed`: the held stock left as `reservation_commit` movements. */
export const StockCommitted = strict({ ...reservationFacts, movementIds: Type.Array(Type.String()) });
export type StockCommitted = Static<typeof StockCommitted>;

/** `stock.released`: the held stock is available again, on request or because the hold expired. */
export const StockReleased = strict({ ...reservationFacts, reason: ReleaseReason });
export type StockReleased = Static<typeof StockReleased>;

export const ReconciliationId = Type.String({ pattern: '^rec_[0-9A-HJKMNP-TV-Z]{26}$' });

/**
 * Offline sales took a sku's stock at a store below zero: the shelf and the books disagree until
 * someone counts. One open record per sku and location; later offline oversells join it.
 */
export const Reconciliation = Type.Object(
  {
    id: ReconciliationId,
    sku: Sku,
    locationId: LocationId,
    storeId: Type.Union([Type.String(), Type.Null()]),
    status: Type.Union([Type.Literal('open'), Type.Literal('resolved')]),
    quantityShort: Type.Integer({
      minimum: 1,
      description: 'How far below zero available stock stood after the last offline sale that joined it.',
    }),
    saleIds: Type.Array(Type.String(), {
      description: 'The offline sales that took it below zero, oldest first.',
    }),
    openedAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    resolvedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    resolvedBy: Type.Union([Type.String(), Type.Null()]),
    countedQuantity: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
    movementId: Type.Union([Type.String(), Type.Null()], { description: 'The count that resolved it.' }),
  },
  { additionalProperties: false, title: 'Reconciliation' },
);
export type Reconciliation = Static<typeof Reconciliation>;

/** `stock.reconciliation.opened` (also sent again when a later offline sale joins the open record). */
export const StockReconciliationOpened = strict({ reconciliation: Reconciliation });
export type StockReconciliationOpened = Static<typeof StockReconciliationOpened>;

/** `stock.reconciliation.resolved`: counted, the level set to the count, the record closed. */
export const StockReconciliationResolved = strict({ reconciliation: Reconciliation });
export type StockReconciliationResolved = Static<typeof StockReconciliationResolved>;
