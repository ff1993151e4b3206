import { CardSummary, Currency, Money, SaleId, SaleLine, TaxAmount } from '@comptoir/contracts';
import { Type } from '@comptoir/platform';

/** A sale the register made offline, as it kept it: the facts, with its own prices and taxes. */
export const OfflineSaleInput = Type.Object(
  {
    saleId: { ...SaleId, description: 'Made by the register when it sold; also the Idempotency-Key.' },
    sessionId: Type.String({
      pattern: '^ses_[0-9A-HJKMNP-TV-Z]{26}$',
      description:
        'The cash session it was sold in (it may have closed since: the sale is then a late entry).',
    }),
    receiptNumber: Type.String({
      pattern: '^H[0-9A-Z]{6}-[0-9A-Z]{2,8}-[0-9]{6}$',
      description:
        'From the register’s offline series: its `offlineReceiptPrefix` (stores, `GET /registers/{id}`), the ' +
        'device’s code (2–8 letters or digits), a six-digit number from 000001. Unique per register.',
      examples: ['H0N1M3K-T3-000017'],
    }),
    soldAt: Type.String({ format: 'date-time', description: 'When it was sold, by the register’s clock.' }),
    currency: Currency,
    lines: Type.Array(SaleLine, { minItems: 1, maxItems: 200 }),
    subtotal: Money,
    taxes: Type.Array(TaxAmount, { maxItems: 8 }),
    total: Money,
    payment: Type.Union(
      [
        Type.Object(
          {
            method: Type.Literal('cash'),
            tendered: { ...Money, description: 'What the customer handed over: at least the total.' },
          },
          { additionalProperties: false, title: 'OfflineCashTender' },
        ),
        Type.Object(
          {
            method: Type.Literal('card'),
            card: { ...CardSummary, description: 'What the register kept of the card: never its number.' },
          },
          { additionalProperties: false, title: 'OfflineCardTender' },
        ),
      ],
      { title: 'OfflineTender' },
    ),
  },
  { additionalProperties: false, title: 'OfflineSaleInput' },
);
