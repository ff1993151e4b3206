/**
 * A throw-away PostgreSQL server for one bench run: Debian's binaries, a fresh cluster in a temp
 * directory on a free port, trust auth on loopback. The platform's databases (`comptoir_<svc>`)
 * are fixed names, so a repeatable bench on real PostgreSQL needs a server of its own — and
 * pgbench, the reference, then measures the very same server.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ThrowAwayPostgres {
  url: string;
  port: number;
  stop(): void;
}

const bin = (program: string) => {
  const versions = readdirSync('/usr/lib/postgresql').sort();
  const version = versions.at(-1);
  if (!version) throw new Error('PostgreSQL binaries not found under /usr/lib/postgresql');
  return `/usr/lib/postgresql/${version}/bin/${program}`;
};

/** initdb refuses to run as root: as root, the cluster is made and run by the `postgres` user. */
function run(program: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [command, argv] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', bin(program), ...args]]
    : [bin(program), args];
  const result = spawnSync(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${program} failed: ${result.stderr || result.stdout}`);
}

/** A port nobody listens on now (the kernel's pick), so two benches or suites never share one. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A throw-away server on a free port. */
export async function startPostgresOnFreePort(): Promise<ThrowAwayPostgres> {
  return startPostgres(await freePort());
}

export function startPostgres(port: number): ThrowAwayPostgres {
  const dir = mkdtempSync(join(tmpdir(), 'comptoir-bench-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir]);
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'log'),
    '-w',
    '-o',
    // The platform opens a pool per service replica; 200 leaves room for pgbench beside it.
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB`,
    'start',
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
