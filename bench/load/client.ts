/**
 * A thin JSON client for a deployment's gateway, measuring every call into the run's recorder.
 * A 4xx the journey expects (out of stock, say) is returned, not thrown: the journey decides.
 */
import type { Recorder } from './recorder.ts';

export interface Answer<T> {
  status: number;
  body: T;
}

export class Gateway {
  constructor(
    private readonly api: string,
    private readonly recorder: Recorder,
  ) {}

  /** One call, recorded under `step`; network failures are recorded as status 0 and rethrown. */
  async call<T = unknown>(
    step: string,
    method: string,
    path: string,
    options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const started = performance.now();
    try {
      const response = await fetch(`${this.api}${path}`, {
        method,
        headers,
        signal: AbortSignal.timeout(30_000),
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      });
      const text = await response.text();
      this.recorder.record(step, response.status, performance.now() - started);
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
    } catch (error) {
      this.recorder.record(step, 0, performance.now() - started);
      throw error;
    }
  }

  /** Like `call`, but anything other than a 2xx is an error of the journey. */
  async ok<T = unknown>(
    step: string,
    method: string,
    path: string,
    options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
  ): Promise<T> {
    const answer = await this.call<T>(step, method, path, options);
    if (answer.status >= 300) throw new JourneyError(step, answer.status, answer.body);
    return answer.body;
  }
}

export class JourneyError extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${step} → ${status} ${JSON.stringify(body)?.slice(0, 200)}`);
  }
}
