/** What every scenario is given, and what it hands back besides the checker's verdicts. */

import type { ChaosCluster } from '../cluster/cluster.ts';
import type { Cast } from '../load/actors.ts';
import type { Client } from '../load/client.ts';
import type { Failure, Journal } from '../load/journal.ts';
import type { LoadShape } from '../load/load.ts';

export interface ScenarioContext {
  cluster: ChaosCluster;
  client: Client;
  journal: Journal;
  cast: Cast;
  /** A line of the scenario's story, printed as it happens. */
  say(line: string): void;
}

export interface Scenario {
  name: string;
  /** What it proves, one line. */
  claim: string;
  load: LoadShape;
  /** Breaks something under load, and repairs it; resolves once the platform is whole again. */
  inject(context: ScenarioContext): Promise<void>;
  /**
   * The client-visible failures (5xx, no answer) this scenario tolerates — the rest fail it.
   * Undefined: any, as long as the checker finds nothing lost, duplicated or stuck.
   */
  tolerates?(failure: Failure): boolean;
  /** Checks of its own after the load (e.g. "every replica turned not-ready"); each string is a failure. */
  verify?(context: ScenarioContext): Promise<string[]>;
}

export const defaultLoad: LoadShape = { visitors: 2, thinkMs: 200, orders: true };
