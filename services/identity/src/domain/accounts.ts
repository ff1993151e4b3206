import type { User } from '@comptoir/contracts';
import type { Principal, Role } from '@comptoir/platform';
import { decodeCursor, pageOf } from './cursor.ts';
import { selfLockout, userNotFound, wrongPassword } from './errors.ts';
import { checkPasswordPolicy } from './password-policy.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { IdentityStore, Page, UserRecord } from './ports.ts';
import { normalizeRoles, toUser } from './users.ts';

export interface AdminChanges {
  displayName?: string;
  roles?: Role[];
  storeIds?: string[];
  disabled?: boolean;
}

export interface UserQuery {
  q?: string;
  role?: Role;
  limit: number;
  cursor?: string;
}

/** A user's own account, and the admin's view of everyone's. */
export class Accounts {
  constructor(private readonly store: IdentityStore) {}

  async get(id: string): Promise<User> {
    const user = await this.store.users.find(id);
    if (!user) throw userNotFound(id);
    return toUser(user);
  }

  async list(query: UserQuery): Promise<Page<User>> {
    const rows = await this.store.users.search({
      ...(query.q?.trim() ? { q: query.q.trim() } : {}),
      ...(query.role ? { role: query.role } : {}),
      afterId: decodeCursor(query.cursor),
      take: query.limit + 1,
    });
    return pageOf(rows, query.limit, toUser);
  }

  async rename(id: string, displayName: string): Promise<User> {
    return this.#edit(id, (user) => ({ ...user, displayName: displayName.trim() }));
  }

  /** Needs the current password; every other session of the user ends. */
  async changePassword(principal: Principal, current: string, next: string): Promise<void> {
    const user = await this.store.users.find(principal.subject);
    if (!user) throw userNotFound(principal.subject);
    if (!(await verifyPassword(user.passwordHash, current))) throw wrongPassword();
    checkPasswordPolicy(next, user.email, '/body/newPassword');
    const passwordHash = await hashPassword(next);
    await this.store.write(async (uow) => {
      const locked = await uow.users.lock(user.id);
      if (!locked) throw userNotFound(user.id);
      await uow.users.update(this.#bump({ ...locked, passwordHash }));
      await uow.sessions.revokeAllOf(user.id, 'password changed', new Date(), principal.sessionId);
    });
  }

  /** Deletes the account and, with it, its sessions, links and API keys. */
  async remove(id: string): Promise<void> {
    await this.store.write(async (uow) => {
      if (!(await uow.users.lock(id))) throw userNotFound(id);
      await uow.users.remove(id);
    });
  }

  /** Roles, stores, disabling: an admin's edit. A disabled account's sessions end at once. */
  async change(admin: Principal, id: string, changes: AdminChanges): Promise<User> {
    const demotesSelf = changes.disabled === true || (changes.roles && !changes.roles.includes('admin'));
    if (id === admin.subject && demotesSelf) throw selfLockout();
    return this.#edit(id, (user) => ({
      ...user,
      ...(changes.displayName !== undefined ? { displayName: changes.displayName.trim() } : {}),
      ...(changes.roles ? { roles: normalizeRoles(changes.roles) } : {}),
      ...(changes.storeIds ? { storeIds: [...new Set(changes.storeIds)] } : {}),
      ...(changes.disabled !== undefined
        ? { disabledAt: changes.disabled ? (user.disabledAt ?? new Date()) : null }
        : {}),
    }));
  }

  async #edit(id: string, change: (user: UserRecord) => UserRecord): Promise<User> {
    return this.store.write(async (uow) => {
      const user = await uow.users.lock(id);
      if (!user) throw userNotFound(id);
      const next = this.#bump(change(user));
      await uow.users.update(next);
      if (next.disabledAt && !user.disabledAt) {
        await uow.sessions.revokeAllOf(id, 'account disabled', next.updatedAt);
      }
      return toUser(next);
    });
  }

  #bump(user: UserRecord): UserRecord {
    return { ...user, version: user.version + 1, updatedAt: new Date() };
  }
}
