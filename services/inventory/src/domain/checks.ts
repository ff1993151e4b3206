import type { Location } from '@comptoir/contracts';
import { duplicateLine, inactiveSku, unknownLocation, unknownSku } from './errors.ts';
import type { InventoryUnitOfWork, LocationReader, SkuState } from './ports.ts';

/** A sku as a request names it, with where it sits in the request (for the problem's pointer). */
export interface NamedSku {
  sku: string;
  pointer: string;
}

/** Refuses a request that names one sku on two lines: their order of effect would be a guess. */
export function assertDistinctSkus(lines: readonly { sku: string }[], pointerOf: (index: number) => string) {
  const seen = new Set<string>();
  lines.forEach((line, index) => {
    if (seen.has(line.sku)) throw duplicateLine(line.sku, pointerOf(index));
    seen.add(line.sku);
  });
}

/**
 * Refuses skus the catalog never announced (422) and, when new stock would come in or go to a
 * customer (`forNewStock`), skus of deleted products. Holds the skus for the transaction, so a
 * sku rename waits for it (and every transaction takes skus before stock levels).
 */
export async function requireSkus(
  uow: InventoryUnitOfWork,
  named: readonly NamedSku[],
  forNewStock: boolean,
): Promise<Map<string, SkuState>> {
  const states = await uow.skus.use(named.map((n) => n.sku));
  for (const { sku, pointer } of named) {
    if (!states.has(sku)) throw unknownSku(sku, pointer);
  }
  if (forNewStock) assertActiveSkus(states, named);
  return states;
}

/** Nothing new comes in for a deleted product, nor goes out to a customer. */
export function assertActiveSkus(states: Map<string, SkuState>, named: readonly NamedSku[]): void {
  for (const { sku, pointer } of named) {
    if (states.get(sku)?.active === false) throw inactiveSku(sku, pointer);
  }
}

/** Locations are never deleted, so reading one before the transaction is as good as inside it. */
export async function requireLocation(
  locations: LocationReader,
  id: string,
  pointer: string,
): Promise<Location> {
  const location = await locations.find(id);
  if (!location) throw unknownLocation(id, pointer);
  return location;
}
