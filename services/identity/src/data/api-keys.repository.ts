import type { Queryable } from '@comptoir/platform';
import type { ApiKeyRecord, ApiKeys } from '../domain/credential-ports.ts';

interface ApiKeyRow {
  id: string;
  owner_id: string;
  name: string;
  prefix: string;
  secret_hash: string;
  scopes: string[];
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS = 'id, owner_id, name, prefix, secret_hash, scopes, created_at, last_used_at, revoked_at';

const toRecord = (row: ApiKeyRow): ApiKeyRecord => ({
  id: row.id,
  ownerId: row.owner_id,
  name: row.name,
  prefix: row.prefix,
  secretHash: row.secret_hash,
  scopes: row.scopes,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

export function apiKeysRepository(db: Queryable): ApiKeys {
  const one = async (sql: string, values: unknown[]) => {
    const { rows } = await db.query<ApiKeyRow>(sql, values);
    return rows[0] ? toRecord(rows[0]) : undefined;
  };
  return {
    async insert(k) {
      await db.query(`insert into api_key (${COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
        k.id,
        k.ownerId,
        k.name,
        k.prefix,
        k.secretHash,
        k.scopes,
        k.createdAt,
        k.lastUsedAt,
        k.revokedAt,
      ]);
    },
    find: (id) => one(`select ${COLUMNS} from api_key where id = $1`, [id]),
    findByPrefix: (prefix) => one(`select ${COLUMNS} from api_key where prefix = $1`, [prefix]),
    async list(ownerId, beforeId, take) {
      const { rows } = await db.query<ApiKeyRow>(
        `select ${COLUMNS} from api_key
          where ($1::text is null or owner_id = $1) and ($2::text is null or id < $2)
          order by id desc limit $3`,
        [ownerId ?? null, beforeId ?? null, take],
      );
      return rows.map(toRecord);
    },
    async revoke(id, at) {
      await db.query('update api_key set revoked_at = $2 where id = $1 and revoked_at is null', [id, at]);
    },
    async touch(id, at, olderThan) {
      await db.query(
        'update api_key set last_used_at = $2 where id = $1 and (last_used_at is null or last_used_at < $3)',
        [id, at, olderThan],
      );
    },
  };
}
