import type { Role } from '@comptoir/platform';

/** What the domain needs from storage; `src/data` implements it with SQL. */

export interface UserRecord {
  id: string;
  /** Trimmed and lower-cased. */
  email: string;
  displayName: string;
  passwordHash: string;
  roles: Role[];
  storeIds: string[];
  emailVerifiedAt: Date | null;
  disabledAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface UserSearch {
  /** Matches part of the email or display name, ignoring case. */
  q?: string;
  role?: Role;
  afterId?: string;
  take: number;
}

export interface Users {
  find(id: string): Promise<UserRecord | undefined>;
  /** Holds the row until the transaction ends, so concurrent edits queue up. */
  lock(id: string): Promise<UserRecord | undefined>;
  findByEmail(email: string): Promise<UserRecord | undefined>;
  /** Throws `emailTaken` when the address is already registered. */
  insert(user: UserRecord): Promise<void>;
  update(user: UserRecord): Promise<void>;
  remove(id: string): Promise<void>;
  search(search: UserSearch): Promise<UserRecord[]>;
  anyAdmin(): Promise<boolean>;
}

export interface VerificationRecord {
  tokenHash: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

export interface Verifications {
  insert(record: VerificationRecord): Promise<void>;
  lock(tokenHash: string): Promise<VerificationRecord | undefined>;
  /** Every pending link of the user is spent once the address is verified. */
  useAll(userId: string, at: Date): Promise<void>;
  lastIssuedAt(userId: string): Promise<Date | undefined>;
}

/** A refresh token with its family (one sign-in and all its rotations). */
export interface RefreshRecord {
  tokenHash: string;
  familyId: string;
  userId: string;
  expiresAt: Date;
  usedAt: Date | null;
  familyRevokedAt: Date | null;
}

export interface Sessions {
  createFamily(family: { id: string; userId: string; createdAt: Date }): Promise<void>;
  issue(token: { tokenHash: string; familyId: string; createdAt: Date; expiresAt: Date }): Promise<void>;
  lock(tokenHash: string): Promise<RefreshRecord | undefined>;
  markUsed(tokenHash: string, at: Date): Promise<void>;
  revokeFamily(familyId: string, reason: string, at: Date): Promise<void>;
  /** Revokes every live family of the user but `exceptFamilyId`. */
  revokeAllOf(userId: string, reason: string, at: Date, exceptFamilyId?: string): Promise<void>;
}

export interface SignInFailures {
  record(failure: { email: string; ip: string; at: Date }): Promise<void>;
  /** When the `n`-th most recent failure since `since` happened, if there were that many. */
  nthLatest(by: 'email' | 'ip', value: string, since: Date, n: number): Promise<Date | undefined>;
  clear(email: string): Promise<void>;
  purge(before: Date): Promise<void>;
}

/** A fact to publish, saved with the change that caused it. */
export interface IdentityEvent {
  type: string;
  data: unknown;
  subject: string;
}

/** One transaction: its writes and its events commit together or not at all. */
export interface UnitOfWork {
  users: Users;
  verifications: Verifications;
  sessions: Sessions;
  record(event: IdentityEvent): void;
}

export interface IdentityStore {
  users: Users;
  failures: SignInFailures;
  write<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T>;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
