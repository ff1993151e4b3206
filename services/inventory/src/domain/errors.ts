import type { StockShortage } from '@comptoir/contracts';
import { badRequest, conflict, DomainError, notFound, unprocessable } from '@comptoir/platform';

/**
 * Inventory's error catalogue. Codes are stable: clients and tests match on them, and a retired
 * code is never reused for another meaning.
 */
export const InventoryErrorCodes = {
  insufficientStock: 'INVENTORY_INSUFFICIENT_STOCK',
  countBelowReserved: 'INVENTORY_COUNT_BELOW_RESERVED',
  unknownSku: 'INVENTORY_UNKNOWN_SKU',
  inactiveSku: 'INVENTORY_INACTIVE_SKU',
  skuNotFound: 'INVENTORY_SKU_NOT_FOUND',
  unknownLocation: 'INVENTORY_UNKNOWN_LOCATION',
  sameLocation: 'INVENTORY_SAME_LOCATION',
  duplicateLine: 'INVENTORY_DUPLICATE_LINE',
  storeIdMismatch: 'INVENTORY_STORE_ID_MISMATCH',
  notYourLocation: 'INVENTORY_NOT_YOUR_LOCATION',
  headOfficeOnly: 'INVENTORY_HEAD_OFFICE_ONLY',
  idempotencyKeyRequired: 'INVENTORY_IDEMPOTENCY_KEY_REQUIRED',
  idempotencyKeyReused: 'INVENTORY_IDEMPOTENCY_KEY_REUSED',
  reservationNotFound: 'INVENTORY_RESERVATION_NOT_FOUND',
  reservationExpired: 'INVENTORY_RESERVATION_EXPIRED',
  reservationClosed: 'INVENTORY_RESERVATION_CLOSED',
  invalidCursor: 'INVENTORY_INVALID_CURSOR',
  reconciliationNotFound: 'INVENTORY_RECONCILIATION_NOT_FOUND',
  reconciliationResolved: 'INVENTORY_RECONCILIATION_RESOLVED',
  locationRequired: 'INVENTORY_LOCATION_REQUIRED',
} as const;

/** 409 with what a cashier or a saga needs to decide: which sku, how many were there. */
export const insufficientStock = (sku: string, locationId: string, available: number, requested: number) =>
  conflict(
    InventoryErrorCodes.insufficientStock,
    `Only ${available} of "${sku}" available at ${locationId}; ${requested} asked.`,
    { sku, locationId, available, requested },
  );

/** A rejected reservation: the same code as a refused sale, with every short line. */
export const reservationShort = (reservationId: string, locationId: string, shortages: StockShortage[]) => {
  const first = shortages[0];
  return conflict(
    InventoryErrorCodes.insufficientStock,
    `Not enough stock at ${locationId} for ${shortages.map((s) => `"${s.sku}"`).join(', ')}; nothing was reserved.`,
    { reservationId, locationId, shortages, sku: first?.sku, available: first?.available },
  );
};

export const countBelowReserved = (sku: string, locationId: string, reserved: number) =>
  conflict(
    InventoryErrorCodes.countBelowReserved,
    `${reserved} of "${sku}" are reserved for online orders at ${locationId}: a count cannot go below that. Release or commit them first.`,
    { sku, locationId, reserved },
  );

export const unknownSku = (sku: string, pointer: string) =>
  unprocessable(InventoryErrorCodes.unknownSku, `No product of the catalog has the sku "${sku}".`, [
    { pointer, detail: 'is not a known sku' },
  ]);

export const inactiveSku = (sku: string, pointer: string) =>
  unprocessable(InventoryErrorCodes.inactiveSku, `The product with the sku "${sku}" was deleted.`, [
    { pointer, detail: 'belongs to a deleted product' },
  ]);

export const skuNotFound = (sku: string) =>
  notFound(InventoryErrorCodes.skuNotFound, `No product of the catalog has the sku "${sku}".`);

export const unknownLocation = (locationId: string, pointer: string) =>
  unprocessable(InventoryErrorCodes.unknownLocation, `No location has the id "${locationId}".`, [
    { pointer, detail: 'is not a known location' },
  ]);

export const sameLocation = () =>
  badRequest(InventoryErrorCodes.sameLocation, 'A transfer goes from one location to another.', [
    { pointer: '/body/toLocationId', detail: 'must differ from fromLocationId' },
  ]);

export const duplicateLine = (sku: string, pointer: string) =>
  badRequest(InventoryErrorCodes.duplicateLine, `The sku "${sku}" is on two lines; give it once.`, [
    { pointer, detail: 'repeats an earlier line' },
  ]);

export const storeIdMismatch = (detail: string) =>
  badRequest(InventoryErrorCodes.storeIdMismatch, `A store location names its store; ${detail}.`, [
    { pointer: '/body/storeId', detail },
  ]);

export const notYourLocation = (locationId: string) =>
  new DomainError(
    'forbidden',
    InventoryErrorCodes.notYourLocation,
    `You do not work at the location "${locationId}": only its store's staff or head office may change its stock.`,
  );

export const headOfficeOnly = (what: string) =>
  new DomainError('forbidden', InventoryErrorCodes.headOfficeOnly, `Only head office may ${what}.`);

export const idempotencyKeyRequired = () =>
  new DomainError(
    'precondition_required',
    InventoryErrorCodes.idempotencyKeyRequired,
    'Taking stock for a sale needs an Idempotency-Key header: one per sale, sent again on every retry.',
  );

export const idempotencyKeyReused = () =>
  unprocessable(
    InventoryErrorCodes.idempotencyKeyReused,
    'This key was already used with a different request; use a new key for a new request.',
  );

export const reservationNotFound = (id: string) =>
  notFound(InventoryErrorCodes.reservationNotFound, `No reservation has the id "${id}".`);

export const reservationExpired = (id: string) =>
  conflict(
    InventoryErrorCodes.reservationExpired,
    `The reservation "${id}" expired before it was committed; its stock was released.`,
    { reservationId: id, reservationStatus: 'released' },
  );

export const reservationClosed = (id: string, status: string, wanted: string) =>
  conflict(
    InventoryErrorCodes.reservationClosed,
    `The reservation "${id}" is ${status}; it cannot be ${wanted}.`,
    { reservationId: id, reservationStatus: status },
  );

export const invalidCursor = () =>
  badRequest(InventoryErrorCodes.invalidCursor, 'The cursor is not one this API gave out.', [
    { pointer: '/querystring/cursor', detail: 'is malformed or was altered' },
  ]);

export const reconciliationNotFound = (id: string) =>
  notFound(InventoryErrorCodes.reconciliationNotFound, `No reconciliation has the id "${id}".`);

export const reconciliationResolved = (id: string) =>
  conflict(InventoryErrorCodes.reconciliationResolved, `The reconciliation "${id}" is already resolved.`, {
    reconciliationId: id,
  });

/** Store staff see their stores' records: they must say which location. */
export const locationRequired = () =>
  badRequest(InventoryErrorCodes.locationRequired, 'Say which store location: `locationId`.', [
    { pointer: '/querystring/locationId', detail: 'is required unless you are head office' },
  ]);
