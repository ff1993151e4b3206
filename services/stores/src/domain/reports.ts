import type { CashSession, Money } from '@comptoir/contracts';
import type { Principal } from '@comptoir/platform';
import type { CashSessions } from './cash-sessions.ts';
import { toCashSession } from './cash-sessions.ts';
import { sessionStillOpen } from './errors.ts';
import { cashFigures, type PaymentMethod, type ReturnEntry, type SaleEntry, sum } from './ledger.ts';
import type { LedgerReader, SessionRecord } from './ports.ts';

/** Money that may be below zero: a net after refunds, a drawer short of its float. */
export interface SignedMoney {
  amount: number;
  currency: string;
}

export interface MethodTotals {
  method: PaymentMethod;
  salesCount: number;
  salesAmount: Money;
  refundsCount: number;
  refundsAmount: Money;
  net: SignedMoney;
}

/**
 * An X report (running totals, any time) or a Z report (the final one, once closed) of a cash
 * session. Both are computed from the session's ledger as it is when asked, so an entry recorded
 * after the close shows in them, and `lateEntries` says how many did; `cash.expectedAtClose` is the
 * figure the close saw.
 */
export interface SessionReport {
  kind: 'x' | 'z';
  generatedAt: string;
  session: CashSession;
  closedBy: string | null;
  closeNote: string | null;
  currency: string;
  salesCount: number;
  returnsCount: number;
  /** Of the sales, before tax. */
  subtotal: Money;
  /** Of the sales, per tax code. */
  taxes: { code: string; label: string; amount: Money }[];
  /** Of the sales, tax included. */
  total: Money;
  /** Given back by the returns counted in this session. */
  refunds: Money;
  /** total − refunds. */
  net: SignedMoney;
  payments: MethodTotals[];
  cash: {
    openingFloat: Money;
    cashSales: Money;
    cashRefunds: Money;
    /** openingFloat + cashSales − cashRefunds, from the ledger as it is now. */
    expected: SignedMoney;
    /** What the close computed (null while open); differs from `expected` only by late entries. */
    expectedAtClose: SignedMoney | null;
    counted: Money | null;
    /** counted − expected (null while open). */
    difference: number | null;
  };
  /** Entries recorded after the close (not in `expectedAtClose`). */
  lateEntries: number;
}

const METHODS: readonly PaymentMethod[] = ['cash', 'card'];

/** The report of one session from its ledger entries: a pure function, tested through the API. */
export function buildReport(
  kind: 'x' | 'z',
  record: SessionRecord,
  sales: SaleEntry[],
  returns: ReturnEntry[],
  now: Date,
): SessionReport {
  const currency = record.openingFloat.currency;
  const money = (amount: number) => ({ amount, currency });
  const taxes = new Map<string, { code: string; label: string; amount: number }>();
  for (const tax of sales.flatMap((s) => s.taxes)) {
    const line = taxes.get(tax.code) ?? { code: tax.code, label: tax.label, amount: 0 };
    line.amount += tax.amount.amount;
    taxes.set(tax.code, line);
  }
  const total = sum(sales.map((s) => s.total));
  const refunds = sum(returns.map((r) => r.amount));
  const cash = cashFigures(record.openingFloat.amount, sales, returns);
  const counted = record.countedCash;
  return {
    kind,
    generatedAt: now.toISOString(),
    session: toCashSession(record),
    closedBy: record.closedBy,
    closeNote: record.closeNote,
    currency,
    salesCount: sales.length,
    returnsCount: returns.length,
    subtotal: money(sum(sales.map((s) => s.subtotal))),
    taxes: [...taxes.values()].map((t) => ({ code: t.code, label: t.label, amount: money(t.amount) })),
    total: money(total),
    refunds: money(refunds),
    net: money(total - refunds),
    payments: METHODS.map((method) => {
      const paid = sales.filter((s) => s.method === method).map((s) => s.paid);
      const refunded = returns.filter((r) => r.method === method).map((r) => r.amount);
      return {
        method,
        salesCount: paid.length,
        salesAmount: money(sum(paid)),
        refundsCount: refunded.length,
        refundsAmount: money(sum(refunded)),
        net: money(sum(paid) - sum(refunded)),
      };
    }),
    cash: {
      openingFloat: record.openingFloat,
      cashSales: money(cash.cashSales),
      cashRefunds: money(cash.cashRefunds),
      expected: money(cash.expected),
      expectedAtClose: record.expectedCash,
      counted,
      difference: counted === null ? null : counted.amount - cash.expected,
    },
    lateEntries: sales.filter((s) => s.late).length + returns.filter((r) => r.late).length,
  };
}

/** X and Z reports, for whoever may see the session. */
export class Reports {
  constructor(
    private readonly sessions: CashSessions,
    private readonly ledger: LedgerReader,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async x(actor: Principal, sessionId: string): Promise<SessionReport> {
    return this.report('x', await this.sessions.visible(actor, sessionId));
  }

  async z(actor: Principal, sessionId: string): Promise<SessionReport> {
    const session = await this.sessions.visible(actor, sessionId);
    if (session.status !== 'closed') throw sessionStillOpen(sessionId);
    return this.report('z', session);
  }

  private async report(kind: 'x' | 'z', session: SessionRecord): Promise<SessionReport> {
    const { sales, returns } = await this.ledger.entriesOf(session.id);
    return buildReport(kind, session, sales, returns, this.clock());
  }
}
