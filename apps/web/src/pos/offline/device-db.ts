/**
 * What the register keeps on the device (IndexedDB, through `idb`) so it can sell with no backend:
 * the last known state of its register (store, taxes, session, offline-card policy), the catalog,
 * and the sales it made offline until the server has them. IndexedDB outlives a reload and a
 * browser restart, and its transactions let a receipt number and its sale be written together.
 */
import type { Body, Ok } from '@comptoir/sdk';
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';

export type Store = Ok<'stores.getStore'>;
export type Register = Ok<'stores.getRegister'>;
export type CashSession = Ok<'stores.getSession'>;
export type Product = Ok<'catalog.listProducts'>['items'][number];
export type OfflineSaleBody = Body<'ordering.syncOfflineSale'>;

/** A register as last seen online: enough to sell with no backend. */
export interface RegisterSnapshot {
  registerId: string;
  register: Register;
  store: Store;
  /** The open session then, if any: offline sales belong to it. */
  session: CashSession | undefined;
  /** Epoch ms of the last refresh. */
  refreshedAt: number;
}

/** `waiting`: not yet on the server. `attention`: the server refused it (4xx): a person must look. */
export type OfflineSaleState = 'waiting' | 'attention';

/** A sale made offline, as it will be posted, with where its sync stands. */
export interface OfflineSale {
  saleId: string;
  registerId: string;
  storeId: string;
  body: OfflineSaleBody;
  state: OfflineSaleState;
  attempts: number;
  /** What the server answered for a sale in `attention`, in words for the screen. */
  problem?: { status: number; title: string; detail?: string; code?: string };
}

interface DeviceSchema extends DBSchema {
  snapshots: { key: string; value: RegisterSnapshot };
  products: { key: string; value: Product };
  sales: { key: string; value: OfflineSale; indexes: { bySoldAt: string } };
  /** `device` (this device's code in receipt numbers), `receipt:<series>` (last number given). */
  meta: { key: string; value: string | number };
}

let opening: Promise<IDBPDatabase<DeviceSchema>> | undefined;

/** The device's database, opened once per page. */
export function deviceDb(): Promise<IDBPDatabase<DeviceSchema>> {
  opening ??= openDB<DeviceSchema>('comptoir-register', 1, {
    upgrade(db) {
      db.createObjectStore('snapshots', { keyPath: 'registerId' });
      db.createObjectStore('products', { keyPath: 'sku' });
      db.createObjectStore('sales', { keyPath: 'saleId' }).createIndex('bySoldAt', 'body.soldAt');
      db.createObjectStore('meta');
    },
  });
  return opening;
}
