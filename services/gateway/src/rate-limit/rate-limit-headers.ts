import type { FastifyReply } from 'fastify';
import type { Decision } from './gcra.ts';
import type { RateRule } from './rate-classes.ts';

const policies = new WeakMap<RateRule, string>();

/** `RateLimit-Policy: "browse";q=300;w=10` (draft-ietf-httpapi-ratelimit-headers): the bucket, built once per class. */
export function policyHeader(rule: RateRule): string {
  let value = policies.get(rule);
  if (value === undefined) {
    value = `"${rule.name}";q=${rule.quota};w=${Math.max(1, Math.ceil(rule.windowMs / 1000))}`;
    policies.set(rule, value);
  }
  return value;
}

/** `RateLimit-Policy` and `RateLimit: "browse";r=<remaining>;t=<seconds until the bucket is full>`. */
export function setRateLimitHeaders(reply: FastifyReply, rule: RateRule, decision: Decision): void {
  reply.header('ratelimit-policy', policyHeader(rule));
  reply.header(
    'ratelimit',
    `"${rule.name}";r=${decision.remaining};t=${Math.max(0, Math.ceil(decision.resetMs / 1000))}`,
  );
}

/** Whole seconds, at least one: `Retry-After: 0` would invite an immediate retry that fails again. */
export function retryAfterSeconds(decision: Decision): number {
  return Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
}
