import { authenticated, defineService } from '@comptoir/platform';
import { ReportingConfig } from './config.ts';
import { rebuilder } from './data/event-log.repository.ts';
import { startHousekeeping } from './data/housekeeping.ts';
import { reportReader } from './data/reports.repository.ts';
import { isTimeZone } from './domain/days.ts';
import { Reports } from './domain/reports.ts';
import { folder, REPORTING_TOPICS } from './events/fold.ts';
import { reportingEventsHandler } from './events/reporting-events.ts';
import { adminRoutes } from './routes/admin.routes.ts';
import { reportRoutes } from './routes/reports.routes.ts';

/**
 * Read models folded from the other services' events — sales per store, day and channel, top
 * products, baskets, stock alerts, cash sessions — each rebuildable from the log of those events.
 * Publishes nothing.
 */
export const reporting = defineService({
  name: 'reporting',
  description:
    'Reports for head office and store managers: sales, top products, baskets, stock alerts, sessions.',
  defaultPort: 8108,
  config: ReportingConfig,
  migrations: new URL('./data/migrations/', import.meta.url),
  async setup(ctx) {
    const { config } = ctx;
    if (!isTimeZone(config.REPORTING_TIME_ZONE)) {
      throw new Error(
        `REPORTING_TIME_ZONE: "${config.REPORTING_TIME_ZONE}" is not a time zone this runtime knows`,
      );
    }
    const fold = folder({ timeZone: config.REPORTING_TIME_ZONE, currency: config.REPORTING_CURRENCY });
    const reports = new Reports(reportReader(ctx.db), {
      timeZone: config.REPORTING_TIME_ZONE,
      currency: config.REPORTING_CURRENCY,
      maxDays: config.REPORTING_MAX_RANGE_DAYS,
    });
    ctx.onClose(startHousekeeping(ctx.db, ctx.log));
    // Every route needs a token; who sees which store's figures is the domain's call (domain/access.ts).
    await ctx.app.register(
      authenticated(async (group) => {
        reportRoutes(group, reports);
        adminRoutes(group, rebuilder(ctx.db), fold);
      }),
    );
    // One queue for every fact, so the facts of one publisher are folded in the order it sent them.
    await ctx.subscribe('events', { topics: REPORTING_TOPICS, handle: reportingEventsHandler(fold) });
  },
});
