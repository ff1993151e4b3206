import type { Payment } from '@comptoir/contracts';
import { OrderingErrorCodes, upstreamRefused } from '../domain/errors.ts';
import type { OrderPaymentsPort, SavedCard } from '../domain/order-ports.ts';
import { paymentsAdapter, takePayment } from './payments.adapter.ts';
import { onBehalfOf, problemOf, refusal, send, type Upstream } from './upstream.ts';

/**
 * payments over HTTP for online orders: the card turned into a token (`POST /payment-methods`, as
 * the customer, so ordering never keeps a card number), the order's charge with that token (`POST
 * /payments`, key `order-<id>`, reference `order:<id>`), refunds, and an order's payments.
 */
export function orderPaymentsAdapter(upstream: Upstream): OrderPaymentsPort {
  const { refund } = paymentsAdapter(upstream);
  return {
    async tokenize(card, as) {
      const response = await send(upstream, (client) =>
        client.post<SavedCard>('/payment-methods', { card }, onBehalfOf(as)),
      );
      if ((response.status === 201 || response.status === 200) && response.body) {
        const { id, card: shown } = response.body;
        return { id, card: { brand: shown.brand, last4: shown.last4 } };
      }
      // A card payments will not take is the customer's to fix; anything else is payments' trouble.
      if (response.status === 400 || response.status === 422) {
        throw refusal('payments', response, OrderingErrorCodes.paymentRefused, {
          pointerPrefix: '/body/payment',
        });
      }
      throw upstreamRefused('payments', response.status, problemOf(response).detail ?? '');
    },

    charge({ key, orderId, amount, paymentMethod }, as) {
      const body = { amount, method: 'card', paymentMethod, reference: { kind: 'order', id: orderId } };
      return takePayment(upstream, body, as, key);
    },

    refund,

    async ofOrder(orderId, as) {
      const response = await send(upstream, (client) =>
        client.get<{ items: Payment[] }>('/payments', {
          query: { reference: `order:${orderId}`, limit: 100 },
          ...onBehalfOf(as),
        }),
      );
      if (response.status !== 200) throw refusal('payments', response, OrderingErrorCodes.upstreamRefused);
      return response.body?.items ?? [];
    },
  };
}
