import { type CancelReason, OrderEventTypes } from '@comptoir/contracts';
import { isDomainError, type Logger } from '@comptoir/platform';
import {
  advance,
  cancel,
  type OnlineOrderRecord,
  type OrderChange,
  orderView,
  type SagaStep,
} from './online-order.ts';
import type {
  MachineAuth,
  OnlineOrderStore,
  OrderPaymentsPort,
  OrderUnitOfWork,
  ReservationsPort,
} from './order-ports.ts';
import type { OnBehalfOf, PaymentOutcome } from './ports.ts';

const isUnavailable = (error: unknown) => isDomainError(error) && error.kind === 'unavailable';

/**
 * The saga's own messages, through ordering's outbox like any event: each says a step is done and
 * drives the next one. Consumers outside ordering have no use for them (they bind `order.*`).
 */
export const CheckoutMessages = {
  stockReserved: 'checkout.stock-reserved',
  paymentCaptured: 'checkout.payment-captured',
  compensationDue: 'checkout.compensation-due',
} as const;

/** The messages the workers consume, and the step each one drives. */
export const STEP_OF_MESSAGE: Readonly<Record<string, SagaStep>> = {
  [OrderEventTypes.orderPlaced]: 'reserving',
  [CheckoutMessages.stockReserved]: 'charging',
  [CheckoutMessages.paymentCaptured]: 'committing',
  [CheckoutMessages.compensationDue]: 'compensating',
};
const MESSAGE_OF_STEP: Partial<Record<SagaStep, string>> = {
  reserving: OrderEventTypes.orderPlaced,
  charging: CheckoutMessages.stockReserved,
  committing: CheckoutMessages.paymentCaptured,
  compensating: CheckoutMessages.compensationDue,
};

export interface SagaSettings {
  /** inventory's online warehouse. */
  locationId: string;
  /** How long a payment that cannot be taken (provider down) is retried before the order is cancelled. */
  paymentDeadlineMs: number;
  /** An order not settled after this long is cancelled with compensation by the sweeper. */
  sagaTimeoutMs: number;
}

/** A step that could not run now (a service down): the bus retries the message with back-off. */
export class StepRetryLater extends Error {
  constructor(step: SagaStep, orderId: string, cause?: unknown) {
    super(`checkout step ${step} of ${orderId} could not run now; retried`, { cause });
    this.name = 'StepRetryLater';
  }
}

/**
 * The online checkout, orchestrated by ordering (architecture §5): reserve every line at the
 * online warehouse → charge the card → commit the reservation and confirm; or cancel with
 * compensation (release the stock, refund anything charged).
 *
 * Each step is one call to another service, keyed so that calling it again changes nothing
 * (a reservation per order id, a payment per `order-<id>`, a refund per `refund-order-<id>`),
 * then one transaction saving the order at its next step with a compare-and-set — the history
 * entry, the `order.*` event and the next step's message with it. A message redelivered, or
 * handled by two workers at once, finds its step done (or loses the compare-and-set) and does
 * nothing more.
 */
export class CheckoutSaga {
  constructor(
    private readonly store: OnlineOrderStore,
    private readonly reservations: ReservationsPort,
    private readonly payments: OrderPaymentsPort,
    private readonly machine: MachineAuth,
    private readonly settings: SagaSettings,
    private readonly clock: () => Date,
    private readonly log: Pick<Logger, 'info' | 'warn' | 'debug'>,
  ) {}

  /** Handles one saga message; throws `StepRetryLater` (or any error) for the bus to retry it. */
  async handle(type: string, orderId: string): Promise<void> {
    const step = STEP_OF_MESSAGE[type];
    if (!step) return;
    const order = await this.store.orders.find(orderId);
    if (!order || order.sagaStep !== step) return; // done already (a redelivery), or never ours
    switch (step) {
      case 'reserving':
        return this.reserve(order);
      case 'charging':
        return this.charge(order);
      case 'committing':
        return this.commit(order);
      case 'compensating':
        return this.compensate(order);
      default:
        return;
    }
  }

  /**
   * Orders still unsettled past the saga's timeout: those before the charge's answer are cancelled
   * with compensation (timed_out); those further on get their step's message again (one lost to
   * the dead-letter queue, say), since committing or compensating always ends. Returns how many.
   */
  async sweep(max = 100): Promise<number> {
    const now = this.clock();
    const stale = await this.store.orders.unsettled(
      new Date(now.getTime() - this.settings.sagaTimeoutMs),
      max,
    );
    for (const order of stale) {
      if (order.sagaStep === 'reserving' || order.sagaStep === 'charging') {
        await this.save(order, toCompensation(order, 'timed_out', now));
      } else {
        const type = MESSAGE_OF_STEP[order.sagaStep];
        if (type) await this.store.write(async (uow) => uow.record(stepMessage(type, order.id)));
      }
    }
    if (stale.length > 0) this.log.info({ orders: stale.length }, 'stale checkouts swept');
    return stale.length;
  }

  private async reserve(order: OnlineOrderRecord): Promise<void> {
    const lines = order.lines.map((line) => ({ sku: line.sku, quantity: line.quantity }));
    const outcome = await this.retryable('reserving', order, async () =>
      this.reservations.reserve(
        { orderId: order.id, locationId: this.settings.locationId, lines },
        await this.as(),
      ),
    );
    const now = this.clock();
    if (outcome.kind === 'short') {
      // Nothing was held and nothing charged: cancelled at once.
      await this.save(order, cancel(order, 'out_of_stock', now));
      return;
    }
    await this.save(
      order,
      advance(order, { sagaStep: 'charging', reservationId: outcome.reservationId }, now),
    );
  }

  private async charge(order: OnlineOrderRecord): Promise<void> {
    let current = order;
    if (!current.chargeStartedAt) {
      // The deadline counts from the first attempt, whichever worker makes it.
      const started = advance(current, { chargeStartedAt: this.clock() }, this.clock());
      if (!(await this.store.write((uow) => uow.orders.save(started, current.version)))) return;
      current = started.order;
    }
    const charge = {
      key: `order-${current.id}`,
      orderId: current.id,
      amount: { amount: current.total, currency: current.currency },
      paymentMethod: current.paymentMethod,
    };
    const outcome = await this.payments
      .charge(charge, await this.as())
      .catch((error: unknown): PaymentOutcome | 'refused' => {
        if (isUnavailable(error)) return { kind: 'unavailable' }; // no answer, or the same key still running
        // payments will not start this payment at all (the card's token expired, say): as a decline.
        if (isDomainError(error)) return 'refused';
        throw error;
      });
    const now = this.clock();
    if (outcome === 'refused') {
      await this.save(current, toCompensation(current, 'payment_declined', now, { paymentStatus: 'failed' }));
      return;
    }
    if (outcome.kind === 'succeeded') {
      await this.save(
        current,
        advance(
          current,
          { sagaStep: 'committing', paymentId: outcome.payment.id, paymentStatus: 'succeeded' },
          now,
        ),
      );
      return;
    }
    if (outcome.kind === 'declined') {
      const declined = { paymentId: outcome.payment.id, paymentStatus: 'failed' as const };
      await this.save(current, toCompensation(current, 'payment_declined', now, declined));
      return;
    }
    const waited = now.getTime() - (current.chargeStartedAt?.getTime() ?? now.getTime());
    if (waited < this.settings.paymentDeadlineMs) throw new StepRetryLater('charging', current.id);
    await this.save(current, toCompensation(current, 'payment_unavailable', now));
  }

  private async commit(order: OnlineOrderRecord): Promise<void> {
    const reservationId = order.reservationId;
    if (!reservationId) throw new Error(`order ${order.id} is committing without a reservation`);
    const outcome = await this.retryable('committing', order, async () =>
      this.reservations.commit(reservationId, await this.as()),
    );
    const now = this.clock();
    if (outcome.kind === 'expired') {
      await this.save(order, toCompensation(order, 'reservation_expired', now));
      return;
    }
    await this.save(order, advance(order, { status: 'confirmed', sagaStep: 'done' }, now));
  }

  /**
   * Puts back what the order holds and gives back what it paid, then cancels it. A reservation
   * never recorded (a reserve whose answer was lost before a timeout) is not released here: its
   * hold expires at inventory by itself.
   */
  private async compensate(order: OnlineOrderRecord): Promise<void> {
    const reason = order.compensationReason ?? 'timed_out';
    const as = await this.as();
    const reservationId = order.reservationId;
    if (reservationId) {
      await this.retryable('compensating', order, () => this.reservations.release(reservationId, as));
    }
    const refund = await this.refundAnythingCharged(order, as);
    await this.save(order, cancel(order, reason, this.clock(), refund));
  }

  private async refundAnythingCharged(
    order: OnlineOrderRecord,
    as: OnBehalfOf,
  ): Promise<Partial<OnlineOrderRecord>> {
    if (order.paymentStatus === 'failed' || order.chargeStartedAt === null) return {};
    // A payment known, or one whose answer never came (the charge may have gone through).
    // A payment still `pending` at payments was never charged by the provider (its outage), and
    // once the order is cancelled nobody retries its key: nothing to give back.
    const payments = await this.retryable('compensating', order, () => this.payments.ofOrder(order.id, as));
    const charged = payments.find((payment) => payment.status === 'succeeded');
    if (!charged) return payments.length > 0 ? { paymentStatus: 'failed' } : {};
    const refundId = await this.retryable('compensating', order, () =>
      this.payments.refund(
        {
          key: `refund-order-${order.id}`,
          paymentId: charged.id,
          amount: { amount: order.total, currency: order.currency },
          reason: `order ${order.id} cancelled`,
        },
        as,
      ),
    );
    return { paymentId: charged.id, paymentStatus: 'refunded', refundId };
  }

  /** Saves the change if no other worker moved the order first, with its event or next message. */
  private async save(before: OnlineOrderRecord, change: OrderChange): Promise<boolean> {
    const saved = await this.store.write(async (uow) => {
      if (!(await uow.orders.save(change, before.version))) return false;
      recordFacts(uow, change);
      return true;
    });
    if (!saved) this.log.debug({ orderId: before.id }, 'checkout step already done by another worker');
    return saved;
  }

  private async as(): Promise<OnBehalfOf> {
    return { authorization: await this.machine.header() };
  }

  /** Runs a call; a service that did not answer becomes a retry of the message. */
  private async retryable<T>(step: SagaStep, order: OnlineOrderRecord, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (isUnavailable(error)) throw new StepRetryLater(step, order.id, error);
      throw error;
    }
  }
}

function toCompensation(
  order: OnlineOrderRecord,
  reason: CancelReason,
  now: Date,
  patch: Partial<OnlineOrderRecord> = {},
): OrderChange {
  return advance(order, { ...patch, sagaStep: 'compensating', compensationReason: reason }, now);
}

const stepMessage = (type: string, orderId: string) => ({ type, subject: orderId, data: { orderId } });

const EVENT_OF_STATUS: Record<string, string> = {
  confirmed: OrderEventTypes.orderConfirmed,
  cancelled: OrderEventTypes.orderCancelled,
  partially_shipped: OrderEventTypes.orderShipped,
  shipped: OrderEventTypes.orderShipped,
  delivered: OrderEventTypes.orderDelivered,
};

/** The `order.*` event of a status change, and the message of the saga's next step. */
export function recordFacts(uow: OrderUnitOfWork, change: OrderChange, shipmentId?: string): void {
  const { order, statusChange } = change;
  const type = statusChange ? EVENT_OF_STATUS[statusChange.status] : undefined;
  if (statusChange && type) {
    uow.record({
      type,
      subject: order.id,
      data: { order: orderView(order), change: statusChange, ...(shipmentId ? { shipmentId } : {}) },
    });
  }
  const next = MESSAGE_OF_STEP[order.sagaStep];
  if (next && next !== OrderEventTypes.orderPlaced) uow.record(stepMessage(next, order.id));
}
