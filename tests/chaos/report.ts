/** The per-scenario table the suite prints, and the one-line verdict CI greps for. */
import type { CheckResult } from './check/checker.ts';

export interface ScenarioOutcome {
  name: string;
  check: CheckResult;
  requests: number;
  /** Client-visible failures the scenario does not tolerate. */
  failures: number;
  problems: string[];
  settledMs: number;
  passed: boolean;
  skipped?: string;
}

const HEAD = [
  'scenario',
  'attempted',
  'ok',
  'refused',
  'lost',
  'duplicated',
  'stuck',
  'violations',
  'requests',
  'failed',
  'verdict',
];

export function table(outcomes: readonly ScenarioOutcome[]): string {
  const rows = outcomes.map((o) =>
    o.skipped
      ? [o.name, '-', '-', '-', '-', '-', '-', '-', '-', '-', `SKIPPED: ${o.skipped}`]
      : [
          o.name,
          o.check.attempted,
          o.check.counts.ok,
          o.check.counts.refused,
          o.check.counts.lost,
          o.check.counts.duplicated,
          o.check.counts.stuck,
          o.check.violations.length,
          o.requests,
          o.failures,
          o.passed ? 'pass' : 'FAIL',
        ].map(String),
  );
  const widths = HEAD.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(HEAD), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
