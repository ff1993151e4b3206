import { type Static, Type } from '@sinclair/typebox';

/** An ISO 4217 currency code, upper case: `CAD`, `EUR`. */
export const Currency = Type.String({
  pattern: '^[A-Z]{3}$',
  description: 'ISO 4217 currency code, upper case.',
  examples: ['CAD'],
});
export type Currency = Static<typeof Currency>;

/**
 * An amount of money in integer minor units (cents) plus its currency; never a float.
 * `{ amount: 1999, currency: 'CAD' }` is 19,99 $.
 */
export const Money = Type.Object(
  {
    amount: Type.Integer({
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'Integer amount in minor units (cents).',
      examples: [1999],
    }),
    currency: Currency,
  },
  { additionalProperties: false, title: 'Money' },
);
export type Money = Static<typeof Money>;
