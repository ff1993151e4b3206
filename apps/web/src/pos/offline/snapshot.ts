/**
 * Keeps the device's copy of its register fresh while online: the store (currency, taxes,
 * address), the register (offline receipt prefix, offline-card policy), its open session, and the
 * active catalog with its prices. Read back, it is what the register sells from when offline.
 */
import { call } from '../../lib/api.ts';
import { deviceDb, type Product, type RegisterSnapshot } from './device-db.ts';

const PAGE = 100;
/** A chain's catalog is a few thousand products at most; past this the copy stops (and says so). */
const MAX_PRODUCTS = 20_000;

async function activeCatalog(): Promise<Product[]> {
  const products: Product[] = [];
  let cursor: string | undefined;
  do {
    const page = await call((api) =>
      api.GET('/api/catalog/products', {
        params: { query: { active: true, limit: PAGE, ...(cursor ? { cursor } : {}) } },
      }),
    );
    products.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && products.length < MAX_PRODUCTS);
  if (cursor) console.warn(`offline catalog: kept the first ${products.length} products only`);
  return products;
}

/** Reads the register, its store, session and the catalog from the backend and keeps them. */
export async function refreshSnapshot(registerId: string): Promise<RegisterSnapshot> {
  const register = await call((api) =>
    api.GET('/api/stores/registers/{id}', { params: { path: { id: registerId } } }),
  );
  const [store, session, products] = await Promise.all([
    call((api) => api.GET('/api/stores/stores/{id}', { params: { path: { id: register.storeId } } })),
    register.openSessionId
      ? call((api) =>
          api.GET('/api/stores/sessions/{id}', { params: { path: { id: register.openSessionId ?? '' } } }),
        )
      : Promise.resolve(undefined),
    activeCatalog(),
  ]);
  const snapshot: RegisterSnapshot = {
    registerId,
    register,
    store,
    session: session?.status === 'open' ? session : undefined,
    refreshedAt: Date.now(),
  };
  const db = await deviceDb();
  const tx = db.transaction(['snapshots', 'products'], 'readwrite');
  await tx.objectStore('products').clear();
  await Promise.all([
    ...products.map((product) => tx.objectStore('products').put(product)),
    tx.objectStore('snapshots').put(snapshot),
  ]);
  await tx.done;
  return snapshot;
}

export async function savedSnapshot(registerId: string): Promise<RegisterSnapshot | undefined> {
  return (await deviceDb()).get('snapshots', registerId);
}

/** The product with this exact sku, from the device's copy. */
export async function productBySku(sku: string): Promise<Product | undefined> {
  return (await deviceDb()).get('products', sku);
}

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/** Products whose sku or name holds every word typed (accents and case ignored), at most `limit`. */
export async function searchProducts(text: string, limit = 8): Promise<Product[]> {
  const words = fold(text).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const found: Product[] = [];
  let cursor = await (await deviceDb()).transaction('products').store.openCursor();
  while (cursor && found.length < limit) {
    const haystack = fold(`${cursor.value.sku} ${cursor.value.name}`);
    if (words.every((word) => haystack.includes(word))) found.push(cursor.value);
    cursor = await cursor.continue();
  }
  return found;
}
