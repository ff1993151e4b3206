import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * A promise queue: one holder at a time, others wait in order. PGlite is a single connection,
 * so every statement and every whole transaction of every service goes through one of these.
 */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();
  #waiting = 0;
  #held = false;
  // Knows whether the current async call chain already holds the lock, so a re-entrant call
  // (db.query inside db.transaction instead of tx.query) fails loudly instead of deadlocking.
  readonly #holder = new AsyncLocalStorage<true>();

  /** Callers queued behind the current holder. */
  get waiting(): number {
    return this.#waiting;
  }

  /** Whether someone holds the lock right now. */
  get held(): boolean {
    return this.#held;
  }

  /** Runs `fn` once every earlier caller has finished; the next one starts when it settles. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#holder.getStore()) {
      throw new Error(
        'Embedded database re-entered while already in use by this call chain: inside transaction(fn), ' +
          'run statements on the `tx` argument, not on a Db handle',
      );
    }
    const previous = this.#tail;
    let release: () => void = () => {};
    this.#tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.#waiting++;
    await previous;
    this.#waiting--;
    this.#held = true;
    try {
      return await this.#holder.run(true, fn);
    } finally {
      this.#held = false;
      release();
    }
  }
}
