import { PaymentEventTypes, type PaymentMethod } from '@comptoir/contracts';
import type { EventEnvelope, ServiceMetrics } from '@comptoir/platform';

const SETTLED: Record<string, 'succeeded' | 'failed'> = {
  [PaymentEventTypes.paymentSucceeded]: 'succeeded',
  [PaymentEventTypes.paymentFailed]: 'failed',
};

/**
 * Counts payments as they settle, from the events their transaction committed (a replayed
 * request settles nothing new, so it is not counted twice):
 * - `comptoir_payments_total{method,status}`: payments settled, by method (cash, card) and status
 *   (succeeded, failed — a declined card);
 * - `comptoir_payment_refunds_total{method}`: refunds completed.
 */
export function paymentCounters(metrics: ServiceMetrics): (events: readonly EventEnvelope[]) => void {
  const settled = metrics.counter('comptoir_payments_total', 'Payments settled, by method and status.', [
    'method',
    'status',
  ]);
  const refunds = metrics.counter('comptoir_payment_refunds_total', 'Refunds completed, by method.', [
    'method',
  ]);
  return (events) => {
    for (const event of events) {
      const { method } = event.data as { method: PaymentMethod };
      const status = SETTLED[event.type];
      if (status) settled.inc({ method, status });
      else if (event.type === PaymentEventTypes.paymentRefunded) refunds.inc({ method });
    }
  };
}
