import type { Role } from '@comptoir/platform';
import type { RateClass } from '../rate-limit/rate-classes.ts';

/** Who may call a route at the gateway: anyone, any signed-in caller, or holders of one of the roles. */
export type Access = 'public' | 'authenticated' | readonly Role[];

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/**
 * One line of the table. `path` is the service's own path (after `/api/<service>`): `:name`
 * matches one segment, a trailing `/*` anything below (the prefix itself included).
 * `rate` defaults to `browse` for reads and `write` for the rest. `stream` marks a long-lived
 * response (Server-Sent Events): its body may stay open as long as it keeps talking — the gap
 * between two chunks is bounded by `GATEWAY_STREAM_IDLE_TIMEOUT_MS`, not the route's timeout.
 */
export interface RouteRule {
  methods: readonly Method[] | '*';
  path: string;
  access: Access;
  rate?: RateClass;
  stream?: boolean;
}

const READ: readonly Method[] = ['GET', 'HEAD'];
const WRITE: readonly Method[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Every service: probes and its own document are public (nginx and the docs read them), its
 * metrics and its admin endpoints (dead letters) are for operators.
 */
export const EVERY_SERVICE: readonly RouteRule[] = [
  { methods: READ, path: '/health/*', access: 'public' },
  { methods: READ, path: '/openapi.json', access: 'public' },
  { methods: READ, path: '/metrics', access: ['admin'] },
  { methods: '*', path: '/admin/*', access: ['admin'] },
];

/**
 * The gateway's coarse authorization, per service, first match wins; services check again and
 * enforce ownership. A path no line matches needs a signed-in caller (`UNLISTED`): nothing is
 * reachable anonymously unless this table says so, yet a new authenticated route works without
 * a change here — the table is not a second routing table to keep in step (the service answers
 * 404 for what does not exist). Roles are listed only where the gateway should refuse early.
 * `views` are the gateway's own composed endpoints (`/api/views/*`).
 */
export const ROUTE_POLICY: Readonly<Record<string, readonly RouteRule[]>> = {
  catalog: [
    { methods: READ, path: '/*', access: 'public' },
    { methods: WRITE, path: '/*', access: ['admin', 'seller'] },
  ],
  identity: [
    { methods: ['POST'], path: '/users', access: 'public', rate: 'auth' }, // sign-up (and admin creation)
    { methods: ['POST'], path: '/sessions', access: 'public', rate: 'auth' }, // sign-in
    { methods: ['POST'], path: '/sessions/refresh', access: 'public', rate: 'auth' },
    { methods: ['POST'], path: '/verifications', access: 'public', rate: 'auth' },
    { methods: ['POST'], path: '/verifications/resend', access: 'public', rate: 'auth' },
    { methods: ['POST'], path: '/oauth/token', access: 'public', rate: 'auth' },
    { methods: ['POST'], path: '/api-keys/introspect', access: 'public', rate: 'auth' },
    { methods: READ, path: '/.well-known/jwks.json', access: 'public' },
    { methods: '*', path: '/users/me/*', access: 'authenticated' },
    { methods: READ, path: '/users', access: ['admin'] },
    { methods: '*', path: '/users/:id', access: ['admin'] },
    { methods: ['POST'], path: '/keys/rotate', access: ['admin'] },
    { methods: '*', path: '/oauth/clients/*', access: ['admin'] },
    { methods: ['POST'], path: '/api-keys', access: ['admin', 'seller'] },
  ],
  // Availability is public (a shop shows it); every write needs a token, and inventory checks the
  // caller's stores and roles itself.
  inventory: [
    { methods: READ, path: '/stock/*', access: 'public' },
    { methods: READ, path: '/locations', access: 'public' },
    // Offline sales' reconciliations: the store's staff see them, its managers resolve them.
    { methods: READ, path: '/reconciliations', access: ['cashier', 'store_manager', 'admin'] },
    { methods: ['POST'], path: '/reconciliations/:id/resolve', access: ['store_manager', 'admin'] },
  ],
  // The store directory is public (a store locator, the product page's availability); registers,
  // sessions and reports need a token, and stores checks the caller works in the store.
  stores: [
    { methods: READ, path: '/stores', access: 'public' },
    { methods: READ, path: '/stores/:id', access: 'public' },
    { methods: ['POST', 'PATCH'], path: '/stores/:id', access: ['admin'] },
    { methods: ['POST'], path: '/stores', access: ['admin'] },
    { methods: ['PUT'], path: '/stores/:id/offline-card-policy', access: ['store_manager', 'admin'] },
  ],
  // Carts: a visitor may fill an anonymous cart before signing in (cart checks its X-Cart-Token);
  // everything else needs a token, and cart checks the register session's store or the owner.
  cart: [
    { methods: ['POST'], path: '/carts', access: 'public' },
    { methods: [...READ, 'DELETE'], path: '/carts/:id', access: 'public' },
    { methods: '*', path: '/carts/:id/lines/*', access: 'public' },
    { methods: ['POST'], path: '/carts/:id/reprice', access: 'public' },
  ],
  // A sale is the counter's job; the same rule is checked again by ordering against the cart's store.
  ordering: [
    // Online checkout: any signed-in customer, metered as checkout (closed when Redis is down).
    { methods: ['POST'], path: '/orders', access: 'authenticated', rate: 'checkout' },
    { methods: ['POST'], path: '/orders/:id/shipments/*', access: ['seller', 'admin'] },
    { methods: READ, path: '/seller/*', access: ['seller', 'admin'] },
    { methods: ['POST'], path: '/sales', access: ['cashier', 'store_manager', 'admin'] },
    // A register's sales made offline, synced when it is back: the same people as the counter.
    { methods: ['POST'], path: '/sales/offline', access: ['cashier', 'store_manager', 'admin'] },
    { methods: ['POST'], path: '/sales/:id/returns', access: ['cashier', 'store_manager', 'admin'] },
    { methods: READ, path: '/sales/*', access: ['cashier', 'store_manager', 'admin'] },
  ],
  // Saving a card is where card testing would happen: metered as checkout.
  payments: [{ methods: ['POST'], path: '/payment-methods', access: 'authenticated', rate: 'checkout' }],
  // Reports are for head office and store managers; reporting narrows a manager to their stores.
  reporting: [{ methods: READ, path: '/*', access: ['admin', 'store_manager'] }],
  // Payments: any signed-in caller reaches it (the unlisted default); who may pay by cash or card,
  // refund or read is decided by payments, which knows methods and machine scopes.
  notifications: [
    // The dev mailbox: open when the platform runs embedded (no SMTP), admin-only with real SMTP —
    // notifications decides, since only it knows which transport it has.
    { methods: READ, path: '/mailbox/*', access: 'public' },
    // Live order tracking (SSE): the owner or an admin, checked by notifications; a stream.
    { methods: READ, path: '/orders/:id/events', access: 'authenticated', stream: true },
  ],
  views: [
    { methods: READ, path: '/me', access: 'authenticated' },
    // A product page: anyone may see a product and where it is in stock.
    { methods: READ, path: '/products/:id', access: 'public' },
    { methods: READ, path: '/registers/:id', access: ['cashier', 'store_manager', 'admin'] },
    { methods: READ, path: '/orders/:id', access: 'authenticated' },
  ],
};

/** Paths of a known service that no line matches. */
export const UNLISTED: Access = 'authenticated';
