/**
 * RabbitMQ stopped and started again under load. The outbox keeps every event until the broker
 * confirms it, the consumers reconnect, and every online order placed before, during or after
 * reaches a terminal state within 60 s of the broker being back (the checker's wait).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { defaultLoad, type Scenario } from './scenario.ts';

export const restartRabbit: Scenario = {
  name: 'restart RabbitMQ',
  claim: 'a broker restart delays orders but loses, doubles and strands none',
  load: defaultLoad,
  async inject({ cluster, say }) {
    await cluster.rabbit.stop();
    say('RabbitMQ stopped');
    await sleep(5_000);
    const started = Date.now();
    await cluster.rabbit.start();
    say(`RabbitMQ is back (it took ${((Date.now() - started) / 1000).toFixed(1)} s to start)`);
    await sleep(10_000);
  },
};
