/** Read-only access to the cluster's databases, one pool per service database, for the checker. */
import pg from 'pg';

export class Databases {
  readonly #pools = new Map<string, pg.Pool>();

  constructor(private readonly urlOf: (service: string) => string) {}

  async rows<T>(service: string, sql: string, params: unknown[] = []): Promise<T[]> {
    let pool = this.#pools.get(service);
    if (!pool) {
      pool = new pg.Pool({ connectionString: this.urlOf(service), max: 2 });
      // A scenario terminates every backend: an idle client of ours dropped then is not an error.
      pool.on('error', () => {});
      this.#pools.set(service, pool);
    }
    return (await pool.query(sql, params)).rows as T[];
  }

  async close(): Promise<void> {
    await Promise.all([...this.#pools.values()].map((pool) => pool.end()));
    this.#pools.clear();
  }
}
