import { OrderingEventTypes, type Payment } from '@comptoir/contracts';
import type { Answer, OrderingUnitOfWork } from './ports.ts';
import { type Sale, type SaleRecord, saleCompleted, toSale } from './sale.ts';

/**
 * The sale's last step, in the one transaction the caller holds with the sale locked: the
 * register's next receipt number (`update … set last_number = last_number + 1`: a rolled-back
 * sale gives its number back, so there is no gap), the completed sale with its payment summary,
 * `sale.completed` in the outbox, and the answer stored with the key. A sale made offline came
 * with its receipt number (its register's offline series) and the time it was sold: both stay.
 */
export async function recordSale(
  uow: OrderingUnitOfWork,
  sale: SaleRecord,
  payment: Pick<Payment, 'id' | 'changeDue' | 'card'>,
  now: string,
): Promise<Answer<Sale>> {
  const done: SaleRecord = {
    ...sale,
    status: 'completed',
    payment: {
      id: payment.id,
      changeDue: payment.changeDue?.amount ?? null,
      card: payment.card ? { brand: payment.card.brand, last4: payment.card.last4 } : null,
    },
    receiptNumber: sale.offline ? sale.receiptNumber : await uow.receipts.next(sale.registerId),
    completedAt: sale.offline ? sale.completedAt : now,
    updatedAt: now,
  };
  if (!(await uow.sales.advance(done, sale))) throw new Error(`sale ${sale.id} moved while locked`);
  uow.record({ type: OrderingEventTypes.saleCompleted, data: saleCompleted(done), subject: done.id });
  const body = toSale(done);
  await uow.keys.complete(done.keyScope, done.key, { status: 201, body });
  return { status: 201, body, replayed: false };
}
