import type { Payment, Refund } from '@comptoir/contracts';
import { isDomainError } from '@comptoir/platform';
import { OrderingErrorCodes, upstreamUnavailable } from '../domain/errors.ts';
import type { OnBehalfOf, PaymentOutcome, PaymentsPort } from '../domain/ports.ts';
import { onBehalfOf, problemOf, refusal, send, type Upstream } from './upstream.ts';

const IN_PROGRESS = 'PAYMENTS_REQUEST_IN_PROGRESS';

/**
 * The payments service over HTTP: a sale's payment (`POST /payments`, reference `sale:<id>`) and
 * a return's refund (`POST /payments/{id}/refunds`), each once per Idempotency-Key. A decline is
 * an answer (201, status `failed`); a card provider that did not answer is a 503 (nothing
 * charged, the same key resumes the payment).
 */
/**
 * `POST /payments` once per key, read as the domain reads it: succeeded, declined (201 failed),
 * or unavailable (no answer, or still pending). Another attempt of the same payment in flight is a
 * 503 to the caller (wait, change nothing); anything else is payments refusing the request.
 */
export async function takePayment(
  upstream: Upstream,
  body: Record<string, unknown>,
  as: OnBehalfOf,
  key: string,
  refusalPointer?: string,
): Promise<PaymentOutcome> {
  let response: Awaited<ReturnType<typeof upstream.client.post<Payment>>>;
  try {
    response = await send(upstream, (client) => client.post<Payment>('/payments', body, onBehalfOf(as, key)));
  } catch (error) {
    if (isDomainError(error) && error.kind === 'unavailable') return { kind: 'unavailable' };
    throw error;
  }
  const paid = response.body;
  // A card a register took offline is recorded as authorized, to capture later: for the sale, paid.
  if (response.status === 201 && (paid?.status === 'succeeded' || paid?.status === 'offline_authorized')) {
    return { kind: 'succeeded', payment: paid };
  }
  if (response.status === 201 && paid?.status === 'failed') {
    return {
      kind: 'declined',
      payment: paid,
      reason: paid.failure?.reason ?? 'card_declined',
      message: paid.failure?.message ?? 'The card was declined.',
    };
  }
  if (response.status === 409 && problemOf(response).code === IN_PROGRESS) {
    throw upstreamUnavailable('payments', upstream.retryAfterSeconds);
  }
  if (response.status === 201) return { kind: 'unavailable' }; // still pending: not settled yet
  throw refusal(
    'payments',
    response,
    OrderingErrorCodes.paymentRefused,
    refusalPointer ? { pointerPrefix: refusalPointer } : undefined,
  );
}

export function paymentsAdapter(upstream: Upstream): PaymentsPort {
  return {
    pay({ key, saleId, ...payment }, as) {
      return takePayment(
        upstream,
        { ...payment, reference: { kind: 'sale', id: saleId } },
        as,
        key,
        '/body/payment',
      );
    },

    async refund({ key, paymentId, ...refund }, as) {
      const path = `/payments/${encodeURIComponent(paymentId)}/refunds`;
      const response = await send(upstream, (client) =>
        client.post<Refund>(path, refund, onBehalfOf(as, key)),
      );
      if (response.status === 201 && response.body?.status === 'succeeded') return response.body.id;
      if (response.status === 201 || (response.status === 409 && problemOf(response).code === IN_PROGRESS)) {
        throw upstreamUnavailable('payments', upstream.retryAfterSeconds);
      }
      throw refusal('payments', response, OrderingErrorCodes.refundRefused);
    },
  };
}
