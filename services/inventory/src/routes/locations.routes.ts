import { Location, LocationType } from '@comptoir/contracts';
import {
  BODY_PROBLEMS,
  Cursor,
  type HttpApp,
  Limit,
  PageOf,
  principalOf,
  problems,
  Type,
} from '@comptoir/platform';
import type { Locations } from '../domain/locations.ts';

const tags = ['locations'];
const StoreId = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'The store, as the stores service names it.',
});

const LocationInput = Type.Object(
  {
    type: LocationType,
    name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', examples: ['Magasin Plateau'] }),
    storeId: Type.Optional(StoreId),
  },
  { additionalProperties: false, title: 'LocationInput' },
);
const LocationListQuery = Type.Object(
  {
    limit: Limit,
    cursor: Type.Optional(Cursor),
    type: Type.Optional(LocationType),
    storeId: Type.Optional(StoreId),
  },
  { additionalProperties: false },
);

export function locationRoutes(app: HttpApp, locations: Locations): void {
  app.get(
    '/locations',
    {
      config: { public: true },
      schema: {
        summary: 'List locations',
        description: 'The online warehouse (`loc_online`) and one location per store.',
        tags,
        operationId: 'listLocations',
        querystring: LocationListQuery,
        response: { 200: PageOf(Location, 'LocationPage'), ...problems(400) },
      },
    },
    (request) => locations.list(request.query),
  );

  app.post(
    '/locations',
    {
      schema: {
        summary: 'Create a location, or a store’s location again',
        description:
          'Head office, or a platform client with `stock:write`. A store has one location: asking again ' +
          'for a store that has one answers it (200), renamed to `name`, instead of creating another (201).',
        tags,
        operationId: 'saveLocation',
        body: LocationInput,
        response: { 200: Location, 201: Location, ...problems(...BODY_PROBLEMS, 401, 403) },
      },
    },
    async (request, reply) => {
      const { location, created } = await locations.save(principalOf(request, reply), request.body);
      reply.code(created ? 201 : 200);
      return location;
    },
  );
}
