import { ConfigError, isDomainError, type Principal } from '@comptoir/platform';
import type { Logger } from 'pino';
import type { IdentityStore } from './ports.ts';
import type { Registration } from './registration.ts';
import { normalizeEmail } from './users.ts';

/** Acts for start-up itself when it creates the first admin. */
const SYSTEM: Principal = { subject: 'system', kind: 'user', roles: ['admin'], storeIds: [], scopes: [] };

/**
 * Creates the first admin from configuration when there is no admin yet, so a fresh platform
 * (and the demo seed) can sign in and create everyone else through the API.
 */
export async function bootstrapAdmin(
  store: IdentityStore,
  registration: Registration,
  settings: { email: string | undefined; password: string | undefined },
  log: Logger,
): Promise<void> {
  const { email, password } = settings;
  if (!email || !password || (await store.users.anyAdmin())) return;
  if (await store.users.findByEmail(normalizeEmail(email))) {
    log.warn('IDENTITY_BOOTSTRAP_ADMIN_EMAIL belongs to an existing non-admin account; no admin created');
    return;
  }
  try {
    const admin = await registration.signUp(
      { email, password, displayName: 'Administrator', roles: ['admin'], emailVerified: true },
      SYSTEM,
    );
    log.info({ userId: admin.id }, 'bootstrap admin created');
  } catch (error) {
    // Another replica starting at the same moment created it first.
    if (await store.users.anyAdmin()) return;
    // A password the policy refuses is a setting to fix: say so and stop, like any bad setting.
    if (isDomainError(error)) throw new ConfigError([`IDENTITY_BOOTSTRAP_ADMIN_PASSWORD: ${error.message}`]);
    throw error;
  }
}
