/**
 * A Redis server of the suite's own (a child process on a free port, nothing saved to disk): the
 * Redis scenario stops it, and the machine's shared Redis must never be the one that goes away.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { waitForPort } from './free-ports.ts';

export interface ChaosRedis {
  readonly url: string;
  /** Kills the server: every client sees its connections drop and new ones refused. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty (like a cache node replaced). */
  start(): Promise<void>;
}

export async function startRedis(port: number): Promise<ChaosRedis> {
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    await waitForPort(port, 15_000);
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}
