import type { User } from '@comptoir/contracts';
import type { Role } from '@comptoir/platform';
import type { UserRecord } from './ports.ts';

/** Addresses are compared as typed by people: "Alice@Example.com " is alice@example.com. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** An account as the API shows it: never the password hash. */
export function toUser(record: UserRecord): User {
  return {
    id: record.id,
    email: record.email,
    displayName: record.displayName,
    roles: record.roles,
    storeIds: record.storeIds,
    emailVerified: record.emailVerifiedAt !== null,
    disabled: record.disabledAt !== null,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

/** Roles in a stable order without repeats, so equal sets compare and store the same. */
export function normalizeRoles(roles: readonly Role[]): Role[] {
  return [...new Set(roles)].sort();
}
