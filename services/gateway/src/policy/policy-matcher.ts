import type { RateClass } from '../rate-limit/rate-classes.ts';
import { type Access, EVERY_SERVICE, type RouteRule, UNLISTED } from './route-policy.ts';

/** What the gateway enforces on one request. */
export interface RouteDecision {
  access: Access;
  rate: RateClass;
  /** A long-lived response: no body timeout beyond the stream's idle bound. */
  stream: boolean;
}

interface CompiledRule {
  methods: ReadonlySet<string> | undefined;
  pattern: RegExp;
  decision: { read: RouteDecision; write: RouteDecision };
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

function compilePath(path: string): RegExp {
  const wildcard = path.endsWith('/*');
  const base = wildcard ? path.slice(0, -2) : path;
  const body = base
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${body}${wildcard ? '(?:/.*)?' : '/?'}$`);
}

function compile(rule: RouteRule): CompiledRule {
  const decide = (read: boolean): RouteDecision => ({
    access: rule.access,
    rate: rule.rate ?? (read ? 'browse' : 'write'),
    stream: rule.stream ?? false,
  });
  return {
    methods: rule.methods === '*' ? undefined : new Set(rule.methods),
    pattern: compilePath(rule.path),
    decision: { read: decide(true), write: decide(false) },
  };
}

/**
 * Decodes percent-escapes the way the services' router does, so `/%75sers` is judged as the
 * `/users` it will reach; a malformed escape is matched as sent (the service will 404 or 400 it).
 * Like the router (find-my-way), an escaped reserved character stays escaped: `me%2F..%2Fusr_1`
 * is one segment, the `:id` the service will see, not a path below `/users/me`.
 */
function normalise(path: string): string {
  if (!path.includes('%')) return path;
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

/** The route policy table, compiled once: per request, a few regular-expression tests at most. */
export class PolicyMatcher {
  readonly #services = new Map<string, CompiledRule[]>();
  readonly #unlisted = {
    read: { access: UNLISTED, rate: 'browse', stream: false },
    write: { access: UNLISTED, rate: 'write', stream: false },
  } as const;

  constructor(table: Readonly<Record<string, readonly RouteRule[]>>) {
    for (const [service, rules] of Object.entries(table)) {
      this.#services.set(service, [...EVERY_SERVICE, ...rules].map(compile));
    }
  }

  /** The decision for `method` on `url` (`/api/<service>/<path>?<query>`). */
  decide(method: string, url: string): RouteDecision {
    const rest = url.indexOf('/', 5); // after `/api/`
    const query = url.indexOf('?');
    const end = query < 0 ? url.length : query;
    const serviceEnd = rest < 0 || rest > end ? end : rest;
    const service = url.slice(5, serviceEnd);
    const path = normalise(serviceEnd === end ? '/' : url.slice(serviceEnd, end));
    const read = READS.has(method);
    for (const rule of this.#services.get(service) ?? []) {
      if (rule.methods && !rule.methods.has(method)) continue;
      if (rule.pattern.test(path)) return read ? rule.decision.read : rule.decision.write;
    }
    return read ? this.#unlisted.read : this.#unlisted.write;
  }
}
