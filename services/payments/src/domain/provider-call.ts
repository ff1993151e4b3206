import { ProviderUnavailableError, SavedCardUnusableError } from './card-provider.ts';
import { paymentMethodExpired, paymentMethodUnknown, providerUnavailable } from './errors.ts';
import type { KeyRequest } from './idempotency.ts';
import type { PaymentsUnitOfWork } from './ports.ts';

/**
 * Calls the provider outside any transaction. When it does not answer, the idempotency key is
 * given back so the client's retry (same key) resumes the same payment or refund; the client
 * hears 503 with Retry-After. A saved card the provider will not charge is a 422. Any other
 * failure gives the key back too and is rethrown.
 */
export async function withProvider<T>(
  call: () => Promise<T>,
  giveBack: () => Promise<void>,
  retryAfterSeconds: number,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    // If even this fails, the key's lease runs out and a retry takes over then.
    await giveBack().catch(() => undefined);
    if (error instanceof ProviderUnavailableError) throw providerUnavailable(retryAfterSeconds);
    if (error instanceof SavedCardUnusableError) {
      throw error.reason === 'expired' ? paymentMethodExpired() : paymentMethodUnknown();
    }
    throw error;
  }
}

/** Gives the key back without an answer: the next request with it runs again. */
export function release(uow: PaymentsUnitOfWork, keyRequest: KeyRequest, holder: string): Promise<void> {
  return uow.keys.release(keyRequest.scope, keyRequest.key, holder);
}
