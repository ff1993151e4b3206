import { RoleName, User } from '@comptoir/contracts';
import { type HttpApp, principalOf, requireSelfOrRole, Type } from '@comptoir/platform';
import type { Accounts } from '../domain/accounts.ts';
import type { Registration } from '../domain/registration.ts';
import {
  Cursor,
  DisplayName,
  Email,
  IdParams,
  Limit,
  NoContent,
  PageOf,
  Password,
  problems,
  Roles,
  StoreIds,
} from './schemas.ts';

const tags = ['users'];

const SignUp = Type.Object(
  {
    email: Email,
    password: Password,
    displayName: DisplayName,
    roles: Type.Optional({ ...Roles, description: 'Admin only. Default: customer.' }),
    storeIds: Type.Optional({ ...StoreIds, description: 'Admin only.' }),
    emailVerified: Type.Optional(
      Type.Boolean({ description: 'Admin only: create the account already verified.' }),
    ),
  },
  { additionalProperties: false, title: 'SignUp' },
);

const AdminChanges = Type.Object(
  {
    displayName: Type.Optional(DisplayName),
    roles: Type.Optional(Roles),
    storeIds: Type.Optional(StoreIds),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1, title: 'UserChanges' },
);

const UserQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of the email or the display name.' })),
  role: Type.Optional(RoleName),
  limit: Limit,
  cursor: Type.Optional(Cursor),
});

export function userRoutes(app: HttpApp, registration: Registration, accounts: Accounts): void {
  app.post(
    '/users',
    {
      config: { public: true },
      schema: {
        summary: 'Sign up (or, as an admin, create an account)',
        description:
          'Creates an account pending email verification and emails a link (`user.registered`). ' +
          'With an admin token, `roles`, `storeIds` and `emailVerified` may be set.',
        tags,
        operationId: 'createUser',
        body: SignUp,
        response: { 201: User, ...problems(400, 403, 409, 413, 415, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await registration.signUp(request.body, request.principal)),
  );

  app.get(
    '/users/me',
    {
      schema: {
        summary: 'My account',
        tags,
        operationId: 'getMe',
        // 404: the account was deleted while this token is still alive.
        response: { 200: User, ...problems(401, 404) },
      },
    },
    (request, reply) => accounts.get(principalOf(request, reply).subject),
  );

  app.patch(
    '/users/me',
    {
      schema: {
        summary: 'Edit my profile',
        tags,
        operationId: 'updateMe',
        body: Type.Object({ displayName: DisplayName }, { additionalProperties: false }),
        response: { 200: User, ...problems(400, 401, 404, 413, 415) },
      },
    },
    (request, reply) => accounts.rename(principalOf(request, reply).subject, request.body.displayName),
  );

  app.post(
    '/users/me/password',
    {
      schema: {
        summary: 'Change my password',
        description: 'Every other session ends; this one stays.',
        tags,
        operationId: 'changeMyPassword',
        body: Type.Object(
          { currentPassword: Password, newPassword: Password },
          { additionalProperties: false },
        ),
        response: { 204: NoContent, ...problems(400, 401, 403, 404, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      await accounts.changePassword(
        principalOf(request, reply),
        request.body.currentPassword,
        request.body.newPassword,
      );
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/users/me',
    {
      schema: {
        summary: 'Delete my account',
        tags,
        operationId: 'deleteMe',
        // 400: a body it does not need is still parsed, and a malformed one refused.
        response: { 204: NoContent, ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await accounts.remove(principalOf(request, reply).subject);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/users',
    {
      config: { roles: ['admin'] },
      schema: {
        summary: 'List or search accounts (admin)',
        tags,
        operationId: 'listUsers',
        querystring: UserQuery,
        response: { 200: PageOf(User, 'UserPage'), ...problems(400, 401, 403) },
      },
    },
    (request) => accounts.list(request.query),
  );

  app.get(
    '/users/:id',
    {
      schema: {
        summary: 'An account (its owner or an admin)',
        tags,
        operationId: 'getUser',
        params: IdParams,
        response: { 200: User, ...problems(400, 401, 403, 404) },
      },
    },
    (request) => {
      requireSelfOrRole(request, request.params.id, 'admin');
      return accounts.get(request.params.id);
    },
  );

  app.patch(
    '/users/:id',
    {
      config: { roles: ['admin'] },
      schema: {
        summary: 'Change roles, stores, or disable an account (admin)',
        description:
          'Disabling ends every session at once; role changes apply from the next token (≤ 15 min).',
        tags,
        operationId: 'updateUser',
        params: IdParams,
        body: AdminChanges,
        response: { 200: User, ...problems(400, 401, 403, 404, 413, 415, 422) },
      },
    },
    (request, reply) => accounts.change(principalOf(request, reply), request.params.id, request.body),
  );
}
