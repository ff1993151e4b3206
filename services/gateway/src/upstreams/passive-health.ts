/** How a replica's requests have gone lately, and whether it may take traffic (outlier detection). */
export interface PassiveHealthOptions {
  /** Consecutive failures that eject the replica. */
  failuresToEject: number;
  /** First ejection; doubled by each ejection in a row, up to `maxEjectionMs`. */
  ejectionMs: number;
  maxEjectionMs: number;
}

export interface PassiveHealthEvents {
  onEject(ms: number): void;
  onReturn(): void;
}

/**
 * Passive health of one replica. A run of failures (connection errors, timeouts, 5xx but 503) ejects
 * it: no traffic at all for the back-off. Then one trial request is let through — one, not a
 * flood: the balancer skips the replica while the trial is in flight. Success brings it back and
 * forgets the back-off; failure ejects it again for twice as long.
 */
export class PassiveHealth {
  #failures = 0;
  #ejections = 0;
  /** Epoch ms until which the replica is out; 0 when it is in. */
  #ejectedUntil = 0;
  #trialInFlight = false;

  constructor(
    private readonly options: PassiveHealthOptions,
    private readonly events: PassiveHealthEvents,
  ) {}

  get ejected(): boolean {
    return this.#ejectedUntil !== 0;
  }

  /** Whether the balancer may choose the replica at `now`. */
  admits(now: number): boolean {
    if (this.#ejectedUntil === 0) return true;
    return now >= this.#ejectedUntil && !this.#trialInFlight;
  }

  /** A request is about to be sent; `true` when it is the trial of an ejected replica. */
  started(now: number): boolean {
    if (this.#ejectedUntil === 0 || now < this.#ejectedUntil) return false;
    this.#trialInFlight = true;
    return true;
  }

  succeeded(trial: boolean): void {
    this.#failures = 0;
    if (!trial) return;
    this.#trialInFlight = false;
    this.#ejectedUntil = 0;
    this.#ejections = 0;
    this.events.onReturn();
  }

  /** The request ended for a reason that says nothing about the replica (the client went away). */
  released(trial: boolean): void {
    if (trial) this.#trialInFlight = false;
  }

  /** `mayEject` is false when every other replica is out too: ejecting the last one helps nobody. */
  failed(trial: boolean, now: number, mayEject: boolean): void {
    this.#failures += 1;
    if (trial) {
      this.#trialInFlight = false;
      this.#eject(now);
    } else if (this.#ejectedUntil === 0 && this.#failures >= this.options.failuresToEject && mayEject) {
      this.#eject(now);
    }
  }

  #eject(now: number): void {
    const ms = Math.min(this.options.ejectionMs * 2 ** this.#ejections, this.options.maxEjectionMs);
    this.#ejections += 1;
    this.#ejectedUntil = now + ms;
    this.events.onEject(ms);
  }
}
