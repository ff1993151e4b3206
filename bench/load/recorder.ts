/**
 * Every call the load made: per step, a latency histogram (HDR, so p99 is exact to the
 * microsecond bucket, not an average of averages) and counts by status.
 */
import * as hdr from 'hdr-histogram-js';

export interface StepSummary {
  step: string;
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Status → count; 0 is a network failure or timeout. */
  statuses: Record<string, number>;
  errors: number;
  /** 429s: the gateway's rate limiter answering, counted apart from errors. */
  limited: number;
}

interface Step {
  histogram: hdr.Histogram;
  statuses: Map<number, number>;
}

const newHistogram = () =>
  hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 120_000_000,
    numberOfSignificantValueDigits: 3,
  });

export class Recorder {
  private readonly steps = new Map<string, Step>();
  private readonly all = newHistogram();
  /** Answers a journey expects and accepts although they are 4xx (e.g. 409 out of stock). */
  private readonly expected = new Set<string>();

  record(step: string, status: number, ms: number): void {
    let entry = this.steps.get(step);
    if (!entry) {
      entry = { histogram: newHistogram(), statuses: new Map() };
      this.steps.set(step, entry);
    }
    const micros = Math.max(1, Math.round(ms * 1000));
    entry.histogram.recordValue(micros);
    this.all.recordValue(micros);
    entry.statuses.set(status, (entry.statuses.get(status) ?? 0) + 1);
  }

  /** Marks `status` at `step` as an outcome, not an error (a sold-out product is not a failure). */
  accept(step: string, status: number): void {
    this.expected.add(`${step} ${status}`);
  }

  get requests(): number {
    return this.all.totalCount;
  }

  get p99Ms(): number {
    return this.all.getValueAtPercentile(99) / 1000;
  }

  get limited(): number {
    return this.summary().reduce((sum, step) => sum + step.limited, 0);
  }

  get errors(): number {
    return this.summary().reduce((sum, step) => sum + step.errors, 0);
  }

  summary(): StepSummary[] {
    return [...this.steps.entries()]
      .map(([step, { histogram, statuses }]) => {
        let errors = 0;
        for (const [status, count] of statuses)
          if ((status === 0 || status >= 400) && status !== 429 && !this.expected.has(`${step} ${status}`))
            errors += count;
        return {
          step,
          count: histogram.totalCount,
          p50Ms: histogram.getValueAtPercentile(50) / 1000,
          p99Ms: histogram.getValueAtPercentile(99) / 1000,
          maxMs: histogram.maxValue / 1000,
          statuses: Object.fromEntries(
            [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => [String(s), n]),
          ),
          errors,
          limited: statuses.get(429) ?? 0,
        };
      })
      .sort((a, b) => b.count - a.count);
  }
}
