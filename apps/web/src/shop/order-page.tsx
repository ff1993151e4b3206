import type { Ok } from '@comptoir/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { call } from '../lib/api.ts';
import { ApiProblem } from '../lib/problems.ts';
import { useLoad } from '../lib/use-load.ts';
import { ErrorState, Loaded } from '../ui/states.tsx';
import { CartLines } from './cart-lines.tsx';
import { addToCart } from './cart-store.ts';
import { dateTime } from './format.ts';
import { OrderTimeline } from './order-timeline.tsx';
import { type StatusChange, useOrderTracking } from './order-tracking.ts';

type Order = Ok<'ordering.getOrder'>;

/** `/orders/:id`: the order (gateway's order view) and its status, followed live. */
export function OrderPage() {
  const { t } = useTranslation('shop');
  const { id = '' } = useParams();
  const view = useLoad(
    () =>
      call((api) => api.GET('/api/views/orders/{id}', { params: { path: { id } } })).catch(
        // Someone else's order is a 404 as much as one that never was: "cannot be found".
        (error: unknown) => {
          if (error instanceof ApiProblem && (error.status === 404 || error.status === 400))
            return { order: null, payment: null, products: null, degraded: [] };
          throw error;
        },
      ),
    [id],
  );
  return (
    <Loaded load={view} isEmpty={(page) => page.order === null} empty={t('order.gone')}>
      {(page) => page.order && <OrderDetail order={page.order} />}
    </Loaded>
  );
}

function OrderDetail({ order }: { order: Order }) {
  const { t, i18n } = useTranslation('shop');
  const { changes, link } = useOrderTracking(order.id);
  // The stream starts with the whole history; until it comes, the order as loaded.
  const history: StatusChange[] =
    changes.length > 0 ? changes : order.history.map((change) => ({ ...change }));
  const last = history.at(-1);
  const status = last?.status ?? order.status;
  const shipments = order.shipments;
  return (
    <article className="panel order" aria-labelledby="order-title">
      <p>
        <Link to="/orders">{t('order.back')}</Link>
      </p>
      <h1 id="order-title">{t('order.title', { id: order.id })}</h1>
      <p className="muted">{t('order.placedAt', { at: dateTime(order.createdAt, i18n.language) })}</p>
      <div className={`order-status status-${status}`} role="status" aria-live="polite">
        {t('order.status')} <strong>{t(`status.${status}`)}</strong>
        {status === 'cancelled' && last?.reason && (
          <> — {t(`cancelReason.${last.reason}`, { defaultValue: last.reason })}</>
        )}
      </div>
      <p className="muted live">{t(`live.${link}`)}</p>
      <OrderTimeline history={history} />
      {shipments.length > 0 && (
        <ul className="shipments">
          {shipments.map((shipment) => (
            <li key={shipment.id}>
              {t('order.shipment', { carrier: shipment.carrier, number: shipment.trackingNumber })}
            </li>
          ))}
        </ul>
      )}
      {status === 'cancelled' && <PutBack order={order} />}
      <h2>{t('order.lines')}</h2>
      <CartLines cart={order} />
      <h2>{t('order.shipTo')}</h2>
      <address>
        {order.shippingAddress.name}
        <br />
        {order.shippingAddress.line1}
        {order.shippingAddress.line2 && (
          <>
            <br />
            {order.shippingAddress.line2}
          </>
        )}
        <br />
        {order.shippingAddress.city} ({order.shippingAddress.region}) {order.shippingAddress.postalCode}
      </address>
      {order.payment.card && (
        <p>{t('order.paidWith', { brand: order.payment.card.brand, last4: order.payment.card.last4 })}</p>
      )}
    </article>
  );
}

/** A cancelled order's lines back into the cart, to try again (another card, fewer of a product). */
function PutBack({ order }: { order: Order }) {
  const { t } = useTranslation('shop');
  const [state, setState] = useState<'idle' | 'busy' | 'done'>('idle');
  const [failure, setFailure] = useState<unknown>();
  async function putBack() {
    setState('busy');
    setFailure(undefined);
    try {
      for (const line of order.lines) await addToCart(line.sku, line.quantity);
      setState('done');
    } catch (error) {
      setFailure(error);
      setState('idle');
    }
  }
  return (
    <div className="actions">
      {state === 'done' ? (
        <p role="status">
          {t('order.putBackDone')} <Link to="/cart">{t('product.seeCart')}</Link>
        </p>
      ) : (
        <button type="button" disabled={state === 'busy'} onClick={() => void putBack()}>
          {t('order.putBack')}
        </button>
      )}
      {failure !== undefined && <ErrorState problem={failure} />}
    </div>
  );
}
