/**
 * @comptoir/pricing — the one rule for a basket's sums, in integer cents, shared by the cart
 * (a basket being filled) and ordering (an online order priced again at checkout), so the price
 * a customer saw and the price they are charged are computed the same way — and by the register
 * selling offline (`pricedSale`), whose figures ordering checks by the same rule. Pure functions only.
 */
export * from './priced-sale.ts';
export * from './totals.ts';
