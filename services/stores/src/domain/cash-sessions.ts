import { type CashSession, type CashSessionStatus, type Money, StoreEventTypes } from '@comptoir/contracts';
import { idCursor, type Principal, pageOf } from '@comptoir/platform';
import { assertMayClose, isStaffOf } from './access.ts';
import {
  currencyMismatch,
  invalidCursor,
  registerNotFound,
  sessionAlreadyOpen,
  sessionClosed,
  sessionNotFound,
} from './errors.ts';
import { newSessionId, SESSION_ID } from './ids.ts';
import { cashFigures } from './ledger.ts';
import type { Page, SessionRecord, StoresStore, StoresUnitOfWork } from './ports.ts';

export interface SessionListQuery {
  status?: CashSessionStatus;
  limit: number;
  cursor?: string;
}

const cursor = idCursor(invalidCursor, SESSION_ID);

/** The API's view of a stored session. */
export const toCashSession = ({ closedBy: _by, closeNote: _note, ...session }: SessionRecord): CashSession =>
  session;

/**
 * A cashier's shift at a register: opened with a float, closed with a count. A register has at most
 * one open session — the database's partial unique index decides between racing opens.
 */
export class CashSessions {
  constructor(
    private readonly store: StoresStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async open(actor: Principal, registerId: string, openingFloat: Money): Promise<CashSession> {
    const register = await this.store.registers.find(registerId);
    if (!register || !isStaffOf(actor, register.storeId)) throw registerNotFound(registerId);
    const shop = await this.store.stores.find(register.storeId);
    const currency = shop?.currency ?? openingFloat.currency;
    if (openingFloat.currency !== currency) throw currencyMismatch('/body/openingFloat/currency', currency);
    const session: SessionRecord = {
      id: newSessionId(),
      registerId,
      storeId: register.storeId,
      cashierId: actor.subject,
      status: 'open',
      openingFloat,
      openedAt: this.clock().toISOString(),
      closedAt: null,
      expectedCash: null,
      countedCash: null,
      differenceCents: null,
      closedBy: null,
      closeNote: null,
    };
    return this.store.write(async (uow) => {
      const result = await uow.sessions.open(session);
      if (!result.opened) throw sessionAlreadyOpen(registerId, result.openSessionId);
      return announce(uow, StoreEventTypes.registerOpened, session);
    });
  }

  async get(actor: Principal, id: string): Promise<CashSession> {
    return toCashSession(await this.visible(actor, id));
  }

  async list(actor: Principal, registerId: string, query: SessionListQuery): Promise<Page<CashSession>> {
    const register = await this.store.registers.find(registerId);
    if (!register || !isStaffOf(actor, register.storeId)) throw registerNotFound(registerId);
    const beforeId = cursor.decode(query.cursor);
    const rows = await this.store.sessions.listByRegister(registerId, {
      take: query.limit + 1,
      ...(query.status ? { status: query.status } : {}),
      ...(beforeId ? { beforeId } : {}),
    });
    return pageOf(rows, query.limit, toCashSession, (s) => cursor.encode(s.id));
  }

  /**
   * Closes with the cash counted. The expected cash is the ledger's at this moment: the session is
   * locked first, so a sale being recorded either commits before (and is counted) or waits and is
   * recorded late.
   */
  async close(actor: Principal, id: string, countedCash: Money, note?: string): Promise<CashSession> {
    await this.visible(actor, id);
    return this.store.write(async (uow) => {
      const session = await uow.sessions.lock(id);
      if (!session) throw sessionNotFound(id);
      assertMayClose(actor, session);
      if (session.status === 'closed') throw sessionClosed(id);
      const currency = session.openingFloat.currency;
      if (countedCash.currency !== currency) throw currencyMismatch('/body/countedCash/currency', currency);
      const { sales, returns } = await uow.ledger.entriesOf(id);
      const { expected } = cashFigures(session.openingFloat.amount, sales, returns);
      const closed: SessionRecord = {
        ...session,
        status: 'closed',
        closedAt: this.clock().toISOString(),
        expectedCash: { amount: expected, currency },
        countedCash,
        differenceCents: countedCash.amount - expected,
        closedBy: actor.subject,
        closeNote: note ?? null,
      };
      await uow.sessions.close(closed);
      return announce(uow, StoreEventTypes.registerClosed, closed);
    });
  }

  /** The session, if the caller works at its store (or is head office); else it does not exist. */
  async visible(actor: Principal, id: string): Promise<SessionRecord> {
    const session = await this.store.sessions.find(id);
    if (!session || !isStaffOf(actor, session.storeId)) throw sessionNotFound(id);
    return session;
  }
}

function announce(uow: StoresUnitOfWork, type: string, record: SessionRecord): CashSession {
  const session = toCashSession(record);
  uow.record({ type, data: { session }, subject: session.registerId });
  return session;
}
