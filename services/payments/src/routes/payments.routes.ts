import { Payment, Refund } from '@comptoir/contracts';
import { BODY_PROBLEMS, type HttpApp, PageOf, principalOf, problems, Type } from '@comptoir/platform';
import type { FastifyReply } from 'fastify';
import type { PaymentQueries } from '../domain/payment-queries.ts';
import type { Outcome } from '../domain/ports.ts';
import type { RefundPayment } from '../domain/refund-payment.ts';
import type { TakePayment } from '../domain/take-payment.ts';
import {
  IdempotencyHeaders,
  IdParams,
  PaymentInput,
  PaymentListQuery,
  parseReference,
  REPLAYED_HEADER,
  RefundInput,
  replayHeaders,
} from './schemas.ts';

const tags = ['payments'];

/** A replay answers exactly as the first time did, status included, and says it is a replay. */
function created<T>(reply: Pick<FastifyReply, 'code' | 'header'>, outcome: Outcome<T>): T {
  reply.code(201);
  if (outcome.replayed) reply.header(REPLAYED_HEADER, 'true');
  return outcome.value;
}
const KEYED_PROBLEMS = [...BODY_PROBLEMS, 401, 403, 409, 422, 428, 503] as const;

export interface PaymentUseCases {
  take: TakePayment;
  refund: RefundPayment;
  queries: PaymentQueries;
}

export function paymentRoutes(app: HttpApp, { take, refund, queries }: PaymentUseCases): void {
  app.post(
    '/payments',
    {
      schema: {
        summary: 'Take a payment (cash or card)',
        description:
          'Needs `Idempotency-Key`. Cash: cashiers, store managers, head office; `changeDue` = tendered − amount. ' +
          'Card: any signed-in person, or a client with `payments:write`, with the card typed now (`card`) or a ' +
          'saved one (`paymentMethod`, 422 `PAYMENTS_PAYMENT_METHOD_INVALID` when expired or not theirs to charge); ' +
          'a decline is a `failed` payment, a provider outage is 503 (retry with the same key).',
        tags,
        operationId: 'createPayment',
        headers: IdempotencyHeaders,
        body: PaymentInput,
        response: { 201: { ...Payment, headers: replayHeaders }, ...problems(...KEYED_PROBLEMS) },
      },
    },
    async (request, reply) => {
      const actor = principalOf(request, reply);
      return created(reply, await take.execute(actor, request.headers['idempotency-key'], request.body));
    },
  );

  app.get(
    '/payments',
    {
      schema: {
        summary: 'List payments, of one order or sale with `reference`',
        description: 'Cashiers, store managers, head office, and clients with `payments:read`.',
        tags,
        operationId: 'listPayments',
        querystring: PaymentListQuery,
        response: { 200: PageOf(Payment, 'PaymentPage'), ...problems(400, 401, 403) },
      },
    },
    (request, reply) => {
      const { reference, limit, cursor } = request.query;
      const parsed = parseReference(reference);
      return queries.list(principalOf(request, reply), {
        limit,
        ...(parsed ? { reference: parsed } : {}),
        ...(cursor ? { cursor } : {}),
      });
    },
  );

  app.get(
    '/payments/:id',
    {
      schema: {
        summary: 'Get a payment',
        description: 'Its creator, cashiers, store managers, head office, and clients with `payments:read`.',
        tags,
        operationId: 'getPayment',
        params: IdParams,
        response: { 200: Payment, ...problems(400, 401, 404) },
      },
    },
    (request, reply) => queries.get(principalOf(request, reply), request.params.id),
  );

  app.post(
    '/payments/:id/refunds',
    {
      schema: {
        summary: 'Refund all or part of a payment',
        description:
          'Needs `Idempotency-Key`. Cashiers, store managers, head office, or a client with `payments:write`. ' +
          'All refunds together never exceed the amount captured (409).',
        tags,
        operationId: 'refundPayment',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: RefundInput,
        response: { 201: { ...Refund, headers: replayHeaders }, ...problems(...KEYED_PROBLEMS, 404) },
      },
    },
    async (request, reply) => {
      const actor = principalOf(request, reply);
      const outcome = await refund.execute(
        actor,
        request.headers['idempotency-key'],
        request.params.id,
        request.body,
      );
      return created(reply, outcome);
    },
  );

  app.get(
    '/payments/:id/refunds',
    {
      schema: {
        summary: 'List the refunds of a payment',
        tags,
        operationId: 'listRefunds',
        params: IdParams,
        response: {
          200: Type.Object({ items: Type.Array(Refund) }, { title: 'RefundList' }),
          ...problems(400, 401, 404),
        },
      },
    },
    async (request, reply) => ({
      items: await queries.refunds(principalOf(request, reply), request.params.id),
    }),
  );
}
