import type { Queryable } from '@comptoir/platform';
import { codeTaken } from '../domain/errors.ts';
import type { StoreReader, StoreWriter } from '../domain/ports.ts';
import { STORE_COLUMNS, type StoreRow, storeParams, toOfflineCard, toStore } from './rows.ts';

const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';

export function storeReader(db: Queryable): StoreReader {
  return {
    async find(id) {
      const { rows } = await db.query<StoreRow>(`select ${STORE_COLUMNS} from store where id = $1`, [id]);
      return rows[0] ? toStore(rows[0]) : undefined;
    },
    async list({ ids, afterId, take }) {
      const { rows } = await db.query<StoreRow>(
        `select ${STORE_COLUMNS} from store
          where ($1::text[] is null or id = any($1::text[])) and ($2::text is null or id > $2)
          order by id limit $3`,
        [ids ? [...ids] : null, afterId ?? null, take],
      );
      return rows.map(toStore);
    },
  };
}

export function storeWriter(tx: Queryable): StoreWriter {
  return {
    async setOfflineCard(id, enabled, limit, at) {
      await tx.query(
        'update store set offline_card_enabled = $2, offline_card_limit = $3, updated_at = $4 where id = $1',
        [id, enabled, limit, at],
      );
    },
    async offlineCard(id) {
      const { rows } = await tx.query<Parameters<typeof toOfflineCard>[0]>(
        'select currency, offline_card_enabled, offline_card_limit from store where id = $1',
        [id],
      );
      return rows[0] ? toOfflineCard(rows[0]) : undefined;
    },
    async insert(store) {
      const { rowCount } = await tx.query(
        `insert into store (${STORE_COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)
         on conflict (code) do nothing`,
        storeParams(store),
      );
      return rowCount === 1;
    },
    async lock(id) {
      const { rows } = await tx.query<StoreRow>(
        `select ${STORE_COLUMNS} from store where id = $1 for update`,
        [id],
      );
      return rows[0] ? toStore(rows[0]) : undefined;
    },
    async update(store) {
      try {
        await tx.query(
          `update store set code = $2, name = $3, district = $4, type = $5, address = $6, currency = $7,
             taxes = $8::jsonb, updated_at = $9
           where id = $1`,
          [...storeParams(store).slice(0, 8), store.updatedAt],
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw codeTaken(store.code);
        throw error;
      }
    },
  };
}
