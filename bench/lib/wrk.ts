import { execFileSync } from 'node:child_process';
import { debianProgram } from './debian.ts';

export interface LoadResult {
  label: string;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

function toMs(value: string): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(value.trim());
  if (!match) return Number.NaN;
  const n = Number(match[1]);
  return match[2] === 'us' ? n / 1000 : match[2] === 'ms' ? n : match[2] === 's' ? n * 1000 : n * 60_000;
}

/**
 * Drives `url` with wrk (a C load generator: it leaves more of this 2-core machine to the
 * servers under test than a Node client would) and parses throughput and latency percentiles.
 */
export function wrk(
  label: string,
  url: string,
  options: { seconds: number; connections: number; threads?: number; headers?: Record<string, string> },
): LoadResult {
  const headers = Object.entries(options.headers ?? {}).flatMap(([name, value]) => [
    '-H',
    `${name}: ${value}`,
  ]);
  const out = execFileSync(
    debianProgram(['/usr/bin/wrk'], 'wrk'),
    [
      '--latency',
      `-t${options.threads ?? 1}`,
      `-c${options.connections}`,
      `-d${options.seconds}s`,
      ...headers,
      url,
    ],
    { encoding: 'utf8' },
  );
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? Number.NaN);
  const p50 = toMs(/\s50%\s+(\S+)/.exec(out)?.[1] ?? '');
  const p99 = toMs(/\s99%\s+(\S+)/.exec(out)?.[1] ?? '');
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
  return { label, rps, p50Ms: p50, p99Ms: p99, errors: non2xx + socketErrors };
}
