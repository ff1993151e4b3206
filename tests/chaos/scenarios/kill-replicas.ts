/**
 * kill -9 one replica of each service in turn, under load, and start it again: what a crashed
 * process or an OOM kill does. Requests that were on the dead replica may fail (the client retries
 * with its key); nothing may be lost, done twice or left half-done.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { kill9, launch, waitReady } from '../cluster/replicas.ts';
import { defaultLoad, type Scenario } from './scenario.ts';

export const killReplicas: Scenario = {
  name: 'kill -9 one replica of each service',
  claim: 'a replica killed mid-request loses and doubles nothing',
  load: defaultLoad,
  async inject({ cluster, say }) {
    const victims = cluster.replicas.filter(
      (r, i, all) =>
        all.findIndex(
          (o) => o.service === r.service && o.id.includes('worker') === r.id.includes('worker'),
        ) === i,
    );
    for (const victim of victims) {
      await kill9(victim);
      say(`killed ${victim.id} (pid ${victim.child?.pid})`);
      await sleep(2_000);
      launch(victim, cluster.logDir);
      await sleep(2_000);
    }
    await Promise.all(victims.map((victim) => waitReady(victim, 300_000)));
    say('every killed replica is back and ready');
  },
};
