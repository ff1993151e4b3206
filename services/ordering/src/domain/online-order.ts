import type {
  CancelReason,
  Order,
  OrderStatus,
  OrderStatusChange,
  Shipment,
  ShippingAddress,
  TaxAmount,
} from '@comptoir/contracts';

/*
 * An online order as ordering keeps it. Its customer-facing `status` (pending → confirmed →
 * partially_shipped / shipped → delivered, or cancelled) and the saga's own `sagaStep`, which says
 * what the checkout does next:
 *
 *   reserving ──▶ charging ──▶ committing ──▶ done (confirmed)
 *       │            │              │
 *       │            ▼              ▼
 *       │       compensating ──▶ done (cancelled: release the stock, refund anything charged)
 *       ▼
 *     done (cancelled out_of_stock: nothing held, nothing charged)
 *
 * Every change is saved with a compare-and-set on `version`: two workers handling the same message
 * converge, and a redelivered message finds its step done.
 */

export type SagaStep = 'reserving' | 'charging' | 'committing' | 'compensating' | 'done';
export type PaymentStatus = Order['payment']['status'];

export interface OrderLineRecord {
  sku: string;
  productId: string;
  name: string;
  sellerId: string | null;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
  shipmentId: string | null;
}

export interface OnlineOrderRecord {
  id: string;
  customerId: string;
  status: OrderStatus;
  cancelReason: CancelReason | null;
  sagaStep: SagaStep;
  version: number;
  /** While compensating: the reason the order will be cancelled for. */
  compensationReason: CancelReason | null;
  currency: string;
  subtotal: number;
  taxes: TaxAmount[];
  total: number;
  lines: OrderLineRecord[];
  shippingAddress: ShippingAddress;
  paymentMethod: string;
  card: { brand: string; last4: string } | null;
  reservationId: string | null;
  paymentId: string | null;
  paymentStatus: PaymentStatus;
  refundId: string | null;
  chargeStartedAt: Date | null;
  history: OrderStatusChange[];
  shipments: Shipment[];
  keyScope: string;
  key: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A change to save, and the status step it announces (if any). */
export interface OrderChange {
  order: OnlineOrderRecord;
  /** The history entry this change appends; null for a step the customer does not see. */
  statusChange: OrderStatusChange | null;
}

const money = (amount: number, currency: string) => ({ amount, currency });

/** The order as the API and the `order.*` events show it. */
export function orderView(order: OnlineOrderRecord): Order {
  const { currency } = order;
  return {
    id: order.id,
    channel: 'online',
    customerId: order.customerId,
    status: order.status,
    cancelReason: order.cancelReason,
    lines: order.lines.map((line) => ({
      sku: line.sku,
      productId: line.productId,
      name: line.name,
      sellerId: line.sellerId,
      quantity: line.quantity,
      unitPrice: money(line.unitPrice, currency),
      lineTotal: money(line.lineTotal, currency),
      shipmentId: line.shipmentId,
    })),
    subtotal: money(order.subtotal, currency),
    taxes: order.taxes,
    total: money(order.total, currency),
    shippingAddress: order.shippingAddress,
    payment: { id: order.paymentId, status: order.paymentStatus, card: order.card },
    shipments: order.shipments,
    history: order.history,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}

/** The next version of `order` with `patch`, at `now`; appends a status change when the status moves. */
export function advance(
  order: OnlineOrderRecord,
  patch: Partial<OnlineOrderRecord>,
  now: Date,
  reason: string | null = null,
): OrderChange {
  const next: OnlineOrderRecord = { ...order, ...patch, version: order.version + 1, updatedAt: now };
  if (next.status === order.status) return { order: next, statusChange: null };
  const statusChange: OrderStatusChange = { status: next.status, at: now.toISOString(), reason };
  next.history = [...order.history, statusChange];
  return { order: next, statusChange };
}

/** Cancelled for `reason`: the saga is over. */
export const cancel = (order: OnlineOrderRecord, reason: CancelReason, now: Date, patch = {}) =>
  advance(order, { ...patch, status: 'cancelled', cancelReason: reason, sagaStep: 'done' }, now, reason);

/** The order's status once its lines moved: shipped when every line is, delivered when every shipment is. */
export function statusFromLines(order: OnlineOrderRecord): OrderStatus {
  const shipped = order.lines.filter((line) => line.shipmentId !== null).length;
  if (shipped === 0) return order.status;
  if (shipped < order.lines.length) return 'partially_shipped';
  const delivered = order.shipments.every((shipment) => shipment.deliveredAt !== null);
  return delivered ? 'delivered' : 'shipped';
}

export const isSettled = (order: OnlineOrderRecord) => order.sagaStep === 'done';
