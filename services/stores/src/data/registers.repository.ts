import type { Queryable } from '@comptoir/platform';
import type { RegisterReader, RegisterWriter } from '../domain/ports.ts';
import { REGISTER_SELECT, type RegisterRow, toRegister } from './rows.ts';

export function registerReader(db: Queryable): RegisterReader {
  return {
    async find(id) {
      const { rows } = await db.query<RegisterRow>(`${REGISTER_SELECT} where r.id = $1`, [id]);
      return rows[0] ? toRegister(rows[0]) : undefined;
    },
    async listByStore(storeId, { afterId, take }) {
      const { rows } = await db.query<RegisterRow>(
        `${REGISTER_SELECT} where r.store_id = $1 and ($2::text is null or r.id > $2) order by r.id limit $3`,
        [storeId, afterId ?? null, take],
      );
      return rows.map(toRegister);
    },
  };
}

export function registerRepository(tx: Queryable): RegisterReader & RegisterWriter {
  return {
    ...registerReader(tx),
    async insert(register) {
      // Of two registers given one name at once, the unique index lets one in; the other is skipped.
      const { rowCount } = await tx.query(
        `insert into register (id, store_id, name, created_at) values ($1, $2, $3, $4)
         on conflict (store_id, lower(name)) do nothing`,
        [register.id, register.storeId, register.name, register.createdAt],
      );
      return rowCount === 1;
    },
  };
}
