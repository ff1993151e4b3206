/** The seller's lines of online orders; confirmed lines not shipped yet are shipped with a tracking number. */
import type { Ok } from '@comptoir/sdk';
import { useTranslation } from 'react-i18next';
import { ActionOutcome, useAction } from '../admin/action.tsx';
import { checkedOf, fieldsOf } from '../admin/forms.ts';
import { call } from '../lib/api.ts';
import { formatMoney } from '../lib/money.ts';
import { useLoad } from '../lib/use-load.ts';
import { Loaded } from '../ui/states.tsx';

type Sale = Ok<'ordering.listSellerSales'>['items'][number];
const SHIPPABLE = new Set(['confirmed', 'partially_shipped']);

export function SellerSalesPage() {
  const { t } = useTranslation('seller');
  const load = useLoad(
    () => call((api) => api.GET('/api/ordering/seller/sales', { params: { query: { limit: 50 } } })),
    [],
  );
  return (
    <section className="panel" aria-labelledby="sales-title">
      <h1 id="sales-title">{t('sales.title')}</h1>
      <Loaded load={load} isEmpty={(page) => page.items.length === 0} empty={t('sales.empty')}>
        {(page) =>
          page.items.map((sale) => <SaleCard key={sale.orderId} sale={sale} onShipped={load.reload} />)
        }
      </Loaded>
    </section>
  );
}

function SaleCard({ sale, onShipped }: { sale: Sale; onShipped(): void }) {
  const { t, i18n } = useTranslation('seller');
  const action = useAction();
  const money = (value: Sale['total']) => formatMoney(value, i18n.language);
  const waiting = sale.lines.filter((line) => line.shipmentId === null);
  const canShip = SHIPPABLE.has(sale.status) && waiting.length > 0;
  const headingId = `sale-${sale.orderId}`;
  return (
    <article className="panel" aria-labelledby={headingId} data-testid={`sale-${sale.orderId}`}>
      <h2 id={headingId}>
        {t('sales.order', { id: sale.orderId })} —{' '}
        <span data-testid="sale-status">{t(`status.${sale.status}`)}</span>
      </h2>
      <p className="muted">
        {new Date(sale.createdAt).toLocaleString(i18n.language)} · {t('sales.total')} {money(sale.total)}
      </p>
      <table aria-labelledby={headingId}>
        <thead>
          <tr>
            <th scope="col">SKU</th>
            <th scope="col">{t('products.name')}</th>
            <th scope="col" className="number">
              {t('sales.quantity')}
            </th>
            <th scope="col" className="number">
              {t('sales.lineTotal')}
            </th>
            <th scope="col">{t('sales.shipment')}</th>
          </tr>
        </thead>
        <tbody>
          {sale.lines.map((line) => (
            <tr key={line.sku}>
              <td>{line.sku}</td>
              <td>{line.name}</td>
              <td className="number">{line.quantity}</td>
              <td className="number">{money(line.lineTotal)}</td>
              <td>{line.shipmentId ? t('sales.shipped') : t('sales.notShipped')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {canShip && (
        <form
          className="inline-form"
          aria-label={t('sales.shipOf', { id: sale.orderId })}
          onSubmit={(event) => {
            const form = event.currentTarget;
            const f = fieldsOf(event);
            const skus = checkedOf(form, 'skus');
            void action
              .run(async () => {
                await call((api) =>
                  api.POST('/api/ordering/orders/{id}/shipments', {
                    params: { path: { id: sale.orderId } },
                    body: { skus, carrier: f.carrier ?? '', trackingNumber: f.trackingNumber ?? '' },
                  }),
                );
                return t('sales.shippedNotice', { tracking: f.trackingNumber });
              })
              .then((ok) => ok && onShipped());
          }}
        >
          <fieldset>
            <legend>{t('sales.linesToShip')}</legend>
            <div className="checks">
              {waiting.map((line) => (
                <label key={line.sku}>
                  <input type="checkbox" name="skus" value={line.sku} defaultChecked />
                  {line.name}
                </label>
              ))}
            </div>
          </fieldset>
          <label>
            {t('sales.carrier')}
            <input name="carrier" required maxLength={60} defaultValue="Postes Canada" />
          </label>
          <label>
            {t('sales.tracking')}
            <input name="trackingNumber" required maxLength={80} />
          </label>
          <button type="submit" className="primary" disabled={action.busy}>
            {t('sales.ship')}
          </button>
        </form>
      )}
      <ActionOutcome state={action.state} />
    </article>
  );
}
