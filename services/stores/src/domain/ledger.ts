import type { SaleCompleted, SaleReturned, TaxAmount } from '@comptoir/contracts';

/*
 * The ledger of a cash session: one entry per sale it took and per return it paid out, learned
 * from ordering's `sale.completed` and `sale.returned`. Reports and the expected cash at close are
 * computed from it, so a sale is counted once however many times its event arrives (the inbox
 * drops a redelivered event; the sale's or return's id is the entry's key, for a republished one).
 *
 * Which drawer a return counts against: the session its event names; when it names none (or one
 * unknown here), the session of the original sale, if that sale is known — and if the sale's
 * event arrives later, the return joins its session then. Otherwise the return is kept, in no
 * session: it shows in no drawer.
 *
 * An entry recorded after its session closed is `late`: it was not in the expected cash computed
 * at close, and reports, which always compute from the ledger, count it and say how many there are.
 */

export type PaymentMethod = 'cash' | 'card';

export interface SaleEntry {
  saleId: string;
  method: PaymentMethod;
  subtotal: number;
  taxes: TaxAmount[];
  total: number;
  /** What the payment took: the total, for a sale is paid in one method. */
  paid: number;
  late: boolean;
}

export interface ReturnEntry {
  returnId: string;
  saleId: string;
  method: PaymentMethod;
  amount: number;
  late: boolean;
}

/** The session an entry is recorded into, as the ledger sees it. */
export interface LedgerSession {
  id: string;
  storeId: string;
  registerId: string;
  status: 'open' | 'closed';
  currency: string;
}

export interface RecordedSale extends SaleEntry {
  sessionId: string;
  registerId: string;
  storeId: string;
  cashierId: string;
  receiptNumber: number;
  currency: string;
  completedAt: string;
}

export interface RecordedReturn extends ReturnEntry {
  sessionId: string | null;
  attributed: 'event' | 'sale' | null;
  storeId: string;
  cashierId: string;
  currency: string;
  returnedAt: string;
}

/** What recording needs from storage, inside the event's transaction. */
export interface LedgerWriter {
  /**
   * The session, held until the transaction ends (shared): a close waits for this recording to
   * commit and then counts it, or this recording waits for the close and is then `late`.
   */
  holdSession(id: string): Promise<LedgerSession | undefined>;
  /** False when the sale is already recorded. */
  insertSale(sale: RecordedSale): Promise<boolean>;
  sessionOfSale(saleId: string): Promise<string | undefined>;
  /** False when the return is already recorded. */
  insertReturn(entry: RecordedReturn): Promise<boolean>;
  /** Returns of the sale recorded before it, in no session, now count against its session. */
  attachWaitingReturns(saleId: string, sessionId: string, late: boolean): Promise<number>;
}

/** Thrown for an event the ledger cannot take as it is: the bus retries it, then dead-letters it. */
export class UnrecordableEvent extends Error {
  override name = 'UnrecordableEvent';
}

export type SaleOutcome = 'recorded' | 'recorded_late' | 'duplicate' | 'unknown_session';

export async function recordSale(ledger: LedgerWriter, sale: SaleCompleted): Promise<SaleOutcome> {
  const session = await ledger.holdSession(sale.sessionId);
  if (!session) return 'unknown_session';
  if (session.storeId !== sale.storeId || session.registerId !== sale.registerId) {
    throw new UnrecordableEvent(
      `sale ${sale.saleId} names store ${sale.storeId} and register ${sale.registerId}, but its session ${session.id} is of ${session.storeId} / ${session.registerId}`,
    );
  }
  if (sale.currency !== session.currency || sale.payment.amount.currency !== session.currency) {
    throw new UnrecordableEvent(`sale ${sale.saleId} is not in ${session.currency}, its session's currency`);
  }
  const late = session.status === 'closed';
  const inserted = await ledger.insertSale({
    saleId: sale.saleId,
    sessionId: session.id,
    registerId: sale.registerId,
    storeId: sale.storeId,
    cashierId: sale.cashierId,
    receiptNumber: sale.receiptNumber,
    currency: sale.currency,
    subtotal: sale.subtotal.amount,
    taxes: sale.taxes,
    total: sale.total.amount,
    method: sale.payment.method,
    paid: sale.payment.amount.amount,
    completedAt: sale.completedAt,
    late,
  });
  if (!inserted) return 'duplicate';
  await ledger.attachWaitingReturns(sale.saleId, session.id, late);
  return late ? 'recorded_late' : 'recorded';
}

export type ReturnOutcome = 'recorded' | 'recorded_late' | 'duplicate' | 'no_drawer';

export async function recordReturn(ledger: LedgerWriter, entry: SaleReturned): Promise<ReturnOutcome> {
  let session = entry.sessionId === null ? undefined : await ledger.holdSession(entry.sessionId);
  let attributed: RecordedReturn['attributed'] = session ? 'event' : null;
  if (!session) {
    const ofSale = await ledger.sessionOfSale(entry.saleId);
    session = ofSale === undefined ? undefined : await ledger.holdSession(ofSale);
    if (session) attributed = 'sale';
  }
  const currency = entry.refund.amount.currency;
  if (session && currency !== session.currency) {
    throw new UnrecordableEvent(
      `return ${entry.returnId} is not in ${session.currency}, its session's currency`,
    );
  }
  const late = session?.status === 'closed';
  const inserted = await ledger.insertReturn({
    returnId: entry.returnId,
    saleId: entry.saleId,
    sessionId: session?.id ?? null,
    attributed,
    storeId: entry.storeId,
    cashierId: entry.cashierId,
    method: entry.refund.method,
    amount: entry.refund.amount.amount,
    currency,
    returnedAt: entry.returnedAt,
    late,
  });
  if (!inserted) return 'duplicate';
  if (!session) return 'no_drawer';
  return late ? 'recorded_late' : 'recorded';
}

/** The drawer: what should be in it, from the float and the cash that came in and went out. */
export interface CashFigures {
  cashSales: number;
  cashRefunds: number;
  expected: number;
}

export function cashFigures(openingFloat: number, sales: SaleEntry[], returns: ReturnEntry[]): CashFigures {
  const cashSales = sum(sales.filter((s) => s.method === 'cash').map((s) => s.paid));
  const cashRefunds = sum(returns.filter((r) => r.method === 'cash').map((r) => r.amount));
  return { cashSales, cashRefunds, expected: openingFloat + cashSales - cashRefunds };
}

export const sum = (values: readonly number[]): number => values.reduce((total, v) => total + v, 0);
