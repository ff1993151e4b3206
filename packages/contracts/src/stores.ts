import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Currency, Money } from './money.ts';

/** Event types published by stores; each is also the routing key on the bus. */
export const StoreEventTypes = {
  storeCreated: 'store.created',
  storeUpdated: 'store.updated',
  registerOpened: 'register.opened',
  registerClosed: 'register.closed',
} as const;

const ulid = '[0-9A-HJKMNP-TV-Z]{26}';
export const StoreId = Type.String({
  pattern: `^sto_${ulid}$`,
  examples: ['sto_01JD3Z8Q5V7W4X9Y2B6C0N1M3K'],
});
export const RegisterId = Type.String({
  pattern: `^reg_${ulid}$`,
  examples: ['reg_01JD3Z8Q5V7W4X9Y2B6C0N1M3K'],
});
export const CashSessionId = Type.String({
  pattern: `^ses_${ulid}$`,
  examples: ['ses_01JD3Z8Q5V7W4X9Y2B6C0N1M3K'],
});

export const StoreType = Type.Union(
  [Type.Literal('boutique'), Type.Literal('warehouse'), Type.Literal('kiosk')],
  {
    title: 'StoreType',
  },
);
export type StoreType = Static<typeof StoreType>;

/**
 * One sales tax a store charges, as a rate in parts per million of the pre-tax subtotal:
 * Quebec's GST (TPS) is 50 000 (5 %), its QST (TVQ) 99 750 (9.975 %). Integer, so no float ever
 * touches money.
 */
export const TaxRate = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,15}$', examples: ['GST', 'QST'] }),
    label: Type.String({ minLength: 1, maxLength: 40, examples: ['TPS', 'TVQ'] }),
    ratePpm: Type.Integer({ minimum: 0, maximum: 1_000_000, examples: [50_000, 99_750] }),
  },
  { additionalProperties: false, title: 'TaxRate' },
);
export type TaxRate = Static<typeof TaxRate>;

/** The demo default, Quebec: GST 5 % and QST 9.975 %, each on the pre-tax subtotal (not compounded). */
export const QUEBEC_TAXES: readonly TaxRate[] = [
  { code: 'GST', label: 'TPS', ratePpm: 50_000 },
  { code: 'QST', label: 'TVQ', ratePpm: 99_750 },
];

export const Store = Type.Object(
  {
    id: StoreId,
    code: Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{1,23}$', examples: ['MTL-PLATEAU'] }),
    name: Type.String({ minLength: 1, maxLength: 120 }),
    district: Type.String({ maxLength: 120 }),
    type: StoreType,
    address: Type.String({ maxLength: 300 }),
    currency: Currency,
    taxes: Type.Array(TaxRate, { maxItems: 8 }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false, title: 'Store' },
);
export type Store = Static<typeof Store>;

/**
 * Whether a store's registers may take cards while offline, and up to how much per sale. A card
 * sale synced outside it is still recorded (it happened) but flagged for the manager.
 */
export const OfflineCardPolicy = Type.Object(
  {
    enabled: Type.Boolean(),
    perSaleLimit: Type.Union([Money, Type.Null()], { description: 'Null: no limit while enabled.' }),
  },
  { additionalProperties: false, title: 'OfflineCardPolicy' },
);
export type OfflineCardPolicy = Static<typeof OfflineCardPolicy>;

export const Register = Type.Object(
  {
    id: RegisterId,
    storeId: StoreId,
    /** Printed on receipts: `Caisse 1`. Unique within the store. */
    name: Type.String({ minLength: 1, maxLength: 60 }),
    /** The open cash session's id, or null when the register is closed. */
    openSessionId: Type.Union([CashSessionId, Type.Null()]),
    /**
     * Starts every receipt number the register gives while offline: `<prefix>-<device>-000001`.
     * `H` then six characters of the register id — never a digit first, so never the online series.
     */
    offlineReceiptPrefix: Type.String({ pattern: '^H[0-9A-Z]{6}$', examples: ['H0N1M3K'] }),
    /** The store's offline-card policy, for the register to cache. */
    offlineCard: OfflineCardPolicy,
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false, title: 'Register' },
);
export type Register = Static<typeof Register>;

export const CashSessionStatus = Type.Union([Type.Literal('open'), Type.Literal('closed')], {
  title: 'CashSessionStatus',
});
export type CashSessionStatus = Static<typeof CashSessionStatus>;

/** A cashier's shift at one register: from the opening float to the counted cash. */
export const CashSession = Type.Object(
  {
    id: CashSessionId,
    registerId: RegisterId,
    storeId: StoreId,
    /** Who opened it (token subject). */
    cashierId: Type.String(),
    status: CashSessionStatus,
    openingFloat: Money,
    openedAt: Type.String({ format: 'date-time' }),
    closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    /** Set at close: the cash the drawer should hold, what was counted, counted − expected. */
    expectedCash: Type.Union([Money, Type.Null()]),
    countedCash: Type.Union([Money, Type.Null()]),
    differenceCents: Type.Union([Type.Integer(), Type.Null()]),
  },
  { additionalProperties: false, title: 'CashSession' },
);
export type CashSession = Static<typeof CashSession>;

const strict = <T extends Record<string, TSchema>>(properties: T) =>
  Type.Object(properties, { additionalProperties: false });

/** `store.created` / `store.updated`: the store as it now is (inventory keeps one location per store). */
export const StoreChanged = strict({ store: Store });
export type StoreChanged = Static<typeof StoreChanged>;

/** `register.opened`: a cash session began. */
export const RegisterOpened = strict({ session: CashSession });
export type RegisterOpened = Static<typeof RegisterOpened>;

/** `register.closed`: a cash session ended with its count. */
export const RegisterClosed = strict({ session: CashSession });
export type RegisterClosed = Static<typeof RegisterClosed>;
