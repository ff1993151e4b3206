/**
 * PostgreSQL drops every connection of the platform: `pg_terminate_backend` on each of its
 * backends, and new connections to its databases refused for 8 s (`allow_connections false`), so
 * a pool cannot simply reconnect at once. Each replica must turn not-ready (its `/health/ready`
 * pings its database) and come back by itself, without a restart (same pid). Requests meanwhile
 * may be refused (503, no answer) but never answered 500.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { isReady } from '../cluster/replicas.ts';
import { defaultLoad, type Scenario, type ScenarioContext } from './scenario.ts';

const OUTAGE_MS = 8_000;
const seenDown = new Set<string>();
const pidsBefore = new Map<string, number | undefined>();

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function setConnections(url: string, allow: boolean): Promise<string[]> {
  return admin(url, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      "select datname from pg_database where datname like 'comptoir_%'",
    );
    for (const { datname } of rows)
      await client.query(`alter database "${datname}" allow_connections ${allow}`);
    return rows.map((r) => r.datname);
  });
}

export const dropPostgres: Scenario = {
  name: 'PostgreSQL connections dropped',
  claim: 'replicas turn not-ready while their database is gone and recover without a restart',
  load: defaultLoad,
  async inject({ cluster, say }: ScenarioContext) {
    const replicas = cluster.replicas.filter((r) => r.service !== 'cart');
    for (const r of replicas) pidsBefore.set(r.id, r.child?.pid);
    const databases = await setConnections(cluster.postgres.url, false);
    const terminated = await admin(cluster.postgres.url, async (client) => {
      const { rowCount } = await client.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname like 'comptoir_%' and pid <> pg_backend_pid()",
      );
      return rowCount ?? 0;
    });
    say(
      `terminated ${terminated} backends of ${databases.length} databases; connections refused for ${OUTAGE_MS / 1000} s`,
    );
    const until = Date.now() + OUTAGE_MS;
    while (Date.now() < until) {
      await Promise.all(
        replicas.map(async (r) => {
          if (!(await isReady(r.url))) seenDown.add(r.id);
        }),
      );
      await sleep(500);
    }
    await setConnections(cluster.postgres.url, true);
    say(`connections allowed again; ${seenDown.size}/${replicas.length} replicas were seen not-ready`);
    const deadline = Date.now() + 30_000;
    let waiting = replicas;
    while (waiting.length > 0 && Date.now() < deadline) {
      const states = await Promise.all(waiting.map((r) => isReady(r.url)));
      waiting = waiting.filter((_, i) => !states[i]);
      if (waiting.length > 0) await sleep(500);
    }
    say(
      waiting.length === 0
        ? 'every replica is ready again'
        : `not ready after 30 s: ${waiting.map((r) => r.id).join(', ')}`,
    );
    await sleep(3_000);
  },
  // Refusals while the database is gone are expected; a 500 is not — a service that cannot reach
  // its database answers 503 DATABASE_UNAVAILABLE with Retry-After, which the till retries.
  tolerates: (failure) => failure.status !== 500,
  async verify({ cluster }) {
    const problems: string[] = [];
    for (const r of cluster.replicas.filter((r) => r.service !== 'cart')) {
      if (!seenDown.has(r.id)) problems.push(`${r.id} never turned not-ready while its database was gone`);
      if (r.child?.pid !== pidsBefore.get(r.id) || r.child?.exitCode !== null)
        problems.push(`${r.id} restarted or exited`);
      if (!(await isReady(r.url))) problems.push(`${r.id} is not ready after the database came back`);
    }
    return problems;
  },
};
