/**
 * Recording a sale with no backend: a sale id made here (`sal_` + ULID, the id the server keeps
 * and the sync's Idempotency-Key), a receipt number from the register's offline series
 * (`<offlineReceiptPrefix>-<this device>-<000001…>`: the prefix starts with `H`, the online series
 * with a digit, so they never collide; the device code keeps two devices on one register apart),
 * saved in the same IndexedDB transaction as the number it used.
 */
import { deviceDb, type OfflineSale, type OfflineSaleBody, type RegisterSnapshot } from './device-db.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DEVICE_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** `sal_` + a ULID (48-bit time, 80 random bits), the server's sale id format. */
export function newSaleId(now = Date.now()): string {
  let time = now;
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = CROCKFORD[time % 32] + head;
    time = Math.floor(time / 32);
  }
  let tail = '';
  for (const byte of crypto.getRandomValues(new Uint8Array(16))) tail += CROCKFORD[byte % 32];
  return `sal_${head}${tail}`;
}

/** Six random letters or digits, made once per device (per browser profile) and kept. */
async function deviceCode(): Promise<string> {
  const db = await deviceDb();
  const tx = db.transaction('meta', 'readwrite');
  let code = await tx.store.get('device');
  if (typeof code !== 'string') {
    code = '';
    for (const byte of crypto.getRandomValues(new Uint8Array(6))) code += DEVICE_CHARS[byte % 36];
    await tx.store.put(code, 'device');
  }
  await tx.done;
  return code;
}

export type Tender = OfflineSaleBody['payment'];

/** Whether the store lets its registers take this card total offline (cash always may). */
export function cardAllowed(snapshot: RegisterSnapshot, totalCents: number): 'ok' | 'off' | 'over_limit' {
  const policy = snapshot.register.offlineCard;
  if (!policy.enabled) return 'off';
  if (policy.perSaleLimit && totalCents > policy.perSaleLimit.amount) return 'over_limit';
  return 'ok';
}

/** Keeps a sale made offline, numbered in the register's offline series; it waits to sync. */
export async function recordOfflineSale(
  snapshot: RegisterSnapshot,
  sale: Omit<OfflineSaleBody, 'saleId' | 'sessionId' | 'receiptNumber' | 'soldAt'>,
): Promise<OfflineSale> {
  const { session, register } = snapshot;
  if (!session) throw new Error('no open session on this register: nothing can be sold offline');
  if (sale.payment.method === 'card' && cardAllowed(snapshot, sale.total.amount) !== 'ok')
    throw new Error('the store does not take this card payment offline');
  const series = `${register.offlineReceiptPrefix}-${await deviceCode()}`;
  const now = Date.now();
  const db = await deviceDb();
  const tx = db.transaction(['meta', 'sales'], 'readwrite');
  const meta = tx.objectStore('meta');
  const last = await meta.get(`receipt:${series}`);
  const number = (typeof last === 'number' ? last : 0) + 1;
  const saleId = newSaleId(now);
  const record: OfflineSale = {
    saleId,
    registerId: register.id,
    storeId: register.storeId,
    state: 'waiting',
    attempts: 0,
    body: {
      ...sale,
      saleId,
      sessionId: session.id,
      receiptNumber: `${series}-${String(number).padStart(6, '0')}`,
      soldAt: new Date(now).toISOString(),
    },
  };
  await Promise.all([meta.put(number, `receipt:${series}`), tx.objectStore('sales').add(record)]);
  await tx.done;
  return record;
}

/** Every sale still on the device (waiting or needing attention), oldest first. */
export async function offlineSales(): Promise<OfflineSale[]> {
  return (await deviceDb()).getAllFromIndex('sales', 'bySoldAt');
}
