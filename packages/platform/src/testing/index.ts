/**
 * Test helpers of the kit: each opens the real thing when its COMPTOIR_* variable is set
 * (a unique database, namespace or exchange per test file) and the embedded twin otherwise.
 * @example
 * import { testBus, testCache, testDatabase } from '@comptoir/platform/testing';
 */
export * from './auth.ts';
export * from './bus.ts';
export * from './cache.ts';
export * from './db.ts';
export * from './otlp.ts';
export * from './tcp-proxy.ts';
