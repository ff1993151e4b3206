import type {
  CardSummary,
  FailureReason,
  Money,
  Payment,
  PaymentMethod,
  PaymentReference,
  PaymentStatus,
} from '@comptoir/contracts';
import { type CardDetails, checkCard } from './card.ts';
import type { ChargeResult, ChargeSource, SavedCard } from './card-provider.ts';
import { currencyMismatch, insufficientTender, methodFieldsMismatch } from './errors.ts';

/** A payment as the client asks for it. */
export interface PaymentRequest {
  amount: Money;
  method: PaymentMethod;
  reference: PaymentReference;
  tendered?: Money;
  card?: CardDetails;
  /** A saved card (`pm_…`), instead of `card`. */
  paymentMethod?: string;
  /** A card a register took while offline (only what it kept of it), instead of `card`. */
  offlineCard?: CardSummary;
}

/** A request checked and ready to take: cash with its change worked out, or a card to charge. */
export type PreparedPayment =
  | { method: 'cash'; amount: Money; reference: PaymentReference; tendered: Money; changeDue: Money }
  | {
      method: 'card';
      amount: Money;
      reference: PaymentReference;
      /** What is kept of the card, typed or saved. */
      card: CardSummary;
      source: ChargeSource;
      /** A saved card's expiry: past it, no new payment starts with it. */
      usableUntil?: Date;
    }
  /** Taken by a register while offline: recorded as it was, to be captured later; nothing to charge now. */
  | { method: 'card'; offline: true; amount: Money; reference: PaymentReference; card: CardSummary };

/** A payment as stored: the API's view plus what only the service needs. */
export interface PaymentRecord {
  id: string;
  status: PaymentStatus;
  method: PaymentMethod;
  amount: Money;
  reference: PaymentReference;
  tendered: Money | null;
  changeDue: Money | null;
  card: CardSummary | null;
  failure: { reason: FailureReason; message: string } | null;
  amountRefunded: number;
  providerChargeId: string | null;
  /** Provider calls made so far for this payment. */
  attempts: number;
  /** `kind:subject` of the principal who created it (see `actorId`). */
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * Refuses a request whose fields do not fit its method or its amount. Never echoes a card number.
 * `saved` is the saved card `paymentMethod` names, already found and allowed to this caller.
 */
export function preparePayment(request: PaymentRequest, saved?: SavedCard): PreparedPayment {
  const { amount, reference } = request;
  if (request.method === 'cash') {
    if (request.card) throw methodFieldsMismatch('/body/card', 'a cash payment takes no card');
    if (request.offlineCard) throw methodFieldsMismatch('/body/offlineCard', 'a cash payment takes no card');
    if (request.paymentMethod) {
      throw methodFieldsMismatch('/body/paymentMethod', 'a cash payment takes no payment method');
    }
    const tendered = request.tendered;
    if (!tendered) throw methodFieldsMismatch('/body/tendered', 'a cash payment needs the cash tendered');
    if (tendered.currency !== amount.currency) throw currencyMismatch('/body/tendered', amount.currency);
    if (tendered.amount < amount.amount) throw insufficientTender();
    const changeDue = { amount: tendered.amount - amount.amount, currency: amount.currency };
    return { method: 'cash', amount, reference, tendered, changeDue };
  }
  if (request.tendered) throw methodFieldsMismatch('/body/tendered', 'a card payment takes no cash');
  if (request.offlineCard) {
    if (request.card || request.paymentMethod) {
      throw methodFieldsMismatch(
        '/body/offlineCard',
        'a card taken offline comes without the card or a payment method',
      );
    }
    if (reference.kind !== 'sale') {
      throw methodFieldsMismatch('/body/offlineCard', 'only a sale made at a register can be paid offline');
    }
    return { method: 'card', offline: true, amount, reference, card: request.offlineCard };
  }
  if (request.card && request.paymentMethod) {
    throw methodFieldsMismatch(
      '/body/paymentMethod',
      'a card payment takes the card or a payment method, not both',
    );
  }
  if (request.card) {
    const card = checkCard(request.card);
    return { method: 'card', amount, reference, card: card.summary, source: { kind: 'card', card } };
  }
  if (!request.paymentMethod) {
    throw methodFieldsMismatch('/body/card', 'a card payment needs the card or a payment method');
  }
  if (!saved || saved.id !== request.paymentMethod) throw new Error('the payment method was not looked up');
  return {
    method: 'card',
    amount,
    reference,
    card: saved.card,
    source: { kind: 'saved_card', id: saved.id },
    usableUntil: saved.expiresAt,
  };
}

/**
 * What makes two requests "the same" for an idempotency key: everything asked, the card by its
 * summary, whether typed or saved. The number itself never goes in, even hashed — 16 digits with
 * a known prefix and last four are few enough to brute-force from a plain hash — nor the saved
 * card's token: a retry with a fresh token of the same card is the same request.
 */
export function fingerprintSource(prepared: PreparedPayment): unknown {
  const base = { method: prepared.method, amount: prepared.amount, reference: prepared.reference };
  if (prepared.method === 'cash') return { ...base, tendered: prepared.tendered };
  return 'offline' in prepared
    ? { ...base, card: prepared.card, offline: true }
    : { ...base, card: prepared.card };
}

export function newPayment(
  id: string,
  prepared: PreparedPayment,
  createdBy: string,
  now: Date,
): PaymentRecord {
  const at = now.toISOString();
  const cash = prepared.method === 'cash';
  return {
    id,
    // Cash is counted at the register: it has succeeded the moment it is recorded. A card taken
    // offline is authorized by the register's policy, not by a provider: recorded, not charged.
    status: cash ? 'succeeded' : 'offline' in prepared ? 'offline_authorized' : 'pending',
    method: prepared.method,
    amount: prepared.amount,
    reference: prepared.reference,
    tendered: cash ? prepared.tendered : null,
    changeDue: cash ? prepared.changeDue : null,
    card: cash ? null : prepared.card,
    failure: null,
    amountRefunded: 0,
    providerChargeId: null,
    attempts: 0,
    createdBy,
    createdAt: at,
    updatedAt: at,
  };
}

/** The payment after the provider's answer. */
export function settle(payment: PaymentRecord, result: ChargeResult, now: Date): PaymentRecord {
  const updatedAt = now.toISOString();
  return result.outcome === 'approved'
    ? { ...payment, status: 'succeeded', providerChargeId: result.providerChargeId, updatedAt }
    : {
        ...payment,
        status: 'failed',
        failure: { reason: result.reason, message: result.message },
        updatedAt,
      };
}

export function toPayment(record: PaymentRecord): Payment {
  const view: Payment = {
    id: record.id,
    status: record.status,
    method: record.method,
    amount: record.amount,
    reference: record.reference,
    amountRefunded: { amount: record.amountRefunded, currency: record.amount.currency },
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
  if (record.tendered) view.tendered = record.tendered;
  if (record.changeDue) view.changeDue = record.changeDue;
  if (record.card) view.card = record.card;
  if (record.failure) view.failure = record.failure;
  return view;
}
