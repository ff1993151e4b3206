/**
 * Typed client of Comptoir's public API (everything under `/api`), generated from the gateway's
 * merged OpenAPI document: paths, parameters, bodies and answers are checked by the compiler.
 * Regenerate with `npm run sdk:generate`.
 * @example
 * const api = createComptoirClient({ baseUrl: 'http://localhost:8080' });
 * const { data, error } = await api.GET('/api/catalog/products', { params: { query: { q: 'chaise' } } });
 */
import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './schema.d.ts';

export type { components, Middleware, operations, paths };

/** The client over every public path; `baseUrl` is the gateway's origin (`''` in a browser on it). */
export type ComptoirClient = Client<paths>;

export function createComptoirClient(options: ClientOptions = {}): ComptoirClient {
  return createClient<paths>(options);
}

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Responses<Op extends keyof operations> = operations[Op] extends { responses: infer R } ? R : never;

/**
 * The JSON answer of an operation on success (200 or 201), by its id in the merged document.
 * @example
 * type Session = Ok<'stores.openSession'>;
 */
export type Ok<Op extends keyof operations> =
  | Json<Responses<Op>[200 & keyof Responses<Op>]>
  | Json<Responses<Op>[201 & keyof Responses<Op>]>;

/** The JSON body an operation takes. */
export type Body<Op extends keyof operations> = operations[Op] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;
