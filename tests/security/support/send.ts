/**
 * A raw request through the gateway, as any client could send it (any body text, any content
 * type), and a record of every error body seen, for the stack-trace scan.
 */
export interface RawRequest {
  method: string;
  /** Below the gateway's `/api`, with the query already encoded. */
  url: string;
  token?: string | undefined;
  headers?: Record<string, string>;
  /** The body text as sent; JSON unless `contentType` says otherwise. */
  body?: string;
  contentType?: string;
}

export interface RawAnswer {
  status: number;
  contentType: string;
  text: string;
  headers: Headers;
}

/** Every error answer of the run (status ≥ 400), with what was asked. */
export const errorBodies: { request: string; status: number; text: string }[] = [];

export async function send(api: string, request: RawRequest): Promise<RawAnswer> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  if (request.body !== undefined) headers['content-type'] = request.contentType ?? 'application/json';
  const controller = new AbortController();
  const response = await fetch(`${api}${request.url}`, {
    method: request.method,
    headers,
    signal: controller.signal,
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  const contentType = response.headers.get('content-type') ?? '';
  let text = '';
  // A live stream (order tracking) stays open: its status and type are the answer.
  if (contentType.startsWith('text/event-stream')) controller.abort();
  else text = await response.text();
  if (response.status >= 400)
    errorBodies.push({ request: `${request.method} ${request.url}`, status: response.status, text });
  return { status: response.status, contentType, text, headers: response.headers };
}

/** Signs of a stack trace or an internal path in a body a client receives. */
const LEAKS = [
  /\n\s*at\s+\S+/, // a stack frame
  /\bat\s+(?:async\s+)?[\w$.<>]+\s+\((?:file:|\/|node:)/, // "at fn (/path…" in one line
  // A file path of the server: an absolute path, so not one segment of a URL the client sent
  // (`/stores/app/…` is a store id "app" echoed back in `instance`, not the image's /app).
  /(?:(?:^|[^\w/.-])\/(?:work|home|app)\/|node_modules|file:\/\/\/)/,
  /\.(?:ts|js|mjs):\d+:\d+/, // a source position
  /"stack"\s*:/, // a serialised error
];

/** The error answers that leak a stack trace or a server path. */
export function leaks(): { request: string; status: number; text: string }[] {
  return errorBodies.filter((answer) => LEAKS.some((pattern) => pattern.test(answer.text)));
}

/** A JSON call through `send` (so its errors are scanned too), its body parsed. */
export async function callJson(
  api: string,
  method: string,
  url: string,
  body?: unknown,
  token?: string,
  headers: Record<string, string> = {},
  // biome-ignore lint/suspicious/noExplicitAny: a test reads JSON answers field by field, as a client would
): Promise<{ status: number; headers: Headers; body: any }> {
  const answer = await send(api, {
    method,
    url,
    token,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  let parsed: unknown;
  try {
    parsed = answer.text ? JSON.parse(answer.text) : undefined;
  } catch {
    parsed = answer.text;
  }
  return { status: answer.status, headers: answer.headers, body: parsed };
}
