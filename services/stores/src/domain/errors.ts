import { badRequest, conflict, DomainError, notFound, unprocessable } from '@comptoir/platform';

/**
 * The stores error catalogue. Codes are stable: clients and tests match on them, and a retired
 * code is never reused for another meaning.
 */
export const StoresErrorCodes = {
  storeNotFound: 'STORES_STORE_NOT_FOUND',
  codeTaken: 'STORES_CODE_TAKEN',
  duplicateTax: 'STORES_DUPLICATE_TAX',
  registerNotFound: 'STORES_REGISTER_NOT_FOUND',
  registerNameTaken: 'STORES_REGISTER_NAME_TAKEN',
  sessionNotFound: 'STORES_SESSION_NOT_FOUND',
  sessionAlreadyOpen: 'STORES_SESSION_ALREADY_OPEN',
  sessionClosed: 'STORES_SESSION_CLOSED',
  sessionStillOpen: 'STORES_SESSION_STILL_OPEN',
  currencyMismatch: 'STORES_CURRENCY_MISMATCH',
  headOfficeOnly: 'STORES_HEAD_OFFICE_ONLY',
  notYourStore: 'STORES_NOT_YOUR_STORE',
  notYourSession: 'STORES_NOT_YOUR_SESSION',
  invalidCursor: 'STORES_INVALID_CURSOR',
} as const;

export const storeNotFound = (id: string) =>
  notFound(StoresErrorCodes.storeNotFound, `No store has the id "${id}".`);

export const codeTaken = (code: string) =>
  conflict(StoresErrorCodes.codeTaken, `Another store already has the code "${code}".`, {
    storeCode: code,
  });

export const duplicateTax = (code: string, index: number) =>
  badRequest(StoresErrorCodes.duplicateTax, `The tax "${code}" is given twice; give each tax once.`, [
    { pointer: `/body/taxes/${index}/code`, detail: 'repeats an earlier tax' },
  ]);

// Registers, sessions and reports of a store the caller does not work at are "not found", not
// "forbidden": ids must not tell which tills exist elsewhere, nor what they took.
export const registerNotFound = (id: string) =>
  notFound(StoresErrorCodes.registerNotFound, `No register has the id "${id}".`);

export const sessionNotFound = (id: string) =>
  notFound(StoresErrorCodes.sessionNotFound, `No cash session has the id "${id}".`);

export const registerNameTaken = (name: string) =>
  conflict(StoresErrorCodes.registerNameTaken, `This store already has a register named "${name}".`, {
    name,
  });

export const sessionAlreadyOpen = (registerId: string, openSessionId: string) =>
  conflict(
    StoresErrorCodes.sessionAlreadyOpen,
    `The register "${registerId}" already has an open cash session, "${openSessionId}": close it first.`,
    { registerId, openSessionId },
  );

export const sessionClosed = (id: string) =>
  conflict(StoresErrorCodes.sessionClosed, `The cash session "${id}" is already closed.`, {
    sessionId: id,
    sessionStatus: 'closed',
  });

export const sessionStillOpen = (id: string) =>
  conflict(
    StoresErrorCodes.sessionStillOpen,
    `The cash session "${id}" is still open: its Z report exists once it is closed (the X report shows the running totals).`,
    { sessionId: id, sessionStatus: 'open' },
  );

export const currencyMismatch = (pointer: string, expected: string) =>
  unprocessable(
    StoresErrorCodes.currencyMismatch,
    `The amount must be in ${expected}, the store's currency.`,
    [{ pointer, detail: `must be in ${expected}` }],
  );

export const headOfficeOnly = (what: string) =>
  new DomainError('forbidden', StoresErrorCodes.headOfficeOnly, `Only head office may ${what}.`);

export const notYourStore = (storeId: string, what: string) =>
  new DomainError(
    'forbidden',
    StoresErrorCodes.notYourStore,
    `You do not work at the store "${storeId}" in a role that may ${what}.`,
  );

export const notYourSession = (id: string) =>
  new DomainError(
    'forbidden',
    StoresErrorCodes.notYourSession,
    `The cash session "${id}" is another cashier's: only they, the store's managers or head office may close it.`,
  );

export const invalidCursor = () =>
  badRequest(StoresErrorCodes.invalidCursor, 'The cursor is not one this API gave out.', [
    { pointer: '/querystring/cursor', detail: 'is malformed or was altered' },
  ]);
