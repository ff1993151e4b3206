import type { Logger } from 'pino';
import type { OAuthClients } from './credential-ports.ts';
import { digest } from './secrets.ts';

/** A machine client of the platform itself (ordering's saga workers…), declared in configuration. */
export interface ServiceClientSpec {
  /** The OAuth `client_id`, chosen by the operator: `ordering`. */
  clientId: string;
  secret: string;
  scopes: string[];
}

/**
 * Makes the declared service clients exist with exactly these secrets and scopes, at every start:
 * a restart with a new secret takes effect, and so does a scope added or removed. Only the
 * secret's digest is stored, as for clients the admin API creates. A client an admin revoked
 * stays revoked until it is given a new secret: restarting with the leaked one does not revive it.
 * A client dropped from the list is left as it is (`DELETE /oauth/clients/{id}` revokes it).
 */
export async function ensureServiceClients(
  clients: OAuthClients,
  specs: readonly ServiceClientSpec[],
  log: Pick<Logger, 'info' | 'warn'>,
  now: Date = new Date(),
): Promise<void> {
  for (const spec of specs) {
    const outcome = await clients.upsert({
      id: spec.clientId,
      name: `${spec.clientId} (service client)`,
      secretHash: digest(spec.secret),
      scopes: [...new Set(spec.scopes)],
      createdBy: 'system',
      createdAt: now,
      revokedAt: null,
    });
    const fields = { clientId: spec.clientId, scopes: spec.scopes };
    if (outcome.revoked) {
      log.warn(
        fields,
        'service client is revoked and keeps its old secret: give it a new secret to restore it',
      );
    } else {
      log.info(fields, outcome.created ? 'service client created' : 'service client updated');
    }
  }
}
