import type { CashSession, CashSessionStatus, OfflineCardPolicy, Register, Store } from '@comptoir/contracts';
import type { ReturnEntry, SaleEntry } from './ledger.ts';

/** What the domain needs from storage. `src/data` implements these with SQL. */

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A cash session as stored: the API's view plus what only reports show. */
export interface SessionRecord extends CashSession {
  closedBy: string | null;
  closeNote: string | null;
}

export interface StoreReader {
  find(id: string): Promise<Store | undefined>;
  /** By id; `ids` narrows to those stores. `take` is one more than a page. */
  list(query: { ids?: readonly string[]; afterId?: string; take: number }): Promise<Store[]>;
}

export interface StoreWriter {
  /** Sets the store's offline-card policy (the limit in the store's currency, in cents). */
  setOfflineCard(id: string, enabled: boolean, limit: number | null, at: string): Promise<void>;
  /** The store's offline-card policy. */
  offlineCard(id: string): Promise<OfflineCardPolicy | undefined>;
  /** False when another store has the code. */
  insert(store: Store): Promise<boolean>;
  /** Reads the store and holds it until the transaction ends. */
  lock(id: string): Promise<Store | undefined>;
  /** Throws the `codeTaken` problem when another store has the new code. */
  update(store: Store): Promise<void>;
}

export interface RegisterReader {
  /** With `openSessionId` filled in. */
  find(id: string): Promise<Register | undefined>;
  listByStore(storeId: string, query: { afterId?: string; take: number }): Promise<Register[]>;
}

export interface RegisterWriter {
  /** False when the store has a register of that name (case aside). */
  insert(register: Pick<Register, 'id' | 'storeId' | 'name' | 'createdAt'>): Promise<boolean>;
}

export interface SessionQuery {
  status?: CashSessionStatus;
  /** Newest first: the page after this id. */
  beforeId?: string;
  take: number;
}

export interface SessionReader {
  find(id: string): Promise<SessionRecord | undefined>;
  listByRegister(registerId: string, query: SessionQuery): Promise<SessionRecord[]>;
}

export interface SessionWriter {
  /**
   * Inserts an open session unless the register has one; then nothing is written and the open
   * session's id comes back. Two racing inserts serialise on the partial unique index.
   */
  open(session: SessionRecord): Promise<{ opened: true } | { opened: false; openSessionId: string }>;
  /** Reads the session and holds it: event handlers recording into it wait for the close. */
  lock(id: string): Promise<SessionRecord | undefined>;
  close(session: SessionRecord): Promise<void>;
}

/** The ledger entries of one session: its sales and the returns that count against its drawer. */
export interface LedgerReader {
  entriesOf(sessionId: string): Promise<{ sales: SaleEntry[]; returns: ReturnEntry[] }>;
}

/** A fact to publish, saved with the change that caused it. */
export interface StoresEvent {
  type: string;
  data: unknown;
  subject: string;
}

/** One transaction: its writes and its events commit together or not at all. */
export interface StoresUnitOfWork {
  stores: StoreWriter;
  registers: RegisterWriter & RegisterReader;
  sessions: SessionWriter;
  ledger: LedgerReader;
  record(event: StoresEvent): void;
}

export interface StoresStore {
  stores: StoreReader;
  registers: RegisterReader;
  sessions: SessionReader;
  ledger: LedgerReader;
  write<T>(work: (uow: StoresUnitOfWork) => Promise<T>): Promise<T>;
}
