import { DomainError, type FieldProblem } from '@comptoir/platform';

/** identity's error catalogue. Codes are stable; a retired code is never reused. */
export const IdentityErrorCodes = {
  emailTaken: 'IDENTITY_EMAIL_TAKEN',
  weakPassword: 'IDENTITY_WEAK_PASSWORD',
  adminOnlyFields: 'IDENTITY_ADMIN_ONLY_FIELDS',
  invalidCredentials: 'IDENTITY_INVALID_CREDENTIALS',
  emailNotVerified: 'IDENTITY_EMAIL_NOT_VERIFIED',
  accountDisabled: 'IDENTITY_ACCOUNT_DISABLED',
  signInThrottled: 'IDENTITY_SIGN_IN_THROTTLED',
  verificationInvalid: 'IDENTITY_VERIFICATION_TOKEN_INVALID',
  verificationExpired: 'IDENTITY_VERIFICATION_TOKEN_EXPIRED',
  refreshInvalid: 'IDENTITY_REFRESH_TOKEN_INVALID',
  refreshReused: 'IDENTITY_REFRESH_TOKEN_REUSED',
  wrongPassword: 'IDENTITY_WRONG_PASSWORD',
  userNotFound: 'IDENTITY_USER_NOT_FOUND',
  selfLockout: 'IDENTITY_SELF_LOCKOUT',
  apiKeyNotFound: 'IDENTITY_API_KEY_NOT_FOUND',
  clientNotFound: 'IDENTITY_CLIENT_NOT_FOUND',
  personOnly: 'IDENTITY_PERSON_ONLY',
  invalidCursor: 'IDENTITY_INVALID_CURSOR',
} as const;
const C = IdentityErrorCodes;

export const emailTaken = () =>
  new DomainError('conflict', C.emailTaken, 'An account already uses this email address.', {
    errors: [{ pointer: '/body/email', detail: 'is already registered' }],
  });

export const weakPassword = (errors: FieldProblem[]) =>
  new DomainError(
    'unprocessable',
    C.weakPassword,
    `The password is too weak: ${errors.map((e) => e.detail).join('; ')}.`,
    {
      errors,
    },
  );

export const adminOnlyFields = (fields: string[]) =>
  new DomainError('forbidden', C.adminOnlyFields, `Only an admin may set ${fields.join(', ')}.`, {
    errors: fields.map((field) => ({ pointer: `/body/${field}`, detail: 'may only be set by an admin' })),
  });

// One message whether the email is unknown or the password wrong: no account enumeration.
export const invalidCredentials = () =>
  new DomainError('unauthenticated', C.invalidCredentials, 'The email or the password is not right.');

export const emailNotVerified = () =>
  new DomainError(
    'forbidden',
    C.emailNotVerified,
    'Confirm your email address first: follow the link we sent you, or ask for a new one.',
  );

export const accountDisabled = () =>
  new DomainError('forbidden', C.accountDisabled, 'This account is disabled; contact an administrator.');

export const signInThrottled = (retryAfter: number) =>
  new DomainError(
    'rate_limited',
    C.signInThrottled,
    `Too many failed sign-ins; try again in ${retryAfter} s.`,
    {
      extensions: { retryAfter },
    },
  );

export const verificationInvalid = () =>
  new DomainError(
    'bad_request',
    C.verificationInvalid,
    'This verification link is not valid or was already used.',
  );

export const verificationExpired = () =>
  new DomainError(
    'bad_request',
    C.verificationExpired,
    'This verification link has expired; ask for a new one.',
  );

export const refreshInvalid = () =>
  new DomainError('unauthenticated', C.refreshInvalid, 'The refresh token is not valid; sign in again.');

export const refreshReused = () =>
  new DomainError(
    'unauthenticated',
    C.refreshReused,
    'This refresh token was already used; the session is revoked for safety. Sign in again.',
  );

export const wrongPassword = () =>
  new DomainError('forbidden', C.wrongPassword, 'The current password is not right.', {
    errors: [{ pointer: '/body/currentPassword', detail: 'is not your current password' }],
  });

export const userNotFound = (id: string) =>
  new DomainError('not_found', C.userNotFound, `No user has the id "${id}".`);

export const selfLockout = () =>
  new DomainError(
    'unprocessable',
    C.selfLockout,
    'You cannot disable your own account or drop your own admin role.',
  );

export const apiKeyNotFound = (id: string) =>
  new DomainError('not_found', C.apiKeyNotFound, `No API key of yours has the id "${id}".`);

export const clientNotFound = (id: string) =>
  new DomainError('not_found', C.clientNotFound, `No OAuth client has the id "${id}".`);

export const personOnly = () =>
  new DomainError(
    'forbidden',
    C.personOnly,
    'Only a person signed in with a session can do this, not a key or a client.',
  );

export const invalidCursor = () =>
  new DomainError('bad_request', C.invalidCursor, 'The cursor is not one this API gave out.', {
    errors: [{ pointer: '/querystring/cursor', detail: 'is malformed or was altered' }],
  });

/** RFC 6749 §5.2 error of the token endpoint; its shape is the RFC's, not problem+json. */
export class OAuthError extends Error {
  constructor(
    readonly error:
      | 'invalid_request'
      | 'invalid_client'
      | 'invalid_grant'
      | 'unsupported_grant_type'
      | 'invalid_scope',
    readonly description: string,
  ) {
    super(description);
    this.name = 'OAuthError';
  }
}
