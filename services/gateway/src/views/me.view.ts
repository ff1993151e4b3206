import { RoleName, User } from '@comptoir/contracts';
import { Type } from '@comptoir/platform';
import { defineView, viewBody } from './view.ts';

/**
 * `GET /api/views/me`: who is signed in. Later services add their sources here (the caller's
 * store, open cart, last orders). Without identity the view still answers 200: `profile` is
 * null, `degraded` says so, and the roles are the verified token's — the same ones the gateway
 * enforced on this very request.
 */
export const meView = defineView({
  path: '/me',
  summary: 'The signed-in caller: profile and roles',
  description:
    'Composed by the gateway from identity (`GET /users/me`). When identity cannot answer, `profile` is null, ' +
    '`degraded` lists it, and `roles`/`storeIds` come from the access token.',
  response: viewBody({
    profile: Type.Union([User, Type.Null()]),
    roles: Type.Array(RoleName),
    storeIds: Type.Array(Type.String()),
  }),
  sources: {
    profile: { load: (context) => context.get<User>('identity', '/users/me') },
  },
  assemble: ({ profile }, { principal }) => ({
    profile,
    roles: profile?.roles ?? principal?.roles ?? [],
    storeIds: profile?.storeIds ?? principal?.storeIds ?? [],
  }),
});
