import type { Refund } from '@comptoir/contracts';
import type { Principal } from '@comptoir/platform';
import { actorId, assertMayRefund } from './access.ts';
import type { CardProvider } from './card-provider.ts';
import { paymentNotFound } from './errors.ts';
import { refundedEvent } from './events.ts';
import { claimKey, fingerprint, type KeyRequest, requireKey } from './idempotency.ts';
import { newRefundId } from './ids.ts';
import type { PaymentRecord } from './payment.ts';
import type {
  IdempotencySettings,
  Outcome,
  PaymentsStore,
  PaymentsUnitOfWork,
  RefundRecord,
} from './ports.ts';
import { release, withProvider } from './provider-call.ts';
import { completeRefund, newRefund, type RefundRequest, refundAmount, toRefund } from './refund.ts';

type Step =
  | { kind: 'replay'; response: Refund }
  | { kind: 'done'; refund: Refund }
  | { kind: 'provider'; payment: PaymentRecord; refund: RefundRecord; holder: string };

const OPERATION = 'refund.create';

/**
 * Refunds all or part of a payment, at most once per idempotency key, in the same three steps as
 * a card charge: claim the key and save the refund as pending (which reserves its amount), ask
 * the provider, then save the outcome with `payment.refunded` and the key's answer. Cash goes
 * back from the till, so a cash refund is done in the first transaction.
 */
export class RefundPayment {
  constructor(
    private readonly store: PaymentsStore,
    private readonly provider: CardProvider,
    private readonly settings: IdempotencySettings,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute(
    actor: Principal,
    key: string | undefined,
    paymentId: string,
    request: RefundRequest,
  ): Promise<Outcome<Refund>> {
    assertMayRefund(actor);
    const keyRequest: KeyRequest = {
      scope: actorId(actor),
      key: requireKey(key),
      operation: OPERATION,
      fingerprint: fingerprint(OPERATION, { paymentId, amount: request.amount, reason: request.reason }),
    };

    const step = await this.store.write(async (uow): Promise<Step> => {
      const claim = await claimKey<Refund>(uow.keys, keyRequest, this.clock(), this.settings.leaseMs);
      if (claim.kind === 'replay') return claim;
      const { payment, refund } = await this.openRefund(
        uow,
        keyRequest,
        claim.resourceId,
        paymentId,
        request,
      );
      if (refund.status === 'succeeded')
        return { kind: 'done', refund: await finish(uow, keyRequest, refund) };
      if (payment.method === 'cash') {
        return { kind: 'done', refund: await this.succeed(uow, keyRequest, payment, refund, null) };
      }
      return { kind: 'provider', payment, refund, holder: claim.holder };
    });

    if (step.kind === 'replay') return { value: step.response, replayed: true };
    if (step.kind === 'done') return { value: step.refund, replayed: false };
    const { providerRefundId } = await withProvider(
      () =>
        this.provider.refund({
          refundId: step.refund.id,
          providerChargeId: step.payment.providerChargeId ?? step.payment.id,
          amount: step.refund.amount,
        }),
      () => this.store.write((uow) => release(uow, keyRequest, step.holder)),
      this.settings.retryAfterSeconds,
    );
    const refund = await this.store.write(async (uow) => {
      const payment = await uow.payments.lock(step.payment.id);
      const current = await uow.refunds.find(step.refund.id);
      if (!payment || !current) throw new Error(`refund ${step.refund.id} vanished while being made`);
      if (current.status === 'succeeded') return finish(uow, keyRequest, current);
      return this.succeed(uow, keyRequest, payment, current, providerRefundId);
    });
    return { value: refund, replayed: false };
  }

  /** The refund this key stands for: a new one (checked against what is left), or the one an earlier attempt began. */
  private async openRefund(
    uow: PaymentsUnitOfWork,
    keyRequest: KeyRequest,
    resourceId: string | null,
    paymentId: string,
    request: RefundRequest,
  ): Promise<{ payment: PaymentRecord; refund: RefundRecord }> {
    if (resourceId !== null) {
      const refund = await uow.refunds.find(resourceId);
      const payment = refund && (await uow.payments.lock(refund.paymentId));
      if (!refund || !payment) throw new Error(`idempotency key points at a missing refund ${resourceId}`);
      return { payment, refund };
    }
    const payment = await uow.payments.lock(paymentId);
    if (!payment) throw paymentNotFound(paymentId);
    const amount = refundAmount(payment, await uow.refunds.committedFor(payment.id), request);
    const refund = newRefund(newRefundId(), payment, amount, request, keyRequest.scope, this.clock());
    await uow.refunds.insert(refund);
    await uow.keys.setResource(keyRequest.scope, keyRequest.key, refund.id);
    return { payment, refund };
  }

  private async succeed(
    uow: PaymentsUnitOfWork,
    keyRequest: KeyRequest,
    payment: PaymentRecord,
    refund: RefundRecord,
    providerRefundId: string | null,
  ): Promise<Refund> {
    const done = completeRefund(payment, refund, providerRefundId, this.clock());
    await uow.refunds.update(done.refund);
    await uow.payments.update(done.payment);
    uow.record(refundedEvent(done.payment, done.refund));
    return finish(uow, keyRequest, done.refund);
  }
}

async function finish(
  uow: PaymentsUnitOfWork,
  keyRequest: KeyRequest,
  refund: RefundRecord,
): Promise<Refund> {
  const view = toRefund(refund);
  await uow.keys.complete(keyRequest.scope, keyRequest.key, view);
  return view;
}
