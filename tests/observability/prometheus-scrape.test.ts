/**
 * A real Prometheus (Debian's package) with the shipped configuration scrapes every service of
 * the platform running in this process and finds every target up; the shipped rules load and
 * evaluate. Only addresses change: each job's DNS discovery becomes the service's 127.0.0.1 port,
 * the rule files their absolute paths, and scrapes and evaluations run every second.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import { type ObservedPlatform, type RunningService, startObservedPlatform } from './platform.ts';

const PROMETHEUS = '/usr/bin/prometheus';
const CONFIG_DIR = join(import.meta.dirname, '..', '..', 'deploy', 'prometheus');

interface ScrapeConfig {
  job_name: string;
  dns_sd_configs?: unknown[];
  static_configs?: Array<{ targets: string[] }>;
  [key: string]: unknown;
}
interface PrometheusConfig {
  global: Record<string, string>;
  rule_files: string[];
  scrape_configs: ScrapeConfig[];
}

/** The shipped configuration with addresses pointed at this process's services. */
function localConfig(services: RunningService[], prometheusPort: number): PrometheusConfig {
  const shipped = parse(readFileSync(join(CONFIG_DIR, 'prometheus.yml'), 'utf8')) as PrometheusConfig;
  const ports = new Map(services.map((service) => [service.name, service.port]));
  return {
    ...shipped,
    global: { ...shipped.global, scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    rule_files: shipped.rule_files.map((file) => (isAbsolute(file) ? file : join(CONFIG_DIR, file))),
    scrape_configs: shipped.scrape_configs.map(({ dns_sd_configs: _discovery, ...job }) => {
      const port = job.job_name === 'prometheus' ? prometheusPort : ports.get(job.job_name);
      if (port === undefined) throw new Error(`job ${job.job_name} scrapes no service of the platform`);
      return { ...job, static_configs: [{ targets: [`127.0.0.1:${port}`] }] };
    }),
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Target {
  labels: Record<string, string>;
  scrapeUrl: string;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
}
interface RuleGroup {
  name: string;
  rules: Array<{ name: string; health: string; lastError?: string; type: string }>;
}

if (!existsSync(PROMETHEUS)) {
  describe('a real Prometheus with the shipped configuration', () => {
    it.skip(`is not run: ${PROMETHEUS} is missing (Debian's prometheus package; scripts/ci/check-observability.sh installs it in CI)`, () => {});
  });
} else {
  describe('a real Prometheus with the shipped configuration', () => {
    let platform: ObservedPlatform;
    let prometheus: ChildProcess | undefined;
    let exited: Promise<void> = Promise.resolve();
    let api: string;
    let workDir: string;
    let jobs: string[];
    let output = '';

    const get = async <T>(path: string): Promise<T> => {
      const response = await fetch(`${api}${path}`);
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      return ((await response.json()) as { data: T }).data;
    };

    beforeAll(async () => {
      platform = await startObservedPlatform();
      await platform.exercise();
      const port = await freePort();
      api = `http://127.0.0.1:${port}/api/v1`;
      workDir = mkdtempSync(join(tmpdir(), 'comptoir-prometheus-'));
      const config = localConfig(platform.services, port);
      jobs = config.scrape_configs.map((job) => job.job_name);
      writeFileSync(join(workDir, 'prometheus.yml'), stringify(config));
      prometheus = spawn(
        PROMETHEUS,
        [
          `--config.file=${join(workDir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(workDir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
          '--log.level=warn',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const child = prometheus;
      exited = new Promise((resolve) => child.once('exit', () => resolve()));
      for (const stream of [child.stdout, child.stderr]) {
        stream?.on('data', (chunk: Buffer) => {
          output = `${output}${chunk.toString()}`.slice(-4000);
        });
      }
      await vi.waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${output}`);
          const ready = await fetch(`http://127.0.0.1:${port}/-/ready`);
          if (!ready.ok) throw new Error('prometheus not ready yet');
        },
        { timeout: 30_000, interval: 200 },
      );
    }, 300_000);

    afterAll(async () => {
      if (prometheus && prometheus.exitCode === null) {
        prometheus.kill('SIGTERM');
        await exited;
      }
      if (workDir) rmSync(workDir, { recursive: true, force: true });
      await platform?.close();
    });

    it('scrapes every service (the gateway included) and itself, every target up', async () => {
      expect(jobs.sort()).toEqual([...platform.services.map((s) => s.name), 'prometheus'].sort());
      const targets = await vi.waitFor(
        async () => {
          const { activeTargets } = await get<{ activeTargets: Target[] }>('/targets?state=active');
          const down = activeTargets.filter((target) => target.health !== 'up');
          if (activeTargets.length < jobs.length || down.length > 0) {
            throw new Error(
              `not all up yet: ${JSON.stringify(down.map((t) => [t.labels.job, t.health, t.lastError]))}`,
            );
          }
          return activeTargets;
        },
        { timeout: 30_000, interval: 250 },
      );
      expect(targets.map((target) => target.labels.job).sort()).toEqual([...jobs].sort());
      for (const target of targets) {
        expect(target, target.labels.job).toMatchObject({ health: 'up', lastError: '' });
      }
      const up = await get<{ result: Array<{ metric: { job: string }; value: [number, string] }> }>(
        '/query?query=up',
      );
      expect(up.result.map((series) => [series.metric.job, series.value[1]]).sort()).toEqual(
        [...jobs].sort().map((job) => [job, '1']),
      );
    });

    it('loads every recording and alerting rule, and evaluates them without error', async () => {
      const groups = await vi.waitFor(
        async () => {
          const { groups } = await get<{ groups: RuleGroup[] }>('/rules');
          const pending = groups.flatMap((g) => g.rules).filter((rule) => rule.health !== 'ok');
          if (groups.length === 0 || pending.length > 0) {
            throw new Error(`rules not all evaluated: ${JSON.stringify(pending)}`);
          }
          return groups;
        },
        { timeout: 30_000, interval: 250 },
      );
      const rules = groups.flatMap((group) => group.rules);
      expect(rules.filter((rule) => rule.type === 'alerting').map((rule) => rule.name)).toEqual(
        expect.arrayContaining(['InstanceDown', 'HighErrorRatio', 'DeadLettersWaiting', 'ConsumerLagging']),
      );
      for (const rule of rules) expect(rule.lastError ?? '', rule.name).toBe('');
    });

    it('records the request rate of the services from their real series', async () => {
      const exercised = ['gateway', 'catalog', 'inventory', 'payments', 'stores'];
      // Traffic while Prometheus watches, so the rates over its samples are above zero.
      await platform.exercise();
      await vi.waitFor(
        async () => {
          const { result } = await get<{
            result: Array<{ metric: { service: string }; value: [number, string] }>;
          }>('/query?query=service:http_requests:rate5m > 0');
          const recorded = result.map((series) => series.metric.service);
          expect(recorded).toEqual(expect.arrayContaining(exercised));
        },
        { timeout: 30_000, interval: 500 },
      );
    }, 90_000);
  });
}
