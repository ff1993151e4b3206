import {
  InventoryEventTypes,
  type StockCommitted,
  type StockRejected,
  type StockReleased,
  type StockReserved,
  type StockShortage,
} from '@comptoir/contracts';
import type { DomainError } from '@comptoir/platform';
import { InventoryErrorCodes } from './errors.ts';
import { inLockOrder, type StockLedger } from './ledger.ts';
import type { InventoryUnitOfWork, ReservationRecord } from './ports.ts';

/*
 * What a reservation does to stock, inside the caller's transaction, with its event: hold every
 * line (or record the rejection), let go of them, or let them leave. Lines are taken in lock order.
 */

const facts = (r: ReservationRecord) => ({
  reservationId: r.id,
  orderId: r.orderId,
  locationId: r.locationId,
  lines: r.lines,
});

const linesOf = (r: ReservationRecord) =>
  inLockOrder(r.lines.map((line) => ({ ...line, locationId: r.locationId })));

/** Holds every line, or none: then the reservation is saved as rejected, with its shortages. */
export async function holdAll(uow: InventoryUnitOfWork, ledger: StockLedger, reservation: ReservationRecord) {
  const held = await uow.attempt(async () => {
    for (const line of linesOf(reservation)) await ledger.hold(line.sku, line.locationId, line.quantity);
  });
  if (held.ok) {
    const data: StockReserved = { ...facts(reservation), expiresAt: reservation.expiresAt };
    uow.record({ type: InventoryEventTypes.stockReserved, data, subject: reservation.orderId });
    return reservation;
  }
  if (held.error.code !== InventoryErrorCodes.insufficientStock) throw held.error;
  const shortages = await shortagesOf(uow, reservation, held.error);
  const rejected = await uow.reservations.close(reservation.id, { status: 'rejected', shortages });
  const data: StockRejected = { ...facts(rejected), shortages };
  uow.record({ type: InventoryEventTypes.stockRejected, data, subject: rejected.orderId });
  return rejected;
}

/** The held stock leaves as `reservation_commit` movements. */
export async function commitAll(
  uow: InventoryUnitOfWork,
  ledger: StockLedger,
  reservation: ReservationRecord,
) {
  const movementIds: string[] = [];
  for (const line of linesOf(reservation)) {
    movementIds.push((await ledger.commitHeld(line.sku, line.locationId, line.quantity, reservation.id)).id);
  }
  const committed = await uow.reservations.close(reservation.id, { status: 'committed' });
  const data: StockCommitted = { ...facts(committed), movementIds };
  uow.record({ type: InventoryEventTypes.stockCommitted, data, subject: committed.orderId });
  return committed;
}

/** The held stock is available again. */
export async function releaseAll(
  uow: InventoryUnitOfWork,
  ledger: StockLedger,
  reservation: ReservationRecord,
  reason: 'requested' | 'expired',
) {
  for (const line of linesOf(reservation)) await ledger.hold(line.sku, line.locationId, -line.quantity);
  const released = await uow.reservations.close(reservation.id, { status: 'released', reason });
  const data: StockReleased = { ...facts(released), reason };
  uow.record({ type: InventoryEventTypes.stockReleased, data, subject: released.orderId });
  return released;
}

/** Every short line, as the stock stands now; at least the line that failed. */
async function shortagesOf(uow: InventoryUnitOfWork, r: ReservationRecord, failure: DomainError) {
  const available = await uow.stock.availableAt(
    r.locationId,
    r.lines.map((l) => l.sku),
  );
  const short: StockShortage[] = r.lines
    .map((l) => ({ sku: l.sku, requested: l.quantity, available: available.get(l.sku) ?? 0 }))
    .filter((s) => s.available < s.requested);
  if (short.length > 0) return short;
  // Stock came in between the refusal and this read: the refusal itself is the shortage.
  const { sku, requested, available: left } = failure.extensions ?? {};
  return [{ sku: String(sku), requested: Number(requested), available: Number(left) }];
}
