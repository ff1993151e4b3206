import type { IncomingMessage } from 'node:http';
import { type HttpApp, principalOf, Type } from '@comptoir/platform';
import type { Sessions } from '../domain/sessions.ts';
import { Email, NoContent, OpaqueToken, Password, problems } from './schemas.ts';

const tags = ['sessions'];

const SessionTokens = Type.Object(
  {
    accessToken: Type.String({ description: 'JWT (EdDSA, typ at+jwt); send as `Authorization: Bearer`.' }),
    refreshToken: Type.String({ description: 'Opaque; single use: each refresh returns the next one.' }),
    expiresIn: Type.Integer({ description: 'Seconds the access token lives.' }),
    tokenType: Type.Literal('Bearer'),
  },
  { title: 'SessionTokens' },
);

// Optional body: without `type: object`, an absent body passes and a present one is still checked.
const SignOutBody = Type.Unsafe<{ refreshToken?: string } | undefined>({
  properties: { refreshToken: OpaqueToken },
  additionalProperties: false,
});

export function sessionRoutes(
  app: HttpApp,
  sessions: Sessions,
  clientIp: (request: { raw: IncomingMessage }) => string,
): void {
  app.post(
    '/sessions',
    {
      config: { public: true },
      schema: {
        summary: 'Sign in',
        description:
          'Refused (403 IDENTITY_EMAIL_NOT_VERIFIED) until the email is verified; throttled per account and per address.',
        tags,
        operationId: 'signIn',
        body: Type.Object({ email: Email, password: Password }, { additionalProperties: false }),
        response: { 200: SessionTokens, ...problems(400, 401, 403, 413, 415, 429) },
      },
    },
    (request) => sessions.signIn(request.body, clientIp(request)),
  );

  app.post(
    '/sessions/refresh',
    {
      config: { public: true },
      schema: {
        summary: 'Trade a refresh token for new tokens',
        description: 'The refresh token is spent. Presenting a spent one again revokes the whole session.',
        tags,
        operationId: 'refreshSession',
        body: Type.Object({ refreshToken: OpaqueToken }, { additionalProperties: false }),
        response: { 200: SessionTokens, ...problems(400, 401, 403, 413, 415) },
      },
    },
    (request) => sessions.refresh(request.body.refreshToken),
  );

  app.delete(
    '/sessions/current',
    {
      schema: {
        summary: 'Sign out',
        description: 'Ends the session of the access token, and that of `refreshToken` when given.',
        tags,
        operationId: 'signOut',
        body: SignOutBody,
        response: { 204: NoContent, ...problems(400, 401, 413, 415) },
      },
    },
    async (request, reply) => {
      await sessions.signOut(principalOf(request, reply), request.body?.refreshToken);
      return reply.code(204).send(null);
    },
  );
}
