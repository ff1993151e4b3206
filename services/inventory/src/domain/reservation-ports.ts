import type { Reservation, StockShortage } from '@comptoir/contracts';

/** What reservations need from storage (part of `ports.ts`). */

/** A reservation as stored: also the hash of the request that made it, and whether its time is up. */
export interface ReservationRecord extends Reservation {
  requestHash: string;
  expired: boolean;
}

export interface ReservationDraft {
  id: string;
  orderId: string;
  locationId: string;
  lines: Reservation['lines'];
  requestHash: string;
  ttlSeconds: number;
}

export interface ReservationWriter {
  /**
   * Saves a new active reservation, or finds the order's existing one (after waiting for a
   * transaction saving it at the same moment to end).
   */
  claim(draft: ReservationDraft): Promise<{ created: boolean; reservation: ReservationRecord }>;
  lock(id: string): Promise<ReservationRecord | undefined>;
  /** An active reservation past its time that no other transaction holds, locked; or none. */
  lockNextExpired(): Promise<ReservationRecord | undefined>;
  close(
    id: string,
    outcome:
      | { status: 'committed' }
      | { status: 'released'; reason: 'requested' | 'expired' }
      | { status: 'rejected'; shortages: StockShortage[] },
  ): Promise<ReservationRecord>;
}

export interface ReservationReader {
  find(id: string): Promise<Reservation | undefined>;
}
