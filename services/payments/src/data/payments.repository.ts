import type { Queryable } from '@comptoir/platform';
import type { PaymentRecord } from '../domain/payment.ts';
import type { PaymentFilter, PaymentReader, PaymentWriter, RefundWriter } from '../domain/ports.ts';
import {
  PAYMENT_COLUMNS,
  type PaymentRow,
  paymentParams,
  placeholders,
  REFUND_COLUMNS,
  type RefundRow,
  refundParams,
  toPaymentRecord,
  toRefundRecord,
} from './rows.ts';

export function paymentReader(db: Queryable): PaymentReader {
  return {
    async find(id) {
      const { rows } = await db.query<PaymentRow>(`select ${PAYMENT_COLUMNS} from payment where id = $1`, [
        id,
      ]);
      return rows[0] ? toPaymentRecord(rows[0]) : undefined;
    },
    async list({ reference, afterId, take }: PaymentFilter) {
      const { rows } = await db.query<PaymentRow>(
        `select ${PAYMENT_COLUMNS} from payment
          where ($1::text is null or (reference_kind = $1 and reference_id = $2))
            and ($3::text is null or id > $3)
          order by id limit $4`,
        [reference?.kind ?? null, reference?.id ?? null, afterId ?? null, take],
      );
      return rows.map(toPaymentRecord);
    },
    async refundsOf(paymentId) {
      const { rows } = await db.query<RefundRow>(
        `select ${REFUND_COLUMNS} from refund where payment_id = $1 order by id`,
        [paymentId],
      );
      return rows.map(toRefundRecord);
    },
  };
}

/** Writes inside one transaction (`tx`). */
export function paymentWriter(tx: Queryable): PaymentWriter {
  return {
    async insert(payment: PaymentRecord) {
      await tx.query(
        `insert into payment (${PAYMENT_COLUMNS}) values (${placeholders(21)})`,
        paymentParams(payment),
      );
    },
    async lock(id) {
      const { rows } = await tx.query<PaymentRow>(
        `select ${PAYMENT_COLUMNS} from payment where id = $1 for update`,
        [id],
      );
      return rows[0] ? toPaymentRecord(rows[0]) : undefined;
    },
    async update(payment) {
      // Only what changes after creation; what was asked (amount, method, card, reference) never does.
      await tx.query(
        `update payment set status = $2, failure_reason = $3, failure_message = $4, amount_refunded = $5,
           provider_charge_id = $6, attempts = $7, updated_at = $8
         where id = $1`,
        [
          payment.id,
          payment.status,
          payment.failure?.reason ?? null,
          payment.failure?.message ?? null,
          payment.amountRefunded,
          payment.providerChargeId,
          payment.attempts,
          payment.updatedAt,
        ],
      );
    },
  };
}

export function refundWriter(tx: Queryable): RefundWriter {
  return {
    async insert(refund) {
      await tx.query(
        `insert into refund (${REFUND_COLUMNS}) values (${placeholders(10)})`,
        refundParams(refund),
      );
    },
    async find(id) {
      const { rows } = await tx.query<RefundRow>(`select ${REFUND_COLUMNS} from refund where id = $1`, [id]);
      return rows[0] ? toRefundRecord(rows[0]) : undefined;
    },
    async update(refund) {
      await tx.query(
        'update refund set status = $2, provider_refund_id = $3, updated_at = $4 where id = $1',
        [refund.id, refund.status, refund.providerRefundId, refund.updatedAt],
      );
    },
    async committedFor(paymentId) {
      const { rows } = await tx.query<{ total: number | string }>(
        'select coalesce(sum(amount), 0) as total from refund where payment_id = $1',
        [paymentId],
      );
      return Number(rows[0]?.total ?? 0);
    },
  };
}
