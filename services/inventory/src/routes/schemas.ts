import { Sku, StockLevel } from '@comptoir/contracts';
import { Type } from '@comptoir/platform';
import type { FastifyReply } from 'fastify';
import type { Answer } from '../domain/idempotency.ts';

export const Quantity = Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Units, at least one.' });
export const Reason = Type.String({
  minLength: 1,
  maxLength: 500,
  pattern: '\\S',
  description: 'Why, in words a colleague will understand later.',
  examples: ['Inventaire annuel'],
});
export const Reference = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]+$' });

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      pattern: '^[\\x21-\\x7E]+$',
      description:
        'One per intended change, sent again on every retry: a retry gets the first answer (with `Idempotent-Replayed: true`) instead of moving stock twice; the same key with another request is a 422.',
    }),
  ),
});

export const SkuParams = Type.Object({ sku: Sku });
export const IdParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
});

export const SkuStock = Type.Object(
  {
    sku: Sku,
    onHand: Type.Integer({ minimum: 0 }),
    reserved: Type.Integer({ minimum: 0 }),
    available: Type.Integer({ minimum: 0 }),
    levels: Type.Array(StockLevel, { description: 'One per location, zero where never stocked.' }),
  },
  { additionalProperties: false, title: 'SkuStock' },
);

/** Answers a command: its status, and whether this is the replay of an earlier answer. */
export function answer<T>(reply: FastifyReply, result: Answer<T>): T {
  reply.code(result.status);
  if (result.replayed) reply.header('idempotent-replayed', 'true');
  return result.body;
}
