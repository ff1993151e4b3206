import type { OfflineCardPolicy } from '@comptoir/contracts';
import type { Principal } from '@comptoir/platform';
import { assertMayListRegisters, assertMaySetOfflineCard } from './access.ts';
import { currencyMismatch, storeNotFound } from './errors.ts';
import type { StoresStore } from './ports.ts';

/**
 * A store's offline-card policy: whether its registers may take a card while the network is down,
 * and up to how much per sale. The store's managers and head office set it; its staff read it (the
 * register also gets it with itself, to cache for when it is offline). Ordering reads it at sync
 * and flags a card sale outside it for the manager — the sale itself is recorded either way.
 */
export class OfflineCardPolicies {
  constructor(
    private readonly store: StoresStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async get(actor: Principal, storeId: string): Promise<OfflineCardPolicy> {
    if (!(await this.store.stores.find(storeId))) throw storeNotFound(storeId);
    assertMayListRegisters(actor, storeId);
    return this.store.write(async (uow) => {
      const policy = await uow.stores.offlineCard(storeId);
      if (!policy) throw storeNotFound(storeId);
      return policy;
    });
  }

  async set(actor: Principal, storeId: string, policy: OfflineCardPolicy): Promise<OfflineCardPolicy> {
    const found = await this.store.stores.find(storeId);
    if (!found) throw storeNotFound(storeId);
    assertMaySetOfflineCard(actor, storeId);
    if (policy.perSaleLimit && policy.perSaleLimit.currency !== found.currency) {
      throw currencyMismatch('/body/perSaleLimit/currency', found.currency);
    }
    return this.store.write(async (uow) => {
      await uow.stores.setOfflineCard(
        storeId,
        policy.enabled,
        policy.perSaleLimit?.amount ?? null,
        this.clock().toISOString(),
      );
      const saved = await uow.stores.offlineCard(storeId);
      if (!saved) throw storeNotFound(storeId);
      return saved;
    });
  }
}
