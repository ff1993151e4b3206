import type { Queryable } from '@comptoir/platform';
import type { OAuthClientRecord, OAuthClients } from '../domain/credential-ports.ts';

interface ClientRow {
  id: string;
  name: string;
  secret_hash: string;
  scopes: string[];
  created_by: string;
  created_at: Date;
  revoked_at: Date | null;
}

const COLUMNS = 'id, name, secret_hash, scopes, created_by, created_at, revoked_at';

const toRecord = (row: ClientRow): OAuthClientRecord => ({
  id: row.id,
  name: row.name,
  secretHash: row.secret_hash,
  scopes: row.scopes,
  createdBy: row.created_by,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

export function oauthClientsRepository(db: Queryable): OAuthClients {
  return {
    async insert(c) {
      await db.query(`insert into oauth_client (${COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7)`, [
        c.id,
        c.name,
        c.secretHash,
        c.scopes,
        c.createdBy,
        c.createdAt,
        c.revokedAt,
      ]);
    },
    async find(id) {
      const { rows } = await db.query<ClientRow>(`select ${COLUMNS} from oauth_client where id = $1`, [id]);
      return rows[0] ? toRecord(rows[0]) : undefined;
    },
    async list(beforeId, take) {
      const { rows } = await db.query<ClientRow>(
        `select ${COLUMNS} from oauth_client where ($1::text is null or id < $1) order by id desc limit $2`,
        [beforeId ?? null, take],
      );
      return rows.map(toRecord);
    },
    async upsert(c) {
      // In DO UPDATE every `oauth_client.` column is the row as it was, whatever the order of SET.
      const { rows } = await db.query<{ created: boolean; revoked: boolean }>(
        `insert into oauth_client (${COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (id) do update set
           name = excluded.name,
           secret_hash = excluded.secret_hash,
           scopes = excluded.scopes,
           revoked_at = case when oauth_client.secret_hash = excluded.secret_hash
                             then oauth_client.revoked_at end
         returning xmax::text = '0' as created, revoked_at is not null as revoked`,
        [c.id, c.name, c.secretHash, c.scopes, c.createdBy, c.createdAt, c.revokedAt],
      );
      const row = rows[0];
      if (!row) throw new Error(`upsert of client ${c.id} returned nothing`);
      return row;
    },
    async revoke(id, at) {
      await db.query('update oauth_client set revoked_at = $2 where id = $1 and revoked_at is null', [
        id,
        at,
      ]);
    },
  };
}
