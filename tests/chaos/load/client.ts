/** JSON over HTTP to the gateway, every answer written in the journal; nothing here throws on a status. */
import type { Journal } from './journal.ts';

export interface Reply<T = unknown> {
  status: number;
  body: T;
  /** The problem's `code` when the answer is a problem document. */
  code?: string | undefined;
}

export interface CallOptions {
  body?: unknown;
  token?: string | undefined;
  headers?: Record<string, string>;
  /** The client's patience (30 s, a card terminal's): a till or a browser gives up before a minute. */
  timeoutMs?: number;
}

export class Client {
  constructor(
    private readonly api: string,
    readonly journal: Journal,
  ) {}

  async call<T = unknown>(
    step: string,
    method: string,
    path: string,
    options: CallOptions = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    try {
      const response = await fetch(`${this.api}${path}`, {
        method,
        headers,
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      });
      const text = await response.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const code = (body as { code?: unknown } | undefined)?.code;
      this.journal.answered(step, response.status, `${method} ${path}: ${text}`);
      return { status: response.status, body: body as T, code: typeof code === 'string' ? code : undefined };
    } catch (error) {
      this.journal.answered(step, 0, `${method} ${path}: ${(error as Error).message}`);
      return { status: 0, body: undefined as T };
    }
  }

  /** A call that must succeed (set-up steps, before any fault): anything but 2xx throws. */
  async ok<T = unknown>(step: string, method: string, path: string, options: CallOptions = {}): Promise<T> {
    const reply = await this.call<T>(step, method, path, options);
    if (reply.status < 200 || reply.status >= 300)
      throw new Error(
        `${step}: ${method} ${path} → ${reply.status} ${JSON.stringify(reply.body)?.slice(0, 300)}`,
      );
    return reply.body;
  }
}
