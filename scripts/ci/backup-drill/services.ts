import { inventory } from '@comptoir/inventory';
import { payments } from '@comptoir/payments';
import { type BuiltService, buildService, type HttpApp } from '@comptoir/platform';
import { testAuth } from '@comptoir/platform/testing';

/**
 * Inventory and payments built in this process on the drill's cluster, as a replica would run
 * (their own domain, outbox and transactions), called through their HTTP routes with head
 * office's token (local test keys: no identity needed). The stock movements and payments of the
 * drill are then written by the code that writes them in production.
 */
export interface DrillServices {
  call<T>(service: 'inventory' | 'payments', url: string, body: unknown, idempotencyKey?: string): Promise<T>;
  close(): Promise<void>;
}

export async function startServices(serverUrl: string): Promise<DrillServices> {
  const auth = await testAuth();
  const headers = await auth.headersFor({ subject: 'usr_drill', roles: ['admin'] });
  const env = { COMPTOIR_DATABASE_URL: serverUrl, LOG_LEVEL: 'silent' };
  const running: Record<string, BuiltService> = {
    inventory: await buildService(inventory, { env, tokenVerifier: auth.verifier }),
    payments: await buildService(payments, { env, tokenVerifier: auth.verifier }),
  };
  return {
    async call<T>(service: 'inventory' | 'payments', url: string, body: unknown, idempotencyKey?: string) {
      const app = running[service]?.app as HttpApp;
      const response = await app.inject({
        method: 'POST',
        url,
        headers: { ...headers, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
        payload: body as Record<string, unknown>,
      });
      if (response.statusCode >= 300) {
        throw new Error(`${service} POST ${url}: ${response.statusCode} ${response.body}`);
      }
      return response.json() as T;
    },
    async close() {
      for (const service of Object.values(running)) await service.close();
    },
  };
}
