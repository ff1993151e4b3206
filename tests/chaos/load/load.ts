/**
 * Keeps the cast busy while a scenario breaks things: every till sells in a loop, every shopper
 * orders (with a pause between orders), a few visitors browse. `stop()` lets each actor finish
 * what it is doing — a sale still retrying goes on until it is answered or given up.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { browseOnce, type Cast, orderOnce, sellOnce } from './actors.ts';
import type { Client } from './client.ts';

export interface RunningLoad {
  stop(): Promise<void>;
}

export interface LoadShape {
  /** Visitors browsing besides the tills and shoppers. */
  visitors: number;
  /** Pause between two visits or orders of one person, ms. */
  thinkMs: number;
  /** Online orders on (the Redis scenario turns them off: checkout is documented closed then). */
  orders: boolean;
}

export function startLoad(client: Client, cast: Cast, shape: LoadShape): RunningLoad {
  let running = true;
  const loop = async (work: () => Promise<void>) => {
    while (running) {
      await work().catch((error: unknown) => client.journal.answered('actor crashed', 0, String(error)));
      await sleep(shape.thinkMs * (0.5 + Math.random()));
    }
  };
  const actors = [
    ...cast.tills.map((till) => loop(() => sellOnce(client, cast, till))),
    ...(shape.orders ? cast.shoppers.map((shopper) => loop(() => orderOnce(client, cast, shopper))) : []),
    ...Array.from({ length: shape.visitors }, () => loop(() => browseOnce(client, cast))),
  ];
  return {
    async stop() {
      running = false;
      await Promise.all(actors);
    },
  };
}
