import type { Logger } from '@comptoir/platform';

export interface SweeperOptions {
  intervalMs: number;
  /** Releases expired reservations; returns how many. */
  releaseExpired: () => Promise<number>;
  /** Forgets old records; run at most every `housekeepingEveryMs`. */
  housekeeping: () => Promise<unknown>;
  housekeepingEveryMs?: number;
  log: Pick<Logger, 'info' | 'warn'>;
}

/**
 * Releases reservations whose time is up, every `intervalMs`, in the background of every replica
 * (each claims different ones with `FOR UPDATE SKIP LOCKED`). A pass never overlaps the previous
 * one; a failed pass is logged and the next one tries again.
 */
export function startExpirySweeper(options: SweeperOptions): { stop(): Promise<void> } {
  const housekeepingEveryMs = options.housekeepingEveryMs ?? 10 * 60_000;
  let lastHousekeeping = Number.NEGATIVE_INFINITY;
  let pass: Promise<void> | undefined;

  const sweep = async () => {
    try {
      const released = await options.releaseExpired();
      if (released > 0) options.log.info({ released }, 'expired reservations released');
      if (Date.now() - lastHousekeeping >= housekeepingEveryMs) {
        lastHousekeeping = Date.now();
        await options.housekeeping();
      }
    } catch (error) {
      options.log.warn({ err: error }, 'reservation sweep failed: will try again');
    }
  };

  const timer = setInterval(() => {
    pass ??= sweep().finally(() => {
      pass = undefined;
    });
  }, options.intervalMs);
  // The sweeper alone must not keep the process alive.
  timer.unref();

  return {
    async stop() {
      clearInterval(timer);
      await pass;
    },
  };
}
