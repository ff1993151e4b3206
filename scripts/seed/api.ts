/** A tiny JSON client for the seed: the public API through the gateway, with an optional token. */
export class SeedApi {
  constructor(
    private readonly baseUrl: string,
    private token?: string,
  ) {}

  withToken(token: string): SeedApi {
    return new SeedApi(this.baseUrl, token);
  }

  /** Sends one call; `accept` lists non-2xx statuses that are answers, not failures (409: exists). */
  async call<T>(
    method: string,
    path: string,
    body?: unknown,
    accept: number[] = [],
  ): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok && !accept.includes(response.status)) {
      throw new Error(`${method} ${path} → ${response.status}: ${text}`);
    }
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
}
