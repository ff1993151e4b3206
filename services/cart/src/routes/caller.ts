import { principalOf } from '@comptoir/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../domain/ports.ts';

/** The signed-in caller and the credentials forwarded on its behalf to stores and catalog. */
export function callerOf(request: FastifyRequest, reply: FastifyReply): Caller {
  return { principal: principalOf(request, reply), credentials: request.headers.authorization };
}
