/**
 * Whether a database error says "the server cannot serve now" — restarting, refusing connections,
 * the connection dropped — rather than "this query is wrong". The first is a 503 the caller may
 * retry (and a balancer or breaker may act on); only the second is a bug worth a 500.
 */

/** SQLSTATEs of a server that is going away, starting, full or unreachable. */
const UNAVAILABLE_STATES = new Set([
  '57P01', // admin_shutdown: the backend was terminated
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or in recovery
  '53300', // too_many_connections
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08004', // sqlserver_rejected_establishment_of_sqlconnection
  '08006', // connection_failure
]);

/** Socket errors on the way to the server. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/** node-postgres's own words for a connection lost or never made (it gives them no code). */
const DRIVER_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error and is not queryable/,
];

/**
 * @example
 * isDatabaseUnavailable({ code: '57P01', message: 'terminating connection due to administrator command' }); // → true
 * isDatabaseUnavailable({ code: '23505', message: 'duplicate key value' }); // → false
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (UNAVAILABLE_STATES.has(code) || NETWORK_CODES.has(code)) return true;
    // 55000 is a broad class; only this message is a database closed to connections (ALTER
    // DATABASE … ALLOW_CONNECTIONS false, or being dropped).
    if (code === '55000')
      return typeof message === 'string' && /not currently accepting connections/.test(message);
  }
  return typeof message === 'string' && DRIVER_MESSAGES.some((pattern) => pattern.test(message));
}
