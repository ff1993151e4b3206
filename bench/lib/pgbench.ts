/**
 * The database's own ceiling, as the reference for the journeys: pgbench's TPC-B-like transaction
 * (three updates, one select, one insert) against the same server, at the same concurrency.
 */
import { spawnSync } from 'node:child_process';

export interface PgbenchResult {
  clients: number;
  tps: number;
  latencyMs: number;
}

function pgbench(url: string, args: string[]): string {
  const result = spawnSync('pgbench', [...args, url], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`pgbench failed: ${result.stderr}`);
  return result.stdout;
}

export function runPgbench(url: string, clients: number, seconds: number): PgbenchResult {
  const target = new URL(url);
  target.pathname = '/postgres';
  const database = target.toString();
  pgbench(database, ['-i', '-q', '-s', '4']);
  const out = pgbench(database, ['-n', '-c', String(clients), '-j', '1', '-T', String(seconds)]);
  const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
  const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1]);
  if (!Number.isFinite(tps)) throw new Error(`pgbench printed no tps:\n${out}`);
  return { clients, tps, latencyMs };
}
