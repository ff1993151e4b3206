import pg from 'pg';

/** The three service databases the drill writes to, by service: `comptoir_<service>` on the server. */
export const DRILL_SERVICES = ['inventory', 'ordering', 'payments'] as const;
export type DrillService = (typeof DRILL_SERVICES)[number];

/**
 * Clients on the service databases of one server. `suffix` reads copies made beside them
 * (`comptoir_inventory_fromdump`), as the dump check restores them.
 */
export interface Databases {
  inventory: pg.Client;
  ordering: pg.Client;
  payments: pg.Client;
  close(): Promise<void>;
}

export async function connect(serverUrl: string, suffix = ''): Promise<Databases> {
  const open = async (service: DrillService) => {
    const url = new URL(serverUrl);
    url.pathname = `/comptoir_${service}${suffix}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    return client;
  };
  const inventory = await open('inventory');
  const ordering = await open('ordering');
  const payments = await open('payments');
  return {
    inventory,
    ordering,
    payments,
    async close() {
      await Promise.all([inventory.end(), ordering.end(), payments.end()]);
    },
  };
}

/** Runs `fn` in one transaction of `client`: a sale's rows in one database commit together. */
export async function inTransaction<T>(client: pg.Client, fn: () => Promise<T>): Promise<T> {
  await client.query('begin');
  try {
    const result = await fn();
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}
