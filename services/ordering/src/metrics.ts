import {
  type OrderChanged,
  OrderEventTypes,
  OrderingEventTypes,
  type SaleCompleted,
  type SaleReturned,
} from '@comptoir/contracts';
import type { EventEnvelope, ServiceMetrics } from '@comptoir/platform';

/**
 * Business counters for the dashboards, counted from the events a transaction committed — a
 * replayed request or a redelivered saga message commits nothing new, so nothing counts twice:
 * - `comptoir_sales_total{store,method}`: POS sales completed;
 * - `comptoir_sales_revenue_cents_total{store,currency}`: their totals, taxes included, in cents;
 * - `comptoir_sale_returns_total{store}`: returns completed;
 * - `comptoir_orders_total{status}`: online orders reaching each status (one per transition, so
 *   `status="pending"` counts orders placed and `status="cancelled"` those cancelled).
 */
export function orderingCounters(metrics: ServiceMetrics): (events: readonly EventEnvelope[]) => void {
  const sales = metrics.counter('comptoir_sales_total', 'POS sales completed, by store and payment method.', [
    'store',
    'method',
  ]);
  const revenue = metrics.counter(
    'comptoir_sales_revenue_cents_total',
    'Totals of POS sales completed (taxes included), in cents, by store and currency.',
    ['store', 'currency'],
  );
  const returns = metrics.counter('comptoir_sale_returns_total', 'POS returns completed, by store.', [
    'store',
  ]);
  const orders = metrics.counter('comptoir_orders_total', 'Online orders reaching a status, by status.', [
    'status',
  ]);
  const orderTypes = new Set<string>(Object.values(OrderEventTypes));
  return (events) => {
    for (const event of events) {
      if (event.type === OrderingEventTypes.saleCompleted) {
        const sale = event.data as SaleCompleted;
        sales.inc({ store: sale.storeId, method: sale.payment.method });
        revenue.inc({ store: sale.storeId, currency: sale.currency }, sale.total.amount);
      } else if (event.type === OrderingEventTypes.saleReturned) {
        returns.inc({ store: (event.data as SaleReturned).storeId });
      } else if (orderTypes.has(event.type)) {
        orders.inc({ status: (event.data as OrderChanged).change.status });
      }
    }
  };
}
