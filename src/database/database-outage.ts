/**
 * Whether an error means that PostgreSQL (or Redis) cannot be reached right now, as opposed to a
 * refused statement: a connection refused, reset or timed out, a server shutting down or starting
 * up, a session terminated by an administrator, no connection slot left. Such a request did not
 * happen (its transaction, if any, was rolled back by the server), so it is answered 503 with
 * Retry-After, and the client may simply send it again.
 */

/** Node's socket errors on connecting to, or talking with, the server. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * PostgreSQL's SQLSTATEs of an unavailable server: class 08 (connection exception), 57P01
 * admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections.
 * 3D000 (no such database) stays a 500:
 * it is a misconfiguration, not an outage.
 */
const POSTGRES_CODES = new Set(['08000', '08001', '08003', '08004', '08006', '08007', '57P01', '57P02', '57P03', '53300']);

/** What node-postgres and ioredis say when a connection goes away without a code. */
const MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Connection is closed/i,
  /Stream isn't writeable/i,
  /Reached the max retries per request limit/i,
  /terminating connection due to administrator command/i,
  /database system is (shutting down|starting up|in recovery mode)/i,
  /is not currently accepting connections/i,
];

interface WithCodes {
  code?: unknown;
  errno?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

export function isServiceOutage(error: unknown, depth = 0): boolean {
  if (depth > 5 || error === null || typeof error !== 'object') return false;
  const candidate = error as WithCodes;
  if (typeof candidate.code === 'string' && (SOCKET_CODES.has(candidate.code) || POSTGRES_CODES.has(candidate.code))) return true;
  if (typeof candidate.message === 'string' && MESSAGES.some((pattern) => pattern.test(candidate.message as string))) return true;
  // An AggregateError (a refused connection to both ::1 and 127.0.0.1) carries its reasons in `errors`.
  const nested = [candidate.driverError, candidate.cause, ...(Array.isArray(candidate.errors) ? candidate.errors : [])];
  return nested.some((inner) => inner !== error && isServiceOutage(inner, depth + 1));
}

/** Seconds a client should wait before retrying a request refused during an outage. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;
