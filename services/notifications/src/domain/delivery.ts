import type { ClaimedEmail, EmailQueue, MailTransport } from './ports.ts';
import { retryDelay } from './retry.ts';

export interface DeliveryOptions {
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  pollMs: number;
  batchSize: number;
  /** Longest one attempt may take; the claim lease is twice this, so a slow send is not taken twice. */
  sendTimeoutMs: number;
}

/** What the loop reports, for logs and metrics. */
export interface DeliveryObserver {
  sent(email: ClaimedEmail, transport: MailTransport['kind']): void;
  /** One attempt failed; `retryAt` is null when it was the last one and the email is now `failed`. */
  attemptFailed(email: ClaimedEmail, error: string, retryAt: Date | null): void;
  /** A pass could not reach storage; the loop backs off and tries again. */
  passFailed(error: unknown, failures: number): void;
}

// A nudge comes from inside the handler's transaction, just before the commit that makes the row
// visible; when the pass it wakes finds nothing, look again after these short waits.
const AFTER_NUDGE_MS = [10, 50, 250];
const MAX_PASS_BACKOFF_MS = 30_000;

/**
 * Sends queued emails in the background, apart from consuming the events that asked for them:
 * claims due rows, hands them to the transport, and marks them sent — or schedules a retry with
 * exponential back-off, then `failed` after the last attempt. Claims are leases taken with
 * `FOR UPDATE SKIP LOCKED`, so replicas share the work and never send the same email side by side.
 */
export class EmailDelivery {
  #running = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  #nudged = false;
  #afterNudge = AFTER_NUDGE_MS.length;

  constructor(
    private readonly queue: EmailQueue,
    private readonly transport: MailTransport,
    private readonly options: DeliveryOptions,
    private readonly observer: DeliveryObserver,
  ) {}

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Stops after the attempts in hand have finished (each bounded by the send timeout). */
  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
    this.#loop = null;
  }

  /** Sends now rather than at the next poll: an email was just queued. */
  nudge(): void {
    this.#nudged = true;
    this.#afterNudge = 0;
    this.#wake?.();
  }

  /** One pass: claims a batch of due emails and attempts each; returns how many were attempted. */
  async deliverDue(): Promise<number> {
    const leaseMs = this.options.sendTimeoutMs * 2;
    const claimed = await this.queue.claimDue(this.options.batchSize, leaseMs);
    const outcomes = await Promise.allSettled(claimed.map((email) => this.#attempt(email)));
    const broken = outcomes.find((outcome) => outcome.status === 'rejected');
    if (broken) throw broken.reason;
    return claimed.length;
  }

  async #attempt(email: ClaimedEmail): Promise<void> {
    try {
      await withTimeout(this.transport.send(email), this.options.sendTimeoutMs);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const { maxAttempts, retryBaseMs, retryMaxMs } = this.options;
      const retryAt =
        email.attempt < maxAttempts
          ? new Date(Date.now() + retryDelay(email.attempt, retryBaseMs, retryMaxMs))
          : null;
      await this.queue.markAttemptFailed(email, reason, retryAt);
      this.observer.attemptFailed(email, reason, retryAt);
      return;
    }
    await this.queue.markSent(email, this.transport.kind);
    this.observer.sent(email, this.transport.kind);
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (this.#running) {
      this.#nudged = false;
      let attempted = 0;
      try {
        attempted = await this.deliverDue();
        failures = 0;
      } catch (error) {
        failures += 1;
        this.observer.passFailed(error, failures);
      }
      if (!this.#running) break;
      if (failures > 0) {
        await this.#sleep(Math.min(MAX_PASS_BACKOFF_MS, this.options.pollMs * 2 ** (failures - 1)));
      } else if (attempted === this.options.batchSize || this.#nudged) {
        // More may be due right away.
      } else if (attempted === 0 && this.#afterNudge < AFTER_NUDGE_MS.length) {
        await this.#sleep(AFTER_NUDGE_MS[this.#afterNudge++] ?? this.options.pollMs);
      } else {
        await this.#sleep(this.options.pollMs);
      }
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }
}

/** Rejects when `work` takes longer than `ms`; the work itself is left to its own timeouts. */
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
