import type { Reservation, StockLine } from '@comptoir/contracts';
import type { Principal } from '@comptoir/platform';
import { assertHeadOffice } from './access.ts';
import { assertActiveSkus, assertDistinctSkus, requireLocation, requireSkus } from './checks.ts';
import {
  idempotencyKeyReused,
  reservationClosed,
  reservationExpired,
  reservationNotFound,
  reservationShort,
} from './errors.ts';
import { commitAll, holdAll, releaseAll } from './holds.ts';
import { fingerprint } from './idempotency.ts';
import { newReservationId } from './ids.ts';
import { StockLedger } from './ledger.ts';
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
      const ledger = this.#ledger(uow, actor.subject);
      return { created: true, reservation: await holdAll(uow, ledger, claimed.reservation) };
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
      if (current.expired) {
        return { reservation: await releaseAll(uow, ledger, current, 'expired'), expired: true };
      }
      const committed = await commitAll(uow, ledger, current);
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
      return releaseAll(uow, this.#ledger(uow, actor.subject), current, 'requested');
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
        await releaseAll(uow, this.#ledger(uow, null), expired, 'expired');
        return true;
      });
      if (!done) break;
      released += 1;
    }
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
