import { type CashSession, QUEBEC_TAXES, type Store, type TaxRate } from '@comptoir/contracts';
import { hasRole, type Principal, type TokenVerifier } from '@comptoir/platform';
import Fastify from 'fastify';
import { ulid } from 'ulid';

/**
 * A real HTTP server answering the two calls cart makes to stores, `GET /sessions/{id}` and
 * `GET /stores/{id}`, with contract-shaped data (`packages/contracts/src/stores.ts`). It checks
 * tokens as stores does: a session needs a valid bearer token and is shown to head office and to
 * the staff of its store only (404 for others); a store is public. While stores is built beside
 * cart, this keeps cart's tests on the contract rather than on stores' code.
 */
export async function startStoresStandIn(verifier: TokenVerifier) {
  const stores = new Map<string, Store>();
  const sessions = new Map<string, CashSession>();
  /** The `Authorization` header of every session request, in order. */
  const sessionCalls: Array<string | undefined> = [];
  let failing = false;

  const server = Fastify();
  server.get<{ Params: { id: string } }>('/sessions/:id', async (request, reply) => {
    sessionCalls.push(request.headers.authorization);
    if (failing) return reply.code(500).send({ title: 'stores is broken' });
    const principal = await signedIn(verifier, request.headers.authorization);
    if (!principal) return reply.code(401).send({ title: 'Unauthorized' });
    const session = sessions.get(request.params.id);
    const visible = session && (hasRole(principal, 'admin') || principal.storeIds.includes(session.storeId));
    if (!visible) return reply.code(404).send({ title: 'No such session' });
    return session;
  });
  server.get<{ Params: { id: string } }>('/stores/:id', async (request, reply) => {
    if (failing) return reply.code(500).send({ title: 'stores is broken' });
    const store = stores.get(request.params.id);
    return store ?? reply.code(404).send({ title: 'No such store' });
  });
  const url = await server.listen({ host: '127.0.0.1', port: 0 });

  return {
    url,
    sessionCalls,
    /** A store of the chain; Quebec's taxes unless told otherwise. */
    store(taxes: readonly TaxRate[] = QUEBEC_TAXES, currency = 'CAD'): Store {
      const now = new Date().toISOString();
      const id = `sto_${ulid()}`;
      const store: Store = {
        id,
        code: `MTL-${id.slice(-6)}`,
        name: 'Comptoir Plateau',
        district: 'Plateau-Mont-Royal',
        type: 'boutique',
        address: '4321 rue Saint-Denis, Montréal',
        currency,
        taxes: [...taxes],
        createdAt: now,
        updatedAt: now,
      };
      stores.set(id, store);
      return store;
    },
    /** A cash session at a register of `storeId`, open unless told otherwise. */
    session(storeId: string, status: CashSession['status'] = 'open'): CashSession {
      const currency = stores.get(storeId)?.currency ?? 'CAD';
      const session: CashSession = {
        id: `ses_${ulid()}`,
        registerId: `reg_${ulid()}`,
        storeId,
        cashierId: 'usr_cashier',
        status,
        openingFloat: { amount: 20_000, currency },
        openedAt: new Date().toISOString(),
        closedAt: status === 'closed' ? new Date().toISOString() : null,
        expectedCash: null,
        countedCash: null,
        differenceCents: null,
      };
      sessions.set(session.id, session);
      return session;
    },
    close(sessionId: string): void {
      const session = sessions.get(sessionId);
      if (session)
        sessions.set(sessionId, { ...session, status: 'closed', closedAt: new Date().toISOString() });
    },
    /** Every answer a 500 while `true`: stores is down. */
    breakDown(broken: boolean): void {
      failing = broken;
    },
    stop: () => server.close(),
  };
}

async function signedIn(verifier: TokenVerifier, header: string | undefined): Promise<Principal | undefined> {
  if (!header?.startsWith('Bearer ')) return undefined;
  try {
    return await verifier.verify(header.slice('Bearer '.length));
  } catch {
    return undefined;
  }
}
