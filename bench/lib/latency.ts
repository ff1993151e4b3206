import { Pool } from 'undici';

export interface LatencyResult {
  label: string;
  p50Us: number;
  p99Us: number;
  samples: number;
}

/**
 * One connection, one request at a time, each timed with hrtime: wrk's latency report is too
 * coarse to see a hop that costs tens of microseconds.
 */
export async function sequentialLatency(
  label: string,
  origin: string,
  path: string,
  samples: number,
): Promise<LatencyResult> {
  const pool = new Pool(origin, { connections: 1, pipelining: 1 });
  const times: number[] = [];
  try {
    for (let i = 0; i < samples + 200; i++) {
      const start = process.hrtime.bigint();
      const { statusCode, body } = await pool.request({ method: 'GET', path });
      await body.arrayBuffer();
      const elapsed = Number(process.hrtime.bigint() - start) / 1000;
      if (statusCode !== 200) throw new Error(`${label}: ${path} answered ${statusCode}`);
      if (i >= 200) times.push(elapsed); // the first 200 warm the JIT and the connection
    }
  } finally {
    await pool.close();
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? Number.NaN;
  return { label, p50Us: at(0.5), p99Us: at(0.99), samples: times.length };
}
