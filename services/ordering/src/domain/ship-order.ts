import type { Order } from '@comptoir/contracts';
import type { Principal } from '@comptoir/platform';
import { monotonicFactory } from 'ulid';
import { isHeadOffice } from './access.ts';
import { recordFacts } from './checkout-saga.ts';
import { orderNotFound, requestInProgress, shipmentNotFound, shipmentRefused } from './errors.ts';
import { type OnlineOrderRecord, type OrderChange, orderView, statusFromLines } from './online-order.ts';
import type { OnlineOrderStore, OrderUnitOfWork } from './order-ports.ts';
import { maySee } from './order-queries.ts';

const nextUlid = monotonicFactory();
const SHIPPABLE = new Set(['confirmed', 'partially_shipped', 'shipped']);

export interface ShipmentInput {
  skus: string[];
  carrier: string;
  trackingNumber: string;
}

/**
 * Deliveries: a seller ships their lines of a confirmed order (head office any line) with a
 * carrier and a tracking number, then marks the shipment delivered. The order's status follows its
 * lines: partially_shipped, shipped, then delivered once every shipment is. Each step appends to
 * the history and publishes `order.shipped` / `order.delivered` naming the shipment.
 */
export class ShipOrder {
  constructor(
    private readonly store: OnlineOrderStore,
    private readonly clock: () => Date,
  ) {}

  async ship(actor: Principal, orderId: string, input: ShipmentInput): Promise<Order> {
    return this.change(actor, orderId, (order, now) => {
      if (!SHIPPABLE.has(order.status)) {
        throw shipmentRefused(`The order is ${order.status}: only a confirmed order's lines ship.`, '/');
      }
      const wanted = new Set(input.skus.map((sku) => sku.toLowerCase()));
      const chosen = order.lines.filter((line) => wanted.has(line.sku.toLowerCase()));
      for (const [i, sku] of input.skus.entries()) {
        const line = chosen.find((l) => l.sku.toLowerCase() === sku.toLowerCase());
        const pointer = `/body/skus/${i}`;
        if (!line) throw shipmentRefused(`"${sku}" is not a line of this order.`, pointer);
        if (line.shipmentId !== null) throw shipmentRefused(`"${sku}" was shipped already.`, pointer);
        if (!isHeadOffice(actor) && line.sellerId !== actor.subject) {
          throw shipmentRefused(`"${sku}" is another seller's line.`, pointer);
        }
      }
      const sellers = new Set(chosen.map((line) => line.sellerId));
      const id = `shp_${nextUlid()}`;
      const shipment = {
        id,
        sellerId: sellers.size === 1 ? (chosen[0]?.sellerId ?? null) : null,
        carrier: input.carrier,
        trackingNumber: input.trackingNumber,
        skus: chosen.map((line) => line.sku),
        shippedAt: now.toISOString(),
        deliveredAt: null,
      };
      const lines = order.lines.map((line) => (chosen.includes(line) ? { ...line, shipmentId: id } : line));
      const moved = { ...order, lines, shipments: [...order.shipments, shipment] };
      const reason = `${input.carrier} ${input.trackingNumber}`;
      return { change: stepped(order, moved, now, reason), shipmentId: id };
    });
  }

  async delivered(actor: Principal, orderId: string, shipmentId: string): Promise<Order> {
    return this.change(actor, orderId, (order, now) => {
      const shipment = order.shipments.find((s) => s.id === shipmentId);
      const mine = isHeadOffice(actor) || shipment?.sellerId === actor.subject;
      if (!shipment || !mine) throw shipmentNotFound(shipmentId);
      if (shipment.deliveredAt !== null) return { change: null, shipmentId };
      const shipments = order.shipments.map((s) =>
        s.id === shipmentId ? { ...s, deliveredAt: now.toISOString() } : s,
      );
      const moved = { ...order, shipments };
      return {
        change: stepped(order, moved, now, `${shipment.carrier} ${shipment.trackingNumber}`),
        shipmentId,
      };
    });
  }

  private async change(
    actor: Principal,
    orderId: string,
    decide: (order: OnlineOrderRecord, now: Date) => { change: OrderChange | null; shipmentId: string },
  ): Promise<Order> {
    return this.store.write(async (uow: OrderUnitOfWork) => {
      const order = await uow.orders.lock(orderId);
      // A customer sees their order but does not ship it; anyone else does not see it at all.
      if (!order || !maySee(actor, order) || !(isHeadOffice(actor) || isSellerOf(actor, order))) {
        throw orderNotFound(orderId);
      }
      const { change, shipmentId } = decide(order, this.clock());
      if (!change) return orderView(order);
      if (!(await uow.orders.save(change, order.version))) throw requestInProgress();
      recordFacts(uow, change, shipmentId);
      return orderView(change.order);
    });
  }
}

const isSellerOf = (actor: Principal, order: OnlineOrderRecord) =>
  order.lines.some((line) => line.sellerId === actor.subject);

/** The order with its lines moved: its status follows them, and the step goes in the history. */
function stepped(
  before: OnlineOrderRecord,
  moved: OnlineOrderRecord,
  now: Date,
  reason: string,
): OrderChange {
  const status = statusFromLines(moved);
  const next = { ...moved, status, version: before.version + 1, updatedAt: now };
  // Every shipment is announced (`order.shipped` names it), even one that leaves the status as it was;
  // a delivery only once the whole order is delivered.
  if (status === before.status && status !== 'partially_shipped' && status !== 'shipped') {
    return { order: next, statusChange: null };
  }
  if (status === before.status && moved.shipments.length === before.shipments.length) {
    return { order: next, statusChange: null };
  }
  const statusChange = { status, at: now.toISOString(), reason };
  return { order: { ...next, history: [...before.history, statusChange] }, statusChange };
}
