import pino, { type ChildLoggerOptions, type Logger, type LoggerOptions } from 'pino';
import { currentContext } from './context.ts';

/** Paths never written to a log, whatever a caller passes in. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.apiKey',
  '*.secret',
  '*.clientSecret',
  // OAuth2 wire names (RFC 6749) and identity's `{ key }` bodies (API keys).
  '*.client_secret',
  '*.access_token',
  '*.refresh_token',
  '*.key',
];

export interface LogSettings {
  level: string;
  /** Human-readable lines (pino-pretty) instead of JSON: a terminal, not a collector. */
  pretty: boolean;
}

/** Marks a logger (and, through pino's prototype chain, its children) as carrying the work ids already. */
const IDS_BOUND = Symbol('comptoir.log.idsBound');

/**
 * A child logger with the ids of a unit of work bound once (a request's logger): the lines it
 * writes are not given the same keys again from the work context.
 */
export function childWithIds<
  L extends { child(bindings: Record<string, unknown>, options?: ChildLoggerOptions): L },
>(logger: L, bindings: Record<string, unknown>, options?: ChildLoggerOptions): L {
  const child = logger.child(bindings, options);
  (child as unknown as Record<symbol, boolean>)[IDS_BOUND] = true;
  return child;
}

/**
 * The ids of the request or event in hand, for a line written through a logger that does not
 * carry them (a service's own logger, used from a handler): the correlation and request ids,
 * and `trace_id`/`span_id` when the service traces.
 */
function workIds(_merge: object, _level: number, logger: Logger): Record<string, string> {
  if ((logger as unknown as Record<symbol, boolean>)[IDS_BOUND]) return {};
  const context = currentContext();
  if (!context) return {};
  const ids: Record<string, string> = { requestId: context.requestId, correlationId: context.correlationId };
  if (context.trace) {
    const { traceId, spanId } = context.trace.span.spanContext();
    ids.trace_id = traceId;
    ids.span_id = spanId;
  }
  return ids;
}

/** pino options shared by every service: JSON, redaction, the service name on every line. */
export function loggerOptions(service: string, settings: LogSettings): LoggerOptions {
  return {
    level: settings.level,
    base: { service },
    mixin: workIds,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...(settings.pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: {
              colorize: true,
              translateTime: 'SYS:HH:MM:ss.l',
              ignore: 'pid,hostname',
              singleLine: true,
            },
          },
        }
      : {}),
  };
}

/** A logger for code that runs outside a request (start-up, relays, consumers). */
export function createLogger(service: string, settings: LogSettings): Logger {
  return pino(loggerOptions(service, settings));
}

export type { Logger };
