import { randomBytes } from 'node:crypto';
import { connect } from 'amqplib';
import pino from 'pino';
import { createMemoryBus } from '../bus/memory.ts';
import { createRabbitBus } from '../bus/rabbitmq.ts';
import type { Bus, SubscribeOptions } from '../bus/types.ts';
import { startTcpProxy } from './tcp-proxy.ts';

/** A bus for one test, with a switch to play a broker outage. */
export interface TestBus extends Bus {
  /**
   * Plays losing the broker for `downMs`: on RabbitMQ, every connection through the test's TCP
   * proxy is cut and new ones refused until then (the bus reconnects by itself); in memory,
   * `publish` throws until then.
   */
  cut(downMs?: number): void;
}

/** Which broker a test bus runs on. */
export type TestBusKind = 'memory' | 'rabbitmq';

/** The brokers available to this test run: always memory, and RabbitMQ when `COMPTOIR_AMQP_URL` is set. */
export function testBusKinds(): TestBusKind[] {
  return process.env.COMPTOIR_AMQP_URL ? ['memory', 'rabbitmq'] : ['memory'];
}

/**
 * RabbitMQ when `COMPTOIR_AMQP_URL` is set — through a cuttable TCP proxy, on an exchange and
 * queue names unique to this bus (so parallel test files never meet), all deleted by `close()` —
 * otherwise a fresh in-memory bus. `kind` forces one (RabbitMQ still needs the URL).
 * @example
 * const bus = await testBus();
 * afterAll(() => bus.close());
 */
export async function testBus(kind?: TestBusKind): Promise<TestBus> {
  const url = process.env.COMPTOIR_AMQP_URL;
  if (kind === 'rabbitmq' && !url) throw new Error('testBus("rabbitmq") needs COMPTOIR_AMQP_URL');
  return url && kind !== 'memory' ? rabbitTestBus(url) : memoryTestBus();
}

function memoryTestBus(): TestBus {
  const bus = createMemoryBus();
  let downUntil = 0;
  return {
    ...bus,
    async publish(events) {
      if (Date.now() < downUntil) throw new Error('in-memory bus unavailable (simulated outage)');
      await bus.publish(events);
    },
    cut(downMs = 0) {
      downUntil = Date.now() + downMs;
    },
  };
}

async function rabbitTestBus(url: string): Promise<TestBus> {
  const id = randomBytes(4).toString('hex');
  const broker = new URL(url);
  const proxy = await startTcpProxy({ host: broker.hostname, port: Number(broker.port || 5672) });
  const proxied = new URL(url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  const exchange = `test.${id}.events`;
  const queuePrefix = `test.${id}.`;
  const log = pino({ level: process.env.COMPTOIR_TEST_LOG_LEVEL ?? 'silent' });
  const bus = await createRabbitBus({
    url: proxied.toString(),
    exchange,
    queuePrefix,
    log,
    connectionName: `test-${id}`,
  });
  const queues = new Set<string>();
  return {
    ...bus,
    async subscribe(options: SubscribeOptions) {
      // A broadcast queue deletes itself; only durable ones are left behind.
      if (!options.broadcast) queues.add(`${queuePrefix}${options.queue}`);
      return bus.subscribe(options);
    },
    cut(downMs = 0) {
      proxy.cut(downMs);
    },
    async close() {
      await bus.close();
      await proxy.close();
      await deleteTopology(url, exchange, queues);
    },
  };
}

/** Test queues are durable like real ones: remove them so the broker does not fill up across runs. */
async function deleteTopology(url: string, exchange: string, queues: Set<string>): Promise<void> {
  const connection = await connect(url);
  try {
    const channel = await connection.createChannel();
    for (const queue of queues) {
      for (const name of [queue, `${queue}.retry`, `${queue}.dlq`]) await channel.deleteQueue(name);
    }
    await channel.deleteExchange(exchange);
  } finally {
    await connection.close();
  }
}
