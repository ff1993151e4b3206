/** The roles of Comptoir (ARCHITECTURE.md §1). `store_manager` and `cashier` act within `storeIds`. */
export const ROLES = ['customer', 'seller', 'cashier', 'store_manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who signed a token: a person, a machine client (OAuth2 client credentials), or an API key's owner. */
export type PrincipalKind = 'user' | 'client' | 'api_key';

/** The caller of a request, read from a verified access token. */
export interface Principal {
  /** The token's `sub`: a user id, or an OAuth2 client id. */
  subject: string;
  kind: PrincipalKind;
  roles: Role[];
  /** Stores a `store_manager` or `cashier` works in. */
  storeIds: string[];
  /** What the token may do (from `scope`); empty for a person's own session. */
  scopes: string[];
  /** The session (refresh-token family) a user's token belongs to, from the `sid` claim. */
  sessionId?: string;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when the principal holds at least one of `roles`. */
export function hasRole(principal: Principal | undefined, ...roles: Role[]): boolean {
  return principal?.roles.some((role) => roles.includes(role)) ?? false;
}
