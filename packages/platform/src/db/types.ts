/** Anything that runs SQL: the database itself or an open transaction. */
export interface Queryable {
  /**
   * Runs one parameterised statement (`$1, $2…`). Both adapters return the same values:
   * int8 (`count(*)`, `bigint`) as a number, `numeric` as an exact string, `timestamptz` as a Date.
   * @example const { rows } = await db.query<{ id: string }>('select id from product where sku = $1', [sku]);
   */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

export interface QueryResult<R> {
  rows: R[];
  /** Rows returned or affected. */
  rowCount: number;
}

/** One ordered, versioned schema change. Files are named `NNN_name.sql`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/**
 * A service's own database: a real PostgreSQL database (`comptoir_<service>`) or, embedded,
 * a schema of its own in a shared PGlite instance. The same SQL runs on both.
 */
export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** The service this database belongs to. */
  readonly service: string;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Applies the migrations of one scope (a service, or a kit part such as `outbox`) in version
   * order, each once, under an advisory lock so replicas starting together do not race.
   */
  migrate(scope: string, migrations: readonly Migration[]): Promise<{ applied: number[] }>;
  ping(): Promise<void>;
  poolStats(): PoolStats;
  close(): Promise<void>;
}
