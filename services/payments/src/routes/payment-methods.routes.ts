import { CardPaymentMethod } from '@comptoir/contracts';
import { BODY_PROBLEMS, type HttpApp, principalOf, problems } from '@comptoir/platform';
import type { PaymentMethods } from '../domain/payment-methods.ts';
import { PaymentMethodInput } from './schemas.ts';

export function paymentMethodRoutes(app: HttpApp, methods: PaymentMethods): void {
  app.post(
    '/payment-methods',
    {
      schema: {
        summary: 'Save a card to charge later',
        description:
          'Any signed-in person, or a client with `payments:write`. Answers the provider’s token (`pm_…`): ' +
          'the card sealed, usable until `expiresAt` by whoever saved it — or by a platform client with ' +
          '`payments:write` paying an order — as `paymentMethod` in `POST /payments`. Nothing is stored; ' +
          'a number failing the Luhn check is a 400. No Idempotency-Key: saving twice only makes two tokens.',
        tags: ['payment methods'],
        operationId: 'createPaymentMethod',
        body: PaymentMethodInput,
        response: { 201: CardPaymentMethod, ...problems(...BODY_PROBLEMS, 401, 403, 503) },
      },
    },
    async (request, reply) => {
      const saved = await methods.save(principalOf(request, reply), request.body.card);
      return reply.code(201).send(saved);
    },
  );
}
