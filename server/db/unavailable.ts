/** Network errors of a connection that could not be made or was lost. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])
/**
 * SQLSTATEs of a server that is shutting down, starting, or refusing connections, or short of a
 * resource (class 53: disk full, out of memory, too many connections): all pass, none is the request's fault.
 */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53000', '53100', '53200', '53300', '53400'])
/** What `pg` says, without a code, when a connection times out or breaks. */
const PG_MESSAGES = /timeout exceeded when trying to connect|Connection terminated|connection error and is not queryable|Client was closed and is not queryable|Connection refused/i

/**
 * Whether an error means the database cannot be reached right now (a 503, not a fault of ours):
 * refused or lost connections, pool timeouts, server shutdown (57P01-57P03), connection
 * exceptions (SQLSTATE class 08). Looks through `cause` and AggregateError's `errors`.
 *
 * ```ts
 * isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })) // true
 * ```
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true
  if (PG_MESSAGES.test(error.message)) return true
  if (error instanceof AggregateError && error.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true
  return isDatabaseUnavailable(error.cause, depth + 1)
}

/** Whether the database could not write for want of disk space (SQLSTATE 53100, or the system's ENOSPC). */
export function isDiskFull(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false
  const code = (error as { code?: unknown }).code
  if (code === '53100' || code === 'ENOSPC' || /No space left on device/i.test(error.message)) return true
  return isDiskFull(error.cause, depth + 1)
}
