import { monotonicFactory } from 'ulid';

// Monotonic: ids made within one millisecond still sort in creation order, which pages rely on.
const nextUlid = monotonicFactory();

export const newLocationId = (): string => `loc_${nextUlid()}`;
export const newMovementId = (): string => `mov_${nextUlid()}`;
export const newTransferId = (): string => `trf_${nextUlid()}`;
export const newReservationId = (): string => `res_${nextUlid()}`;
export const newReconciliationId = (): string => `rec_${nextUlid()}`;
