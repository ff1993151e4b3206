import type { FailureReason } from '@comptoir/contracts';
import { hasExpired } from '../domain/card.ts';
import {
  type CardProvider,
  type ChargeRequest,
  type ChargeResult,
  ProviderUnavailableError,
  type RefundRequest,
} from '../domain/card-provider.ts';

/**
 * Test card numbers of the simulated provider (any future expiry, any 3–4 digit CVC).
 * Every other number that passes the Luhn check is approved.
 */
export const TEST_CARDS = {
  /** Visa, approved. */
  approved: '4242424242424242',
  /** Mastercard, approved. */
  approvedMastercard: '5555555555554444',
  /** Declined: `card_declined`. */
  declined: '4000000000000002',
  /** Declined: `insufficient_funds`. */
  insufficientFunds: '4000000000009979',
  /** Declined: `expired_card`, whatever expiry is given (a past expiry is declined so too). */
  expired: '4000000000000069',
  /** Fails transiently on the first attempt of each payment (503, retry with the same key), then approved. */
  transient: '4000000000009995',
  /** Provider always unavailable (503 on every attempt): for timeouts and give-ups in the saga. */
  unavailable: '4000000000000119',
} as const;

const DECLINES: Record<string, { reason: FailureReason; message: string }> = {
  [TEST_CARDS.declined]: { reason: 'card_declined', message: 'The card was declined.' },
  [TEST_CARDS.insufficientFunds]: {
    reason: 'insufficient_funds',
    message: 'The card has insufficient funds.',
  },
  [TEST_CARDS.expired]: { reason: 'expired_card', message: 'The card has expired.' },
};

export interface SimulatedCharge {
  providerChargeId: string;
  paymentId: string;
  amount: { amount: number; currency: string };
  last4: string;
  refunded: number;
}

export interface SimulatedCardProvider extends CardProvider {
  /** What the provider captured, as its dashboard would list it: one entry per charge, never a card number. */
  charges(): readonly SimulatedCharge[];
}

/**
 * A card provider in memory, deterministic by card number and attempt, so tests and demos can
 * play approval, decline and outage. Like a real acquirer it is idempotent by our ids: charging
 * a payment id twice returns the first charge.
 */
export function simulatedCardProvider(clock: () => Date = () => new Date()): SimulatedCardProvider {
  const byPayment = new Map<string, SimulatedCharge>();
  const refunds = new Map<string, string>();

  return {
    name: 'simulated',
    async charge(request: ChargeRequest): Promise<ChargeResult> {
      const existing = byPayment.get(request.paymentId);
      if (existing) return { outcome: 'approved', providerChargeId: existing.providerChargeId };
      const { pan, summary } = request.card;
      if (pan === TEST_CARDS.unavailable) throw new ProviderUnavailableError();
      if (pan === TEST_CARDS.transient && request.attempt <= 1) throw new ProviderUnavailableError();
      if (hasExpired(summary, clock())) {
        return { outcome: 'declined', reason: 'expired_card', message: 'The card has expired.' };
      }
      const decline = DECLINES[pan];
      if (decline) return { outcome: 'declined', ...decline };
      const charge: SimulatedCharge = {
        providerChargeId: `sim_ch_${request.paymentId}`,
        paymentId: request.paymentId,
        amount: { ...request.amount },
        last4: summary.last4,
        refunded: 0,
      };
      byPayment.set(request.paymentId, charge);
      return { outcome: 'approved', providerChargeId: charge.providerChargeId };
    },
    async refund(request: RefundRequest) {
      const done = refunds.get(request.refundId);
      if (done) return { providerRefundId: done };
      const charge = [...byPayment.values()].find((c) => c.providerChargeId === request.providerChargeId);
      // A charge made before a restart is gone from memory; the simulation accepts its refund.
      if (charge) charge.refunded += request.amount.amount;
      const providerRefundId = `sim_re_${request.refundId}`;
      refunds.set(request.refundId, providerRefundId);
      return { providerRefundId };
    },
    charges: () => [...byPayment.values()],
  };
}
