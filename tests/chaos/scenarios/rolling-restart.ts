/**
 * A rolling restart of every service under load, as a rollout does it: SIGTERM one replica, wait
 * for it to drain and exit, start it again, wait until it is ready, then the next. No request may
 * fail — not one 5xx, not one dropped connection. (The suite runs one gateway; restarting it is
 * the edge's job — nginx or the ingress balancing several — and is left out.)
 */
import { launch, terminate, waitReady } from '../cluster/replicas.ts';
import { defaultLoad, type Scenario } from './scenario.ts';

export const rollingRestart: Scenario = {
  name: 'rolling restart of every service',
  claim: 'a rollout, one replica at a time, fails no request',
  load: defaultLoad,
  async inject({ cluster, say }) {
    for (const replica of cluster.replicas) {
      const started = Date.now();
      await terminate(replica);
      launch(replica, cluster.logDir);
      await waitReady(replica, 120_000);
      say(`${replica.id} restarted (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
  },
  tolerates: () => false,
};
