export * from './client-credentials.ts';
export * from './guards.ts';
export { type AuthHandle, installAuth } from './plugin.ts';
export * from './principal.ts';
export * from './token-cache.ts';
export * from './verifier.ts';
