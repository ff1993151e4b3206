import {
  badRequest,
  conflict,
  DomainError,
  type FieldProblem,
  notFound,
  unprocessable,
} from '@comptoir/platform';

/**
 * The ordering error catalogue. Codes are stable: tills and tests match on them, and a retired
 * code is never reused for another meaning.
 */
export const OrderingErrorCodes = {
  idempotencyKeyRequired: 'ORDERING_IDEMPOTENCY_KEY_REQUIRED',
  idempotencyKeyReused: 'ORDERING_IDEMPOTENCY_KEY_REUSED',
  requestInProgress: 'ORDERING_REQUEST_IN_PROGRESS',
  saleIdTaken: 'ORDERING_SALE_ID_TAKEN',
  returnIdTaken: 'ORDERING_RETURN_ID_TAKEN',
  notYourStore: 'ORDERING_NOT_YOUR_STORE',
  cartNotFound: 'ORDERING_CART_NOT_FOUND',
  cartNotPos: 'ORDERING_CART_NOT_POS',
  cartEmpty: 'ORDERING_CART_EMPTY',
  nothingToPay: 'ORDERING_NOTHING_TO_PAY',
  sessionNotOpen: 'ORDERING_SESSION_NOT_OPEN',
  storeNotFound: 'ORDERING_STORE_NOT_FOUND',
  noStockLocation: 'ORDERING_NO_STOCK_LOCATION',
  currencyMismatch: 'ORDERING_CURRENCY_MISMATCH',
  tenderedTooLow: 'ORDERING_TENDERED_TOO_LOW',
  insufficientStock: 'ORDERING_INSUFFICIENT_STOCK',
  stockRefused: 'ORDERING_STOCK_REFUSED',
  paymentDeclined: 'ORDERING_PAYMENT_DECLINED',
  paymentRefused: 'ORDERING_PAYMENT_REFUSED',
  refundRefused: 'ORDERING_REFUND_REFUSED',
  paymentUnavailable: 'ORDERING_PAYMENT_UNAVAILABLE',
  upstreamUnavailable: 'ORDERING_UPSTREAM_UNAVAILABLE',
  upstreamRefused: 'ORDERING_UPSTREAM_REFUSED',
  saleNotFound: 'ORDERING_SALE_NOT_FOUND',
  returnExceedsSale: 'ORDERING_RETURN_EXCEEDS_SALE',
  returnDuplicateLine: 'ORDERING_RETURN_DUPLICATE_LINE',
  nothingToRefund: 'ORDERING_NOTHING_TO_REFUND',
  invalidCursor: 'ORDERING_INVALID_CURSOR',
  orderNotFound: 'ORDERING_ORDER_NOT_FOUND',
  priceChanged: 'ORDERING_PRICE_CHANGED',
  unknownSku: 'ORDERING_UNKNOWN_SKU',
  productUnavailable: 'ORDERING_PRODUCT_UNAVAILABLE',
  orderDuplicateLine: 'ORDERING_ORDER_DUPLICATE_LINE',
  shipmentRefused: 'ORDERING_SHIPMENT_REFUSED',
  shipmentNotFound: 'ORDERING_SHIPMENT_NOT_FOUND',
  offlineKeyNotSaleId: 'ORDERING_OFFLINE_KEY_NOT_SALE_ID',
  offlineSaleInconsistent: 'ORDERING_OFFLINE_SALE_INCONSISTENT',
  offlineSessionUnknown: 'ORDERING_OFFLINE_SESSION_UNKNOWN',
  offlineReceiptInvalid: 'ORDERING_OFFLINE_RECEIPT_INVALID',
  offlineReceiptTaken: 'ORDERING_OFFLINE_RECEIPT_TAKEN',
} as const;

export const idempotencyKeyRequired = () =>
  new DomainError(
    'precondition_required',
    OrderingErrorCodes.idempotencyKeyRequired,
    'A sale or a return needs an Idempotency-Key header: one per sale (or return), sent again on every retry.',
  );

export const idempotencyKeyReused = () =>
  unprocessable(
    OrderingErrorCodes.idempotencyKeyReused,
    'This Idempotency-Key was already used with a different request; use a new key for a new sale or return.',
  );

export const requestInProgress = () =>
  conflict(
    OrderingErrorCodes.requestInProgress,
    'A request with this Idempotency-Key is still being processed; retry shortly with the same key.',
  );

export const saleIdTaken = (saleId: string) =>
  conflict(
    OrderingErrorCodes.saleIdTaken,
    `The sale "${saleId}" was already started with another Idempotency-Key; retry with that key, or start a new sale.`,
    { saleId },
  );

export const returnIdTaken = (returnId: string) =>
  conflict(
    OrderingErrorCodes.returnIdTaken,
    `The return "${returnId}" was already made with another Idempotency-Key.`,
    { returnId },
  );

export const notYourStore = (storeId: string | null) =>
  new DomainError(
    'forbidden',
    OrderingErrorCodes.notYourStore,
    `You do not work at the store "${storeId ?? '(none)'}": only its cashiers and managers, or head office, sell or take returns there.`,
  );

export const cartNotFound = (cartId: string) =>
  unprocessable(OrderingErrorCodes.cartNotFound, `No cart has the id "${cartId}".`, [
    { pointer: '/body/cartId', detail: 'is not a known cart' },
  ]);

export const cartNotPos = (cartId: string) =>
  unprocessable(OrderingErrorCodes.cartNotPos, `The cart "${cartId}" is not a register's cart.`, [
    { pointer: '/body/cartId', detail: 'must be a cart of an open register session' },
  ]);

export const cartEmpty = (cartId: string) =>
  unprocessable(
    OrderingErrorCodes.cartEmpty,
    `The cart "${cartId}" has no lines: there is nothing to sell.`,
    [{ pointer: '/body/cartId', detail: 'has no lines' }],
  );

export const nothingToPay = () =>
  unprocessable(OrderingErrorCodes.nothingToPay, 'The cart totals nothing; a sale takes at least one cent.');

export const sessionNotOpen = (sessionId: string | null, detail: string) =>
  unprocessable(
    OrderingErrorCodes.sessionNotOpen,
    `The cash session "${sessionId ?? '(none)'}" ${detail}: open one at the register first.`,
  );

export const storeNotFound = (what: string) =>
  unprocessable(OrderingErrorCodes.storeNotFound, `stores does not know ${what}.`);

export const noStockLocation = (storeId: string) =>
  unprocessable(
    OrderingErrorCodes.noStockLocation,
    `The store "${storeId}" has no stock location in inventory; head office creates it.`,
  );

export const currencyMismatch = (pointer: string, expected: string) =>
  unprocessable(OrderingErrorCodes.currencyMismatch, `Amounts must be in ${expected}, the cart's currency.`, [
    { pointer, detail: `must be in ${expected}` },
  ]);

export const tenderedTooLow = (total: number, tendered: number, currency: string) =>
  unprocessable(
    OrderingErrorCodes.tenderedTooLow,
    `The cash tendered (${tendered}) is less than the total (${total}) ${currency}, in minor units.`,
    [{ pointer: '/body/payment/tendered', detail: 'must be at least the total' }],
  );

/** A line is short: nothing moved, nothing was charged, nothing was stored. */
export const insufficientStock = (sku: string, available: number, requested: number) =>
  new DomainError(
    'insufficient_stock',
    OrderingErrorCodes.insufficientStock,
    `Only ${available} of "${sku}" left in the store; ${requested} asked. Nothing was sold.`,
    { extensions: { sku, available, requested } },
  );

export const stockRefused = (detail: string, errors?: readonly FieldProblem[]) =>
  new DomainError('unprocessable', OrderingErrorCodes.stockRefused, `inventory refused the sale: ${detail}`, {
    ...(errors ? { errors } : {}),
  });

export const paymentDeclined = (reason: string, message: string, paymentId: string) =>
  new DomainError(
    'payment_required',
    OrderingErrorCodes.paymentDeclined,
    `The payment was declined (${reason}): ${message} No stock was taken; start a new sale to try another way.`,
    { extensions: { reason, paymentId } },
  );

export const paymentRefused = (kind: DomainError['kind'], detail: string, errors?: readonly FieldProblem[]) =>
  new DomainError(kind, OrderingErrorCodes.paymentRefused, `payments refused the payment: ${detail}`, {
    ...(errors ? { errors } : {}),
  });

export const paymentUnavailable = (retryAfter: number) =>
  new DomainError(
    'unavailable',
    OrderingErrorCodes.paymentUnavailable,
    'The payment could not be taken right now; no stock is held. Retry with the same Idempotency-Key.',
    { extensions: { retryAfter } },
  );

export const upstreamUnavailable = (service: string, retryAfter: number, cause?: unknown) =>
  new DomainError(
    'unavailable',
    OrderingErrorCodes.upstreamUnavailable,
    `${service} did not answer; retry with the same Idempotency-Key.`,
    { extensions: { retryAfter }, cause },
  );

export const upstreamRefused = (service: string, status: number, detail: string) =>
  new DomainError(
    'unavailable',
    OrderingErrorCodes.upstreamRefused,
    `${service} answered ${status} where ordering expected success: ${detail}`,
    { extensions: { retryAfter: 1 } },
  );

export const saleNotFound = (id: string) =>
  notFound(OrderingErrorCodes.saleNotFound, `No sale has the id "${id}".`);

export const returnExceedsSale = (sku: string, requested: number, returnable: number) =>
  unprocessable(
    OrderingErrorCodes.returnExceedsSale,
    `Only ${returnable} of "${sku}" can still come back from this sale; ${requested} asked.`,
    [{ pointer: '/body/lines', detail: `"${sku}": at most ${returnable}` }],
  );

export const returnDuplicateLine = (sku: string, index: number) =>
  badRequest(OrderingErrorCodes.returnDuplicateLine, `The sku "${sku}" is on two lines; give it once.`, [
    { pointer: `/body/lines/${index}/sku`, detail: 'repeats an earlier line' },
  ]);

export const nothingToRefund = () =>
  unprocessable(
    OrderingErrorCodes.nothingToRefund,
    'These lines were free: there is nothing to refund, and a return goes through a refund.',
  );

export const invalidCursor = () =>
  badRequest(OrderingErrorCodes.invalidCursor, 'The cursor is not one this API gave out.', [
    { pointer: '/querystring/cursor', detail: 'is malformed or was altered' },
  ]);

// ——— online orders ———

export const orderNotFound = (id: string) =>
  notFound(OrderingErrorCodes.orderNotFound, `No order has the id "${id}".`);

/** The catalog's price moved since the shop showed it: nothing was charged or kept. */
export const priceChanged = (fresh: Record<string, unknown>) =>
  conflict(
    OrderingErrorCodes.priceChanged,
    'A price changed since the total was shown: show the customer the new total, then send it as expectedTotal.',
    fresh,
  );

export const unknownSku = (sku: string, index: number) =>
  unprocessable(OrderingErrorCodes.unknownSku, `No product has the sku "${sku}".`, [
    { pointer: `/body/lines/${index}/sku`, detail: 'is not a product of the catalog' },
  ]);

export const productUnavailable = (sku: string, index: number) =>
  unprocessable(OrderingErrorCodes.productUnavailable, `The product "${sku}" is no longer sold.`, [
    { pointer: `/body/lines/${index}/sku`, detail: 'is not sold any more' },
  ]);

export const orderDuplicateLine = (sku: string, index: number) =>
  badRequest(OrderingErrorCodes.orderDuplicateLine, `The sku "${sku}" is on two lines; give it once.`, [
    { pointer: `/body/lines/${index}/sku`, detail: 'repeats an earlier line' },
  ]);

export const orderCurrencyMismatch = (index: number, expected: string) =>
  unprocessable(OrderingErrorCodes.currencyMismatch, `Every line of an order is priced in ${expected}.`, [
    { pointer: `/body/lines/${index}/sku`, detail: `is not priced in ${expected}` },
  ]);

export const shipmentRefused = (detail: string, pointer = '/body/skus') =>
  unprocessable(OrderingErrorCodes.shipmentRefused, detail, [{ pointer, detail }]);

export const shipmentNotFound = (id: string) =>
  notFound(OrderingErrorCodes.shipmentNotFound, `This order has no shipment "${id}".`);

// ─── Offline sales (issue 9): refused only when malformed, never for business reasons ───────────

export const offlineKeyNotSaleId = () =>
  unprocessable(
    OrderingErrorCodes.offlineKeyNotSaleId,
    'An offline sale is synced with its own id as the Idempotency-Key.',
    [{ pointer: '/body/saleId', detail: 'must equal the Idempotency-Key header' }],
  );

/** The register's figures do not add up: the sale cannot be recorded as it was sent. */
export const offlineSaleInconsistent = (errors: FieldProblem[]) =>
  unprocessable(
    OrderingErrorCodes.offlineSaleInconsistent,
    'The offline sale does not add up; it is recorded as the register computed it, so its figures must agree.',
    errors,
  );

export const offlineSessionUnknown = (sessionId: string, detail: string) =>
  unprocessable(OrderingErrorCodes.offlineSessionUnknown, `The cash session "${sessionId}" ${detail}.`, [
    { pointer: '/body/sessionId', detail },
  ]);

export const offlineReceiptInvalid = (expectedPrefix: string) =>
  unprocessable(
    OrderingErrorCodes.offlineReceiptInvalid,
    `An offline receipt number of this register is \`${expectedPrefix}-<device>-<6 digits>\` (not 000000).`,
    [{ pointer: '/body/receiptNumber', detail: `must start with ${expectedPrefix}-` }],
  );

export const offlineReceiptTaken = (receipt: string) =>
  conflict(
    OrderingErrorCodes.offlineReceiptTaken,
    `The offline receipt "${receipt}" of this register is another sale's: a device numbers each sale once.`,
    { receiptNumber: receipt },
  );
