import { type Static, Type } from '@sinclair/typebox';

/** Event types published by identity; each is also the routing key on the bus. */
export const IdentityEventTypes = {
  userRegistered: 'user.registered',
  /** A new verification link was asked for (resend); same link data as `user.registered`. */
  verificationRequested: 'user.verification_requested',
  userVerified: 'user.verified',
} as const;

export const UserId = Type.String({
  pattern: '^usr_[0-9A-HJKMNP-TV-Z]{26}$',
  examples: ['usr_01JD3Z8Q5V7W4X9Y2B6C0N1M3K'],
});

/** ARCHITECTURE.md §1. `store_manager` and `cashier` work in the stores listed in `storeIds`. */
export const RoleName = Type.Union(
  [
    Type.Literal('customer'),
    Type.Literal('seller'),
    Type.Literal('cashier'),
    Type.Literal('store_manager'),
    Type.Literal('admin'),
  ],
  { title: 'Role' },
);
export type RoleName = Static<typeof RoleName>;

/** An account as identity's API returns it (never with a password or a hash). */
export const User = Type.Object(
  {
    id: UserId,
    email: Type.String({ format: 'email' }),
    displayName: Type.String(),
    roles: Type.Array(RoleName),
    storeIds: Type.Array(Type.String()),
    emailVerified: Type.Boolean(),
    disabled: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false, title: 'User' },
);
export type User = Static<typeof User>;

/** The link a verification email carries: single use, valid until `expiresAt`. */
export const VerificationLink = Type.Object(
  {
    url: Type.String({ format: 'uri', examples: ['http://localhost:8080/verify?token=…'] }),
    expiresAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type VerificationLink = Static<typeof VerificationLink>;

/**
 * `user.registered`: a new account. `verification` is the link to email, or null when an admin
 * created the account already verified (nothing to send).
 */
export const UserRegistered = Type.Object(
  {
    userId: UserId,
    email: Type.String(),
    displayName: Type.String(),
    roles: Type.Array(RoleName),
    verification: Type.Union([VerificationLink, Type.Null()]),
  },
  { additionalProperties: false },
);
export type UserRegistered = Static<typeof UserRegistered>;

/** `user.verification_requested`: the user asked for a new link; email it like the first one. */
export const VerificationRequested = Type.Object(
  {
    userId: UserId,
    email: Type.String(),
    displayName: Type.String(),
    verification: VerificationLink,
  },
  { additionalProperties: false },
);
export type VerificationRequested = Static<typeof VerificationRequested>;

/** `user.verified`: the address is confirmed; the user can sign in. */
export const UserVerified = Type.Object(
  { userId: UserId, email: Type.String(), verifiedAt: Type.String({ format: 'date-time' }) },
  { additionalProperties: false },
);
export type UserVerified = Static<typeof UserVerified>;
