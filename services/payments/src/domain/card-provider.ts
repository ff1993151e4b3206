import type { CardSummary, FailureReason } from '@comptoir/contracts';
import type { CheckedCard } from './card.ts';

/**
 * A card saved at the provider, charged later by its id (`pm_…`) without the number — the
 * provider's own token, as Stripe's PaymentMethod is Stripe's.
 */
export interface SavedCard {
  id: string;
  card: CardSummary;
  /** Who saved it, as `actorId` spells it (`user:usr_…`): who may charge it is decided from this. */
  owner: string;
  expiresAt: Date;
}

/** What to charge: a card typed just now, or a saved one. */
export type ChargeSource = { kind: 'card'; card: CheckedCard } | { kind: 'saved_card'; id: string };

/** What a card provider is asked to capture. */
export interface ChargeRequest {
  /**
   * Our payment id, sent as the provider's own idempotency key: a charge retried after a crash
   * or a timeout is the same charge at the provider, never a second one.
   */
  paymentId: string;
  amount: { amount: number; currency: string };
  source: ChargeSource;
  /** 1 for the first try of this payment, 2 for the next… (providers use it for their own retry telemetry). */
  attempt: number;
}

export type ChargeResult =
  | { outcome: 'approved'; providerChargeId: string }
  | { outcome: 'declined'; reason: FailureReason; message: string };

export interface RefundRequest {
  /** Our refund id: the provider's idempotency key for this refund. */
  refundId: string;
  providerChargeId: string;
  amount: { amount: number; currency: string };
}

/**
 * A card acquirer behind one interface: the simulated provider today, a real one tomorrow.
 * A decline is an answer; no answer (timeout, 5xx, network) is `ProviderUnavailableError`,
 * after which nothing may be assumed charged or not — the caller retries with the same ids.
 */
export interface CardProvider {
  readonly name: string;
  /** Saves the card for later charges until `expiresAt`. */
  saveCard(request: { card: CheckedCard; owner: string; expiresAt: Date }): Promise<SavedCard>;
  /** The saved card `id` names, expired or not; undefined when the provider never issued it. */
  findSavedCard(id: string): Promise<SavedCard | undefined>;
  /**
   * Answers a payment id it already charged with that charge, whatever the source; otherwise a
   * saved card that expired or that it never issued is `SavedCardUnusableError`.
   */
  charge(request: ChargeRequest): Promise<ChargeResult>;
  refund(request: RefundRequest): Promise<{ providerRefundId: string }>;
}

/** The provider could not be reached or asked us to retry: safe to retry with the same ids. */
export class ProviderUnavailableError extends Error {
  constructor(message = 'card provider unavailable') {
    super(message);
    this.name = 'ProviderUnavailableError';
  }
}

/** A saved card the provider will not charge: past its expiry, or not one it issued. */
export class SavedCardUnusableError extends Error {
  constructor(readonly reason: 'expired' | 'unknown') {
    super(`saved card ${reason}`);
    this.name = 'SavedCardUnusableError';
  }
}
