import {
  badRequest,
  conflict,
  DomainError,
  type FieldProblem,
  notFound,
  preconditionFailed,
  unprocessable,
} from '@comptoir/platform';

/**
 * The catalog's error catalogue. Codes are stable: clients and tests match on them, and a
 * retired code is never reused for another meaning.
 */
export const CatalogErrorCodes = {
  productNotFound: 'CATALOG_PRODUCT_NOT_FOUND',
  categoryNotFound: 'CATALOG_CATEGORY_NOT_FOUND',
  skuTaken: 'CATALOG_SKU_TAKEN',
  slugTaken: 'CATALOG_SLUG_TAKEN',
  categoryUnknown: 'CATALOG_CATEGORY_UNKNOWN',
  categoryInUse: 'CATALOG_CATEGORY_IN_USE',
  versionMismatch: 'CATALOG_VERSION_MISMATCH',
  invalidCursor: 'CATALOG_INVALID_CURSOR',
  invalidPriceRange: 'CATALOG_INVALID_PRICE_RANGE',
  notYourProduct: 'CATALOG_NOT_YOUR_PRODUCT',
  notYourSellerId: 'CATALOG_NOT_YOUR_SELLER_ID',
  notASeller: 'CATALOG_NOT_A_SELLER',
} as const;

export const productNotFound = (id: string) =>
  notFound(CatalogErrorCodes.productNotFound, `No product has the id "${id}".`);

export const categoryNotFound = (idOrSlug: string) =>
  notFound(CatalogErrorCodes.categoryNotFound, `No category has the id or slug "${idOrSlug}".`);

// A taken sku or slug is a field problem too, so a form can point at the field.
export const skuTaken = (sku: string) =>
  new DomainError('conflict', CatalogErrorCodes.skuTaken, `Another product already has the sku "${sku}".`, {
    errors: [{ pointer: '/body/sku', detail: 'is already used by another product' }],
  });

export const slugTaken = (slug: string) =>
  new DomainError(
    'conflict',
    CatalogErrorCodes.slugTaken,
    `Another category already has the slug "${slug}".`,
    {
      errors: [{ pointer: '/body/slug', detail: 'is already used by another category' }],
    },
  );

export const categoryUnknown = (categoryId: string, pointer = '/body/categoryId') =>
  unprocessable(CatalogErrorCodes.categoryUnknown, `No category has the id "${categoryId}".`, [
    { pointer, detail: 'is not an existing category' },
  ]);

export const categoryInUse = (categoryId: string) =>
  conflict(
    CatalogErrorCodes.categoryInUse,
    `The category "${categoryId}" still has products; move or delete them first.`,
  );

export const versionMismatch = (id: string, currentVersion: number) =>
  preconditionFailed(
    CatalogErrorCodes.versionMismatch,
    `The product "${id}" has changed since you read it: it is now at version ${currentVersion}.`,
    { currentVersion, currentETag: `"${currentVersion}"` },
  );

export const invalidCursor = () =>
  badRequest(CatalogErrorCodes.invalidCursor, 'The cursor is not one this API gave out.', [
    { pointer: '/querystring/cursor', detail: 'is malformed or was altered' },
  ]);

export const invalidPriceRange = (errors: FieldProblem[]) =>
  badRequest(CatalogErrorCodes.invalidPriceRange, 'minPrice cannot be greater than maxPrice.', errors);

export const notYourProduct = (id: string) =>
  new DomainError(
    'forbidden',
    CatalogErrorCodes.notYourProduct,
    `The product "${id}" is not one of yours: only its seller or head office may change it.`,
  );

export const notYourSellerId = (subject: string) =>
  new DomainError(
    'forbidden',
    CatalogErrorCodes.notYourSellerId,
    `A seller lists products under its own id: sellerId must be "${subject}", or left out.`,
    { errors: [{ pointer: '/body/sellerId', detail: `must be "${subject}"` }] },
  );

export const notASeller = () =>
  new DomainError('forbidden', CatalogErrorCodes.notASeller, 'Only sellers and head office change products.');
