import type { Queryable } from '@comptoir/platform';
import type { SignInFailures } from '../domain/ports.ts';

// Column names come from this fixed map, never from input.
const COLUMN = { email: 'email', ip: 'ip' } as const;

export function signInFailuresRepository(db: Queryable): SignInFailures {
  return {
    async record({ email, ip, at }) {
      await db.query('insert into sign_in_failure (email, ip, failed_at) values ($1, $2, $3)', [
        email,
        ip,
        at,
      ]);
    },
    async nthLatest(by, value, since, n) {
      const { rows } = await db.query<{ failed_at: Date }>(
        `select failed_at from sign_in_failure where ${COLUMN[by]} = $1 and failed_at > $2
          order by failed_at desc offset $3 limit 1`,
        [value, since, n - 1],
      );
      return rows[0]?.failed_at;
    },
    async clear(email) {
      await db.query('delete from sign_in_failure where email = $1', [email]);
    },
    async purge(before) {
      await db.query('delete from sign_in_failure where failed_at < $1', [before]);
    },
  };
}
