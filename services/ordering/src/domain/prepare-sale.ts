import type { Cart, Money } from '@comptoir/contracts';
import type { Principal } from '@comptoir/platform';
import { actorId, assertWorksAt } from './access.ts';
import {
  cartEmpty,
  cartNotFound,
  cartNotPos,
  currencyMismatch,
  noStockLocation,
  nothingToPay,
  sessionNotOpen,
  storeNotFound,
  tenderedTooLow,
} from './errors.ts';
import type { CardDetails, CartPort, InventoryPort, OnBehalfOf, StoresPort } from './ports.ts';
import type { SaleRecord } from './sale.ts';

/** What a till sends to sell its register's cart. */
export interface SaleInput {
  saleId: string;
  cartId: string;
  payment: { method: 'cash'; tendered: Money } | { method: 'card'; card: CardDetails };
}

/**
 * What the idempotency fingerprint is made of: the sale, the cart and how it is paid — a card
 * reduced to its last 4 and expiry, for a card number must never be stored, even hashed.
 */
export function fingerprintSource(input: SaleInput): unknown {
  const { payment } = input;
  return {
    saleId: input.saleId,
    cartId: input.cartId,
    method: payment.method,
    tendered: payment.method === 'cash' ? payment.tendered : undefined,
    card:
      payment.method === 'card'
        ? {
            last4: payment.card.number.replace(/\D/g, '').slice(-4),
            expMonth: payment.card.expMonth,
            expYear: payment.card.expYear,
          }
        : undefined,
  };
}

/**
 * Reads what a sale is made of — the register's cart, its cash session, the store and register
 * the receipt names, the store's stock location — and checks it can be sold: a register's cart,
 * not empty, its session open, the caller working at its store, cash enough to pay. The result
 * is the sale as it will be kept: a snapshot, so a retry sells exactly what was first asked.
 */
export class PrepareSale {
  constructor(
    private readonly cart: CartPort,
    private readonly stores: StoresPort,
    private readonly inventory: InventoryPort,
  ) {}

  async snapshot(
    actor: Principal,
    as: OnBehalfOf,
    input: SaleInput,
    key: string,
    now: Date,
  ): Promise<SaleRecord> {
    const cart = await this.cart.find(input.cartId, as);
    if (!cart) throw cartNotFound(input.cartId);
    const till = registerCart(cart);
    assertWorksAt(actor, till.storeId);
    if (cart.lines.length === 0) throw cartEmpty(cart.id);
    if (cart.total.amount < 1) throw nothingToPay();
    checkPayment(input.payment, cart);

    const [session, store, register, locationId] = await Promise.all([
      this.stores.session(till.sessionId, as),
      this.stores.store(till.storeId, as),
      this.stores.register(till.registerId, as),
      this.inventory.locationOf(till.storeId),
    ]);
    if (!session) throw sessionNotOpen(till.sessionId, 'does not exist');
    if (session.status !== 'open') throw sessionNotOpen(session.id, 'is closed');
    if (session.registerId !== till.registerId || session.storeId !== till.storeId) {
      throw sessionNotOpen(session.id, "is not the cart's register's");
    }
    if (!store) throw storeNotFound(`the store "${till.storeId}"`);
    if (!register) throw storeNotFound(`the register "${till.registerId}"`);
    if (!locationId) throw noStockLocation(till.storeId);

    const at = now.toISOString();
    const { payment } = input;
    return {
      id: input.saleId,
      channel: 'pos',
      status: 'taking_stock',
      cartId: cart.id,
      ...till,
      cashierId: actor.subject,
      locationId,
      store: { name: store.name, address: store.address },
      registerName: register.name,
      currency: cart.currency,
      lines: cart.lines.map((line) => ({ ...line })),
      subtotal: cart.subtotal.amount,
      taxes: cart.taxes.map((tax) => ({ ...tax })),
      total: cart.total.amount,
      method: payment.method,
      tendered: payment.method === 'cash' ? payment.tendered.amount : null,
      stockAttempt: 1,
      stockReturnReason: null,
      failure: null,
      payment: null,
      receiptNumber: null,
      receiptSeries: '',
      offline: null,
      keyScope: actorId(actor),
      key,
      createdAt: at,
      updatedAt: at,
      completedAt: null,
    };
  }
}

function registerCart(cart: Cart) {
  const { storeId, registerId, sessionId } = cart;
  if (cart.channel !== 'pos' || !storeId || !registerId || !sessionId) throw cartNotPos(cart.id);
  return { storeId, registerId, sessionId };
}

function checkPayment(payment: SaleInput['payment'], cart: Cart): void {
  if (payment.method !== 'cash') return;
  if (payment.tendered.currency !== cart.currency) {
    throw currencyMismatch('/body/payment/tendered/currency', cart.currency);
  }
  if (payment.tendered.amount < cart.total.amount) {
    throw tenderedTooLow(cart.total.amount, payment.tendered.amount, cart.currency);
  }
}
