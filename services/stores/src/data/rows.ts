import type { OfflineCardPolicy, Register, Store, StoreType, TaxAmount, TaxRate } from '@comptoir/contracts';
import type { PaymentMethod, ReturnEntry, SaleEntry } from '../domain/ledger.ts';
import type { SessionRecord } from '../domain/ports.ts';
import { offlineReceiptPrefix } from '../domain/registers.ts';

/** Columns as stored; the kit returns bigint as number and timestamps as `Date` on both databases. */

const iso = (value: Date | string): string => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null): string | null => (value === null ? null : iso(value));
/** jsonb arrives parsed from both drivers; text is accepted in case a driver hands it over raw. */
const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

export interface StoreRow {
  id: string;
  code: string;
  name: string;
  district: string;
  type: StoreType;
  address: string;
  currency: string;
  taxes: unknown;
  created_at: Date | string;
  updated_at: Date | string;
}

export const STORE_COLUMNS =
  'id, code, name, district, type, address, currency, taxes, created_at, updated_at';

export const toStore = (row: StoreRow): Store => ({
  id: row.id,
  code: row.code,
  name: row.name,
  district: row.district,
  type: row.type,
  address: row.address,
  currency: row.currency,
  taxes: json<TaxRate[]>(row.taxes),
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
});

export const storeParams = (s: Store): unknown[] => [
  s.id,
  s.code,
  s.name,
  s.district,
  s.type,
  s.address,
  s.currency,
  JSON.stringify(s.taxes),
  s.createdAt,
  s.updatedAt,
];

export interface RegisterRow {
  id: string;
  store_id: string;
  name: string;
  created_at: Date | string;
  open_session_id: string | null;
  currency: string;
  offline_card_enabled: boolean;
  offline_card_limit: string | number | null;
}

/**
 * A register with its open session, if any (the partial unique index allows at most one), and
 * what it needs to sell offline: its store's offline-card policy.
 */
export const REGISTER_SELECT = `select r.id, r.store_id, r.name, r.created_at, s.id as open_session_id,
    st.currency, st.offline_card_enabled, st.offline_card_limit
  from register r join store st on st.id = r.store_id
  left join cash_session s on s.register_id = r.id and s.status = 'open'`;

export const toRegister = (row: RegisterRow): Register => ({
  id: row.id,
  storeId: row.store_id,
  name: row.name,
  openSessionId: row.open_session_id,
  offlineReceiptPrefix: offlineReceiptPrefix(row.id),
  offlineCard: toOfflineCard(row),
  createdAt: iso(row.created_at),
});

export const toOfflineCard = (row: {
  currency: string;
  offline_card_enabled: boolean;
  offline_card_limit: string | number | null;
}): OfflineCardPolicy => ({
  enabled: row.offline_card_enabled,
  perSaleLimit:
    row.offline_card_limit === null
      ? null
      : { amount: Number(row.offline_card_limit), currency: row.currency },
});

export interface SessionRow {
  id: string;
  register_id: string;
  store_id: string;
  cashier_id: string;
  status: 'open' | 'closed';
  currency: string;
  opening_float: number | string;
  opened_at: Date | string;
  closed_at: Date | string | null;
  closed_by: string | null;
  expected_cash: number | string | null;
  counted_cash: number | string | null;
  difference_cents: number | string | null;
  close_note: string | null;
}

export const SESSION_COLUMNS =
  'id, register_id, store_id, cashier_id, status, currency, opening_float, opened_at, closed_at, closed_by, ' +
  'expected_cash, counted_cash, difference_cents, close_note';

const moneyOrNull = (amount: number | string | null, currency: string) =>
  amount === null ? null : { amount: Number(amount), currency };

export const toSession = (row: SessionRow): SessionRecord => ({
  id: row.id,
  registerId: row.register_id,
  storeId: row.store_id,
  cashierId: row.cashier_id,
  status: row.status,
  openingFloat: { amount: Number(row.opening_float), currency: row.currency },
  openedAt: iso(row.opened_at),
  closedAt: isoOrNull(row.closed_at),
  expectedCash: moneyOrNull(row.expected_cash, row.currency),
  countedCash: moneyOrNull(row.counted_cash, row.currency),
  differenceCents: row.difference_cents === null ? null : Number(row.difference_cents),
  closedBy: row.closed_by,
  closeNote: row.close_note,
});

export const sessionParams = (s: SessionRecord): unknown[] => [
  s.id,
  s.registerId,
  s.storeId,
  s.cashierId,
  s.status,
  s.openingFloat.currency,
  s.openingFloat.amount,
  s.openedAt,
  s.closedAt,
  s.closedBy,
  s.expectedCash?.amount ?? null,
  s.countedCash?.amount ?? null,
  s.differenceCents,
  s.closeNote,
];

export interface SaleRow {
  sale_id: string;
  method: PaymentMethod;
  subtotal: number | string;
  taxes: unknown;
  total: number | string;
  paid: number | string;
  late: boolean;
}

export const toSaleEntry = (row: SaleRow): SaleEntry => ({
  saleId: row.sale_id,
  method: row.method,
  subtotal: Number(row.subtotal),
  taxes: json<TaxAmount[]>(row.taxes),
  total: Number(row.total),
  paid: Number(row.paid),
  late: row.late,
});

export interface ReturnRow {
  return_id: string;
  sale_id: string;
  method: PaymentMethod;
  amount: number | string;
  late: boolean;
}

export const toReturnEntry = (row: ReturnRow): ReturnEntry => ({
  returnId: row.return_id,
  saleId: row.sale_id,
  method: row.method,
  amount: Number(row.amount),
  late: row.late,
});

/** `$1, $2, … $n` for an insert of `n` columns. */
export const placeholders = (n: number): string =>
  Array.from({ length: n }, (_, i) => `$${i + 1}`).join(', ');
