import type { Payment, PaymentReference } from '@comptoir/contracts';
import type { Principal } from '@comptoir/platform';
import { actorId, assertMayTake } from './access.ts';
import type { CardProvider, ChargeResult, ChargeSource, SavedCard } from './card-provider.ts';
import { paymentMethodExpired } from './errors.ts';
import { settledEvent } from './events.ts';
import { claimKey, fingerprint, type KeyRequest, requireKey } from './idempotency.ts';
import { newPaymentId } from './ids.ts';
import {
  fingerprintSource,
  newPayment,
  type PaymentRecord,
  type PaymentRequest,
  preparePayment,
  settle,
  toPayment,
} from './payment.ts';
import type { PaymentMethods } from './payment-methods.ts';
import type { IdempotencySettings, Outcome, PaymentsStore, PaymentsUnitOfWork } from './ports.ts';
import { release, withProvider } from './provider-call.ts';

type Step =
  | { kind: 'replay'; response: Payment }
  | { kind: 'done'; payment: Payment }
  | { kind: 'charge'; payment: PaymentRecord; holder: string };

const OPERATION = 'payment.create';

/**
 * Takes a payment, at most once per idempotency key. Cash is one transaction. A card payment is
 * three steps, because no transaction may stay open across a call to the provider: (1) claim the
 * key and save the payment as pending, (2) charge, with the payment id as the provider's own
 * idempotency key, (3) save the outcome, its event and the response with the key. If the provider
 * does not answer, the key is given back and the client's retry resumes the same payment.
 * A saved card (`paymentMethod`) is looked up and its owner checked first; past its expiry it
 * starts no new payment, but a payment it already started is still resumed — the provider
 * answers a charge it already made.
 */
export class TakePayment {
  constructor(
    private readonly store: PaymentsStore,
    private readonly provider: CardProvider,
    private readonly paymentMethods: PaymentMethods,
    private readonly settings: IdempotencySettings,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute(
    actor: Principal,
    key: string | undefined,
    request: PaymentRequest,
  ): Promise<Outcome<Payment>> {
    assertMayTake(actor, request.offlineCard ? 'offline_card' : request.method);
    const prepared = preparePayment(request, await this.savedCard(actor, request));
    const keyRequest: KeyRequest = {
      scope: keyScope(actor, request.reference),
      key: requireKey(key),
      operation: OPERATION,
      fingerprint: fingerprint(OPERATION, fingerprintSource(prepared)),
    };

    const step = await this.store.write(async (uow): Promise<Step> => {
      const claim = await claimKey<Payment>(uow.keys, keyRequest, this.clock(), this.settings.leaseMs);
      if (claim.kind === 'replay') return claim;
      let payment: PaymentRecord | undefined;
      if (claim.resourceId === null) {
        if (
          prepared.method === 'card' &&
          !('offline' in prepared) &&
          prepared.usableUntil &&
          prepared.usableUntil <= this.clock()
        ) {
          throw paymentMethodExpired(); // rolls the claim back: nothing is kept
        }
        payment = newPayment(newPaymentId(), prepared, actorId(actor), this.clock());
        await uow.payments.insert(payment);
        await uow.keys.setResource(keyRequest.scope, keyRequest.key, payment.id);
      } else {
        payment = await uow.payments.lock(claim.resourceId);
        if (!payment) throw new Error(`idempotency key points at a missing payment ${claim.resourceId}`);
      }
      // Cash has just succeeded, an offline card just been recorded; a payment settled by an
      // earlier attempt was published then.
      if (payment.status !== 'pending') {
        return { kind: 'done', payment: await finish(uow, keyRequest, payment, claim.resourceId === null) };
      }
      payment = { ...payment, attempts: payment.attempts + 1 };
      await uow.payments.update(payment);
      return { kind: 'charge', payment, holder: claim.holder };
    });

    if (step.kind === 'replay') return { value: step.response, replayed: true };
    if (step.kind === 'done') return { value: step.payment, replayed: false };
    if (prepared.method !== 'card' || 'offline' in prepared) {
      throw new Error('only a card payment taken now waits on a provider');
    }
    const result = await this.charge(keyRequest, step, prepared.source);
    const payment = await this.store.write(async (uow) => {
      const current = await uow.payments.lock(step.payment.id);
      if (!current) throw new Error(`payment ${step.payment.id} vanished while being charged`);
      const settled = current.status === 'pending' ? settle(current, result, this.clock()) : current;
      if (settled !== current) await uow.payments.update(settled);
      return finish(uow, keyRequest, settled, settled !== current);
    });
    return { value: payment, replayed: false };
  }

  /** The saved card a card payment names instead of the card itself, if it does and the caller may charge it. */
  private async savedCard(actor: Principal, request: PaymentRequest): Promise<SavedCard | undefined> {
    if (request.method !== 'card' || request.card || !request.paymentMethod) return undefined;
    return this.paymentMethods.chargeable(actor, request.paymentMethod, request.reference);
  }

  private charge(
    keyRequest: KeyRequest,
    { payment, holder }: { payment: PaymentRecord; holder: string },
    source: ChargeSource,
  ): Promise<ChargeResult> {
    return withProvider(
      () =>
        this.provider.charge({
          paymentId: payment.id,
          amount: payment.amount,
          source,
          attempt: payment.attempts,
        }),
      () => this.store.write((uow) => release(uow, keyRequest, holder)),
      this.settings.retryAfterSeconds,
    );
  }
}

/** Stores the payment's view as the key's answer (and publishes it if it settled just now), in one transaction. */
async function finish(
  uow: PaymentsUnitOfWork,
  keyRequest: KeyRequest,
  payment: PaymentRecord,
  publish: boolean,
): Promise<Payment> {
  const event = publish ? settledEvent(payment) : undefined;
  if (event) uow.record(event);
  const view = toPayment(payment);
  await uow.keys.complete(keyRequest.scope, keyRequest.key, view);
  return view;
}

/**
 * Whose keys a payment's key is among. A sale's payment is the register's, whoever sends it: an
 * offline sale's sync cut short under one cashier is resumed under another (ordering pays on the
 * cashier's behalf), and a key scoped to the caller would then take a second payment. So a
 * sale's keys are the sale's own; anything else keeps the caller's (two customers' keys never meet).
 */
function keyScope(actor: Principal, reference: PaymentReference): string {
  return reference.kind === 'sale' ? `sale:${reference.id}` : actorId(actor);
}
