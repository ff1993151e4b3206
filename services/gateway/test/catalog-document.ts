/** A catalog document shaped like the kit's output, with every kind of reference the merge must rename. */
export const catalogDocument = {
  openapi: '3.1.0',
  info: { title: 'Comptoir catalog', version: '0.1.0' },
  tags: [{ name: 'products', description: 'What the chain sells' }],
  security: [{ bearerAuth: [] }],
  paths: {
    '/': { get: { operationId: 'root', responses: { 200: { description: 'Service name' } } } },
    '/products': {
      get: {
        operationId: 'listProducts',
        tags: ['products'],
        parameters: [{ $ref: '#/components/parameters/Limit' }],
        responses: {
          200: {
            description: 'A page of products',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ProductPage' } } },
          },
          default: { $ref: '#/components/responses/Problem' },
        },
      },
      post: {
        operationId: 'createProduct',
        tags: ['products'],
        security: [],
        requestBody: {
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Product' } } },
        },
        responses: { 201: { description: 'Created' }, default: { $ref: '#/components/responses/Problem' } },
      },
    },
    '/products/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      get: {
        operationId: 'getProduct',
        tags: ['products'],
        responses: {
          200: {
            description: 'One product',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
          },
          404: { $ref: '#/components/responses/Problem' },
        },
      },
    },
  },
  components: {
    schemas: {
      Money: {
        type: 'object',
        properties: { amount: { type: 'integer' }, currency: { type: 'string' } },
        required: ['amount', 'currency'],
      },
      Product: {
        type: 'object',
        properties: {
          kind: { type: 'string' },
          id: { type: 'string' },
          price: { $ref: '#/components/schemas/Money' },
        },
      },
      Item: {
        oneOf: [{ $ref: '#/components/schemas/Product' }],
        discriminator: { propertyName: 'kind', mapping: { product: '#/components/schemas/Product' } },
      },
      ProductPage: {
        type: 'object',
        properties: {
          items: { type: 'array', items: { $ref: '#/components/schemas/Product' } },
          nextCursor: { type: ['string', 'null'] },
        },
      },
      Problem: { type: 'object', properties: { type: { type: 'string' }, status: { type: 'integer' } } },
    },
    parameters: { Limit: { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 100 } } },
    responses: {
      Problem: {
        description: 'A problem',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      },
    },
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
  },
};
