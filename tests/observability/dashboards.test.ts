/**
 * Every query of every Grafana dashboard, and every expression of every Prometheus rule, names a
 * metric that the running services really export: the whole platform runs in this process, some
 * traffic goes through the gateway, and each service's /metrics is scraped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ObservedPlatform, startObservedPlatform } from './platform.ts';
import { type Exposition, familyOf, metricNames, readExposition, variableMetricNames } from './promql.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const DASHBOARDS = join(ROOT, 'deploy/grafana/dashboards');
const RULES = join(ROOT, 'deploy/prometheus/rules');
/** Series Prometheus makes itself for every target. */
const MADE_BY_PROMETHEUS = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped']);

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { uid?: string };
  targets?: Array<{ expr?: string }>;
  panels?: Panel[];
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: Array<{ name: string; type: string; query?: string | { query: string } }> };
}
interface Rule {
  record?: string;
  alert?: string;
  expr: string;
}

const dashboards: Array<{ file: string; dashboard: Dashboard }> = readdirSync(DASHBOARDS)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ file, dashboard: JSON.parse(readFileSync(join(DASHBOARDS, file), 'utf8')) }));
const rules: Array<{ file: string; rule: Rule }> = readdirSync(RULES)
  .filter((file) => file.endsWith('.yml'))
  .flatMap((file) =>
    (parse(readFileSync(join(RULES, file), 'utf8')) as { groups: Array<{ rules: Rule[] }> }).groups.flatMap(
      (group) => group.rules.map((rule) => ({ file, rule })),
    ),
  );
const recorded = new Set(rules.flatMap(({ rule }) => (rule.record ? [rule.record] : [])));

function panelsOf(panels: Panel[]): Panel[] {
  return panels.flatMap((panel) => [panel, ...panelsOf(panel.panels ?? [])]);
}

/** Every query of the dashboards and the rules, with where it comes from. */
function queries(): Array<{ where: string; names: string[] }> {
  const found: Array<{ where: string; names: string[] }> = [];
  for (const { file, dashboard } of dashboards) {
    for (const panel of panelsOf(dashboard.panels)) {
      for (const target of panel.targets ?? []) {
        found.push({ where: `${file} › ${panel.title}`, names: metricNames(target.expr ?? '') });
      }
    }
    for (const variable of dashboard.templating.list) {
      if (variable.type !== 'query' || variable.query === undefined) continue;
      const query = typeof variable.query === 'string' ? variable.query : variable.query.query;
      found.push({ where: `${file} › variable ${variable.name}`, names: variableMetricNames(query) });
    }
  }
  for (const { file, rule } of rules) {
    found.push({ where: `${file} › ${rule.record ?? rule.alert}`, names: metricNames(rule.expr) });
  }
  return found;
}

describe('reading metric names out of PromQL', () => {
  it.each([
    [
      'sum by (service, le) (rate(http_request_duration_seconds_bucket{route!~"/metrics|/health/.+", status_code=~"5.."}[5m]))',
      ['http_request_duration_seconds_bucket'],
    ],
    [
      'max by (service) (outbox_backlog) > 100 and max by (service) (deriv(outbox_backlog[10m])) > 0',
      ['outbox_backlog'],
    ],
    ['up == 0', ['up']],
    ['{__name__="emails_pending", job="notifications"}', ['emails_pending']],
    [
      'rate(a_total{x="sum(b_total)"}[$__rate_interval]) / ignoring (x) group_left c_ratio offset 5m',
      ['a_total', 'c_ratio'],
    ],
    ['histogram_quantile(0.99, sum by (le) (rate(x_bucket[1m]))) * 1e3 > bool 2', ['x_bucket']],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, in a query
    ['sum(rate(y_total{service="$service", instance=~"${instance}"}[$__range])) * 60', ['y_total']],
    ['service:http_error_ratio:rate5m{service="catalog"} > 0.01', ['service:http_error_ratio:rate5m']],
    ['vector(1) + time()', []],
  ])('%s names %j', (expr, names) => {
    expect(metricNames(expr)).toEqual(names);
  });

  it("takes a variable's label_values selector, not its label", () => {
    expect(
      variableMetricNames('label_values(http_requests_in_flight{service="$service"}, instance)'),
    ).toEqual(['http_requests_in_flight']);
    expect(variableMetricNames('label_values(service)')).toEqual([]);
  });

  it('resolves a histogram’s _bucket, _sum and _count to its family, and nothing else', () => {
    const types = new Map([
      ['h_seconds', 'histogram'],
      ['jobs_count', 'gauge'],
    ]);
    expect(familyOf('h_seconds_bucket', types)).toBe('h_seconds');
    expect(familyOf('h_seconds_count', types)).toBe('h_seconds');
    expect(familyOf('jobs_count', types)).toBe('jobs_count');
  });
});

describe('the dashboards', () => {
  it('are provisioned from files: unique uids, a Prometheus query in every panel, the datasource variable', () => {
    expect(dashboards.map(({ file }) => file).sort()).toEqual([
      'business.json',
      'golden-signals.json',
      'messaging.json',
    ]);
    expect(new Set(dashboards.map(({ dashboard }) => dashboard.uid)).size).toBe(dashboards.length);
    for (const { file, dashboard } of dashboards) {
      const panels = panelsOf(dashboard.panels);
      expect(new Set(panels.map((panel) => panel.id)).size, file).toBe(panels.length);
      for (const panel of panels.filter((p) => p.type !== 'row')) {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax: the dashboard's data source
        expect(panel.datasource?.uid, `${file} › ${panel.title}`).toBe('${datasource}');
        expect(panel.targets?.length, `${file} › ${panel.title}`).toBeGreaterThan(0);
        for (const target of panel.targets ?? []) {
          expect(metricNames(target.expr ?? ''), `${file} › ${panel.title}`).not.toEqual([]);
        }
      }
    }
  });

  it('template the golden signals by service', () => {
    const golden = dashboards.find(({ file }) => file === 'golden-signals.json')!.dashboard;
    expect(golden.templating.list.map((variable) => variable.name)).toContain('service');
    const exprs = panelsOf(golden.panels).flatMap((panel) => (panel.targets ?? []).map((t) => t.expr ?? ''));
    const perService = exprs.filter((expr) => expr.includes('"$service"'));
    expect(perService.length).toBeGreaterThan(exprs.length / 2);
  });
});

describe('what the running services export', () => {
  let platform: ObservedPlatform;
  const exported: Exposition = { types: new Map(), withSamples: new Set() };
  const byService = new Map<string, Exposition>();

  beforeAll(async () => {
    platform = await startObservedPlatform();
    await platform.exercise();
    for (const [service, text] of await platform.scrape()) {
      readExposition(text, exported);
      byService.set(service, readExposition(text));
    }
  }, 300_000);
  afterAll(() => platform?.close());

  it('is scraped from every service of the platform, the gateway included', () => {
    expect([...byService.keys()].sort()).toEqual([
      'cart',
      'catalog',
      'gateway',
      'identity',
      'inventory',
      'notifications',
      'ordering',
      'payments',
      'reporting',
      'stores',
    ]);
    for (const [service, exposition] of byService) {
      expect(exposition.withSamples, service).toContain('http_request_duration_seconds');
      expect(exposition.withSamples, service).toContain('nodejs_eventloop_lag_p99_seconds');
    }
  });

  it('has a sample for every metric a dashboard panel, a dashboard variable or a rule names', () => {
    const missing: string[] = [];
    const all = queries();
    for (const { where, names } of all) {
      for (const name of names) {
        if (recorded.has(name) || MADE_BY_PROMETHEUS.has(name)) continue;
        const family = familyOf(name, exported.types);
        if (!exported.withSamples.has(family)) missing.push(`${where}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
    // The check looked at real queries: every dashboard and every rule contributed names.
    expect(all.filter(({ names }) => names.length > 0).length).toBeGreaterThan(50);
  });

  it('names only recording rules that the rule files define', () => {
    const unknown = queries()
      .flatMap(({ where, names }) => names.filter((n) => n.includes(':')).map((n) => ({ where, n })))
      .filter(({ n }) => !recorded.has(n));
    expect(unknown).toEqual([]);
  });
});
