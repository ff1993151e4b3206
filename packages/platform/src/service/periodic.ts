import type { Logger } from '../logging/logger.ts';

/**
 * Runs `task` now and then every `everyMs`, one run at a time, for housekeeping a service does
 * in the background (pruning old rows). A failure is logged and the next run tries again; the
 * timer never keeps the process alive. Returns a stop function that waits for the run in hand.
 * @example ctx.onClose(startPeriodic('prune idempotency keys', 600_000, () => forgetOldKeys(db), log));
 */
export function startPeriodic(
  name: string,
  everyMs: number,
  task: () => Promise<unknown>,
  log: Pick<Logger, 'warn'>,
): () => Promise<void> {
  const run = async () => {
    try {
      await task();
    } catch (error) {
      log.warn({ err: error, task: name }, `${name} failed: will try again`);
    }
  };
  let running = run();
  const timer = setInterval(() => {
    running = running.then(run);
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
