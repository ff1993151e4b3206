import {
  CashSession,
  CashSessionStatus,
  Currency,
  Money,
  Store,
  StoreType,
  TaxRate,
} from '@comptoir/contracts';
import { Cursor, Limit, Type } from '@comptoir/platform';

/** Ids are checked for shape only: a well-formed id of nothing (or of a till elsewhere) is a 404. */
const Id = (what: string) =>
  Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: `The ${what} id.` });

export const StoreParams = Type.Object({ id: Id('store') });
export const RegisterParams = Type.Object({ id: Id('register') });
export const SessionParams = Type.Object({ id: Id('cash session') });

const Text = (maxLength: number, examples: string[]) => Type.String({ maxLength, examples });
const Name = Type.String({ minLength: 1, maxLength: 120, pattern: '\\S', examples: ['Comptoir Plateau'] });
const Taxes = Type.Array(TaxRate, {
  maxItems: 8,
  description: 'Each on the pre-tax subtotal, in receipt order. Default: Quebec (GST 5 %, QST 9.975 %).',
});

export const StoreInput = Type.Object(
  {
    code: Store.properties.code,
    name: Name,
    district: Type.Optional(Text(120, ['Le Plateau-Mont-Royal'])),
    type: StoreType,
    address: Type.Optional(Text(300, ['4321, boulevard Saint-Laurent, Montréal (Québec) H2W 1Z7'])),
    currency: Type.Optional({ ...Currency, description: 'Default CAD. Fixed once the store exists.' }),
    taxes: Type.Optional(Taxes),
  },
  { additionalProperties: false, title: 'StoreInput' },
);

export const StorePatch = Type.Object(
  {
    code: Type.Optional(Store.properties.code),
    name: Type.Optional(Name),
    district: Type.Optional(Text(120, ['Ville-Marie'])),
    type: Type.Optional(StoreType),
    address: Type.Optional(Text(300, ['210, rue Saint-Paul Ouest, Montréal (Québec) H2Y 1Z9'])),
    taxes: Type.Optional(Taxes),
  },
  { additionalProperties: false, minProperties: 1, title: 'StorePatch' },
);

export const StoreListQuery = Type.Object(
  {
    mine: Type.Boolean({
      default: false,
      description: 'Only the stores the caller works at (every store for head office). Needs a token.',
    }),
    limit: Limit,
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);

export const RegisterInput = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 60, pattern: '\\S', examples: ['Caisse 1'] }) },
  { additionalProperties: false, title: 'RegisterInput' },
);

export const PageQuery = Type.Object(
  { limit: Limit, cursor: Type.Optional(Cursor) },
  { additionalProperties: false },
);

export const SessionListQuery = Type.Object(
  { status: Type.Optional(CashSessionStatus), limit: Limit, cursor: Type.Optional(Cursor) },
  { additionalProperties: false },
);

export const OpenSessionInput = Type.Object(
  {
    openingFloat: { ...Money, description: "The cash put in the drawer to start, in the store's currency." },
  },
  { additionalProperties: false, title: 'OpenSessionInput' },
);

export const CloseSessionInput = Type.Object(
  {
    countedCash: { ...Money, description: 'The cash counted in the drawer, in the session’s currency.' },
    note: Type.Optional(
      Type.String({ minLength: 1, maxLength: 500, examples: ['Un billet de 20 $ déchiré'] }),
    ),
  },
  { additionalProperties: false, title: 'CloseSessionInput' },
);

/** Money that may be below zero: a net after refunds, a drawer short of its float. */
const SignedMoney = Type.Object(
  { amount: Type.Integer({ description: 'Integer minor units; may be negative.' }), currency: Currency },
  { additionalProperties: false, title: 'SignedMoney' },
);

const MethodTotals = Type.Object(
  {
    method: Type.Union([Type.Literal('cash'), Type.Literal('card')]),
    salesCount: Type.Integer(),
    salesAmount: Money,
    refundsCount: Type.Integer(),
    refundsAmount: Money,
    net: SignedMoney,
  },
  { additionalProperties: false, title: 'MethodTotals' },
);

export const SessionReport = Type.Object(
  {
    kind: Type.Union([Type.Literal('x'), Type.Literal('z')]),
    generatedAt: Type.String({ format: 'date-time' }),
    session: CashSession,
    closedBy: Type.Union([Type.String(), Type.Null()]),
    closeNote: Type.Union([Type.String(), Type.Null()]),
    currency: Currency,
    salesCount: Type.Integer(),
    returnsCount: Type.Integer(),
    subtotal: { ...Money, description: 'Of the sales, before tax.' },
    taxes: Type.Array(
      Type.Object(
        { code: Type.String(), label: Type.String(), amount: Money },
        { additionalProperties: false, title: 'TaxTotal' },
      ),
      { description: 'Of the sales, summed per tax code.' },
    ),
    total: { ...Money, description: 'Of the sales, tax included.' },
    refunds: { ...Money, description: 'Given back by the returns counted in this session.' },
    net: { ...SignedMoney, description: 'total − refunds.' },
    payments: Type.Array(MethodTotals, { description: 'One line per payment method, cash then card.' }),
    cash: Type.Object(
      {
        openingFloat: Money,
        cashSales: Money,
        cashRefunds: Money,
        expected: {
          ...SignedMoney,
          description: 'openingFloat + cashSales − cashRefunds, from the ledger now.',
        },
        expectedAtClose: Type.Union([SignedMoney, Type.Null()], {
          description: 'What the close computed; differs from `expected` only by late entries.',
        }),
        counted: Type.Union([Money, Type.Null()]),
        difference: Type.Union([Type.Integer(), Type.Null()], {
          description: 'counted − expected, in cents.',
        }),
      },
      { additionalProperties: false },
    ),
    lateEntries: Type.Integer({
      description: 'Sales and returns recorded after the close: in these totals, not in `expectedAtClose`.',
    }),
  },
  { additionalProperties: false, title: 'SessionReport' },
);
