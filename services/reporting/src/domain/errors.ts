import { badRequest, DomainError } from '@comptoir/platform';

/**
 * The reporting error catalogue. Codes are stable: clients and tests match on them, and a retired
 * code is never reused for another meaning.
 */
export const ReportingErrorCodes = {
  invalidRange: 'REPORTING_INVALID_RANGE',
  notYourStore: 'REPORTING_NOT_YOUR_STORE',
  reportsForbidden: 'REPORTING_FORBIDDEN',
} as const;

export const invalidRange = (pointer: 'from' | 'to', detail: string) =>
  badRequest(ReportingErrorCodes.invalidRange, `The date range is not valid: ${detail}.`, [
    { pointer: `/querystring/${pointer}`, detail },
  ]);

// A store's figures asked by someone who does not manage it are a 403, not a 404: stores are
// public (the store locator), so saying "not yours" tells nothing new — as stores does for its
// store-level lists.
export const notYourStore = (storeId: string) =>
  new DomainError(
    'forbidden',
    ReportingErrorCodes.notYourStore,
    `You do not manage the store "${storeId}": a store manager sees the reports of their own stores only.`,
  );

export const reportsForbidden = () =>
  new DomainError(
    'forbidden',
    ReportingErrorCodes.reportsForbidden,
    'Reports are for head office and store managers.',
  );

/** An event reporting cannot fold: the bus retries it, then parks it in the dead-letter queue. */
export class UnfoldableEvent extends Error {
  override readonly name = 'UnfoldableEvent';
}
