import type { CancelReason, Order, OrderChanged, OrderStatus, Shipment } from '@comptoir/contracts';
import { ulid } from 'ulid';

const money = (amount: number) => ({ amount, currency: 'CAD' });

/** A new customer id, as identity makes them. */
export const newCustomerId = (): string => `usr_${ulid()}`;

/**
 * An online order going through its life as ordering tells it: each step returns the `order.*`
 * event type and its `OrderChanged` payload (the whole order, its history, the step), with times
 * a second apart so every step has its own instant.
 */
export class OrderStory {
  order: Order;
  #clock: number;

  constructor(customerId: string, start = Date.now()) {
    this.#clock = start;
    const at = this.#tick();
    this.order = {
      id: `ord_${ulid()}`,
      channel: 'online',
      customerId,
      status: 'pending',
      cancelReason: null,
      lines: [
        line('CAF-001', 'Café moulu <bio>', 2, 1299, 'usr_seller'),
        line('TAS-002', 'Tasse en grès', 1, 1850, null),
      ],
      subtotal: money(4448),
      taxes: [
        { code: 'GST', label: 'TPS', ratePpm: 50_000, amount: money(222) },
        { code: 'QST', label: 'TVQ', ratePpm: 99_750, amount: money(444) },
      ],
      total: money(5114),
      shippingAddress: {
        name: 'Alice Tremblay',
        line1: '4521 rue Saint-Denis',
        city: 'Montréal',
        region: 'QC',
        postalCode: 'H2J 2L4',
        country: 'CA',
      },
      payment: { id: null, status: 'pending', card: { brand: 'visa', last4: '4242' } },
      shipments: [],
      history: [{ status: 'pending', at, reason: null }],
      createdAt: at,
      updatedAt: at,
    };
  }

  get id(): string {
    return this.order.id;
  }

  /** `order.placed`, the order as it was saved. */
  placed(): { type: string; data: OrderChanged } {
    return {
      type: 'order.placed',
      data: { order: structuredClone(this.order), change: this.order.history[0]! },
    };
  }

  confirmed() {
    this.order.payment = { ...this.order.payment, id: `pay_${ulid()}`, status: 'succeeded' };
    return this.#step('order.confirmed', 'confirmed', null);
  }

  cancelled(reason: CancelReason, paymentStatus: Order['payment']['status'] = 'failed') {
    this.order.cancelReason = reason;
    this.order.payment = { ...this.order.payment, status: paymentStatus };
    return this.#step('order.cancelled', 'cancelled', reason);
  }

  /** Ships `skus` (all lines by default) with a carrier and a tracking number. */
  shipped(carrier: string, trackingNumber: string, skus = this.order.lines.map((l) => l.sku)) {
    const at = this.#tick();
    const shipment: Shipment = {
      id: `shp_${ulid()}`,
      sellerId: null,
      carrier,
      trackingNumber,
      skus,
      shippedAt: at,
      deliveredAt: null,
    };
    this.order.shipments.push(shipment);
    this.order.lines = this.order.lines.map((l) =>
      skus.includes(l.sku) ? { ...l, shipmentId: shipment.id } : l,
    );
    const all = this.order.lines.every((l) => l.shipmentId !== null);
    return this.#step(
      'order.shipped',
      all ? 'shipped' : 'partially_shipped',
      `${carrier} ${trackingNumber}`,
      {
        at,
        shipmentId: shipment.id,
      },
    );
  }

  /** Delivers the last shipment (the order is delivered once all are). */
  delivered() {
    const at = this.#tick();
    const shipment = this.order.shipments.at(-1)!;
    shipment.deliveredAt = at;
    return this.#step('order.delivered', 'delivered', `${shipment.carrier} ${shipment.trackingNumber}`, {
      at,
      shipmentId: shipment.id,
    });
  }

  #tick(): string {
    this.#clock += 1_000;
    return new Date(this.#clock).toISOString();
  }

  #step(
    type: string,
    status: OrderStatus,
    reason: string | null,
    extra: { at?: string; shipmentId?: string } = {},
  ): { type: string; data: OrderChanged } {
    const at = extra.at ?? this.#tick();
    const change = { status, at, reason };
    this.order.status = status;
    this.order.updatedAt = at;
    this.order.history.push(change);
    return {
      type,
      data: {
        order: structuredClone(this.order),
        change,
        ...(extra.shipmentId ? { shipmentId: extra.shipmentId } : {}),
      },
    };
  }
}

function line(sku: string, name: string, quantity: number, unitPrice: number, sellerId: string | null) {
  return {
    sku,
    productId: `prod_${ulid()}`,
    name,
    sellerId,
    quantity,
    unitPrice: money(unitPrice),
    lineTotal: money(unitPrice * quantity),
    shipmentId: null,
  };
}
