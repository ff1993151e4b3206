import type { CashSession, Register, Store } from '@comptoir/contracts';
import { OrderingErrorCodes } from '../domain/errors.ts';
import type { OnBehalfOf, StoresPort } from '../domain/ports.ts';
import { onBehalfOf, refusal, send, type Upstream } from './upstream.ts';

/** The stores service over HTTP: `GET /sessions/{id}`, `GET /stores/{id}`, `GET /registers/{id}`. */
export function storesAdapter(upstream: Upstream): StoresPort {
  async function read<T>(path: string, as: OnBehalfOf): Promise<T | undefined> {
    const response = await send(upstream, (client) => client.get<T>(path, onBehalfOf(as)));
    if (response.status === 200 && response.body) return response.body;
    if (response.status === 404) return undefined;
    const code =
      response.status === 403 ? OrderingErrorCodes.notYourStore : OrderingErrorCodes.upstreamRefused;
    throw refusal('stores', response, code);
  }
  return {
    session: (id, as) => read<CashSession>(`/sessions/${encodeURIComponent(id)}`, as),
    store: (id, as) => read<Store>(`/stores/${encodeURIComponent(id)}`, as),
    register: (id, as) => read<Register>(`/registers/${encodeURIComponent(id)}`, as),
  };
}
