import type { Db, Queryable } from '@comptoir/platform';
import type { JWK } from 'jose';
import type { SigningKeyRecord, SigningKeys } from '../domain/credential-ports.ts';

interface KeyRow {
  kid: string;
  algorithm: 'EdDSA';
  public_jwk: JWK;
  private_jwk: string;
  state: 'active' | 'retiring';
  created_at: Date;
  retired_at: Date | null;
}

const COLUMNS = 'kid, algorithm, public_jwk, private_jwk, state, created_at, retired_at';

const toRecord = (row: KeyRow): SigningKeyRecord => ({
  kid: row.kid,
  algorithm: row.algorithm,
  publicJwk: row.public_jwk,
  privateJwk: row.private_jwk,
  state: row.state,
  createdAt: row.created_at,
  retiredAt: row.retired_at,
});

const insert = (q: Queryable, key: SigningKeyRecord, suffix = '') =>
  q.query(`insert into signing_key (${COLUMNS}) values ($1, $2, $3::jsonb, $4, $5, $6, $7) ${suffix}`, [
    key.kid,
    key.algorithm,
    JSON.stringify(key.publicJwk),
    key.privateJwk,
    key.state,
    key.createdAt,
    key.retiredAt,
  ]);

// Any constant shared by the replicas: rotations take this lock one at a time.
const ROTATION_LOCK = 'identity.signing_key.rotation';

export function signingKeysRepository(db: Db): SigningKeys {
  return {
    async active() {
      const { rows } = await db.query<KeyRow>(`select ${COLUMNS} from signing_key where state = 'active'`);
      return rows[0] ? toRecord(rows[0]) : undefined;
    },
    async published(since) {
      const { rows } = await db.query<KeyRow>(
        `select ${COLUMNS} from signing_key where state = 'active' or retired_at > $1 order by created_at desc`,
        [since],
      );
      return rows.map(toRecord);
    },
    async insertIfNoneActive(key) {
      const { rowCount } = await insert(db, key, "on conflict (state) where state = 'active' do nothing");
      return rowCount > 0;
    },
    async rotate(work) {
      await db.transaction(async (tx) => {
        await tx.query('select pg_advisory_xact_lock(hashtext($1))', [ROTATION_LOCK]);
        await work({
          async retireActive(at) {
            await tx.query(
              "update signing_key set state = 'retiring', retired_at = $1 where state = 'active'",
              [at],
            );
          },
          async insert(key) {
            await insert(tx, key);
          },
          async dropRetiredBefore(before) {
            await tx.query("delete from signing_key where state = 'retiring' and retired_at < $1", [before]);
          },
        });
      });
    },
  };
}
