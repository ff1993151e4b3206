import { conflict, notFound, preconditionFailed, unavailable, unprocessable } from '@comptoir/platform';

/**
 * Cart's error catalogue. Codes are stable: clients and tests match on them, and a retired code
 * is never reused for another meaning.
 */
export const CartErrorCodes = {
  cartNotFound: 'CART_NOT_FOUND',
  lineNotFound: 'CART_LINE_NOT_FOUND',
  sessionNotFound: 'CART_SESSION_NOT_FOUND',
  sessionNotOpen: 'CART_SESSION_NOT_OPEN',
  storeNotFound: 'CART_STORE_NOT_FOUND',
  unknownSku: 'CART_UNKNOWN_SKU',
  productNotForSale: 'CART_PRODUCT_NOT_FOR_SALE',
  currencyMismatch: 'CART_CURRENCY_MISMATCH',
  quantityLimit: 'CART_QUANTITY_LIMIT',
  tooManyLines: 'CART_TOO_MANY_LINES',
  amountTooLarge: 'CART_AMOUNT_TOO_LARGE',
  versionMismatch: 'CART_VERSION_MISMATCH',
  busy: 'CART_BUSY',
  storesUnavailable: 'CART_STORES_UNAVAILABLE',
  catalogUnavailable: 'CART_CATALOG_UNAVAILABLE',
  storageUnavailable: 'CART_STORAGE_UNAVAILABLE',
} as const;

/** Also what a caller gets for a cart that is not theirs: its existence is not revealed. */
export const cartNotFound = (id: string) =>
  notFound(CartErrorCodes.cartNotFound, `No cart has the id "${id}", or it expired.`);

export const noCartForSession = (sessionId: string) =>
  notFound(CartErrorCodes.cartNotFound, `The cash session "${sessionId}" has no cart.`);

export const noCartForCustomer = () =>
  notFound(CartErrorCodes.cartNotFound, 'You have no cart (yet, or it expired): POST /carts makes it.');

export const lineNotFound = (cartId: string, sku: string) =>
  notFound(CartErrorCodes.lineNotFound, `The cart "${cartId}" has no line for the sku "${sku}".`);

/** Also what a caller gets for another store's session. */
export const sessionNotFound = (sessionId: string) =>
  notFound(CartErrorCodes.sessionNotFound, `No cash session "${sessionId}" at a store of yours.`);

export const sessionNotOpen = (sessionId: string, status: string) =>
  conflict(
    CartErrorCodes.sessionNotOpen,
    `The cash session "${sessionId}" is ${status}: a cart is for an open register session.`,
    { sessionId, sessionStatus: status },
  );

export const storeNotFound = (storeId: string) =>
  unprocessable(CartErrorCodes.storeNotFound, `The session's store "${storeId}" is not known to stores.`);

export const unknownSku = (sku: string) =>
  unprocessable(CartErrorCodes.unknownSku, `No product of the catalog has the sku "${sku}".`, [
    { pointer: '/body/sku', detail: 'is not a known sku' },
  ]);

export const productNotForSale = (sku: string) =>
  unprocessable(
    CartErrorCodes.productNotForSale,
    `The product with the sku "${sku}" is not offered for sale.`,
    [{ pointer: '/body/sku', detail: 'belongs to an inactive product' }],
  );

export const currencyMismatch = (sku: string, price: string, cart: string) =>
  unprocessable(
    CartErrorCodes.currencyMismatch,
    `The product "${sku}" is priced in ${price}; this cart is in ${cart}.`,
    [{ pointer: '/body/sku', detail: `is priced in ${price}` }],
  );

export const quantityLimit = (sku: string, max: number) =>
  unprocessable(CartErrorCodes.quantityLimit, `A line holds at most ${max} of "${sku}".`, [
    { pointer: '/body/quantity', detail: `would take the line past ${max}` },
  ]);

export const tooManyLines = (max: number) =>
  unprocessable(CartErrorCodes.tooManyLines, `A cart holds at most ${max} lines.`, [
    { pointer: '/body/sku', detail: `would be line ${max + 1}` },
  ]);

export const amountTooLarge = () =>
  unprocessable(CartErrorCodes.amountTooLarge, 'The cart’s total would be too large to carry exactly.');

export const versionMismatch = (id: string, currentVersion: number) =>
  preconditionFailed(
    CartErrorCodes.versionMismatch,
    `The cart "${id}" changed: it is at version ${currentVersion}. Read it again, then retry.`,
    { currentVersion },
  );

export const cartBusy = (id: string) =>
  conflict(CartErrorCodes.busy, `The cart "${id}" is being changed by many requests at once; try again.`);

export const storesUnavailable = (detail: string) =>
  unavailable(CartErrorCodes.storesUnavailable, `The stores service could not answer: ${detail}.`);

export const catalogUnavailable = (detail: string) =>
  unavailable(CartErrorCodes.catalogUnavailable, `The catalog could not answer: ${detail}.`);

/** The cache the carts live in (Redis) did not answer: nothing was read or changed; retry later. */
export const storageUnavailable = (detail: string) =>
  unavailable(CartErrorCodes.storageUnavailable, `The cart store could not answer: ${detail}.`);
