import {
  type Money,
  OrderEventTypes,
  QUEBEC_TAXES,
  type ShippingAddress,
  type TaxAmount,
} from '@comptoir/contracts';
import { isDomainError, type Logger, type Principal } from '@comptoir/platform';
import { AmountTooLarge, totalsOf } from '@comptoir/pricing';
import { monotonicFactory } from 'ulid';
import { actorId } from './access.ts';
import {
  nothingToPay,
  orderCurrencyMismatch,
  orderDuplicateLine,
  priceChanged,
  productUnavailable,
  unknownSku,
} from './errors.ts';
import { claimKey, fingerprint, type KeyRequest, requireKey } from './idempotency.ts';
import { type OnlineOrderRecord, type OrderLineRecord, orderView } from './online-order.ts';
import type { CatalogPort, OnlineOrderStore, OrderPaymentsPort, SavedCard } from './order-ports.ts';
import type { Answer, CardDetails, OnBehalfOf, OrderingSettings } from './ports.ts';

const OPERATION = 'order.create';
const nextUlid = monotonicFactory();
export const newOrderId = () => `ord_${nextUlid()}`;

export interface OrderInput {
  lines: { sku: string; quantity: number }[];
  /** The total the customer was shown; a different fresh total is refused before any charge. */
  expectedTotal?: Money;
  shippingAddress: ShippingAddress;
  payment: { method: 'card'; card: CardDetails } | { method: 'card'; paymentMethod: string };
}

/** The order as priced now from the catalog. */
export interface PricedOrder {
  currency: string;
  lines: OrderLineRecord[];
  subtotal: number;
  taxes: TaxAmount[];
  total: number;
}

/** The body of 202: the order is taken, the saga settles it. */
export interface OrderAccepted {
  orderId: string;
  status: 'pending';
}

/**
 * `POST /orders`: takes a signed-in customer's order — every line priced from the catalog now,
 * the card turned into payments' token — and saves it `pending` with `order.placed` in one
 * transaction, at most once per idempotency key. The checkout saga (checkout-saga.ts) reserves,
 * charges and confirms it from there, in a worker.
 */
export class PlaceOrder {
  constructor(
    private readonly store: OnlineOrderStore,
    private readonly catalog: CatalogPort,
    private readonly payments: OrderPaymentsPort,
    private readonly settings: OrderingSettings,
    private readonly clock: () => Date,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  async execute(
    actor: Principal,
    as: OnBehalfOf,
    key: string | undefined,
    input: OrderInput,
  ): Promise<Answer<unknown>> {
    assertDistinctSkus(input.lines);
    const keyRequest: KeyRequest = {
      scope: actorId(actor),
      key: requireKey(key),
      operation: OPERATION,
      fingerprint: fingerprint(OPERATION, fingerprintSource(input)),
    };
    const claim = await this.store.write((uow) =>
      claimKey(uow.keys, keyRequest, newOrderId(), this.clock(), this.settings.leaseMs, {
        adoptResource: true,
      }),
    );
    if (claim.kind === 'replay') return { ...claim.answer, replayed: true };

    try {
      const priced = await this.price(input.lines, as);
      const expected = input.expectedTotal;
      if (expected && (expected.amount !== priced.total || expected.currency !== priced.currency)) {
        throw priceChanged(freshPrices(priced));
      }
      const saved = await this.paymentMethod(input.payment, as);
      const order = this.newOrder(claim.resourceId, actor.subject, keyRequest, priced, input, saved);
      const body: OrderAccepted = { orderId: order.id, status: 'pending' };
      await this.store.write(async (uow) => {
        // Another attempt of this very key (which took over a lapsed lease) saved it first: its answer is this one.
        if (!(await uow.orders.insert(order))) return;
        uow.record({
          type: OrderEventTypes.orderPlaced,
          subject: order.id,
          data: { order: orderView(order), change: order.history[0] },
        });
        await uow.keys.complete(keyRequest.scope, keyRequest.key, { status: 202, body });
      });
      return { status: 202, body, replayed: false };
    } catch (error) {
      await this.letGo(keyRequest, claim.holder, error);
      throw error;
    }
  }

  /** Every line at the catalog's price now (never a price the client sent), totals with Quebec's taxes. */
  async price(lines: OrderInput['lines'], as: OnBehalfOf): Promise<PricedOrder> {
    const products = await Promise.all(lines.map((line) => this.catalog.bySku(line.sku, as)));
    const currency = products[0]?.price.currency ?? 'CAD';
    const priced = lines.map((line, i): OrderLineRecord => {
      const product = products[i];
      if (!product) throw unknownSku(line.sku, i);
      if (!product.active) throw productUnavailable(line.sku, i);
      if (product.price.currency !== currency) throw orderCurrencyMismatch(i, currency);
      return {
        sku: product.sku,
        productId: product.productId,
        name: product.name,
        sellerId: product.sellerId,
        quantity: line.quantity,
        unitPrice: product.price.amount,
        lineTotal: 0,
        shipmentId: null,
      };
    });
    let totals: ReturnType<typeof totalsOf>;
    try {
      totals = totalsOf(priced, QUEBEC_TAXES);
    } catch (error) {
      if (error instanceof AmountTooLarge) throw nothingToPay();
      throw error;
    }
    if (totals.total < 1) throw nothingToPay();
    return {
      currency,
      lines: priced.map((line, i) => ({ ...line, lineTotal: totals.lineTotals[i] ?? 0 })),
      subtotal: totals.subtotal,
      taxes: totals.taxes.map((tax) => ({ ...tax, amount: { amount: tax.amount, currency } })),
      total: totals.total,
    };
  }

  /** A card becomes payments' token here, while the customer waits; ordering keeps only the token. */
  private async paymentMethod(payment: OrderInput['payment'], as: OnBehalfOf): Promise<SavedCard | null> {
    if ('paymentMethod' in payment) return null;
    return this.payments.tokenize(payment.card, as);
  }

  private newOrder(
    id: string,
    customerId: string,
    key: KeyRequest,
    priced: PricedOrder,
    input: OrderInput,
    saved: SavedCard | null,
  ): OnlineOrderRecord {
    const now = this.clock();
    return {
      id,
      customerId,
      status: 'pending',
      cancelReason: null,
      sagaStep: 'reserving',
      version: 1,
      compensationReason: null,
      currency: priced.currency,
      subtotal: priced.subtotal,
      taxes: priced.taxes,
      total: priced.total,
      lines: priced.lines,
      shippingAddress: input.shippingAddress,
      paymentMethod: saved?.id ?? ('paymentMethod' in input.payment ? input.payment.paymentMethod : ''),
      card: saved?.card ?? null,
      reservationId: null,
      paymentId: null,
      paymentStatus: 'pending',
      refundId: null,
      chargeStartedAt: null,
      history: [{ status: 'pending', at: now.toISOString(), reason: null }],
      shipments: [],
      keyScope: key.scope,
      key: key.key,
      createdAt: now,
      updatedAt: now,
    };
  }

  /** Refused: the key is forgotten (nothing was kept). Cut short: the lease is given back. */
  private async letGo(keyRequest: KeyRequest, holder: string, error: unknown): Promise<void> {
    const refused = isDomainError(error) && error.kind !== 'unavailable';
    try {
      await this.store.write((uow) =>
        refused
          ? uow.keys.forget(keyRequest.scope, keyRequest.key, holder)
          : uow.keys.release(keyRequest.scope, keyRequest.key, holder),
      );
    } catch (cleanup) {
      this.log.warn({ err: cleanup }, 'idempotency key not given back');
    }
  }
}

/** What the 409 shows so the shop can display the new price before the customer pays. */
export function freshPrices(priced: PricedOrder) {
  const money = (amount: number) => ({ amount, currency: priced.currency });
  return {
    lines: priced.lines.map((line) => ({
      sku: line.sku,
      productId: line.productId,
      name: line.name,
      quantity: line.quantity,
      unitPrice: money(line.unitPrice),
      lineTotal: money(line.lineTotal),
    })),
    subtotal: money(priced.subtotal),
    taxes: priced.taxes,
    total: money(priced.total),
  };
}

function assertDistinctSkus(lines: OrderInput['lines']): void {
  const seen = new Set<string>();
  for (const [i, line] of lines.entries()) {
    const sku = line.sku.toLowerCase();
    if (seen.has(sku)) throw orderDuplicateLine(line.sku, i);
    seen.add(sku);
  }
}

/** The request as a key remembers it: a card reduced to its last 4 and expiry, never its number. */
function fingerprintSource(input: OrderInput) {
  const payment =
    'paymentMethod' in input.payment
      ? { paymentMethod: input.payment.paymentMethod }
      : {
          last4: input.payment.card.number.replace(/\D/g, '').slice(-4),
          expMonth: input.payment.card.expMonth,
          expYear: input.payment.card.expYear,
        };
  return {
    lines: input.lines,
    expectedTotal: input.expectedTotal,
    shippingAddress: input.shippingAddress,
    payment,
  };
}
