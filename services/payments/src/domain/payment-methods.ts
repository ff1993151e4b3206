import type { CardPaymentMethod, PaymentReference } from '@comptoir/contracts';
import type { Principal } from '@comptoir/platform';
import { actorId, assertMaySaveCard, mayChargeSavedCard } from './access.ts';
import { type CardDetails, checkCard } from './card.ts';
import { type CardProvider, ProviderUnavailableError, type SavedCard } from './card-provider.ts';
import { paymentMethodUnknown, providerUnavailable } from './errors.ts';

export interface PaymentMethodSettings {
  /** How long a saved card may start new payments. */
  ttlSeconds: number;
  /** Seconds a client is told to wait after the provider did not answer. */
  retryAfterSeconds: number;
}

const view = (saved: SavedCard): CardPaymentMethod => ({
  id: saved.id,
  card: saved.card,
  expiresAt: saved.expiresAt.toISOString(),
});

/**
 * Cards saved at the provider to be charged later, when nobody is there to type them: the
 * customer saves the card at checkout, ordering's saga pays with the token afterwards. Comptoir
 * keeps nothing — the token is the provider's (sealed, expiring), and the caller holds it.
 */
export class PaymentMethods {
  constructor(
    private readonly provider: CardProvider,
    private readonly settings: PaymentMethodSettings,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Checks the number (Luhn, 400) and saves the card for its owner, the caller. */
  async save(actor: Principal, card: CardDetails): Promise<CardPaymentMethod> {
    assertMaySaveCard(actor);
    const checked = checkCard(card);
    const expiresAt = new Date(this.clock().getTime() + this.settings.ttlSeconds * 1000);
    return view(
      await this.answered(this.provider.saveCard({ card: checked, owner: actorId(actor), expiresAt })),
    );
  }

  /**
   * The saved card `id` names, if `actor` may charge it for `reference` (422 otherwise). Its
   * expiry is not checked here: a retry of a payment already started with it must still complete.
   */
  async chargeable(actor: Principal, id: string, reference: PaymentReference): Promise<SavedCard> {
    const saved = await this.answered(this.provider.findSavedCard(id));
    if (!saved || !mayChargeSavedCard(actor, saved.owner, reference)) throw paymentMethodUnknown();
    return saved;
  }

  /** The provider's answer; no answer is a 503 to retry, as for a charge. */
  private async answered<T>(call: Promise<T>): Promise<T> {
    try {
      return await call;
    } catch (error) {
      if (error instanceof ProviderUnavailableError)
        throw providerUnavailable(this.settings.retryAfterSeconds);
      throw error;
    }
  }
}
