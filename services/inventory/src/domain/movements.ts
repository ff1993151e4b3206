import type { Movement, StockLevel } from '@comptoir/contracts';
import type { Principal } from '@comptoir/platform';
import { assertMayManage } from './access.ts';
import { assertDistinctSkus, requireLocation, requireSkus } from './checks.ts';
import { sameLocation } from './errors.ts';
import { type Answer, fingerprint, once } from './idempotency.ts';
import { newTransferId } from './ids.ts';
import { inLockOrder, StockLedger } from './ledger.ts';
import type { InventoryStore } from './ports.ts';

interface AtLocation {
  sku: string;
  locationId: string;
}

/** What a store manager or head office records by hand. */
export type MovementRequest =
  | (AtLocation & { kind: 'receive'; quantity: number; reason?: string; reference?: string })
  | (AtLocation & { kind: 'adjust'; quantity: number; reason: string })
  | (AtLocation & { kind: 'count'; counted: number; reason: string })
  | {
      kind: 'transfer';
      sku: string;
      fromLocationId: string;
      toLocationId: string;
      quantity: number;
      reason?: string;
      reference?: string;
    };

/** A delivery at one location: a `receive` movement per line, all of them or none. */
export interface DeliveryRequest {
  locationId: string;
  lines: readonly { sku: string; quantity: number }[];
  reason?: string;
  reference?: string;
}

/** The movements recorded and the levels they left behind. */
export interface MovementResult {
  movements: Movement[];
  levels: StockLevel[];
}

export interface LedgerSettings {
  defaultThreshold: number;
}

/**
 * Receipts, counts, adjustments and transfers. Each is one transaction: the movements, the levels
 * they change and their events commit together. With an Idempotency-Key, a retry answers the
 * first result instead of moving stock twice.
 */
export class StockMovements {
  constructor(
    private readonly store: InventoryStore,
    private readonly settings: LedgerSettings,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async record(
    actor: Principal,
    request: MovementRequest,
    idempotencyKey?: string,
  ): Promise<Answer<MovementResult>> {
    if (request.kind === 'transfer' && request.fromLocationId === request.toLocationId) throw sameLocation();
    const locations =
      request.kind === 'transfer'
        ? [
            await requireLocation(this.store.locations, request.fromLocationId, '/body/fromLocationId'),
            await requireLocation(this.store.locations, request.toLocationId, '/body/toLocationId'),
          ]
        : [await requireLocation(this.store.locations, request.locationId, '/body/locationId')];
    assertMayManage(actor, ...locations);

    const key = idempotencyKey
      ? { scope: 'movements', subject: actor.subject, key: idempotencyKey }
      : undefined;
    return this.store.write((uow) =>
      once(uow, key, fingerprint(request), 201, async () => {
        // Nothing new comes in for a deleted product; its shelf can still be counted or moved.
        await requireSkus(uow, [{ sku: request.sku, pointer: '/body/sku' }], request.kind === 'receive');
        const ledger = new StockLedger(uow, {
          defaultThreshold: this.settings.defaultThreshold,
          actor: actor.subject,
          now: this.clock(),
        });
        switch (request.kind) {
          case 'receive':
          case 'adjust': {
            const { movement, level } = await ledger.move({ ...request, kind: request.kind });
            return { movements: [movement], levels: [level] };
          }
          case 'count': {
            const { sku, locationId, counted, reason } = request;
            const { movement, level } = await ledger.count(sku, locationId, counted, reason);
            return { movements: [movement], levels: [level] };
          }
          case 'transfer':
            return transfer(ledger, request);
        }
      }),
    );
  }

  /**
   * A delivery note: every line received at one location in one transaction, so a store's
   * restock (or the demo seed) is one call rather than one per sku, and a retry with the same
   * key receives nothing twice.
   */
  async receiveDelivery(
    actor: Principal,
    request: DeliveryRequest,
    idempotencyKey?: string,
  ): Promise<Answer<MovementResult>> {
    assertDistinctSkus(request.lines, (index) => `/body/lines/${index}/sku`);
    const location = await requireLocation(this.store.locations, request.locationId, '/body/locationId');
    assertMayManage(actor, location);
    const key = idempotencyKey
      ? { scope: 'receipts', subject: actor.subject, key: idempotencyKey }
      : undefined;
    return this.store.write((uow) =>
      once(uow, key, fingerprint(request), 201, async () => {
        const named = request.lines.map((line, index) => ({
          sku: line.sku,
          pointer: `/body/lines/${index}/sku`,
        }));
        await requireSkus(uow, named, true);
        const ledger = new StockLedger(uow, {
          defaultThreshold: this.settings.defaultThreshold,
          actor: actor.subject,
          now: this.clock(),
        });
        const done = new Map<string, { movement: Movement; level: StockLevel }>();
        const drafts = request.lines.map((line) => ({ ...line, locationId: request.locationId }));
        for (const draft of inLockOrder(drafts)) {
          done.set(
            draft.sku,
            await ledger.move({
              ...draft,
              kind: 'receive',
              reason: request.reason ?? null,
              reference: request.reference ?? null,
            }),
          );
        }
        // Answered in the order of the note, whatever order the levels were locked in.
        const results = request.lines.map((line) => done.get(line.sku)!);
        return { movements: results.map((r) => r.movement), levels: results.map((r) => r.level) };
      }),
    );
  }
}

/** Out of one location, into the other: two movements sharing a `trf_` reference, in one transaction. */
async function transfer(
  ledger: StockLedger,
  request: Extract<MovementRequest, { kind: 'transfer' }>,
): Promise<MovementResult> {
  const { sku, quantity, reason } = request;
  const reference = request.reference ?? newTransferId();
  const legs = [
    { sku, locationId: request.fromLocationId, kind: 'transfer_out' as const, quantity: -quantity },
    { sku, locationId: request.toLocationId, kind: 'transfer_in' as const, quantity },
  ];
  const done = new Map<string, MovementResult>();
  for (const leg of inLockOrder(legs)) {
    const { movement, level } = await ledger.move({ ...leg, reason: reason ?? null, reference });
    done.set(leg.kind, { movements: [movement], levels: [level] });
  }
  // Answered in the order of the journey, whatever order the levels were locked in.
  const out = done.get('transfer_out');
  const into = done.get('transfer_in');
  return {
    movements: [...(out?.movements ?? []), ...(into?.movements ?? [])],
    levels: [...(out?.levels ?? []), ...(into?.levels ?? [])],
  };
}
