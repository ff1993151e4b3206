/**
 * A rolling restart of every service under load, as a rollout does it: SIGTERM one replica, wait
 * for it to drain and exit, start it again, wait until it is ready, then the next (the second
 * replica of each service and the second checkout worker; CHAOS_ROLL_ALL=1 for all of them). No request may
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
    // One replica of every service (and one checkout worker) by default: on a two-core CI machine
    // a replica takes tens of seconds to start, and rolling all eighteen would take the suite past
    // its budget. CHAOS_ROLL_ALL=1 rolls every replica.
    const all = process.env.CHAOS_ROLL_ALL === '1';
    const rolled = cluster.replicas.filter((r) => all || r.id.endsWith('#1'));
    for (const replica of rolled) {
      const started = Date.now();
      await terminate(replica);
      launch(replica, cluster.logDir);
      await waitReady(replica, 300_000);
      say(`${replica.id} restarted (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
  },
  tolerates: () => false,
};
