import type { Queryable } from '@comptoir/platform';
import type { RefreshRecord, Sessions, VerificationRecord, Verifications } from '../domain/ports.ts';

interface RefreshRow {
  token_hash: string;
  family_id: string;
  user_id: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

export function sessionsRepository(db: Queryable): Sessions {
  return {
    async createFamily({ id, userId, createdAt }) {
      await db.query('insert into session_family (id, user_id, created_at) values ($1, $2, $3)', [
        id,
        userId,
        createdAt,
      ]);
    },
    async issue({ tokenHash, familyId, createdAt, expiresAt }) {
      await db.query(
        'insert into refresh_token (token_hash, family_id, created_at, expires_at) values ($1, $2, $3, $4)',
        [tokenHash, familyId, createdAt, expiresAt],
      );
    },
    async lock(tokenHash): Promise<RefreshRecord | undefined> {
      // Locking the family too: two refreshes of one session queue up instead of racing.
      const { rows } = await db.query<RefreshRow>(
        `select t.token_hash, t.family_id, f.user_id, t.expires_at, t.used_at, f.revoked_at
           from refresh_token t join session_family f on f.id = t.family_id
          where t.token_hash = $1 for update`,
        [tokenHash],
      );
      const row = rows[0];
      if (!row) return undefined;
      return {
        tokenHash: row.token_hash,
        familyId: row.family_id,
        userId: row.user_id,
        expiresAt: row.expires_at,
        usedAt: row.used_at,
        familyRevokedAt: row.revoked_at,
      };
    },
    async markUsed(tokenHash, at) {
      await db.query('update refresh_token set used_at = $2 where token_hash = $1', [tokenHash, at]);
    },
    async revokeFamily(familyId, reason, at) {
      await db.query(
        'update session_family set revoked_at = $2, revoked_reason = $3 where id = $1 and revoked_at is null',
        [familyId, at, reason],
      );
    },
    async revokeAllOf(userId, reason, at, exceptFamilyId) {
      await db.query(
        `update session_family set revoked_at = $2, revoked_reason = $3
          where user_id = $1 and revoked_at is null and id is distinct from $4`,
        [userId, at, reason, exceptFamilyId ?? null],
      );
    },
  };
}

interface VerificationRow {
  token_hash: string;
  user_id: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

export function verificationsRepository(db: Queryable): Verifications {
  return {
    async insert(v: VerificationRecord) {
      await db.query(
        'insert into email_verification (token_hash, user_id, created_at, expires_at, used_at) values ($1, $2, $3, $4, $5)',
        [v.tokenHash, v.userId, v.createdAt, v.expiresAt, v.usedAt],
      );
    },
    async lock(tokenHash) {
      const { rows } = await db.query<VerificationRow>(
        'select token_hash, user_id, created_at, expires_at, used_at from email_verification where token_hash = $1 for update',
        [tokenHash],
      );
      const row = rows[0];
      if (!row) return undefined;
      return {
        tokenHash: row.token_hash,
        userId: row.user_id,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
        usedAt: row.used_at,
      };
    },
    async useAll(userId, at) {
      await db.query('update email_verification set used_at = $2 where user_id = $1 and used_at is null', [
        userId,
        at,
      ]);
    },
    async lastIssuedAt(userId) {
      const { rows } = await db.query<{ at: Date | null }>(
        'select max(created_at) as at from email_verification where user_id = $1',
        [userId],
      );
      return rows[0]?.at ?? undefined;
    },
  };
}
