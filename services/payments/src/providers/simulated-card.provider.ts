import type { CardSummary, FailureReason } from '@comptoir/contracts';
import { cardSummary, hasExpired } from '../domain/card.ts';
import {
  type CardProvider,
  type ChargeRequest,
  type ChargeResult,
  type ChargeSource,
  ProviderUnavailableError,
  type RefundRequest,
  type SavedCard,
  SavedCardUnusableError,
} from '../domain/card-provider.ts';
import { cardSealer, type SealedCard } from './card-sealing.ts';

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

export interface SimulatedProviderSettings {
  /** Seals saved cards (`PAYMENTS_CARD_TOKEN_SECRET`): replicas sharing it charge each other's tokens. */
  cardTokenSecret: string;
  clock?: () => Date;
}

/** A saved card as the provider's dashboard would show it: never the number. */
function savedCard(id: string, sealed: SealedCard): SavedCard {
  return {
    id,
    card: summaryOf(sealed),
    owner: sealed.owner,
    expiresAt: sealed.expiresAt,
  };
}

const summaryOf = (sealed: SealedCard): CardSummary =>
  cardSummary(sealed.pan, sealed.expMonth, sealed.expYear);

/**
 * A card provider in memory, deterministic by card number and attempt, so tests and demos can
 * play approval, decline and outage. Like a real acquirer it is idempotent by our ids: charging
 * a payment id twice returns the first charge. Saved cards are tokens it seals and opens itself
 * (see `card-sealing.ts`), so they survive restarts and work on every replica.
 */
export function simulatedCardProvider(settings: SimulatedProviderSettings): SimulatedCardProvider {
  const clock = settings.clock ?? (() => new Date());
  const sealer = cardSealer(settings.cardTokenSecret);
  const byPayment = new Map<string, SimulatedCharge>();
  const refunds = new Map<string, string>();

  /** The number and summary to charge; a saved card must be one of ours and unexpired. */
  function cardOf(source: ChargeSource): { pan: string; summary: CardSummary } {
    if (source.kind === 'card') return source.card;
    const sealed = sealer.open(source.id);
    if (!sealed) throw new SavedCardUnusableError('unknown');
    if (sealed.expiresAt <= clock()) throw new SavedCardUnusableError('expired');
    return { pan: sealed.pan, summary: summaryOf(sealed) };
  }

  return {
    name: 'simulated',
    async saveCard({ card, owner, expiresAt }) {
      const sealed = { pan: card.pan, ...card.summary, owner, expiresAt };
      return savedCard(sealer.seal(sealed), sealed);
    },
    async findSavedCard(id) {
      const sealed = sealer.open(id);
      return sealed ? savedCard(id, sealed) : undefined;
    },
    async charge(request: ChargeRequest): Promise<ChargeResult> {
      const existing = byPayment.get(request.paymentId);
      if (existing) return { outcome: 'approved', providerChargeId: existing.providerChargeId };
      const { pan, summary } = cardOf(request.source);
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
