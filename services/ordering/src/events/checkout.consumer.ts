import type { Bus, Logger } from '@comptoir/platform';
import { type CheckoutSaga, STEP_OF_MESSAGE, StepRetryLater } from '../domain/checkout-saga.ts';

export const CHECKOUT_QUEUE = 'ordering.checkout';

export interface CheckoutWorkerSettings {
  /** Messages in flight per worker (RabbitMQ prefetch). */
  prefetch: number;
  /** Attempts of one message before the dead-letter queue (the sweeper drives its order on anyway). */
  maxAttempts: number;
}

/** Back-off of a step that could not run: 250 ms, doubling, at most 5 s between attempts. */
export const stepBackoffMs = (attempt: number) => Math.min(250 * 2 ** (attempt - 1), 5_000);

/**
 * The checkout workers: a durable work queue (`ordering.checkout`) bound to `order.placed` and
 * the saga's step messages, consumed with bounded prefetch and acknowledged once the step's
 * transaction has committed; a step that throws is retried with back-off, then dead-lettered.
 *
 * On the kit's bus directly rather than `ctx.subscribe`: that one runs the handler inside the
 * inbox's transaction, which would hold a database connection (the only one, embedded) across the
 * calls to inventory and payments. The inbox is not needed either: the order's saga step is the
 * record of what was handled — a redelivered message finds its step done (see checkout-saga.ts).
 */
export async function startCheckoutWorkers(
  bus: Bus,
  saga: CheckoutSaga,
  settings: CheckoutWorkerSettings,
  log: Logger,
): Promise<() => Promise<void>> {
  const subscription = await bus.subscribe({
    queue: CHECKOUT_QUEUE,
    topics: Object.keys(STEP_OF_MESSAGE),
    prefetch: settings.prefetch,
    maxAttempts: settings.maxAttempts,
    backoffMs: stepBackoffMs,
    handler: async (event) => {
      const orderId = event.subject ?? (event.data as { orderId?: string }).orderId;
      if (!orderId) return;
      try {
        await saga.handle(event.type, orderId);
      } catch (error) {
        if (error instanceof StepRetryLater) log.debug({ orderId, type: event.type }, error.message);
        else log.warn({ err: error, orderId, type: event.type }, 'checkout step failed: retried');
        throw error;
      }
    },
  });
  return () => subscription.close();
}
