import {
  InventoryEventTypes,
  type Reservation,
  type StockCommitted,
  type StockLine,
  type StockRejected,
  type StockReleased,
  type StockReserved,
  type StockShortage,
} from '@comptoir/contracts';
import type { DomainError, Principal } from '@comptoir/platform';
import { assertHeadOffice } from './access.ts';
import { assertActiveSkus, assertDistinctSkus, requireLocation, requireSkus } from './checks.ts';
import {
  InventoryErrorCodes,
  idempotencyKeyReused,
  reservationClosed,
  reservationExpired,
  reservationNotFound,
  reservationShort,
} from './errors.ts';
import { fingerprint } from './idempotency.ts';
import { newReservationId } from './ids.ts';
import { inLockOrder, StockLedger } from './ledger.ts';
import type { LedgerSettings } from './movements.ts';
import type { InventoryStore, InventoryUnitOfWork, ReservationRecord } from './ports.ts';

export interface ReservationRequest {
  orderId: string;
  locationId: string;
  lines: StockLine[];
  ttlSeconds?: number;
}

export interface ReservationSettings extends LedgerSettings {
  defaultTtlSeconds: number;
}

const facts = (r: ReservationRecord) => ({
  reservationId: r.id,
  orderId: r.orderId,
  locationId: r.locationId,
  lines: r.lines,
});

const publicView = ({
  requestHash: _hash,
  expired: _expired,
  ...reservation
}: ReservationRecord): Reservation => reservation;

/**
 * Stock held for the online checkout saga: every line or none, once per order; then committed
 * (the stock leaves) or released (on request, or by the sweeper when its time is up). Each step
 * is one transaction with its event: stock.reserved or stock.rejected, stock.committed,
 * stock.released.
 */
export class Reservations {
  constructor(
    private readonly store: InventoryStore,
    private readonly settings: ReservationSettings,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async get(actor: Principal, id: string): Promise<Reservation> {
    assertHeadOffice(actor, 'read reservations');
    const reservation = await this.store.reservations.find(id);
    if (!reservation) throw reservationNotFound(id);
    return reservation;
  }

  /** `created` is false when the order already had this reservation: the answer is the first one. */
  async reserve(actor: Principal, request: ReservationRequest) {
    assertHeadOffice(actor, 'reserve stock for online orders');
    assertDistinctSkus(request.lines, (i) => `/body/lines/${i}/sku`);
    await requireLocation(this.store.locations, request.locationId, '/body/locationId');
    const requestHash = fingerprint(request);
    const named = request.lines.map((line, i) => ({ sku: line.sku, pointer: `/body/lines/${i}/sku` }));
    const { created, reservation } = await this.store.write(async (uow) => {
      // Known skus only (the lines refer to them); whether they are still sold matters only
      // for a new reservation, not for answering again the one an order already has.
      const skus = await requireSkus(uow, named, false);
      const claimed = await uow.reservations.claim({
        id: newReservationId(),
        orderId: request.orderId,
        locationId: request.locationId,
        lines: request.lines,
        requestHash,
        ttlSeconds: request.ttlSeconds ?? this.settings.defaultTtlSeconds,
      });
      if (!claimed.created) {
        if (claimed.reservation.requestHash !== requestHash) throw idempotencyKeyReused();
        return claimed;
      }
      assertActiveSkus(skus, named);
      return { created: true, reservation: await this.#hold(uow, actor, claimed.reservation) };
    });
    if (reservation.status === 'rejected') {
      throw reservationShort(reservation.id, reservation.locationId, reservation.shortages);
    }
    return { created, reservation: publicView(reservation) };
  }

  async commit(actor: Principal, id: string): Promise<Reservation> {
    assertHeadOffice(actor, 'commit reservations');
    const { reservation, expired } = await this.store.write(async (uow) => {
      const current = await this.#lock(uow, id);
      if (current.status === 'committed') return { reservation: current, expired: false };
      if (current.status !== 'active') throw reservationClosed(id, current.status, 'committed');
      // Skus before levels, as every transaction takes them: a sku rename cannot deadlock with this.
      await uow.skus.use(current.lines.map((line) => line.sku));
      const ledger = this.#ledger(uow, actor.subject);
      // Too late: the hold ends now rather than at the next sweep, and the saga compensates.
      if (current.expired)
        return { reservation: await this.#release(uow, ledger, current, 'expired'), expired: true };
      const movementIds: string[] = [];
      for (const line of inLockOrder(current.lines.map((l) => ({ ...l, locationId: current.locationId })))) {
        movementIds.push((await ledger.commitHeld(line.sku, line.locationId, line.quantity, id)).id);
      }
      const committed = await uow.reservations.close(id, { status: 'committed' });
      const data: StockCommitted = { ...facts(committed), movementIds };
      uow.record({ type: InventoryEventTypes.stockCommitted, data, subject: committed.orderId });
      return { reservation: committed, expired: false };
    });
    if (expired) throw reservationExpired(id);
    return publicView(reservation);
  }

  /** Releasing what holds nothing (already released, or rejected) is a no-op that answers the reservation. */
  async release(actor: Principal, id: string): Promise<Reservation> {
    assertHeadOffice(actor, 'release reservations');
    const released = await this.store.write(async (uow) => {
      const current = await this.#lock(uow, id);
      if (current.status === 'committed') throw reservationClosed(id, current.status, 'released');
      if (current.status !== 'active') return current;
      return this.#release(uow, this.#ledger(uow, actor.subject), current, 'requested');
    });
    return publicView(released);
  }

  /**
   * Releases reservations past their time, one transaction each, skipping any another replica
   * holds; returns how many. One at a time keeps every transaction's locks in lock order.
   */
  async releaseExpired(max = 100): Promise<number> {
    let released = 0;
    while (released < max) {
      const done = await this.store.write(async (uow) => {
        const expired = await uow.reservations.lockNextExpired();
        if (!expired) return false;
        await this.#release(uow, this.#ledger(uow, null), expired, 'expired');
        return true;
      });
      if (!done) break;
      released += 1;
    }
    return released;
  }

  async #hold(uow: InventoryUnitOfWork, actor: Principal, reservation: ReservationRecord) {
    const { id, locationId, lines } = reservation;
    const ledger = this.#ledger(uow, actor.subject);
    const held = await uow.attempt(async () => {
      for (const line of inLockOrder(lines.map((l) => ({ ...l, locationId })))) {
        await ledger.hold(line.sku, locationId, line.quantity);
      }
    });
    if (held.ok) {
      const data: StockReserved = { ...facts(reservation), expiresAt: reservation.expiresAt };
      uow.record({ type: InventoryEventTypes.stockReserved, data, subject: reservation.orderId });
      return reservation;
    }
    if (held.error.code !== InventoryErrorCodes.insufficientStock) throw held.error;
    const shortages = await this.#shortages(uow, reservation, held.error);
    const rejected = await uow.reservations.close(id, { status: 'rejected', shortages });
    const data: StockRejected = { ...facts(rejected), shortages };
    uow.record({ type: InventoryEventTypes.stockRejected, data, subject: rejected.orderId });
    return rejected;
  }

  /** Every short line, as the stock stands now; at least the line that failed. */
  async #shortages(uow: InventoryUnitOfWork, r: ReservationRecord, failure: DomainError) {
    const available = await uow.stock.availableAt(
      r.locationId,
      r.lines.map((l) => l.sku),
    );
    const short: StockShortage[] = r.lines
      .map((l) => ({ sku: l.sku, requested: l.quantity, available: available.get(l.sku) ?? 0 }))
      .filter((s) => s.available < s.requested);
    if (short.length > 0) return short;
    const { sku, requested, available: left } = failure.extensions ?? {};
    return [{ sku: String(sku), requested: Number(requested), available: Number(left) }];
  }

  async #release(
    uow: InventoryUnitOfWork,
    ledger: StockLedger,
    reservation: ReservationRecord,
    reason: 'requested' | 'expired',
  ) {
    const { locationId } = reservation;
    for (const line of inLockOrder(reservation.lines.map((l) => ({ ...l, locationId })))) {
      await ledger.hold(line.sku, locationId, -line.quantity);
    }
    const released = await uow.reservations.close(reservation.id, { status: 'released', reason });
    const data: StockReleased = { ...facts(released), reason };
    uow.record({ type: InventoryEventTypes.stockReleased, data, subject: released.orderId });
    return released;
  }

  async #lock(uow: InventoryUnitOfWork, id: string): Promise<ReservationRecord> {
    const reservation = await uow.reservations.lock(id);
    if (!reservation) throw reservationNotFound(id);
    return reservation;
  }

  #ledger(uow: InventoryUnitOfWork, actor: string | null): StockLedger {
    return new StockLedger(uow, {
      defaultThreshold: this.settings.defaultThreshold,
      actor,
      now: this.clock(),
    });
  }
}
