import { LocationId, Sku, StockLevel } from '@comptoir/contracts';
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
import type { Availability } from '../domain/availability.ts';
import type { Thresholds } from '../domain/thresholds.ts';
import { SkuParams, SkuStock } from './schemas.ts';

const tags = ['stock'];

const StockListQuery = Type.Object(
  {
    limit: Limit,
    cursor: Type.Optional(Cursor),
    sku: Type.Optional(Sku),
    location: Type.Optional(LocationId),
  },
  { additionalProperties: false },
);

const ThresholdInput = Type.Object(
  {
    sku: Sku,
    locationId: LocationId,
    threshold: Type.Union([Type.Integer({ minimum: 0, maximum: 1_000_000 }), Type.Null()], {
      description: 'Available stock under which the level is low; null for the default.',
    }),
  },
  { additionalProperties: false, title: 'ThresholdInput' },
);
const Threshold = Type.Object(
  {
    sku: Sku,
    locationId: LocationId,
    threshold: Type.Integer({ minimum: 0, description: 'The threshold in force.' }),
    source: Type.Union([Type.Literal('default'), Type.Literal('custom')]),
  },
  { additionalProperties: false, title: 'Threshold' },
);

export function stockRoutes(app: HttpApp, availability: Availability, thresholds: Thresholds): void {
  app.get(
    '/stock',
    {
      config: { public: true },
      schema: {
        summary: 'Availability of skus at locations',
        description:
          'Levels that exist (a sku ever stocked at a location), by sku then location. Fresh after every change.',
        tags,
        operationId: 'listStock',
        querystring: StockListQuery,
        response: { 200: PageOf(StockLevel, 'StockLevelPage'), ...problems(400) },
      },
    },
    (request) => availability.list(request.query),
  );

  app.get(
    '/stock/:sku',
    {
      config: { public: true },
      schema: {
        summary: 'A sku’s stock in every location',
        tags,
        operationId: 'getSkuStock',
        params: SkuParams,
        response: { 200: SkuStock, ...problems(400, 404) },
      },
    },
    (request) => availability.ofSku(request.params.sku),
  );

  app.put(
    '/thresholds',
    {
      schema: {
        summary: 'Set the low-stock threshold of a sku at a location',
        description:
          'Head office, or the manager of the location’s store. `stock.low` is published once each time ' +
          'available stock falls below the threshold, and again only after it has been back at or above it.',
        tags,
        operationId: 'setThreshold',
        body: ThresholdInput,
        response: { 200: Threshold, ...problems(...BODY_PROBLEMS, 401, 403, 422) },
      },
    },
    (request, reply) => thresholds.set(principalOf(request, reply), request.body),
  );
}
