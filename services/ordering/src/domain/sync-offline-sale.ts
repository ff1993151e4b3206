import type { Payment } from '@comptoir/contracts';
import { isDomainError, type Logger, type Principal } from '@comptoir/platform';
import { assertWorksAt } from './access.ts';
import {
  currencyMismatch,
  noStockLocation,
  OrderingErrorCodes,
  offlineKeyNotSaleId,
  offlineReceiptTaken,
  offlineSessionUnknown,
  paymentUnavailable,
  saleIdTaken,
  storeNotFound,
} from './errors.ts';
import { type Claim, claimKey, fingerprint, type KeyRequest, requireKey } from './idempotency.ts';
import { assertAddsUp, type OfflineSaleInput, parseOfflineReceipt, reviewOf } from './offline-sale.ts';
import type {
  Answer,
  InventoryPort,
  OnBehalfOf,
  OrderingSettings,
  OrderingStore,
  PaymentsPort,
  StoresPort,
} from './ports.ts';
import { recordSale } from './record-sale.ts';
import { paymentKey, type Sale, type SaleRecord, stockLines, toSale } from './sale.ts';

const OPERATION = 'sale.offline';
/** The sale id alone is the key, whoever syncs it: a sale is the register's, not the token's. */
const SCOPE = 'offline-sale';
/** How long a copy waits for another copy of the same sale in flight before hearing a 409. */
const WAIT_FOR_TWIN_MS = 8_000;
const WAIT_STEP_MS = 50;

const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';

/**
 * `POST /sales/offline`: records a sale a register made while offline. It is a fact — the goods
 * left, the money came in — so it is never refused for stock, a price since changed, a session
 * since closed or a product since deleted: only a malformed or unauthorised request is refused.
 *
 * 1. Check the figures add up, then claim the key (= the sale id, scoped to no caller). A copy of
 *    the same sale in flight (another replica, a retry racing the first) waits for it and answers
 *    its answer; a finished key replays.
 * 2. Open the sale: read the session, store and register (the receipt must be of the register's
 *    offline series), save it numbered with that receipt — unique per register and series.
 * 3. Its stock leaves through inventory's offline path (below zero if need be; key: the sale id).
 * 4. Its payment is recorded (cash, or a card taken offline: `offline_authorized`; key `sale-<id>`).
 * 5. One transaction: completed, `sale.completed` (with `offline`) in the outbox, the answer kept.
 *
 * Each step is keyed, so a sync cut short at any point is resumed by the retry, never doubled.
 */
export class SyncOfflineSale {
  constructor(
    private readonly store: OrderingStore,
    private readonly stores: StoresPort,
    private readonly inventory: InventoryPort,
    private readonly payments: PaymentsPort,
    private readonly settings: OrderingSettings,
    private readonly clock: () => Date,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  async execute(
    actor: Principal,
    as: OnBehalfOf,
    key: string | undefined,
    input: OfflineSaleInput,
  ): Promise<Answer<unknown>> {
    if (requireKey(key) !== input.saleId) throw offlineKeyNotSaleId();
    assertAddsUp(input, this.clock());
    const keyRequest: KeyRequest = {
      scope: SCOPE,
      key: input.saleId,
      operation: OPERATION,
      fingerprint: fingerprint(OPERATION, input),
    };
    const claim = await this.claim(keyRequest);
    if (claim.kind === 'replay') {
      const body = claim.answer.body as Partial<Sale>;
      if (body.storeId) assertWorksAt(actor, body.storeId);
      return { ...claim.answer, replayed: true };
    }
    try {
      const sale = await this.open(actor, as, input, keyRequest);
      return await this.drive(sale, input, as, keyRequest);
    } catch (error) {
      await this.letGo(keyRequest, claim.holder, error);
      throw error;
    }
  }

  /** Takes the key; while another copy of this sale holds it, waits for its answer. */
  private async claim(keyRequest: KeyRequest): Promise<Claim> {
    const deadline = Date.now() + Math.min(WAIT_FOR_TWIN_MS, this.settings.leaseMs);
    for (;;) {
      try {
        return await this.store.write((uow) =>
          claimKey(uow.keys, keyRequest, keyRequest.key, this.clock(), this.settings.leaseMs),
        );
      } catch (error) {
        const inFlight = isDomainError(error) && error.code === OrderingErrorCodes.requestInProgress;
        if (!inFlight || Date.now() >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
      }
    }
  }

  /** The sale this request drives: the one its key already saved, or a new one. */
  private async open(
    actor: Principal,
    as: OnBehalfOf,
    input: OfflineSaleInput,
    keyRequest: KeyRequest,
  ): Promise<SaleRecord> {
    const existing = await this.store.sales.find(input.saleId);
    if (existing) return this.mine(existing, actor, keyRequest);
    const fresh = await this.snapshot(actor, as, input, keyRequest);
    return this.store.write(async (uow) => {
      let inserted: boolean;
      try {
        inserted = await uow.sales.insert(fresh);
      } catch (error) {
        // The only unique rule an insert can break besides the id: register + series + number.
        if (isUniqueViolation(error)) throw offlineReceiptTaken(input.receiptNumber);
        throw error;
      }
      if (inserted) return fresh;
      const current = await uow.sales.lock(fresh.id);
      if (!current) throw new Error(`sale ${fresh.id} neither inserted nor found`);
      return this.mine(current, actor, keyRequest);
    });
  }

  private mine(sale: SaleRecord, actor: Principal, keyRequest: KeyRequest): SaleRecord {
    if (sale.keyScope !== keyRequest.scope || sale.key !== keyRequest.key) throw saleIdTaken(sale.id);
    assertWorksAt(actor, sale.storeId);
    return sale;
  }

  private async snapshot(
    actor: Principal,
    as: OnBehalfOf,
    input: OfflineSaleInput,
    keyRequest: KeyRequest,
  ): Promise<SaleRecord> {
    const session = await this.stores.session(input.sessionId, as);
    // Another store's session is hidden by stores (404): the same answer as one that never was.
    if (!session) throw offlineSessionUnknown(input.sessionId, 'does not exist at a store you work at');
    assertWorksAt(actor, session.storeId);
    const [store, register, locationId] = await Promise.all([
      this.stores.store(session.storeId, as),
      this.stores.register(session.registerId, as),
      this.inventory.locationOf(session.storeId),
    ]);
    if (!store) throw storeNotFound(`the store "${session.storeId}"`);
    if (!register) throw storeNotFound(`the register "${session.registerId}"`);
    if (!locationId) throw noStockLocation(session.storeId);
    if (input.currency !== store.currency) throw currencyMismatch('/body/currency', store.currency);
    const receipt = parseOfflineReceipt(input.receiptNumber, register.offlineReceiptPrefix);

    const now = this.clock().toISOString();
    const { payment } = input;
    return {
      id: input.saleId,
      channel: 'pos',
      status: 'taking_stock',
      cartId: null,
      storeId: session.storeId,
      registerId: session.registerId,
      sessionId: session.id,
      cashierId: actor.subject,
      locationId,
      store: { name: store.name, address: store.address },
      registerName: register.name,
      currency: input.currency,
      lines: input.lines.map((line) => ({ ...line })),
      subtotal: input.subtotal.amount,
      taxes: input.taxes.map((tax) => ({ ...tax })),
      total: input.total.amount,
      method: payment.method,
      tendered: payment.method === 'cash' ? payment.tendered.amount : null,
      stockAttempt: 1,
      stockReturnReason: null,
      failure: null,
      payment: null,
      receiptNumber: receipt.number,
      receiptSeries: receipt.series,
      offline: { receipt: receipt.printed, syncedAt: now, review: reviewOf(input, register.offlineCard) },
      keyScope: keyRequest.scope,
      key: keyRequest.key,
      createdAt: now,
      updatedAt: now,
      completedAt: new Date(input.soldAt).toISOString(),
    };
  }

  /** taking_stock → stock_taken → completed, each step keyed by the sale; resumes wherever it stands. */
  private async drive(
    start: SaleRecord,
    input: OfflineSaleInput,
    as: OnBehalfOf,
    keyRequest: KeyRequest,
  ): Promise<Answer<unknown>> {
    let sale = start;
    if (sale.status === 'taking_stock') {
      const lines = stockLines(sale.lines);
      await this.inventory.recordOfflineStock(
        { key: sale.id, saleId: sale.id, locationId: sale.locationId, lines },
        as,
      );
      sale = await this.move(sale, { status: 'stock_taken' });
    }
    if (sale.status === 'stock_taken') {
      const answer = await this.pay(sale, input, as);
      if (answer) return answer;
      sale = await this.reload(sale.id);
    }
    if (sale.status !== 'completed') throw new Error(`offline sale ${sale.id} is ${sale.status}`);
    return this.answerOf(sale, keyRequest);
  }

  private async pay(
    sale: SaleRecord,
    input: OfflineSaleInput,
    as: OnBehalfOf,
  ): Promise<Answer<Sale> | undefined> {
    const { payment } = input;
    const outcome = await this.payments.pay(
      {
        key: paymentKey(sale.id),
        saleId: sale.id,
        amount: { amount: sale.total, currency: sale.currency },
        method: payment.method,
        ...(payment.method === 'cash' ? { tendered: payment.tendered } : { offlineCard: payment.card }),
      },
      as,
    );
    if (outcome.kind === 'unavailable') throw paymentUnavailable(this.settings.retryAfterSeconds);
    // Cash and a card taken offline are recorded, never declined; a decline here is a bug upstream.
    if (outcome.kind === 'declined') throw new Error(`payments declined the offline sale ${sale.id}`);
    return this.complete(sale, outcome.payment);
  }

  private complete(sale: SaleRecord, payment: Payment): Promise<Answer<Sale> | undefined> {
    return this.store.write(async (uow) => {
      const current = await uow.sales.lock(sale.id);
      if (current?.status !== 'stock_taken') return undefined;
      return recordSale(uow, current, payment, this.clock().toISOString());
    });
  }

  /** The sale another copy finished: the same body, rebuilt from the sale, kept with the key too. */
  private async answerOf(sale: SaleRecord, keyRequest: KeyRequest): Promise<Answer<unknown>> {
    const answer = { status: 201, body: toSale(sale) };
    await this.store.write(async (uow) => {
      const stored = await uow.keys.lock(keyRequest.scope, keyRequest.key);
      if (stored && !stored.answer) await uow.keys.complete(keyRequest.scope, keyRequest.key, answer);
    });
    return { ...answer, replayed: true };
  }

  private async move(sale: SaleRecord, change: Partial<SaleRecord>): Promise<SaleRecord> {
    const next: SaleRecord = { ...sale, ...change, updatedAt: this.clock().toISOString() };
    const moved = await this.store.write((uow) => uow.sales.advance(next, sale));
    return moved ? next : this.reload(sale.id);
  }

  private async reload(id: string): Promise<SaleRecord> {
    const current = await this.store.sales.find(id);
    if (!current) throw new Error(`sale ${id} vanished while in progress`);
    return current;
  }

  /** Refused: the key is forgotten (the fixed request is judged afresh). Cut short: the lease is given back. */
  private async letGo(keyRequest: KeyRequest, holder: string, error: unknown): Promise<void> {
    const refused = isDomainError(error) && error.kind !== 'unavailable';
    try {
      await this.store.write((uow) =>
        refused
          ? uow.keys.forget(keyRequest.scope, keyRequest.key, holder)
          : uow.keys.release(keyRequest.scope, keyRequest.key, holder),
      );
    } catch (cleanup) {
      this.log.warn({ err: cleanup }, 'idempotency key not given back');
    }
  }
}
