import type { OrderChanged, OrderStatus, Shipment } from '@comptoir/contracts';

/** One status an order went through, as the live stream sends it; `seq` is its SSE id. */
export interface TrackedChange {
  /** Its position in the order's history, from 1: the same on every replica, for every reader. */
  seq: number;
  status: OrderStatus;
  at: string;
  reason: string | null;
  /** The shipment's, on a shipping or delivery step. */
  trackingNumber: string | null;
}

/** An order as live tracking knows it: whose it is, and every status change so far. */
export interface TrackedOrder {
  orderId: string;
  customerId: string;
  changes: TrackedChange[];
}

/** After these the order does not move again: the stream ends once one is sent. */
export const TERMINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['delivered', 'cancelled']);

const SHIPPING: ReadonlySet<OrderStatus> = new Set(['partially_shipped', 'shipped']);

/**
 * The tracked order an `order.*` event describes. Every event carries the whole history, so the
 * changes come from it (a late or lost event is made up by the next one); the tracking number
 * of a shipping step is the shipment the event names, or for an earlier step the shipment
 * shipped (or delivered) at that very moment.
 */
export function trackedOrderOf({ order, change, shipmentId }: OrderChanged): TrackedOrder {
  const named = shipmentId ? order.shipments.find((s) => s.id === shipmentId) : undefined;
  const changes = order.history.map((entry, i): TrackedChange => {
    let shipment: Shipment | undefined;
    if (SHIPPING.has(entry.status) || entry.status === 'delivered') {
      const own = entry.status === change.status && entry.at === change.at;
      const when = (s: Shipment) => (entry.status === 'delivered' ? s.deliveredAt : s.shippedAt);
      shipment = own && named ? named : order.shipments.find((s) => when(s) === entry.at);
    }
    return {
      seq: i + 1,
      status: entry.status,
      at: entry.at,
      reason: entry.reason,
      trackingNumber: shipment?.trackingNumber ?? null,
    };
  });
  return { orderId: order.id, customerId: order.customerId, changes };
}
