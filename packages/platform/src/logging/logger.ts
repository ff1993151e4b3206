import pino, { type Logger, type LoggerOptions } from 'pino';

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

/** pino options shared by every service: JSON, redaction, the service name on every line. */
export function loggerOptions(service: string, settings: LogSettings): LoggerOptions {
  return {
    level: settings.level,
    base: { service },
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
