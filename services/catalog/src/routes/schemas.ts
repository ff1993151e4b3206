import { Type } from '@comptoir/platform';

export const IdParams = Type.Object({
  id: Type.String({
    minLength: 1,
    maxLength: 64,
    pattern: '^[A-Za-z0-9_-]+$',
    description: 'The resource id.',
  }),
});

export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(
    Type.String({
      description: 'The ETag of the version being edited; a stale one gets 412.',
      examples: ['"3"'],
    }),
  ),
});
