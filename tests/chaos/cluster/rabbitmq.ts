/**
 * A RabbitMQ node of the suite's own: its own node name, ports, data and logs in a temp directory,
 * no plugins, the machine's `rabbitmq.conf` replaced by one naming its own listener. Started and
 * stopped with the Debian scripts (which run the node as the `rabbitmq` user, hence the chown).
 * Restarting it is a scenario; the machine's shared broker is never touched.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForPort } from './free-ports.ts';

export interface ChaosRabbit {
  readonly url: string;
  /** Stops the node (its connections close, its queues survive on disk: they are durable). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and removes its files. */
  destroy(): Promise<void>;
}

function chownTree(path: string, uid: number, gid: number): void {
  spawnSync('chown', ['-R', `${uid}:${gid}`, path]);
}

export async function startRabbit(amqpPort: number, distPort: number): Promise<ChaosRabbit> {
  const dir = mkdtempSync(join(tmpdir(), 'comptoir-chaos-rabbit-'));
  const node = `chaos-${process.pid}@localhost`;
  for (const sub of ['mnesia', 'log']) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, 'enabled_plugins'), '[].\n');
  writeFileSync(join(dir, 'rabbitmq.conf'), `listeners.tcp.local = 127.0.0.1:${amqpPort}\n`);
  if (process.getuid?.() === 0) {
    const id = spawnSync('id', ['-u', 'rabbitmq'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'rabbitmq'], { encoding: 'utf8' });
    if (id.status === 0) chownTree(dir, Number(id.stdout.trim()), Number(gid.stdout.trim()));
    else chownSync(dir, 0, 0);
  }
  const env = {
    ...process.env,
    RABBITMQ_NODENAME: node,
    RABBITMQ_NODE_PORT: String(amqpPort),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_FEATURE_FLAGS_FILE: join(dir, 'feature_flags'),
  };
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('rabbitmq-server', [], { env, stdio: 'ignore' });
    await waitForPort(amqpPort, 120_000);
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    spawnSync('rabbitmqctl', ['-n', node, 'stop'], { env, stdio: 'ignore', timeout: 60_000 });
    if (running && running.exitCode === null) {
      const exited = new Promise((resolve) => running.once('exit', resolve));
      const force = setTimeout(() => running.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(force);
    }
  };
  await start();
  return {
    url: `amqp://guest:guest@127.0.0.1:${amqpPort}`,
    start,
    stop,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
