import type { Location } from '@comptoir/contracts';
import type { Queryable } from '@comptoir/platform';
import type { LocationReader, LocationWriter } from '../domain/ports.ts';
import { LOCATION_COLUMNS, type LocationRow, toLocation } from './rows.ts';

export function locationReader(db: Queryable): LocationReader {
  return {
    async find(id) {
      const { rows } = await db.query<LocationRow>(`select ${LOCATION_COLUMNS} from location where id = $1`, [
        id,
      ]);
      return rows[0] ? toLocation(rows[0]) : undefined;
    },
    async list({ type, storeId, afterId, take }) {
      const { rows } = await db.query<LocationRow>(
        `select ${LOCATION_COLUMNS} from location
         where ($1::text is null or type = $1) and ($2::text is null or store_id = $2)
           and ($3::text is null or id > $3)
         order by id limit $4`,
        [type ?? null, storeId ?? null, afterId ?? null, take],
      );
      return rows.map(toLocation);
    },
  };
}

const params = (l: Location) => [l.id, l.type, l.name, l.storeId, l.createdAt, l.updatedAt];

export function locationRepository(tx: Queryable): LocationReader & LocationWriter {
  return {
    ...locationReader(tx),
    async insert(location) {
      await tx.query(
        `insert into location (${LOCATION_COLUMNS}) values ($1, $2, $3, $4, $5, $6)`,
        params(location),
      );
    },
    async upsertStore(location) {
      // xmax is 0 only on a row this statement inserted, not on one it updated.
      const { rows } = await tx.query<LocationRow & { created: boolean }>(
        `insert into location (${LOCATION_COLUMNS}) values ($1, $2, $3, $4, $5, $6)
         on conflict (store_id) do update set name = excluded.name, updated_at = excluded.updated_at
         returning ${LOCATION_COLUMNS}, (xmax = 0) as created`,
        params(location),
      );
      const row = rows[0] as LocationRow & { created: boolean };
      return { location: toLocation(row), created: row.created };
    },
  };
}
