/** Event payloads and shared API types: schemas only, no logic. Every service imports them from here. */
export * from './cart.ts';
export * from './catalog.ts';
export * from './identity.ts';
export * from './inventory.ts';
export * from './money.ts';
export * from './notifications.ts';
export * from './ordering.ts';
export * from './payments.ts';
export * from './stores.ts';
