import type { ProductFacts } from '../domain/sku-mirror.ts';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The product facts inventory needs from a catalog event's data (`id` names the product id's
 * field). A payload without them throws: the bus retries it, then parks it in the dead-letter
 * queue where someone can look, rather than a half-understood event changing the sku registry.
 */
export function productFactsOf(data: unknown, id: 'id' | 'productId', type: string): ProductFacts {
  const productId = isRecord(data) ? data[id] : undefined;
  const sku = isRecord(data) ? data.sku : undefined;
  const version = isRecord(data) ? data.version : undefined;
  if (typeof productId !== 'string' || typeof sku !== 'string' || !Number.isSafeInteger(version)) {
    throw new Error(`Malformed ${type} payload: needs ${id}, sku and an integer version`);
  }
  return { productId, sku, version: version as number };
}

/** `product.created` carries the whole product under `product`. */
export const productOf = (data: unknown): unknown => (isRecord(data) ? data.product : undefined);
