/**
 * The suite's recorder: every operation a client attempted that moves stock or money (a POS sale,
 * an online order) with each answer it got, and every other request's status — the facts the
 * checker holds the platform to afterwards.
 */

export type OperationKind = 'sale' | 'order';

/** What the client was left believing once it stopped retrying. */
export type ClientBelief = 'succeeded' | 'refused' | 'unknown';

export interface Attempt {
  /** HTTP status; 0 for a network failure or a timeout. */
  status: number;
  code?: string | undefined;
}

export interface Operation {
  kind: OperationKind;
  /** The Idempotency-Key every attempt carried (a sale's key is its sale id). */
  key: string;
  /** The sale id (chosen by the till) or the order id (from the 202). */
  id: string | undefined;
  attempts: Attempt[];
  belief: ClientBelief;
  /** The refusal's problem code, for the report. */
  refusal?: string | undefined;
}

export interface Failure {
  step: string;
  status: number;
  detail: string;
}

export class Journal {
  readonly operations: Operation[] = [];
  /** Requests answered, by step and status class. */
  readonly requests = new Map<string, number>();
  /** Answers a client should never get: 5xx or no answer at all (first attempts included). */
  readonly failures: Failure[] = [];

  begin(kind: OperationKind, key: string, id?: string): Operation {
    const operation: Operation = { kind, key, id, attempts: [], belief: 'unknown' };
    this.operations.push(operation);
    return operation;
  }

  /** One answer of any request; 5xx and network failures are kept (with who answered). */
  answered(step: string, status: number, detail = ''): void {
    const label = `${step} ${status === 0 ? 'network' : `${Math.floor(status / 100)}xx`}`;
    this.requests.set(label, (this.requests.get(label) ?? 0) + 1);
    if (status === 0 || status >= 500) this.failures.push({ step, status, detail: detail.slice(0, 300) });
  }

  get requestCount(): number {
    let total = 0;
    for (const n of this.requests.values()) total += n;
    return total;
  }
}
