/**
 * The whole platform in this process for a journey test: every service on an ephemeral port,
 * wired to each other by URL as the launchers wire them, real identity (tokens verified against
 * its JWKS), behind the real gateway. Databases, caches and the bus are the test kit's: real
 * servers when COMPTOIR_* are set, embedded otherwise.
 */
import { cart } from '@comptoir/cart';
import { catalog } from '@comptoir/catalog';
import { gateway } from '@comptoir/gateway';
import { identity } from '@comptoir/identity';
import { inventory } from '@comptoir/inventory';
import { notifications } from '@comptoir/notifications';
import { ordering } from '@comptoir/ordering';
import { payments } from '@comptoir/payments';
import {
  type BuiltService,
  buildService,
  type ServiceDefinition,
  type TProperties,
} from '@comptoir/platform';
import { testBus, testCache, testDatabase } from '@comptoir/platform/testing';
import { reporting } from '@comptoir/reporting';
import { stores } from '@comptoir/stores';
import { launchCredentials } from '../../scripts/service-credentials.ts';

export const ADMIN = { email: 'siege@comptoir.test', password: 'Maison-mere-tres-secrete-42' };
export const PASSWORD = 'Caisse-enregistreuse-42';

// biome-ignore lint/suspicious/noExplicitAny: a journey reads JSON answers field by field, as a client would
export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface Platform {
  /** The gateway's `/api`. */
  api: string;
  // biome-ignore lint/suspicious/noExplicitAny: see Answer
  call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
    headers?: Record<string, string>,
  ): Promise<Answer<T>>;
  /** An access token for an existing account. */
  signIn(email: string, password?: string): Promise<string>;
  /** Creates an account as admin (roles, stores) and signs it in. */
  person(roles: string[], storeIds?: string[]): Promise<{ email: string; token: string; id: string }>;
  admin: string;
  /** Every running service (the gateway last), for tests that look at what each one serves. */
  services: readonly BuiltService[];
  close(): Promise<void>;
}

/** Polls until `probe` gives a value: events travel through outboxes and the bus. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let people = 0;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A fresh id in the platform's shape (`sal_` + 26 Crockford characters), as a register makes one. */
export function newId(prefix: string): string {
  let id = '0';
  for (let i = 1; i < 26; i++) id += CROCKFORD[Math.floor(Math.random() * 32)];
  return `${prefix}_${id}`;
}

/** `overrides` are settings given to every service (a shorter wait, a smaller limit). */
export async function startPlatform(overrides: Record<string, string> = {}): Promise<Platform> {
  const base: Record<string, string | undefined> = {
    ...process.env,
    ...overrides,
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    IDENTITY_BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
    IDENTITY_BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
  };
  delete base.COMPTOIR_SMTP_URL;
  const bus = await testBus();
  const running: BuiltService[] = [];
  async function start<P extends TProperties>(
    definition: ServiceDefinition<P>,
    env: Record<string, string | undefined>,
  ): Promise<string> {
    const service = await buildService(definition, {
      env,
      db: await testDatabase(definition.name),
      cache: await testCache(definition.name),
      bus,
    });
    running.push(service);
    return service.listen();
  }

  // Ordering's saga workers call inventory and payments as themselves, as the launchers set them up.
  const credentials = launchCredentials({});
  const identityUrl = await start(identity, { ...base, ...credentials.identity });
  const env = {
    ...base,
    ...credentials.services,
    ORDERING_TOKEN_URL: `${identityUrl}/oauth/token`,
    COMPTOIR_JWKS_URL: `${identityUrl}/.well-known/jwks.json`,
  };
  const catalogUrl = await start(catalog, env);
  const inventoryUrl = await start(inventory, env);
  const storesUrl = await start(stores, env);
  const paymentsUrl = await start(payments, env);
  const notificationsUrl = await start(notifications, { ...env, NOTIFICATIONS_POLL_MS: '100' });
  const reportingUrl = await start(reporting, env);
  const cartUrl = await start(cart, { ...env, CART_CATALOG_URL: catalogUrl, CART_STORES_URL: storesUrl });
  const orderingUrl = await start(ordering, {
    ...env,
    ORDERING_CATALOG_URL: catalogUrl,
    ORDERING_CART_URL: cartUrl,
    ORDERING_STORES_URL: storesUrl,
    ORDERING_INVENTORY_URL: inventoryUrl,
    ORDERING_PAYMENTS_URL: paymentsUrl,
  });
  const gatewayService = await buildService(gateway, {
    env: {
      ...env,
      IDENTITY_URLS: identityUrl,
      CATALOG_URLS: catalogUrl,
      INVENTORY_URLS: inventoryUrl,
      STORES_URLS: storesUrl,
      CART_URLS: cartUrl,
      ORDERING_URLS: orderingUrl,
      PAYMENTS_URLS: paymentsUrl,
      NOTIFICATIONS_URLS: notificationsUrl,
      REPORTING_URLS: reportingUrl,
      GATEWAY_HEALTH_INTERVAL_MS: '200',
      // Journeys send bursts (a setup of dozens of writes by one admin); the limiter has its own suite.
      GATEWAY_RATE_LIMIT: 'off',
    },
  });
  running.push(gatewayService);
  const api = `${await gatewayService.listen()}/api`;

  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
    extra: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...extra };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${api}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }

  async function signIn(email: string, password = PASSWORD): Promise<string> {
    const session = await call<{ accessToken: string }>('POST', '/identity/sessions', { email, password });
    if (session.status !== 200)
      throw new Error(`sign-in of ${email}: ${session.status} ${JSON.stringify(session.body)}`);
    return session.body.accessToken;
  }

  // The gateway learns replicas are up from its health checks.
  const admin = await eventually(async () => {
    try {
      return await signIn(ADMIN.email, ADMIN.password);
    } catch {
      return undefined;
    }
  });

  return {
    api,
    call,
    signIn,
    admin,
    services: running,
    async person(roles, storeIds = []) {
      const email = `staff.${Date.now().toString(36)}.${++people}@comptoir.test`;
      const created = await call<{ id: string }>(
        'POST',
        '/identity/users',
        { email, password: PASSWORD, displayName: `Staff ${people}`, roles, storeIds, emailVerified: true },
        admin,
      );
      if (created.status !== 201)
        throw new Error(`account: ${created.status} ${JSON.stringify(created.body)}`);
      return { email, id: created.body.id, token: await signIn(email) };
    },
    async close() {
      for (const service of running.reverse()) await service.close();
      await bus.close();
    },
  };
}
