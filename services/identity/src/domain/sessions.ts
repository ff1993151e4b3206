import type { Principal } from '@comptoir/platform';
import type { AccessTokens } from './access-tokens.ts';
import {
  accountDisabled,
  emailNotVerified,
  invalidCredentials,
  refreshInvalid,
  refreshReused,
} from './errors.ts';
import { newSessionId } from './ids.ts';
import { verifyPassword } from './passwords.ts';
import type { IdentityStore, UnitOfWork, UserRecord } from './ports.ts';
import { digest, randomToken } from './secrets.ts';
import type { SignInThrottle } from './sign-in-throttle.ts';
import { normalizeEmail } from './users.ts';

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
}

export interface SessionSettings {
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
}

/** What a refresh decided inside its transaction; errors are thrown after the commit, so revocations stick. */
type RefreshOutcome =
  | { ok: true; user: UserRecord; familyId: string; refreshToken: string }
  | { ok: false; error: Error; reused?: { userId: string; familyId: string } };

/**
 * Sign-in, refresh and sign-out. A sign-in starts a family of refresh tokens; each refresh
 * spends one and issues the next. A spent token presented again means it leaked (or a client
 * misbehaves): the whole family is revoked, the thief's copy and the user's alike.
 */
export class Sessions {
  constructor(
    private readonly store: IdentityStore,
    private readonly tokens: AccessTokens,
    private readonly throttle: SignInThrottle,
    private readonly settings: SessionSettings,
    private readonly onReuse: (userId: string, familyId: string) => void = () => {},
  ) {}

  async signIn(credentials: { email: string; password: string }, ip: string): Promise<SessionTokens> {
    const email = normalizeEmail(credentials.email);
    await this.throttle.check(email, ip);
    const user = await this.store.users.findByEmail(email);
    if (!(await verifyPassword(user?.passwordHash, credentials.password)) || !user) {
      await this.throttle.failed(email, ip);
      throw invalidCredentials();
    }
    await this.throttle.succeeded(email);
    // Only after the right password, so these answers reveal nothing to a guesser.
    if (user.disabledAt) throw accountDisabled();
    if (!user.emailVerifiedAt) throw emailNotVerified();
    const familyId = newSessionId();
    const refreshToken = await this.store.write(async (uow) => {
      await uow.sessions.createFamily({ id: familyId, userId: user.id, createdAt: new Date() });
      return this.#issueRefresh(uow, familyId);
    });
    return this.#tokens(user, familyId, refreshToken);
  }

  async refresh(presented: string): Promise<SessionTokens> {
    const outcome = await this.store.write(async (uow): Promise<RefreshOutcome> => {
      const now = new Date();
      const current = await uow.sessions.lock(digest(presented));
      if (!current || current.familyRevokedAt) return { ok: false, error: refreshInvalid() };
      if (current.usedAt) {
        await uow.sessions.revokeFamily(current.familyId, 'refresh token reused', now);
        return {
          ok: false,
          error: refreshReused(),
          reused: { userId: current.userId, familyId: current.familyId },
        };
      }
      if (current.expiresAt <= now) return { ok: false, error: refreshInvalid() };
      const user = await uow.users.find(current.userId);
      if (!user || user.disabledAt) {
        await uow.sessions.revokeFamily(current.familyId, 'account disabled', now);
        return { ok: false, error: user ? accountDisabled() : refreshInvalid() };
      }
      await uow.sessions.markUsed(current.tokenHash, now);
      const refreshToken = await this.#issueRefresh(uow, current.familyId);
      return { ok: true, user, familyId: current.familyId, refreshToken };
    });
    if (!outcome.ok) {
      if (outcome.reused) this.onReuse(outcome.reused.userId, outcome.reused.familyId);
      throw outcome.error;
    }
    return this.#tokens(outcome.user, outcome.familyId, outcome.refreshToken);
  }

  /** Ends the caller's session, and the one of `refreshToken` when it is also theirs. */
  async signOut(principal: Principal, refreshToken?: string): Promise<void> {
    await this.store.write(async (uow) => {
      const now = new Date();
      if (principal.sessionId) await uow.sessions.revokeFamily(principal.sessionId, 'signed out', now);
      if (refreshToken === undefined) return;
      const token = await uow.sessions.lock(digest(refreshToken));
      if (token && token.userId === principal.subject) {
        await uow.sessions.revokeFamily(token.familyId, 'signed out', now);
      }
    });
  }

  async #issueRefresh(uow: UnitOfWork, familyId: string): Promise<string> {
    const token = randomToken();
    const createdAt = new Date();
    const expiresAt = new Date(createdAt.getTime() + this.settings.refreshTtlSeconds * 1000);
    await uow.sessions.issue({ tokenHash: digest(token), familyId, createdAt, expiresAt });
    return token;
  }

  async #tokens(user: UserRecord, familyId: string, refreshToken: string): Promise<SessionTokens> {
    const access = await this.tokens.issue({
      subject: user.id,
      kind: 'user',
      roles: user.roles,
      storeIds: user.storeIds,
      sessionId: familyId,
      ttlSeconds: this.settings.accessTtlSeconds,
    });
    return { accessToken: access.token, refreshToken, expiresIn: access.expiresIn, tokenType: 'Bearer' };
  }
}
