import {
  IdentityEventTypes,
  type User,
  type UserRegistered,
  type UserVerified,
  type VerificationLink,
  type VerificationRequested,
} from '@comptoir/contracts';
import { hasRole, type Principal, type Role } from '@comptoir/platform';
import { adminOnlyFields, verificationExpired, verificationInvalid } from './errors.ts';
import { newUserId } from './ids.ts';
import { checkPasswordPolicy } from './password-policy.ts';
import { hashPassword } from './passwords.ts';
import type { IdentityStore, UnitOfWork, UserRecord } from './ports.ts';
import { digest, randomToken } from './secrets.ts';
import { normalizeEmail, normalizeRoles, toUser } from './users.ts';

export interface SignUpInput {
  email: string;
  password: string;
  displayName: string;
  /** Admin only, like `storeIds` and `emailVerified`. */
  roles?: Role[];
  storeIds?: string[];
  emailVerified?: boolean;
}

export interface RegistrationSettings {
  /** The web app; links point at `<publicUrl>/verify?token=…`. */
  publicUrl: string;
  verificationTtlSeconds: number;
  resendIntervalSeconds: number;
}

/** Sign-up, email verification and new verification links. */
export class Registration {
  constructor(
    private readonly store: IdentityStore,
    private readonly settings: RegistrationSettings,
  ) {}

  /** A customer signing up, or an admin creating an account (possibly verified, with roles). */
  async signUp(input: SignUpInput, actor: Principal | undefined): Promise<User> {
    const admin = hasRole(actor, 'admin');
    const privileged = (['roles', 'storeIds', 'emailVerified'] as const).filter(
      (f) => input[f] !== undefined,
    );
    if (!admin && privileged.length > 0) throw adminOnlyFields([...privileged]);
    const email = normalizeEmail(input.email);
    checkPasswordPolicy(input.password, email);
    const now = new Date();
    const user: UserRecord = {
      id: newUserId(),
      email,
      displayName: input.displayName.trim(),
      passwordHash: await hashPassword(input.password),
      roles: normalizeRoles(input.roles ?? ['customer']),
      storeIds: [...new Set(input.storeIds ?? [])],
      emailVerifiedAt: input.emailVerified ? now : null,
      disabledAt: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await this.store.write(async (uow) => {
      await uow.users.insert(user);
      const verification = user.emailVerifiedAt ? null : await this.#issueLink(uow, user.id, now);
      const data: UserRegistered = {
        userId: user.id,
        email: user.email,
        displayName: user.displayName,
        roles: user.roles,
        verification,
      };
      uow.record({ type: IdentityEventTypes.userRegistered, data, subject: user.id });
    });
    return toUser(user);
  }

  /** Follows a verification link: single use, before it expires. */
  async verify(token: string): Promise<User> {
    return this.store.write(async (uow) => {
      const link = await uow.verifications.lock(digest(token));
      if (!link || link.usedAt) throw verificationInvalid();
      const now = new Date();
      if (link.expiresAt <= now) throw verificationExpired();
      const user = await uow.users.lock(link.userId);
      if (!user) throw verificationInvalid();
      await uow.verifications.useAll(user.id, now);
      if (user.emailVerifiedAt) return toUser(user);
      const verified = { ...user, emailVerifiedAt: now, updatedAt: now, version: user.version + 1 };
      await uow.users.update(verified);
      const data: UserVerified = { userId: user.id, email: user.email, verifiedAt: now.toISOString() };
      uow.record({ type: IdentityEventTypes.userVerified, data, subject: user.id });
      return toUser(verified);
    });
  }

  /**
   * Sends a new link when the account exists, is unverified and got none in the last interval.
   * Says nothing either way, so the answer cannot tell which emails have accounts.
   */
  async resend(email: string): Promise<void> {
    const known = await this.store.users.findByEmail(normalizeEmail(email));
    if (!known || known.emailVerifiedAt || known.disabledAt) return;
    await this.store.write(async (uow) => {
      const user = await uow.users.lock(known.id); // one resend at a time per account
      if (!user || user.emailVerifiedAt) return;
      const now = new Date();
      const last = await uow.verifications.lastIssuedAt(user.id);
      if (last && now.getTime() - last.getTime() < this.settings.resendIntervalSeconds * 1000) return;
      const verification = await this.#issueLink(uow, user.id, now);
      const data: VerificationRequested = {
        userId: user.id,
        email: user.email,
        displayName: user.displayName,
        verification,
      };
      uow.record({ type: IdentityEventTypes.verificationRequested, data, subject: user.id });
    });
  }

  /** Only the digest is stored; the token itself lives in the event that becomes the email. */
  async #issueLink(uow: UnitOfWork, userId: string, now: Date): Promise<VerificationLink> {
    const token = randomToken();
    const expiresAt = new Date(now.getTime() + this.settings.verificationTtlSeconds * 1000);
    await uow.verifications.insert({
      tokenHash: digest(token),
      userId,
      createdAt: now,
      expiresAt,
      usedAt: null,
    });
    // base64url needs no escaping; keep any path the web app is served under.
    const url = `${this.settings.publicUrl.replace(/\/+$/, '')}/verify?token=${token}`;
    return { url, expiresAt: expiresAt.toISOString() };
  }
}
