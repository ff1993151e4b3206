import {
  DomainError,
  type Principal,
  type Static,
  type TProperties,
  type TSchema,
  Type,
} from '@comptoir/platform';

/** What a view's sources and assembly see of the request. */
export interface ViewContext {
  /** The caller; undefined on a view the route policy opens to anyone (a product page). */
  principal: Principal | undefined;
  /** The view's path parameters (`/products/:id` → `{ id }`), as sent: encode them into paths. */
  params: Readonly<Record<string, string>>;
  /**
   * `GET` a service's path as the caller; the JSON body of a 2xx answer, or an `UpstreamAnswer`
   * rejection. One render asks each path once: sources that need the same document (the product,
   * then its stock by sku) share the first call.
   */
  get<T>(service: string, path: string): Promise<T>;
}

/** A source's service answered, but not with a 2xx: the status tells a missing thing from a failure. */
export class UpstreamAnswer extends Error {
  constructor(
    readonly service: string,
    readonly status: number,
  ) {
    super(`${service} answered ${status}`);
  }
}

/** One piece of a screen's data, fetched from one service. */
export interface Source<T> {
  /** Longest wait for this source before the view answers without it; default `GATEWAY_VIEW_SOURCE_TIMEOUT_MS`. */
  timeoutMs?: number;
  /**
   * The thing the view is about (the product of a product page): when its service answers 404 the
   * view is a 404 too, not a 200 full of nulls. Any other failure still degrades.
   */
  subject?: boolean;
  load(context: ViewContext): Promise<T>;
}

type Sources = Record<string, Source<unknown>>;

/** Each source's value, or `null` when it failed or was too slow. */
export type Loaded<S extends Sources> = { [K in keyof S]: S[K] extends Source<infer T> ? T | null : never };

export interface ViewSpec<S extends Sources, R extends TSchema> {
  /** Under `/api/views`: `/me` is served at `/api/views/me`. */
  path: string;
  summary: string;
  description?: string;
  /** The answer's schema, built with `viewBody` (it adds `degraded`). */
  response: R;
  sources: S;
  assemble(loaded: Loaded<S>, context: ViewContext): Omit<Static<R>, 'degraded'>;
}

/** A view as the routes see it: its documentation, and a way to answer. */
export interface ComposedView {
  path: string;
  summary: string;
  description: string | undefined;
  response: TSchema;
  render(context: ViewContext, defaultTimeoutMs: number): Promise<Record<string, unknown>>;
}

/** A view's answer schema: its own fields plus `degraded`, the sources it had to do without. */
export function viewBody<P extends TProperties>(properties: P) {
  return Type.Object({
    ...properties,
    degraded: Type.Array(Type.String(), {
      description: 'Sources that failed or timed out; their fields are null. Empty when the view is whole.',
    }),
  });
}

const isMissing = (reason: unknown) =>
  reason instanceof UpstreamAnswer && (reason.status === 404 || reason.status === 400);

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Declares a composed view: its sources are fetched in parallel, each within its own timeout,
 * and one that fails becomes `null` plus its name in `degraded` — a view answers 200 with what
 * it has, never a 500 because one service is down.
 * @example
 * export const meView = defineView({
 *   path: '/me', summary: 'The caller', response: viewBody({ profile: Type.Union([User, Type.Null()]) }),
 *   sources: { profile: { load: (ctx) => ctx.get<User>('identity', '/users/me') } },
 *   assemble: ({ profile }) => ({ profile }),
 * });
 */
export function defineView<S extends Sources, R extends TSchema>(spec: ViewSpec<S, R>): ComposedView {
  return {
    path: spec.path,
    summary: spec.summary,
    description: spec.description,
    response: spec.response,
    async render(context, defaultTimeoutMs) {
      const names = Object.keys(spec.sources);
      const settled = await Promise.allSettled(
        names.map((name) => {
          const source = spec.sources[name]!;
          return within(source.load(context), source.timeoutMs ?? defaultTimeoutMs);
        }),
      );
      const loaded: Record<string, unknown> = {};
      const degraded: string[] = [];
      settled.forEach((result, i) => {
        const name = names[i]!;
        if (result.status === 'rejected' && spec.sources[name]!.subject && isMissing(result.reason)) {
          throw new DomainError(
            'not_found',
            'VIEW_SUBJECT_NOT_FOUND',
            `No such ${name}, or not one you may see.`,
          );
        }
        loaded[name] = result.status === 'fulfilled' ? result.value : null;
        if (result.status === 'rejected') degraded.push(name);
      });
      return { ...spec.assemble(loaded as Loaded<S>, context), degraded };
    },
  };
}
