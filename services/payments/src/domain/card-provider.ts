import type { FailureReason } from '@comptoir/contracts';
import type { CheckedCard } from './card.ts';

/** What a card provider is asked to capture. */
export interface ChargeRequest {
  /**
   * Our payment id, sent as the provider's own idempotency key: a charge retried after a crash
   * or a timeout is the same charge at the provider, never a second one.
   */
  paymentId: string;
  amount: { amount: number; currency: string };
  card: CheckedCard;
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
