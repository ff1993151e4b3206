import type { TrackedOrder } from './tracking.ts';

type Listener = (order: TrackedOrder) => void;

/**
 * The orders followed on this replica and who follows them. The fan-out subscription hands every
 * `order.*` event it hears to `heard`, which tells that order's listeners at once: a stream open
 * on any replica learns of a change as soon as the broker delivers it there.
 */
export class LiveOrders {
  readonly #listeners = new Map<string, Set<Listener>>();

  heard(order: TrackedOrder): void {
    const listeners = this.#listeners.get(order.orderId);
    if (!listeners) return;
    for (const listener of [...listeners]) listener(order);
  }

  /** Calls `listener` with every change heard for `orderId`; returns the function that stops it. */
  listen(orderId: string, listener: Listener): () => void {
    let listeners = this.#listeners.get(orderId);
    if (!listeners) {
      listeners = new Set();
      this.#listeners.set(orderId, listeners);
    }
    listeners.add(listener);
    return () => {
      const current = this.#listeners.get(orderId);
      current?.delete(listener);
      if (current?.size === 0) this.#listeners.delete(orderId);
    };
  }

  /** Listeners right now, streams and waits included. */
  get size(): number {
    let n = 0;
    for (const listeners of this.#listeners.values()) n += listeners.size;
    return n;
  }
}
