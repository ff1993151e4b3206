import { authenticated, defineService } from '@comptoir/platform';
import { startHousekeeping } from './data/housekeeping.ts';
import { storesStore } from './data/stores.store.ts';
import { CashSessions } from './domain/cash-sessions.ts';
import { OfflineCardPolicies } from './domain/offline-card.ts';
import { Registers } from './domain/registers.ts';
import { Reports } from './domain/reports.ts';
import { Stores } from './domain/stores.ts';
import { ORDERING_TOPICS, orderingEventsHandler } from './events/ordering-events.ts';
import { offlineCardRoutes } from './routes/offline-card.routes.ts';
import { registerRoutes } from './routes/registers.routes.ts';
import { sessionRoutes } from './routes/sessions.routes.ts';
import { storeRoutes } from './routes/stores.routes.ts';

/**
 * The chain's stores, their registers and the cash sessions of each register, with X/Z reports
 * made from ordering's sale events. Publishes store.created/updated and register.opened/closed.
 */
export const stores = defineService({
  name: 'stores',
  description: 'Stores (a public locator), registers, cash sessions (float, count, X/Z reports).',
  defaultPort: 8104,
  migrations: new URL('./data/migrations/', import.meta.url),
  async setup(ctx) {
    const store = storesStore(ctx);
    const sessions = new CashSessions(store);
    ctx.onClose(startHousekeeping(ctx.db, ctx.log));
    // Every route below needs a token unless it says `public: true`, as the store locator does;
    // who may see which store's tills is the domain's call (domain/access.ts).
    await ctx.app.register(
      authenticated(async (group) => {
        storeRoutes(group, new Stores(store));
        registerRoutes(group, new Registers(store));
        offlineCardRoutes(group, new OfflineCardPolicies(store));
        sessionRoutes(group, sessions, new Reports(sessions, store.ledger));
      }),
    );
    await ctx.subscribe('ordering-events', {
      topics: ORDERING_TOPICS,
      handle: orderingEventsHandler(ctx.log),
    });
  },
});
