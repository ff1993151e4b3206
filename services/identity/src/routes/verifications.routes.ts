import { User } from '@comptoir/contracts';
import { type HttpApp, Type } from '@comptoir/platform';
import type { Registration } from '../domain/registration.ts';
import { Email, OpaqueToken, problems } from './schemas.ts';

const tags = ['verifications'];

export function verificationRoutes(app: HttpApp, registration: Registration): void {
  app.post(
    '/verifications',
    {
      config: { public: true },
      schema: {
        summary: 'Verify an email address with the token from the link',
        tags,
        operationId: 'verifyEmail',
        body: Type.Object({ token: OpaqueToken }, { additionalProperties: false }),
        response: { 200: User, ...problems(400, 413, 415) },
      },
    },
    (request) => registration.verify(request.body.token),
  );

  app.post(
    '/verifications/resend',
    {
      config: { public: true },
      schema: {
        summary: 'Send a new verification link',
        description:
          'Always 202, whether or not an account uses the address; at most one email a minute per account.',
        tags,
        operationId: 'resendVerification',
        body: Type.Object({ email: Email }, { additionalProperties: false }),
        response: { 202: Type.Object({ message: Type.String() }), ...problems(400, 413, 415) },
      },
    },
    async (request, reply) => {
      await registration.resend(request.body.email);
      return reply
        .code(202)
        .send({ message: 'If an unverified account uses this address, a new link is on its way.' });
    },
  );
}
