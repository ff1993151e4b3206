import type { Payment } from '@comptoir/contracts';
import { type DomainError, isDomainError, type Logger, toProblem } from '@comptoir/platform';
import { insufficientStock, paymentUnavailable } from './errors.ts';
import type { KeyRequest } from './idempotency.ts';
import type {
  Answer,
  CardDetails,
  CartPort,
  InventoryPort,
  OnBehalfOf,
  OrderingSettings,
  OrderingStore,
  PaymentsPort,
} from './ports.ts';
import { recordSale } from './record-sale.ts';
import {
  paymentKey,
  type Sale,
  type SaleRecord,
  stockKey,
  stockLines,
  stockReturnKey,
  toSale,
} from './sale.ts';
import { declinedError, declineOf, failureOf, refusedError } from './sale-failure.ts';

/** One request driving a sale: who asks, on whose behalf calls go, and the card if any. */
export interface SaleRun {
  as: OnBehalfOf;
  keyRequest: KeyRequest;
  card: CardDetails | undefined;
}

/** A sale that keeps moving without settling is a bug; better a 500 than a spinning request. */
const MAX_STEPS = 12;

const isTransient = (error: unknown) => !isDomainError(error) || error.kind === 'unavailable';

/**
 * Drives a sale from wherever it stands to an answer (see the states in sale.ts). Each step
 * calls one service with a key derived from the sale, then records the new state with a
 * compare-and-set: if another attempt (a retry that took over an expired lease) moved the sale
 * first, this one reads where it is now and carries on from there. So a crash at any point is
 * resumed by the next try, and two attempts at once converge on the same sale.
 */
export class SaleProgress {
  constructor(
    private readonly store: OrderingStore,
    private readonly inventory: InventoryPort,
    private readonly payments: PaymentsPort,
    private readonly cart: CartPort,
    private readonly settings: OrderingSettings,
    private readonly clock: () => Date,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  async drive(start: SaleRecord, run: SaleRun): Promise<Answer<unknown>> {
    let sale = start;
    for (let step = 0; step < MAX_STEPS; step += 1) {
      switch (sale.status) {
        case 'draft':
          sale = await this.move(sale, { status: 'taking_stock' });
          break;
        case 'taking_stock':
          sale = await this.takeStock(sale, run);
          break;
        case 'stock_taken': {
          const next = await this.pay(sale, run);
          if ('answer' in next) return next.answer;
          sale = next.sale;
          break;
        }
        case 'returning_stock':
          sale = await this.returnStock(sale, run);
          break;
        case 'completed':
        case 'declined':
          return this.answerOf(sale, run);
      }
    }
    throw new Error(`sale ${sale.id} did not settle in ${MAX_STEPS} steps (now ${sale.status})`);
  }

  private async takeStock(sale: SaleRecord, run: SaleRun): Promise<SaleRecord> {
    let outcome: Awaited<ReturnType<InventoryPort['takeSaleStock']>>;
    try {
      outcome = await this.inventory.takeSaleStock(this.counterStock(sale, stockKey(sale)), run.as);
    } catch (error) {
      // Refused outright (an unknown sku, a store the caller does not work at): nothing moved.
      if (!isTransient(error)) await this.move(sale, { status: 'draft' });
      throw error;
    }
    if (outcome.kind === 'short') {
      await this.move(sale, { status: 'draft' });
      throw insufficientStock(outcome.sku, outcome.available, outcome.requested);
    }
    return this.move(sale, { status: 'stock_taken' });
  }

  private async pay(
    sale: SaleRecord,
    run: SaleRun,
  ): Promise<{ answer: Answer<Sale> } | { sale: SaleRecord }> {
    let outcome: Awaited<ReturnType<PaymentsPort['pay']>>;
    try {
      outcome = await this.payments.pay(
        {
          key: paymentKey(sale.id),
          saleId: sale.id,
          amount: { amount: sale.total, currency: sale.currency },
          method: sale.method,
          ...(sale.method === 'cash' && sale.tendered !== null
            ? { tendered: { amount: sale.tendered, currency: sale.currency } }
            : {}),
          ...(sale.method === 'card' && run.card ? { card: run.card } : {}),
        },
        run.as,
      );
    } catch (error) {
      // payments busy with this very payment (another attempt): leave everything as it is.
      if (isTransient(error)) throw error;
      const failure = failureOf(error as DomainError);
      return {
        sale: await this.move(sale, {
          status: 'returning_stock',
          stockReturnReason: 'payment_refused',
          failure,
        }),
      };
    }
    switch (outcome.kind) {
      case 'succeeded': {
        const answer = await this.complete(sale, outcome.payment, run);
        return answer ? { answer } : { sale: await this.reload(sale.id) };
      }
      case 'declined': {
        const failure = declineOf(outcome.reason, outcome.message, outcome.payment.id);
        return {
          sale: await this.move(sale, { status: 'returning_stock', stockReturnReason: 'declined', failure }),
        };
      }
      case 'unavailable':
        return {
          sale: await this.move(sale, {
            status: 'returning_stock',
            stockReturnReason: 'payment_unavailable',
            failure: null,
          }),
        };
    }
  }

  /** Puts the attempt's stock back, then tells the story: declined (final), or try again. */
  private async returnStock(sale: SaleRecord, run: SaleRun): Promise<SaleRecord> {
    await this.inventory.putBackStock(this.counterStock(sale, stockReturnKey(sale)), run.as);
    if (sale.stockReturnReason === 'declined') {
      const error = declinedError(sale.failure);
      const declined = { ...sale, status: 'declined' as const, updatedAt: this.now() };
      const moved = await this.store.write(async (uow) => {
        if (!(await uow.sales.advance(declined, sale))) return false;
        // A declined sale is a finished request: its retry hears the same 402.
        await uow.keys.complete(sale.keyScope, sale.key, { status: 402, body: toProblem(error).problem });
        return true;
      });
      if (!moved) return this.reload(sale.id);
      throw error;
    }
    const next = await this.move(sale, {
      status: 'draft',
      stockAttempt: sale.stockAttempt + 1,
      stockReturnReason: null,
    });
    if (next.status !== 'draft' || next.stockAttempt !== sale.stockAttempt + 1) return next;
    if (sale.stockReturnReason === 'payment_unavailable') {
      throw paymentUnavailable(this.settings.retryAfterSeconds);
    }
    throw refusedError(sale.failure);
  }

  /** Records the paid sale (record-sale.ts) if it is still this attempt's, then discards the cart. */
  private async complete(
    sale: SaleRecord,
    payment: Payment,
    run: SaleRun,
  ): Promise<Answer<Sale> | undefined> {
    const answer = await this.store.write(async (uow) => {
      const current = await uow.sales.lock(sale.id);
      if (current?.status !== 'stock_taken' || current.stockAttempt !== sale.stockAttempt) return undefined;
      return recordSale(uow, current, payment, this.now());
    });
    const { cartId } = sale;
    if (answer && cartId) {
      // The basket is sold: a till starts the next one empty. Losing this only leaves a stale cart.
      await this.cart.discard(cartId, run.as).catch((error: unknown) => {
        this.log.warn({ err: error, saleId: sale.id, cartId: sale.cartId }, 'sold cart not discarded');
      });
    }
    return answer;
  }

  /**
   * The answer to a sale another attempt finished (or one finished before its key was forgotten):
   * the same body the first answer had, rebuilt from the sale, and stored with this key too.
   */
  private async answerOf(sale: SaleRecord, run: SaleRun): Promise<Answer<unknown>> {
    const answer =
      sale.status === 'completed'
        ? { status: 201, body: toSale(sale) }
        : { status: 402, body: toProblem(declinedError(sale.failure)).problem };
    const { scope, key } = run.keyRequest;
    await this.store.write(async (uow) => {
      const stored = await uow.keys.lock(scope, key);
      if (stored && !stored.answer) await uow.keys.complete(scope, key, answer);
    });
    return { ...answer, replayed: true };
  }

  private counterStock(sale: SaleRecord, key: string) {
    return { key, saleId: sale.id, locationId: sale.locationId, lines: stockLines(sale.lines) };
  }

  /** Saves the change if the sale is still where this attempt saw it; else where it is now. */
  private async move(sale: SaleRecord, change: Partial<SaleRecord>): Promise<SaleRecord> {
    const next: SaleRecord = { ...sale, ...change, updatedAt: this.now() };
    const moved = await this.store.write((uow) => uow.sales.advance(next, sale));
    return moved ? next : this.reload(sale.id);
  }

  private async reload(id: string): Promise<SaleRecord> {
    const current = await this.store.sales.find(id);
    if (!current) throw new Error(`sale ${id} vanished while in progress`);
    return current;
  }

  private now(): string {
    return this.clock().toISOString();
  }
}
