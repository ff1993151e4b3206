import { isDomainError, type Logger, type Principal } from '@comptoir/platform';
import { actorId, assertWorksAt } from './access.ts';
import { saleIdTaken } from './errors.ts';
import { claimKey, fingerprint, type KeyRequest, requireKey } from './idempotency.ts';
import type { Answer, OnBehalfOf, OrderingSettings, OrderingStore } from './ports.ts';
import { fingerprintSource, type PrepareSale, type SaleInput } from './prepare-sale.ts';
import { isUntouched, type SaleRecord } from './sale.ts';
import type { SaleProgress, SaleRun } from './sale-progress.ts';

const OPERATION = 'sale.create';

/**
 * `POST /sales`: sells a register's cart — stock taken at the store, payment taken, sale
 * recorded with its receipt number — at most once per idempotency key.
 *
 * 1. Claim the key (its own short transaction). A finished key replays its answer; one held by a
 *    live request is a 409; a lapsed lease is taken over.
 * 2. Open the sale: read and check the cart (a snapshot kept with the sale), or pick up the sale
 *    an earlier attempt of this key left midway.
 * 3. Drive it to an answer (sale-progress.ts).
 *
 * A request refused without effect forgets its key, so the retry is judged afresh; one cut short
 * (a service not answering, a crash) gives its lease back, so the retry resumes the same sale.
 */
export class PlaceSale {
  constructor(
    private readonly store: OrderingStore,
    private readonly prepare: PrepareSale,
    private readonly progress: SaleProgress,
    private readonly settings: OrderingSettings,
    private readonly clock: () => Date,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  async execute(
    actor: Principal,
    as: OnBehalfOf,
    key: string | undefined,
    input: SaleInput,
  ): Promise<Answer<unknown>> {
    const keyRequest: KeyRequest = {
      scope: actorId(actor),
      key: requireKey(key),
      operation: OPERATION,
      fingerprint: fingerprint(OPERATION, fingerprintSource(input)),
    };
    const claim = await this.store.write((uow) =>
      claimKey(uow.keys, keyRequest, input.saleId, this.clock(), this.settings.leaseMs),
    );
    if (claim.kind === 'replay') return { ...claim.answer, replayed: true };

    const run: SaleRun = {
      as,
      keyRequest,
      card: input.payment.method === 'card' ? input.payment.card : undefined,
    };
    try {
      const sale = await this.open(actor, as, input, keyRequest);
      return await this.progress.drive(sale, run);
    } catch (error) {
      await this.letGo(keyRequest, claim.holder, error);
      throw error;
    }
  }

  /** The sale this request drives: the one its key already started, or a fresh one from the cart. */
  private async open(
    actor: Principal,
    as: OnBehalfOf,
    input: SaleInput,
    keyRequest: KeyRequest,
  ): Promise<SaleRecord> {
    const existing = await this.store.sales.find(input.saleId);
    if (existing && !isUntouched(existing)) {
      if (!sameKey(existing, keyRequest)) throw saleIdTaken(input.saleId);
      assertWorksAt(actor, existing.storeId);
      return existing;
    }
    const fresh = await this.prepare.snapshot(actor, as, input, keyRequest.key, this.clock());
    return this.store.write(async (uow) => {
      if (await uow.sales.insert(fresh)) return fresh;
      const current = await uow.sales.lock(fresh.id);
      if (!current) throw new Error(`sale ${fresh.id} neither inserted nor found`);
      // Refused before any payment was asked for, nothing is kept under the id: start again.
      if (isUntouched(current)) {
        await uow.sales.refresh(fresh);
        return fresh;
      }
      if (!sameKey(current, keyRequest)) throw saleIdTaken(fresh.id);
      return current;
    });
  }

  private async letGo(keyRequest: KeyRequest, holder: string, error: unknown): Promise<void> {
    const refused = isDomainError(error) && error.kind !== 'unavailable';
    try {
      await this.store.write((uow) =>
        refused
          ? uow.keys.forget(keyRequest.scope, keyRequest.key, holder)
          : uow.keys.release(keyRequest.scope, keyRequest.key, holder),
      );
    } catch (cleanup) {
      // The lease runs out by itself; the retry then takes the key over.
      this.log.warn({ err: cleanup }, 'idempotency key not given back');
    }
  }
}

const sameKey = (sale: SaleRecord, key: KeyRequest) => sale.keyScope === key.scope && sale.key === key.key;
