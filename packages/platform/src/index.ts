/**
 * @comptoir/platform — the service kit. Every cross-cutting concern lives here and nowhere
 * else; domain types never do. A service declares itself with `defineService` and gets config,
 * HTTP, errors, logs, metrics, health, db, cache, bus, outbox and inbox from the kit.
 */

export type { Static, TObject, TProperties, TSchema } from '@sinclair/typebox';
export { Type } from '@sinclair/typebox';
export * from './auth/index.ts';
export * from './bus/index.ts';
export * from './cache/index.ts';
export * from './config/config.ts';
export * from './db/index.ts';
export * from './errors/errors.ts';
export * from './errors/problem.ts';
export type { HttpApp } from './http/app.ts';
export { createHttpApp } from './http/app.ts';
export * from './http/client.ts';
export * from './http/cursor.ts';
export * from './http/schemas.ts';
export * from './logging/context.ts';
export * from './logging/logger.ts';
export * from './metrics/messaging.ts';
export * from './metrics/metrics.ts';
export * from './service/build.ts';
export * from './service/define.ts';
export * from './service/migrate.ts';
export * from './service/periodic.ts';
export * from './service/run.ts';
export * from './tracing/tracing.ts';
