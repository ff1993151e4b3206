import { Register } from '@comptoir/contracts';
import { BODY_PROBLEMS, type HttpApp, PageOf, principalOf, problems } from '@comptoir/platform';
import type { Registers } from '../domain/registers.ts';
import { PageQuery, RegisterInput, RegisterParams, StoreParams } from './schemas.ts';

const tags = ['registers'];

export function registerRoutes(app: HttpApp, registers: Registers): void {
  app.post(
    '/stores/:id/registers',
    {
      schema: {
        summary: 'Add a register to a store',
        description:
          'Head office, or a store manager of this store (403 otherwise). Names are unique in a store (409).',
        tags,
        operationId: 'createRegister',
        params: StoreParams,
        body: RegisterInput,
        response: { 201: Register, ...problems(...BODY_PROBLEMS, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = principalOf(request, reply);
      const register = await registers.create(actor, request.params.id, request.body.name);
      reply.code(201);
      return register;
    },
  );

  app.get(
    '/stores/:id/registers',
    {
      schema: {
        summary: 'List the registers of a store',
        description:
          'Head office, or a cashier or store manager of this store (403 otherwise). Each with its open session.',
        tags,
        operationId: 'listRegisters',
        params: StoreParams,
        querystring: PageQuery,
        response: { 200: PageOf(Register, 'RegisterPage'), ...problems(400, 401, 403, 404) },
      },
    },
    (request, reply) => {
      const { limit, cursor } = request.query;
      return registers.list(principalOf(request, reply), request.params.id, {
        limit,
        ...(cursor ? { cursor } : {}),
      });
    },
  );

  app.get(
    '/registers/:id',
    {
      schema: {
        summary: 'Get a register',
        description:
          'Head office, or a cashier or store manager of its store; anyone else hears 404. ' +
          '`openSessionId` is its open cash session, or null.',
        tags,
        operationId: 'getRegister',
        params: RegisterParams,
        response: { 200: Register, ...problems(400, 401, 404) },
      },
    },
    (request, reply) => registers.get(principalOf(request, reply), request.params.id),
  );
}
