import type { Movement, StockLine } from '@comptoir/contracts';
import type { Principal } from '@comptoir/platform';
import { assertMaySell } from './access.ts';
import { assertDistinctSkus, requireLocation, requireSkus } from './checks.ts';
import { idempotencyKeyRequired } from './errors.ts';
import { type Answer, fingerprint, once } from './idempotency.ts';
import { inLockOrder, StockLedger } from './ledger.ts';
import type { LedgerSettings } from './movements.ts';
import type { InventoryStore } from './ports.ts';

/** A basket sold (or brought back) at a store's counter. */
export interface CounterRequest {
  /** The sale in ordering; each movement carries it as its reference. */
  saleId: string;
  locationId: string;
  lines: StockLine[];
}

/** One movement per line, in the order of the lines. */
export interface CounterMovements {
  saleId: string;
  locationId: string;
  movements: Movement[];
}

/**
 * The point-of-sale path, called by ordering while the cashier waits: every line of a sale is
 * taken at the store's location in one transaction — all of them or none (409 naming the short
 * sku) — once per Idempotency-Key. A return puts the lines back the same way.
 */
export class CounterSales {
  constructor(
    private readonly store: InventoryStore,
    private readonly settings: LedgerSettings,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  sell(actor: Principal, key: string | undefined, request: CounterRequest) {
    return this.#record('sale', actor, key, request);
  }

  takeBack(actor: Principal, key: string | undefined, request: CounterRequest) {
    return this.#record('return', actor, key, request);
  }

  async #record(
    kind: 'sale' | 'return',
    actor: Principal,
    key: string | undefined,
    request: CounterRequest,
  ): Promise<Answer<CounterMovements>> {
    if (!key) throw idempotencyKeyRequired();
    assertDistinctSkus(request.lines, (i) => `/body/lines/${i}/sku`);
    const location = await requireLocation(this.store.locations, request.locationId, '/body/locationId');
    assertMaySell(actor, location);

    const scoped = { scope: `${kind}-movements`, subject: actor.subject, key };
    return this.store.write((uow) =>
      once(uow, scoped, fingerprint(request), 201, async () => {
        const named = request.lines.map((line, i) => ({ sku: line.sku, pointer: `/body/lines/${i}/sku` }));
        // A deleted product is no longer sold, but what a customer bought can still come back.
        await requireSkus(uow, named, kind === 'sale');
        const ledger = new StockLedger(uow, {
          defaultThreshold: this.settings.defaultThreshold,
          actor: actor.subject,
          now: this.clock(),
        });
        const sign = kind === 'sale' ? -1 : 1;
        const bySku = new Map<string, Movement>();
        const lines = request.lines.map((line) => ({ ...line, locationId: request.locationId }));
        for (const line of inLockOrder(lines)) {
          const { movement } = await ledger.move({
            sku: line.sku,
            locationId: line.locationId,
            kind,
            quantity: sign * line.quantity,
            reference: request.saleId,
          });
          bySku.set(line.sku, movement);
        }
        const movements = request.lines.flatMap((line) => bySku.get(line.sku) ?? []);
        return { saleId: request.saleId, locationId: request.locationId, movements };
      }),
    );
  }
}
