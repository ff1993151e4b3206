/**
 * Demo accounts, one per role, created by the seed through identity's admin API and printed at
 * start so a newcomer can sign in as anyone. Never use these outside a laptop.
 */
export const DEMO_PASSWORD = 'Comptoir-demo-2026';

export const DEMO_ADMIN = { email: 'admin@comptoir.local', displayName: 'Maison mère (admin)' };

/** People without a store; the store staff are in stores-data.ts. */
export const demoUsers = [
  { email: 'client@comptoir.local', displayName: 'Camille Client', roles: ['customer'] },
  { email: 'vendeur@comptoir.local', displayName: 'Victor Vendeur', roles: ['seller'] },
] as const;

/** Identity's bootstrap settings for the demo admin; the launchers set them unless the user did. */
export const demoAdminEnv = {
  IDENTITY_BOOTSTRAP_ADMIN_EMAIL: DEMO_ADMIN.email,
  IDENTITY_BOOTSTRAP_ADMIN_PASSWORD: DEMO_PASSWORD,
};
