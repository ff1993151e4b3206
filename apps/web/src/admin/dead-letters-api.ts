/**
 * Every service's `/admin/dead-letters`, through the gateway. The kit leaves these operator routes
 * out of the OpenAPI document (like `/metrics`), so the generated SDK has no types for them: the
 * calls still go through `call()` (token, refresh, problems) and their answers are typed here,
 * from packages/platform/src/bus/dead-letters.routes.ts.
 */
import { call } from '../lib/api.ts';

export const SERVICES = [
  'catalog',
  'identity',
  'inventory',
  'stores',
  'cart',
  'ordering',
  'payments',
  'reporting',
  'notifications',
] as const;

export interface QueueSummary {
  queue: string;
  ready: number;
  retrying: number;
  dead: number;
}

export interface DeadLetter {
  event: { id: string; type: string; source: string; time: string; subject?: string };
  attempts: number;
  error: string;
  deadAt: string;
}

interface Answer {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The client's GET, POST and DELETE over a path the SDK does not know. */
interface OperatorClient {
  GET(path: string, init?: { params?: { query?: Record<string, unknown> } }): Promise<Answer>;
  POST(path: string): Promise<Answer>;
  DELETE(path: string): Promise<Answer>;
}

const operator = <T>(run: (api: OperatorClient) => Promise<Answer>) =>
  call((api) => run(api as unknown as OperatorClient)) as Promise<T>;

const base = (service: string) => `/api/${service}/admin/dead-letters`;

export const listQueues = (service: string) =>
  operator<{ items: QueueSummary[] }>((api) => api.GET(base(service)));

export const listDeadLetters = (service: string, queue: string) =>
  operator<{ queue: string; total: number; items: DeadLetter[] }>((api) =>
    api.GET(`${base(service)}/${encodeURIComponent(queue)}`, { params: { query: { limit: 100 } } }),
  );

export const replayOne = (service: string, queue: string, eventId: string) =>
  operator<{ replayed: number }>((api) =>
    api.POST(`${base(service)}/${encodeURIComponent(queue)}/${encodeURIComponent(eventId)}/replay`),
  );

export const replayAll = (service: string, queue: string) =>
  operator<{ replayed: number }>((api) => api.POST(`${base(service)}/${encodeURIComponent(queue)}/replay`));

/** Throws the dead letter away for good (204); a 404 problem when it is already gone. */
export const discardOne = (service: string, queue: string, eventId: string) =>
  operator<void>((api) =>
    api.DELETE(`${base(service)}/${encodeURIComponent(queue)}/${encodeURIComponent(eventId)}`),
  );
