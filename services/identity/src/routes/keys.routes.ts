import { type HttpApp, Type } from '@comptoir/platform';
import type { KeyRing } from '../domain/key-ring.ts';
import { problems } from './schemas.ts';

const tags = ['keys'];

// The public members of an Ed25519 JWK (RFC 8037) and the ones we add.
const PublicJwk = Type.Object({
  kty: Type.Optional(Type.String()),
  crv: Type.Optional(Type.String()),
  x: Type.Optional(Type.String()),
  kid: Type.Optional(Type.String()),
  alg: Type.Optional(Type.String()),
  use: Type.Optional(Type.String()),
});
const Jwks = Type.Object({ keys: Type.Array(PublicJwk) }, { title: 'JSONWebKeySet' });

export function keyRoutes(app: HttpApp, keys: KeyRing): void {
  app.get(
    '/.well-known/jwks.json',
    {
      config: { public: true },
      schema: {
        summary: 'Public keys that verify access tokens',
        description: 'The active key and, until their tokens have expired, retired ones.',
        tags,
        operationId: 'getJwks',
        response: { 200: Jwks },
      },
    },
    async (_request, reply) => {
      // Short: verifiers also refetch on an unknown kid, so a rotation never waits for this.
      reply.header('cache-control', 'public, max-age=60');
      return keys.jwks({ fresh: true });
    },
  );

  app.post(
    '/keys/rotate',
    {
      config: { roles: ['admin'] },
      schema: {
        summary: 'Rotate the signing key (admin)',
        description:
          'New tokens are signed with a new key; the previous key stays published until its tokens expire.',
        tags,
        operationId: 'rotateSigningKey',
        response: { 201: Type.Object({ kid: Type.String() }), ...problems(401, 403) },
      },
    },
    async (_request, reply) => reply.code(201).send(await keys.rotate()),
  );
}
