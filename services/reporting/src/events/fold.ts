import {
  InventoryEventTypes,
  OrderEventTypes,
  OrderingEventTypes,
  StoreEventTypes,
} from '@comptoir/contracts';
import { localDay } from '../domain/days.ts';
import { UnfoldableEvent } from '../domain/errors.ts';
import type { SaleFact, SoldLine } from '../domain/facts.ts';
import type { LoggedEvent, Projections } from '../domain/ports.ts';
import {
  orderPayload,
  returnPayload,
  type SaleLinePayload,
  salePayload,
  sessionPayload,
  stockAdjustedPayload,
  stockLowPayload,
  storePayload,
} from './payloads.ts';

/**
 * The events reporting logs and folds; each is also a routing key on the bus. An online order's
 * other steps (placed, shipped, delivered) count in no figure yet, but are logged all the same: a
 * later figure (time to ship, say) can then be folded from the first order on by a rebuild.
 */
export const REPORTING_TOPICS = [
  OrderingEventTypes.saleCompleted,
  OrderingEventTypes.saleReturned,
  OrderEventTypes.orderPlaced,
  OrderEventTypes.orderConfirmed,
  OrderEventTypes.orderCancelled,
  OrderEventTypes.orderShipped,
  OrderEventTypes.orderDelivered,
  StoreEventTypes.storeCreated,
  StoreEventTypes.storeUpdated,
  StoreEventTypes.registerOpened,
  StoreEventTypes.registerClosed,
  InventoryEventTypes.stockLow,
  InventoryEventTypes.stockAdjusted,
];

export interface FoldSettings {
  timeZone: string;
  currency: string;
}

const soldLines = (lines: SaleLinePayload[]): SoldLine[] =>
  lines.map((line) => ({
    sku: line.sku,
    name: line.name,
    quantity: line.quantity,
    revenue: line.lineTotal.amount,
  }));

/**
 * One event into the read models. The same function folds a live event and, at a rebuild, every
 * logged one in order — so a rebuild ends where the live fold did.
 */
export function folder({ timeZone, currency }: FoldSettings) {
  const day = (instant: string) => localDay(instant, timeZone);
  const inCurrency = (type: string, ...amounts: { currency: string }[]) => {
    const other = amounts.find((m) => m.currency !== currency);
    if (other) throw new UnfoldableEvent(`${type} in ${other.currency}: reports add up ${currency} only`);
  };

  return async function fold(event: LoggedEvent, p: Projections): Promise<void> {
    switch (event.type) {
      case OrderingEventTypes.saleCompleted: {
        const s = salePayload(event.data);
        inCurrency(event.type, s.total, ...s.lines.map((l) => l.lineTotal));
        const sale: SaleFact = {
          storeId: s.storeId,
          channel: 'pos',
          day: day(s.completedAt),
          currency,
          total: s.total.amount,
          taxes: s.taxes.reduce((sum, t) => sum + t.amount.amount, 0),
          lines: soldLines(s.lines),
        };
        return p.addSale(sale);
      }
      case OrderingEventTypes.saleReturned: {
        const r = returnPayload(event.data);
        inCurrency(event.type, r.refund.amount);
        return p.addRefund({
          storeId: r.storeId,
          channel: 'pos',
          day: day(r.returnedAt),
          currency,
          amount: r.refund.amount.amount,
        });
      }
      case OrderEventTypes.orderConfirmed: {
        // An online order is a sale once it is paid and its stock taken: at confirmation.
        const { order, change } = orderPayload(event.type, event.data);
        inCurrency(event.type, order.total);
        if (!(await p.countOnlineSale(order.id, order.total.amount))) return;
        return p.addSale({
          storeId: null,
          channel: 'online',
          day: day(change.at),
          currency,
          total: order.total.amount,
          taxes: order.taxes.reduce((sum, t) => sum + t.amount.amount, 0),
          lines: soldLines(order.lines),
        });
      }
      case OrderEventTypes.orderCancelled: {
        // Today an order is cancelled only while pending (never counted); should a confirmed one
        // ever be cancelled, its refund is counted on the day of the cancellation.
        const { order, change } = orderPayload(event.type, event.data);
        const refunded = await p.refundOnlineSale(order.id);
        if (refunded === null) return;
        return p.addRefund({
          storeId: null,
          channel: 'online',
          day: day(change.at),
          currency,
          amount: refunded,
        });
      }
      case StoreEventTypes.storeCreated:
      case StoreEventTypes.storeUpdated: {
        const { store } = storePayload(event.type, event.data);
        return p.knowStore({ id: store.id, code: store.code, name: store.name, updatedAt: store.updatedAt });
      }
      case StoreEventTypes.registerOpened:
      case StoreEventTypes.registerClosed: {
        const { session: s } = sessionPayload(event.type, event.data);
        const session = {
          id: s.id,
          storeId: s.storeId,
          registerId: s.registerId,
          cashierId: s.cashierId,
          status: event.type === StoreEventTypes.registerClosed ? ('closed' as const) : ('open' as const),
          currency: s.openingFloat.currency,
          openingFloat: s.openingFloat.amount,
          openedAt: s.openedAt,
          openedDay: day(s.openedAt),
          closedAt: s.closedAt ?? null,
          expectedCash: s.expectedCash?.amount ?? null,
          countedCash: s.countedCash?.amount ?? null,
          difference: s.differenceCents ?? null,
        };
        return session.status === 'closed' ? p.sessionClosed(session) : p.sessionOpened(session);
      }
      case InventoryEventTypes.stockLow: {
        const low = stockLowPayload(event.data);
        return p.raiseStockAlert({ ...low, storeId: low.storeId ?? null });
      }
      case InventoryEventTypes.stockAdjusted: {
        const { level } = stockAdjustedPayload(event.data);
        return p.levelChanged({ sku: level.sku, locationId: level.locationId, available: level.available });
      }
      default:
        return;
    }
  };
}

export type Fold = ReturnType<typeof folder>;
