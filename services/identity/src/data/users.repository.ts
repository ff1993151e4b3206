import type { Queryable, Role } from '@comptoir/platform';
import { emailTaken } from '../domain/errors.ts';
import type { UserRecord, Users } from '../domain/ports.ts';

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  roles: Role[];
  store_ids: string[];
  email_verified_at: Date | null;
  disabled_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS =
  'id, email, display_name, password_hash, roles, store_ids, email_verified_at, disabled_at, version, created_at, updated_at';

const toRecord = (row: UserRow): UserRecord => ({
  id: row.id,
  email: row.email,
  displayName: row.display_name,
  passwordHash: row.password_hash,
  roles: row.roles,
  storeIds: row.store_ids,
  emailVerifiedAt: row.email_verified_at,
  disabledAt: row.disabled_at,
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const params = (u: UserRecord): unknown[] => [
  u.id,
  u.email,
  u.displayName,
  u.passwordHash,
  u.roles,
  u.storeIds,
  u.emailVerifiedAt,
  u.disabledAt,
  u.version,
  u.createdAt,
  u.updatedAt,
];

const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';

/** Escapes LIKE's wildcards so a search for "a_b" means the text "a_b". */
const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function usersRepository(db: Queryable): Users {
  const one = async (sql: string, values: unknown[]) => {
    const { rows } = await db.query<UserRow>(sql, values);
    return rows[0] ? toRecord(rows[0]) : undefined;
  };
  return {
    find: (id) => one(`select ${COLUMNS} from app_user where id = $1`, [id]),
    lock: (id) => one(`select ${COLUMNS} from app_user where id = $1 for update`, [id]),
    findByEmail: (email) => one(`select ${COLUMNS} from app_user where email = $1`, [email]),
    async insert(user) {
      try {
        await db.query(
          `insert into app_user (${COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          params(user),
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw emailTaken();
        throw error;
      }
    },
    async update(user) {
      await db.query(
        `update app_user set email = $2, display_name = $3, password_hash = $4, roles = $5, store_ids = $6,
           email_verified_at = $7, disabled_at = $8, version = $9, created_at = $10, updated_at = $11
         where id = $1`,
        params(user),
      );
    },
    async remove(id) {
      await db.query('delete from app_user where id = $1', [id]);
    },
    async search({ q, role, afterId, take }) {
      const where: string[] = [];
      const values: unknown[] = [];
      if (q) {
        values.push(likePattern(q.toLowerCase()));
        where.push(`(email like $${values.length} or lower(display_name) like $${values.length})`);
      }
      if (role) {
        values.push(role);
        where.push(`$${values.length} = any (roles)`);
      }
      if (afterId) {
        values.push(afterId);
        where.push(`id > $${values.length}`);
      }
      values.push(take);
      const filter = where.length > 0 ? `where ${where.join(' and ')}` : '';
      const { rows } = await db.query<UserRow>(
        `select ${COLUMNS} from app_user ${filter} order by id limit $${values.length}`,
        values,
      );
      return rows.map(toRecord);
    },
    async anyAdmin() {
      const { rows } = await db.query("select 1 from app_user where 'admin' = any (roles) limit 1");
      return rows.length > 0;
    },
  };
}
