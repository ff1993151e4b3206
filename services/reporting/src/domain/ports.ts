import type {
  Channel,
  LevelFact,
  LowStockFact,
  RefundFact,
  SaleFact,
  SessionFact,
  StoreFact,
} from './facts.ts';

/** The read models, as the fold writes them (inside the event's transaction). */
export interface Projections {
  knowStore(store: StoreFact): Promise<void>;
  addSale(sale: SaleFact): Promise<void>;
  addRefund(refund: RefundFact): Promise<void>;
  /** Notes an online order as sold; false when it already was (then it is not counted again). */
  countOnlineSale(orderId: string, total: number): Promise<boolean>;
  /** Marks a counted online order refunded; its total, or null when it was never counted or already refunded. */
  refundOnlineSale(orderId: string): Promise<number | null>;
  raiseStockAlert(alert: LowStockFact): Promise<void>;
  /** A level's new available stock: clears its alert when back at or above the threshold. */
  levelChanged(level: LevelFact): Promise<void>;
  sessionOpened(session: SessionFact): Promise<void>;
  sessionClosed(session: SessionFact): Promise<void>;
}

/** The logged events, oldest first, and the read models to empty and fold them into again. */
export interface EventLog {
  /** Keeps an event; false when it is already there (then it must not be folded again). */
  append(event: LoggedEvent): Promise<boolean>;
}

export interface LoggedEvent {
  id: string;
  type: string;
  subject: string | null;
  data: unknown;
}

/** Which stores a report covers: every one (online sales included), or these. */
export type StoreScope = { all: true } | { all: false; storeIds: readonly string[] };

export interface RangeQuery {
  from: string;
  to: string;
  scope: StoreScope;
  channel?: Channel;
}

/** One store's (or the online shop's: storeId null) figures of one day and channel. */
export interface DailySalesRow {
  day: string;
  storeId: string | null;
  storeName: string | null;
  channel: Channel;
  salesCount: number;
  items: number;
  gross: number;
  taxes: number;
  refundsCount: number;
  refunds: number;
}

export interface ProductRow {
  sku: string;
  name: string;
  quantity: number;
  revenue: number;
}

export interface StockAlertRow {
  sku: string;
  locationId: string;
  storeId: string | null;
  storeName: string | null;
  available: number;
  threshold: number;
  raisedAt: string;
}

export interface SessionRow extends SessionFact {
  storeName: string | null;
}

export interface ReportReader {
  dailySales(query: RangeQuery): Promise<DailySalesRow[]>;
  topProducts(query: RangeQuery & { by: 'quantity' | 'revenue'; limit: number }): Promise<ProductRow[]>;
  stockAlerts(query: { scope: StoreScope; locationId?: string }): Promise<StockAlertRow[]>;
  sessions(query: RangeQuery): Promise<SessionRow[]>;
}

/** Empties the read models and folds the whole log into them again, in one transaction. */
export interface Rebuilder {
  rebuild(fold: (event: LoggedEvent, projections: Projections) => Promise<void>): Promise<{ events: number }>;
}
