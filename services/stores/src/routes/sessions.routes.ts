import { CashSession } from '@comptoir/contracts';
import { BODY_PROBLEMS, type HttpApp, PageOf, principalOf, problems } from '@comptoir/platform';
import type { CashSessions } from '../domain/cash-sessions.ts';
import type { Reports } from '../domain/reports.ts';
import {
  CloseSessionInput,
  OpenSessionInput,
  RegisterParams,
  SessionListQuery,
  SessionParams,
  SessionReport,
} from './schemas.ts';

const tags = ['cash sessions'];
const STAFF = 'Head office, or a cashier or store manager of the store; anyone else hears 404.';

export function sessionRoutes(app: HttpApp, sessions: CashSessions, reports: Reports): void {
  app.post(
    '/registers/:id/sessions',
    {
      schema: {
        summary: 'Open a cash session',
        description:
          `${STAFF} A register has at most one open session: another open is a 409 ` +
          '`STORES_SESSION_ALREADY_OPEN` naming it (`openSessionId`). The float is in the store’s currency (422). ' +
          'Publishes `register.opened`.',
        tags,
        operationId: 'openSession',
        params: RegisterParams,
        body: OpenSessionInput,
        response: { 201: CashSession, ...problems(...BODY_PROBLEMS, 401, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const actor = principalOf(request, reply);
      const session = await sessions.open(actor, request.params.id, request.body.openingFloat);
      reply.code(201);
      return session;
    },
  );

  app.get(
    '/registers/:id/sessions',
    {
      schema: {
        summary: 'List the cash sessions of a register, newest first',
        description: STAFF,
        tags,
        operationId: 'listSessions',
        params: RegisterParams,
        querystring: SessionListQuery,
        response: { 200: PageOf(CashSession, 'CashSessionPage'), ...problems(400, 401, 404) },
      },
    },
    (request, reply) => {
      const { status, limit, cursor } = request.query;
      return sessions.list(principalOf(request, reply), request.params.id, {
        limit,
        ...(status ? { status } : {}),
        ...(cursor ? { cursor } : {}),
      });
    },
  );

  app.get(
    '/sessions/:id',
    {
      schema: {
        summary: 'Get a cash session',
        description: `${STAFF} Cart and ordering ask it, as the cashier, whether a session is open and where.`,
        tags,
        operationId: 'getSession',
        params: SessionParams,
        response: { 200: CashSession, ...problems(400, 401, 404) },
      },
    },
    (request, reply) => sessions.get(principalOf(request, reply), request.params.id),
  );

  app.post(
    '/sessions/:id/close',
    {
      schema: {
        summary: 'Close a cash session with the cash counted',
        description:
          'The cashier who opened it, a store manager of the store, or head office (another cashier of the store: 403). ' +
          'Sets `expectedCash` (float + cash sales − cash refunds, from the ledger now), `countedCash` and ' +
          '`differenceCents` (counted − expected). Closing a closed session is a 409. Publishes `register.closed`.',
        tags,
        operationId: 'closeSession',
        params: SessionParams,
        body: CloseSessionInput,
        response: { 200: CashSession, ...problems(...BODY_PROBLEMS, 401, 403, 404, 409, 422) },
      },
    },
    (request, reply) => {
      const { countedCash, note } = request.body;
      return sessions.close(principalOf(request, reply), request.params.id, countedCash, note);
    },
  );

  app.get(
    '/sessions/:id/reports/x',
    {
      schema: {
        summary: 'X report: the running totals of a session',
        description: `${STAFF} Open or closed; computed from the session’s ledger of sales and returns.`,
        tags,
        operationId: 'getXReport',
        params: SessionParams,
        response: { 200: SessionReport, ...problems(400, 401, 404) },
      },
    },
    (request, reply) => reports.x(principalOf(request, reply), request.params.id),
  );

  app.get(
    '/sessions/:id/reports/z',
    {
      schema: {
        summary: 'Z report: the final totals of a closed session',
        description:
          `${STAFF} 409 while the session is open. Computed from the ledger: a sale recorded after the close ` +
          'is counted and `lateEntries` says how many were.',
        tags,
        operationId: 'getZReport',
        params: SessionParams,
        response: { 200: SessionReport, ...problems(400, 401, 404, 409) },
      },
    },
    (request, reply) => reports.z(principalOf(request, reply), request.params.id),
  );
}
