import { InventoryEventTypes, type StockLow } from '@comptoir/contracts';
import type { EventEnvelope, ServiceMetrics } from '@comptoir/platform';

/**
 * `comptoir_stock_low_total{location}`: low-stock alerts raised, by location id, counted once
 * their transaction has committed (an alert rolled back with its sale is not counted). The
 * business dashboard shows them per location.
 */
export function stockAlertCounter(metrics: ServiceMetrics): (events: readonly EventEnvelope[]) => void {
  const alerts = metrics.counter(
    'comptoir_stock_low_total',
    'Low-stock alerts (stock.low) raised, by location.',
    ['location'],
  );
  return (events) => {
    for (const event of events) {
      if (event.type === InventoryEventTypes.stockLow) {
        alerts.inc({ location: (event.data as StockLow).locationId });
      }
    }
  };
}
