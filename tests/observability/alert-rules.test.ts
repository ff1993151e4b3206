/**
 * The shape of the shipped Prometheus files, beyond what promtool checks: every alert explains
 * itself and is unit-tested both firing and quiet; the Swarm configuration is the Compose one
 * with every replica's DNS name; the operations guide lists every alert.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..');
const PROMETHEUS = join(ROOT, 'deploy/prometheus');
const yamlIn = (dir: string) =>
  readdirSync(dir)
    .filter((file) => file.endsWith('.yml'))
    .map((file) => parse(readFileSync(join(dir, file), 'utf8')));

interface AlertRule {
  alert?: string;
  record?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface UnitTest {
  alert_rule_test?: Array<{ alertname: string; exp_alerts: unknown[] }>;
}

const alerts = yamlIn(join(PROMETHEUS, 'rules'))
  .flatMap((file: { groups: Array<{ rules: AlertRule[] }> }) => file.groups.flatMap((group) => group.rules))
  .filter((rule) => rule.alert);
const unitTests = yamlIn(join(PROMETHEUS, 'tests')).flatMap((file: { tests: UnitTest[] }) => file.tests);

describe('the alerts', () => {
  it('cover what the issue names', () => {
    expect(alerts.map((rule) => rule.alert).sort()).toEqual([
      'ConsumerLagging',
      'DatabasePoolExhausted',
      'DeadLettersWaiting',
      'EventLoopSaturated',
      'HighErrorRatio',
      'InstanceDown',
      'LatencyAboveObjective',
      'OutboxBacklogGrowing',
      'OutboxStalled',
    ]);
  });

  it.each(alerts.map((rule) => [rule.alert!, rule]))(
    '%s has a severity, a summary, a description and a runbook',
    (_name, rule) => {
      expect(['critical', 'warning']).toContain(rule.labels?.severity);
      for (const key of ['summary', 'description', 'runbook']) {
        expect(rule.annotations?.[key]?.trim().length ?? 0, key).toBeGreaterThan(10);
      }
    },
  );

  it.each(alerts.map((rule) => [rule.alert!]))('%s is unit-tested firing and quiet', (name) => {
    const cases = unitTests.flatMap((test) => test.alert_rule_test ?? []).filter((c) => c.alertname === name);
    expect(
      cases.some((c) => c.exp_alerts.length > 0),
      'a case where it fires',
    ).toBe(true);
    expect(
      cases.some((c) => c.exp_alerts.length === 0),
      'a case where it stays quiet',
    ).toBe(true);
  });

  it('are each explained in docs/operations.md', () => {
    const guide = readFileSync(join(ROOT, 'docs/operations.md'), 'utf8');
    const section = guide.slice(guide.indexOf('\n## Alerts'));
    expect(section.length).toBeGreaterThan(20);
    for (const rule of alerts) expect(section, rule.alert).toContain(`### ${rule.alert}`);
  });
});

describe('the Swarm configuration', () => {
  it('is the Compose one with tasks.<service> as every job’s DNS name', () => {
    const compose = parse(readFileSync(join(PROMETHEUS, 'prometheus.yml'), 'utf8'));
    const swarm = parse(readFileSync(join(PROMETHEUS, 'prometheus-swarm.yml'), 'utf8'));
    const discovered = compose.scrape_configs.filter(
      (job: { dns_sd_configs?: unknown }) => job.dns_sd_configs,
    );
    expect(discovered.length).toBeGreaterThan(5);
    for (const job of discovered) {
      for (const sd of job.dns_sd_configs) sd.names = sd.names.map((name: string) => `tasks.${name}`);
    }
    expect(swarm).toEqual(compose);
  });
});
