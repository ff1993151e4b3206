import type { CashSession, Store, TaxRate } from '@comptoir/contracts';
import type { HttpClient } from '@comptoir/platform';
import { storesUnavailable } from '../domain/errors.ts';
import type { StoreDirectory } from '../domain/ports.ts';
import { onBehalfOf } from './on-behalf-of.ts';
import { isRecord } from './shapes.ts';

/**
 * Cash sessions and stores, from the stores service (`packages/contracts/src/stores.ts`). A
 * session is asked as the caller: stores answers 404 (or 403) for one the caller may not see,
 * which is no session here either. Only the fields cart relies on are checked.
 */
export function storeDirectory(stores: HttpClient): StoreDirectory {
  return {
    async session(id, caller) {
      const { status, body } = await stores.get(`/sessions/${encodeURIComponent(id)}`, {
        headers: onBehalfOf(caller),
      });
      if (status === 404 || status === 403) return undefined;
      if (status !== 200 || !isSession(body))
        throw storesUnavailable(`GET /sessions/{id} answered ${status}`);
      return body;
    },
    async store(id, caller) {
      const { status, body } = await stores.get(`/stores/${encodeURIComponent(id)}`, {
        headers: onBehalfOf(caller),
      });
      if (status === 404) return undefined;
      if (status !== 200 || !isStore(body)) throw storesUnavailable(`GET /stores/{id} answered ${status}`);
      return body;
    },
  };
}

function isSession(value: unknown): value is CashSession {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.storeId === 'string' &&
    typeof value.registerId === 'string' &&
    (value.status === 'open' || value.status === 'closed')
  );
}

function isStore(value: unknown): value is Store {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.currency === 'string' &&
    /^[A-Z]{3}$/.test(value.currency) &&
    Array.isArray(value.taxes) &&
    value.taxes.every(isTaxRate)
  );
}

function isTaxRate(value: unknown): value is TaxRate {
  return (
    isRecord(value) &&
    typeof value.code === 'string' &&
    typeof value.label === 'string' &&
    Number.isSafeInteger(value.ratePpm) &&
    (value.ratePpm as number) >= 0 &&
    (value.ratePpm as number) <= 1_000_000
  );
}
