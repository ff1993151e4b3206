import type { Ok } from '@comptoir/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { call } from '../lib/api.ts';
import { useLoad } from '../lib/use-load.ts';
import { ErrorState, Loaded } from '../ui/states.tsx';
import { dateTime, money } from './format.ts';

type Page = Ok<'ordering.listOrders'>;

const PAGE_SIZE = 20;
const fetchPage = (cursor?: string) =>
  call((api) =>
    api.GET('/api/ordering/orders', {
      params: { query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
    }),
  );

/** `/orders`: the customer's orders, newest first, each with its status and total. */
export function OrdersPage() {
  const { t } = useTranslation('shop');
  const first = useLoad(() => fetchPage(), []);
  return (
    <section className="panel" aria-labelledby="orders-title">
      <h1 id="orders-title">{t('orders.title')}</h1>
      <Loaded
        load={first}
        isEmpty={(page) => page.items.length === 0}
        empty={
          <>
            {t('orders.empty')} <Link to="/">{t('cart.browse')}</Link>
          </>
        }
      >
        {(page) => <OrderList first={page} />}
      </Loaded>
    </section>
  );
}

function OrderList({ first }: { first: Page }) {
  const { t, i18n } = useTranslation('shop');
  const [items, setItems] = useState(first.items);
  const [cursor, setCursor] = useState(first.nextCursor);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  async function more() {
    if (!cursor) return;
    setBusy(true);
    setFailure(undefined);
    try {
      const next = await fetchPage(cursor);
      setItems((shown) => [...shown, ...next.items]);
      setCursor(next.nextCursor);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <table>
        <caption className="visually-hidden">{t('orders.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('orders.order')}</th>
            <th scope="col">{t('orders.placedAt')}</th>
            <th scope="col">{t('orders.status')}</th>
            <th scope="col" className="number">
              {t('orders.total')}
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((order) => (
            <tr key={order.id}>
              <td>
                <Link to={`/orders/${order.id}`}>
                  {t('orders.articles', { count: order.lines.reduce((n, l) => n + l.quantity, 0) })}
                </Link>
              </td>
              <td>{dateTime(order.createdAt, i18n.language)}</td>
              <td>{t(`status.${order.status}`)}</td>
              <td className="number">{money(order.total, i18n.language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {failure !== undefined && <ErrorState problem={failure} onRetry={() => void more()} />}
      {cursor && (
        <button type="button" className="more" disabled={busy} onClick={() => void more()}>
          {busy ? t('catalog.loadingMore') : t('catalog.more')}
        </button>
      )}
    </>
  );
}
