/**
 * The platform's processes, one per replica, as `npm run start:services` runs them — but owned
 * here, so a scenario can kill one by its pid (`kill -9`), stop one gracefully (SIGTERM, as a
 * rollout does) and start it again with the very same settings. Each process logs to a file of
 * its own in the cluster's directory (kept when a run fails, for the post-mortem).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

export interface Replica {
  /** `catalog#0`, `ordering-worker#1`… */
  readonly id: string;
  readonly service: string;
  readonly port: number;
  readonly url: string;
  readonly env: Readonly<Record<string, string>>;
  child?: ChildProcess;
}

export function replica(id: string, service: string, port: number, env: Record<string, string>): Replica {
  return { id, service, port, url: `http://127.0.0.1:${port}`, env: { ...env, PORT: String(port) } };
}

export function launch(target: Replica, logDir: string): void {
  const log = openSync(join(logDir, `${target.id.replace('#', '-')}.log`), 'a');
  target.child = spawn(process.execPath, ['--import', 'tsx', `services/${target.service}/src/main.ts`], {
    cwd: root,
    env: { ...process.env, ...target.env },
    stdio: ['ignore', log, log],
  });
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

/** `kill -9`: no drain, no goodbye — what a crashed process or an OOM kill looks like. */
export async function kill9(target: Replica): Promise<void> {
  const child = target.child;
  if (!child?.pid) return;
  process.kill(child.pid, 'SIGKILL');
  await exited(child);
}

/** SIGTERM, then waits for the process to drain and exit (the kit forces it after 10 s). */
export async function terminate(target: Replica): Promise<void> {
  const child = target.child;
  if (!child?.pid) return;
  process.kill(child.pid, 'SIGTERM');
  await exited(child);
}

export async function isReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

export async function waitReady(
  target: Replica | { url: string; id: string },
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // Exited first: whatever else answers on its port is not this replica.
    if ('child' in target && target.child && target.child.exitCode !== null)
      throw new Error(`${target.id} exited (${target.child.exitCode}) before it was ready`);
    if (await isReady(target.url)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${target.id} was not ready within ${timeoutMs} ms`);
}
