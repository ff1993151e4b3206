import { Type } from '@comptoir/platform';

/*
 * Report schemas. Money is integer cents (`…Cents`) of the report's `currency`; days are local
 * calendar days (`YYYY-MM-DD`) in the report's `timeZone`.
 */

const Day = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description, examples: ['2026-11-26'] });
const Cents = (description: string) => Type.Integer({ description });
const NullableText = Type.Union([Type.String(), Type.Null()]);
const Channel = Type.Union([Type.Literal('pos'), Type.Literal('online')], {
  description: '`pos`: sales at the counter; `online`: online orders, counted when confirmed.',
});
const StoreFilter = Type.String({
  pattern: '^[A-Za-z0-9_-]{1,64}$',
  description:
    'One store (`sto_…`). Default: every store the caller may see (head office: the online shop too).',
});
const Format = Type.Union([Type.Literal('json'), Type.Literal('csv')], {
  description: '`csv` answers `text/csv` (as does `Accept: text/csv`).',
});

const range = {
  from: Type.Optional(Day('First day, included. Default: 29 days before `to`.')),
  to: Type.Optional(Day('Last day, included. Default: today.')),
  store: Type.Optional(StoreFilter),
  format: Type.Optional(Format),
};

export const RangeQuery = Type.Object(
  { ...range, channel: Type.Optional(Channel) },
  { additionalProperties: false },
);
export const SessionsQuery = Type.Object(range, { additionalProperties: false });
export const TopProductsQuery = Type.Object(
  {
    ...range,
    channel: Type.Optional(Channel),
    by: Type.Union([Type.Literal('quantity'), Type.Literal('revenue')], {
      default: 'quantity',
      description: 'Rank by units sold or by revenue (pre-tax line totals).',
    }),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  },
  { additionalProperties: false },
);
export const StockAlertsQuery = Type.Object(
  {
    store: Type.Optional(StoreFilter),
    location: Type.Optional(
      Type.String({ pattern: '^loc_[A-Za-z0-9]{1,64}$', description: 'One location.' }),
    ),
    format: Type.Optional(Format),
  },
  { additionalProperties: false },
);

const header = {
  from: Day('First day covered.'),
  to: Day('Last day covered.'),
  timeZone: Type.String({ examples: ['America/Toronto'], description: 'Whose calendar days these are.' }),
  currency: Type.String({ examples: ['CAD'] }),
  storeId: NullableText,
  channel: Type.Union([Channel, Type.Null()]),
};

const salesFigures = {
  salesCount: Type.Integer(),
  items: Type.Integer({ description: 'Units sold.' }),
  grossCents: Cents('Paid by customers, taxes included.'),
  taxesCents: Cents('Taxes within gross.'),
  refundsCount: Type.Integer(),
  refundsCents: Cents('Given back, on the day it was given back.'),
  netCents: Cents('Gross less refunds.'),
  averageBasketCents: Cents('Gross over the number of sales, rounded half up.'),
};

export const SalesReport = Type.Object(
  {
    ...header,
    rows: Type.Array(
      Type.Object({
        day: Day('The day.'),
        storeId: Type.Union([Type.String(), Type.Null()], { description: 'Null for the online shop.' }),
        storeName: NullableText,
        channel: Channel,
        ...salesFigures,
      }),
    ),
    totals: Type.Object(salesFigures),
  },
  { title: 'SalesReport' },
);

const basketFigures = {
  salesCount: Type.Integer(),
  items: Type.Integer(),
  grossCents: Cents('Paid by customers, taxes included.'),
  averageBasketCents: Cents('Gross over the number of sales, rounded half up.'),
  averageItems: Type.Number({ description: 'Units per sale, to two decimals.' }),
};

export const BasketsReport = Type.Object(
  {
    ...header,
    rows: Type.Array(Type.Object({ day: Day('The day.'), ...basketFigures })),
    totals: Type.Object(basketFigures),
  },
  { title: 'BasketsReport' },
);

export const TopProductsReport = Type.Object(
  {
    ...header,
    by: Type.Union([Type.Literal('quantity'), Type.Literal('revenue')]),
    items: Type.Array(
      Type.Object({
        rank: Type.Integer({ minimum: 1 }),
        sku: Type.String(),
        name: Type.String(),
        quantity: Type.Integer(),
        revenueCents: Cents('Pre-tax line totals.'),
      }),
    ),
  },
  { title: 'TopProductsReport' },
);

export const StockAlertsReport = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        sku: Type.String(),
        locationId: Type.String(),
        storeId: Type.Union([Type.String(), Type.Null()], { description: 'Null for the online warehouse.' }),
        storeName: NullableText,
        available: Type.Integer(),
        threshold: Type.Integer(),
        raisedAt: Type.String({ format: 'date-time' }),
      }),
    ),
  },
  { title: 'StockAlertsReport' },
);

const NullableCents = (description: string) => Type.Union([Type.Integer(), Type.Null()], { description });

export const SessionsReport = Type.Object(
  {
    ...header,
    items: Type.Array(
      Type.Object({
        sessionId: Type.String(),
        storeId: Type.String(),
        storeName: NullableText,
        registerId: Type.String(),
        cashierId: Type.String(),
        status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
        currency: Type.String(),
        openedAt: Type.String({ format: 'date-time' }),
        closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
        openingFloatCents: Cents('The float the drawer opened with.'),
        expectedCashCents: NullableCents('At close: the cash the drawer should hold.'),
        countedCashCents: NullableCents('At close: the cash counted.'),
        differenceCents: NullableCents('At close: counted less expected.'),
      }),
    ),
  },
  { title: 'SessionsReport' },
);

export const RebuildResult = Type.Object(
  {
    events: Type.Integer({ description: 'Logged events folded again.' }),
    rebuiltAt: Type.String({ format: 'date-time' }),
  },
  { title: 'RebuildResult' },
);
