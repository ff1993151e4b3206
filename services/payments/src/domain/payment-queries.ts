import type { Payment, PaymentReference, Refund } from '@comptoir/contracts';
import type { Principal } from '@comptoir/platform';
import { actorId, assertMayList, mayReadAll } from './access.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { paymentNotFound } from './errors.ts';
import { type PaymentRecord, toPayment } from './payment.ts';
import type { Page, PaymentReader } from './ports.ts';
import { toRefund } from './refund.ts';

export interface PaymentListQuery {
  reference?: PaymentReference;
  limit: number;
  cursor?: string;
}

/** Reading payments: staff and scoped machines read all; anyone else only the payments they made. */
export class PaymentQueries {
  constructor(private readonly payments: PaymentReader) {}

  async get(actor: Principal, id: string): Promise<Payment> {
    return toPayment(await this.readable(actor, id));
  }

  async refunds(actor: Principal, id: string): Promise<Refund[]> {
    const payment = await this.readable(actor, id);
    return (await this.payments.refundsOf(payment.id)).map(toRefund);
  }

  async list(actor: Principal, query: PaymentListQuery): Promise<Page<Payment>> {
    assertMayList(actor);
    const afterId = decodeCursor(query.cursor);
    const rows = await this.payments.list({
      take: query.limit + 1,
      ...(query.reference ? { reference: query.reference } : {}),
      ...(afterId ? { afterId } : {}),
    });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: items.map(toPayment),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.id) : null,
    };
  }

  // Someone else's payment is "not found", not "forbidden": ids must not tell who paid what.
  private async readable(actor: Principal, id: string): Promise<PaymentRecord> {
    const payment = await this.payments.find(id);
    if (!payment || (payment.createdBy !== actorId(actor) && !mayReadAll(actor))) throw paymentNotFound(id);
    return payment;
  }
}
