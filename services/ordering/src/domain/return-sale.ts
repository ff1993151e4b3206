import { OrderingEventTypes } from '@comptoir/contracts';
import { isDomainError, type Logger, type Principal } from '@comptoir/platform';
import { actorId, worksAt } from './access.ts';
import {
  nothingToRefund,
  returnDuplicateLine,
  returnExceedsSale,
  returnIdTaken,
  saleNotFound,
  sessionNotOpen,
} from './errors.ts';
import { claimKey, fingerprint, type KeyRequest, requireKey } from './idempotency.ts';
import type {
  Answer,
  InventoryPort,
  OnBehalfOf,
  OrderingSettings,
  OrderingStore,
  PaymentsPort,
  StoresPort,
} from './ports.ts';
import {
  type ReturnLine,
  type ReturnRecord,
  refundAmount,
  refundKey,
  restockKey,
  returnable,
  saleReturned,
  toSaleReturn,
} from './return.ts';
import type { SaleRecord } from './sale.ts';

const OPERATION = 'return.create';

export interface ReturnInput {
  returnId: string;
  /** The cash session handling the return (the drawer a cash refund comes out of). */
  sessionId?: string;
  lines: ReturnLine[];
}

/**
 * `POST /sales/{id}/returns`: some or all of a completed sale comes back — refunded (payments,
 * key `return-<returnId>`), then restocked at the store (inventory, key `<returnId>`), then
 * recorded with `sale.returned` — once per idempotency key, resumable like a sale.
 */
export class ReturnSale {
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
    saleId: string,
    key: string | undefined,
    input: ReturnInput,
  ): Promise<Answer<unknown>> {
    const keyRequest: KeyRequest = {
      scope: actorId(actor),
      key: requireKey(key),
      operation: OPERATION,
      fingerprint: fingerprint(OPERATION, { saleId, ...input }),
    };
    const claim = await this.store.write((uow) =>
      claimKey(uow.keys, keyRequest, input.returnId, this.clock(), this.settings.leaseMs),
    );
    if (claim.kind === 'replay') return { ...claim.answer, replayed: true };
    try {
      const sale = await this.saleFor(actor, saleId);
      let record = await this.store.returns.find(input.returnId);
      if (record && (record.saleId !== saleId || !sameKey(record, keyRequest))) {
        throw returnIdTaken(input.returnId);
      }
      record ??= await this.open(actor, as, sale, input, keyRequest);
      return await this.drive(sale, record, as);
    } catch (error) {
      const refused = isDomainError(error) && error.kind !== 'unavailable';
      await this.store
        .write((uow) =>
          refused
            ? uow.keys.forget(keyRequest.scope, keyRequest.key, claim.holder)
            : uow.keys.release(keyRequest.scope, keyRequest.key, claim.holder),
        )
        .catch((cleanup: unknown) => this.log.warn({ err: cleanup }, 'idempotency key not given back'));
      throw error;
    }
  }

  /** The completed sale, if the caller may see it: another store's sale does not exist for them. */
  private async saleFor(actor: Principal, saleId: string): Promise<SaleRecord> {
    const sale = await this.store.sales.find(saleId);
    if (sale?.status !== 'completed' || !worksAt(actor, sale.storeId)) throw saleNotFound(saleId);
    return sale;
  }

  /** Checks the lines against what is left of the sale and records the return as `refunding`. */
  private async open(
    actor: Principal,
    as: OnBehalfOf,
    sale: SaleRecord,
    input: ReturnInput,
    keyRequest: KeyRequest,
  ): Promise<ReturnRecord> {
    const seen = new Set<string>();
    input.lines.forEach((line, i) => {
      if (seen.has(line.sku)) throw returnDuplicateLine(line.sku, i);
      seen.add(line.sku);
    });
    if (input.sessionId !== undefined) {
      const session = await this.stores.session(input.sessionId, as);
      if (!session) throw sessionNotOpen(input.sessionId, 'does not exist');
      if (session.status !== 'open') throw sessionNotOpen(session.id, 'is closed');
      if (session.storeId !== sale.storeId) throw sessionNotOpen(session.id, "is not at the sale's store");
    }
    return this.store.write(async (uow) => {
      // The sale's row lock makes concurrent returns of one sale take turns here.
      await uow.sales.lock(sale.id);
      const earlier = await uow.returns.ofSale(sale.id);
      const existing = earlier.find((r) => r.id === input.returnId);
      if (existing) {
        if (!sameKey(existing, keyRequest)) throw returnIdTaken(input.returnId);
        return existing;
      }
      const left = returnable(sale, earlier);
      for (const line of input.lines) {
        const units = left.get(line.sku) ?? 0;
        if (line.quantity > units) throw returnExceedsSale(line.sku, line.quantity, units);
      }
      const amount = refundAmount(sale, earlier, input.lines);
      if (amount < 1) throw nothingToRefund();
      const record: ReturnRecord = {
        id: input.returnId,
        saleId: sale.id,
        status: 'refunding',
        sessionId: input.sessionId ?? null,
        cashierId: actor.subject,
        currency: sale.currency,
        amount,
        refundId: null,
        lines: input.lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
        keyScope: keyRequest.scope,
        key: keyRequest.key,
        createdAt: this.clock().toISOString(),
        completedAt: null,
      };
      // The id is the primary key: another sale's return with the same id is refused here.
      if (!(await uow.returns.insert(record))) throw returnIdTaken(record.id);
      return record;
    });
  }

  private async drive(sale: SaleRecord, start: ReturnRecord, as: OnBehalfOf): Promise<Answer<unknown>> {
    let record = start;
    if (record.status === 'refunding') record = await this.refund(sale, record, as);
    if (record.status === 'restocking') {
      await this.inventory.putBackStock(
        { key: restockKey(record.id), saleId: sale.id, locationId: sale.locationId, lines: record.lines },
        as,
      );
    }
    return this.complete(sale, record);
  }

  private async refund(sale: SaleRecord, record: ReturnRecord, as: OnBehalfOf): Promise<ReturnRecord> {
    if (!sale.payment) throw new Error(`completed sale ${sale.id} has no payment`);
    let refundId: string;
    try {
      refundId = await this.payments.refund(
        {
          key: refundKey(record.id),
          paymentId: sale.payment.id,
          amount: { amount: record.amount, currency: record.currency },
          reason: `Retour ${record.id} de la vente ${sale.id}`,
        },
        as,
      );
    } catch (error) {
      // payments refused (and kept nothing): the return never happened, and no longer counts.
      if (isDomainError(error) && error.kind !== 'unavailable') {
        await this.store.write((uow) => uow.returns.remove(record.id, 'refunding'));
      }
      throw error;
    }
    return this.store.write(async (uow) => {
      const current = await uow.returns.lock(record.id);
      if (!current) throw new Error(`return ${record.id} vanished while refunding`);
      if (current.status !== 'refunding') return current;
      const next = { ...current, status: 'restocking' as const, refundId };
      await uow.returns.update(next);
      return next;
    });
  }

  private async complete(sale: SaleRecord, record: ReturnRecord): Promise<Answer<unknown>> {
    return this.store.write(async (uow) => {
      const current = await uow.returns.lock(record.id);
      if (!current) throw new Error(`return ${record.id} vanished while restocking`);
      if (current.status === 'completed') {
        // Finished by another attempt (or before its key was forgotten): the same body again.
        const answer = { status: 201, body: toSaleReturn(current, sale) };
        const stored = await uow.keys.lock(current.keyScope, current.key);
        if (stored && !stored.answer) await uow.keys.complete(current.keyScope, current.key, answer);
        return { ...answer, replayed: true };
      }
      const done: ReturnRecord = { ...current, status: 'completed', completedAt: this.clock().toISOString() };
      await uow.returns.update(done);
      const body = toSaleReturn(done, sale);
      uow.record({ type: OrderingEventTypes.saleReturned, data: saleReturned(body), subject: sale.id });
      await uow.keys.complete(done.keyScope, done.key, { status: 201, body });
      return { status: 201, body, replayed: false };
    });
  }
}

const sameKey = (record: ReturnRecord, key: KeyRequest) =>
  record.keyScope === key.scope && record.key === key.key;
