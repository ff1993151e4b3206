import { Type } from '@comptoir/platform';

/** Reporting's own settings; the kit reads and validates them with its own at start-up. */
export const ReportingConfig = Type.Object({
  /**
   * The time zone whose calendar days the reports count in. Stores carry no time zone of their
   * own yet, so every store's day runs midnight to midnight here (IANA name).
   */
  REPORTING_TIME_ZONE: Type.String({ minLength: 1, default: 'America/Toronto' }),
  /** The one currency the reports add up; an event in another is refused (dead-lettered), never mixed in. */
  REPORTING_CURRENCY: Type.String({ pattern: '^[A-Z]{3}$', default: 'CAD' }),
  /** The longest range a report covers, in days. */
  REPORTING_MAX_RANGE_DAYS: Type.Integer({ minimum: 1, maximum: 3_660, default: 366 }),
});
