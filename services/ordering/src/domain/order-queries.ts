import type { Money, Order, OrderLine, OrderStatus } from '@comptoir/contracts';
import { cursorCodec, hasRole, type Principal } from '@comptoir/platform';
import { isHeadOffice } from './access.ts';
import { invalidCursor, orderNotFound } from './errors.ts';
import { type OnlineOrderRecord, orderView } from './online-order.ts';
import type { OnlineOrderStore, OrderFilter } from './order-ports.ts';
import type { Page } from './ports.ts';

export interface OrderListQuery {
  status?: OrderStatus;
  customerId?: string;
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

/** A seller's share of one order: their lines only, and what those lines total before taxes. */
export interface SellerSale {
  orderId: string;
  status: OrderStatus;
  createdAt: string;
  lines: OrderLine[];
  total: Money;
}

type Position = { createdAt: string; id: string };

// Newest first: the position is the last order's creation time and id.
const cursor = cursorCodec<Position>(({ createdAt, id, ...rest }) => {
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) return undefined;
  if (typeof id !== 'string' || id.length === 0 || Object.keys(rest).length > 0) return undefined;
  return { createdAt, id };
}, invalidCursor);

const position = (order: OnlineOrderRecord): Position => ({
  createdAt: order.createdAt.toISOString(),
  id: order.id,
});

/** Whether `actor` sees the order: its customer, head office, or a seller with a line in it. */
export function maySee(actor: Principal, order: OnlineOrderRecord): boolean {
  if (isHeadOffice(actor)) return true;
  if (actor.kind === 'user' && order.customerId === actor.subject) return true;
  return hasRole(actor, 'seller') && order.lines.some((line) => line.sellerId === actor.subject);
}

/** Reading orders: a customer their own, head office all of them, a seller their sales. */
export class OrderQueries {
  constructor(private readonly store: OnlineOrderStore) {}

  async get(actor: Principal, id: string): Promise<Order> {
    const order = await this.store.orders.find(id);
    // Someone else's order does not exist for the caller.
    if (!order || !maySee(actor, order)) throw orderNotFound(id);
    return orderView(order);
  }

  /** A customer's own orders (filters ignored but status); head office every order, filtered. */
  async list(actor: Principal, query: OrderListQuery): Promise<Page<Order>> {
    const filter: OrderFilter = { take: query.limit + 1 };
    if (isHeadOffice(actor)) {
      if (query.customerId !== undefined) filter.customerId = query.customerId;
      if (query.from !== undefined) filter.from = new Date(query.from);
      if (query.to !== undefined) filter.to = new Date(query.to);
    } else {
      filter.customerId = actor.subject;
    }
    if (query.status !== undefined) filter.status = query.status;
    const after = cursor.decode(query.cursor);
    if (after) filter.after = after;
    const rows = await this.store.orders.list(filter);
    return pageOf(rows, query.limit, orderView);
  }

  async sellerSales(actor: Principal, query: { limit: number; cursor?: string }): Promise<Page<SellerSale>> {
    const after = cursor.decode(query.cursor);
    const rows = await this.store.orders.ofSeller({
      sellerId: actor.subject,
      take: query.limit + 1,
      ...(after ? { after } : {}),
    });
    return pageOf(rows, query.limit, (order) => {
      const view = orderView(order);
      const lines = view.lines.filter((line) => line.sellerId === actor.subject);
      const amount = lines.reduce((sum, line) => sum + line.lineTotal.amount, 0);
      return {
        orderId: order.id,
        status: order.status,
        createdAt: view.createdAt,
        lines,
        total: { amount, currency: order.currency },
      };
    });
  }
}

function pageOf<T>(rows: OnlineOrderRecord[], limit: number, view: (order: OnlineOrderRecord) => T): Page<T> {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const more = rows.length > limit && last;
  return { items: page.map(view), nextCursor: more ? cursor.encode(position(last)) : null };
}
