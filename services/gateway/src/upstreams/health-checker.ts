import type { Logger } from '@comptoir/platform';
import { type Dispatcher, request } from 'undici';
import type { Replica } from './balancer.ts';

export interface HealthCheckOptions {
  intervalMs: number;
  timeoutMs: number;
  /** A client apart from the replicas' pools, so a saturated pool does not fail its checks. */
  dispatcher: Dispatcher;
  log: Logger;
  onChange(replica: Replica, healthy: boolean): void;
  /** Consecutive failures that take a replica out (one: a check already waits `timeoutMs`). */
  failuresToEject?: number;
  /** Consecutive successes that bring it back, so one lucky answer from a flapping replica is not enough. */
  successesToReturn?: number;
}

/**
 * Polls every replica's `/health/ready` and flips `replica.healthy`. Replicas start healthy so a
 * fresh gateway routes at once; the first round runs immediately. A round starts only after
 * the previous one ended, so a slow replica never piles up checks.
 */
export class HealthChecker {
  private readonly streaks = new Map<Replica, number>();
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly replicas: readonly Replica[],
    private readonly options: HealthCheckOptions,
  ) {}

  start(): void {
    this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  /** Checks every replica once, in parallel. */
  async checkAll(): Promise<void> {
    await Promise.all(this.replicas.map((replica) => this.check(replica)));
  }

  private tick(): void {
    this.round = this.checkAll().finally(() => {
      if (this.stopped) return;
      this.timer = setTimeout(() => this.tick(), this.options.intervalMs);
      this.timer.unref();
    });
  }

  private async check(replica: Replica): Promise<void> {
    const ok = await this.probe(replica);
    // A positive streak counts successes, a negative one failures.
    const previous = this.streaks.get(replica) ?? 0;
    const streak = ok ? Math.max(previous, 0) + 1 : Math.min(previous, 0) - 1;
    this.streaks.set(replica, streak);
    const failures = this.options.failuresToEject ?? 1;
    const successes = this.options.successesToReturn ?? 2;
    if (replica.healthy && streak <= -failures) this.flip(replica, false);
    else if (!replica.healthy && streak >= successes) this.flip(replica, true);
  }

  private flip(replica: Replica, healthy: boolean): void {
    replica.healthy = healthy;
    this.options.log[healthy ? 'info' : 'warn'](
      { upstream: replica.service, replica: replica.origin },
      healthy ? 'replica is healthy again' : 'replica failed its health check; no traffic until it recovers',
    );
    this.options.onChange(replica, healthy);
  }

  private async probe(replica: Replica): Promise<boolean> {
    try {
      const { statusCode, body } = await request(`${replica.origin}/health/ready`, {
        dispatcher: this.options.dispatcher,
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
      });
      await body.dump();
      return statusCode >= 200 && statusCode < 300;
    } catch {
      return false;
    }
  }
}
