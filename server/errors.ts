// Errors that become an HTTP answer `{ error: { code, message, fields? } }` (the same envelope shape
// as the branch API, shared/api/envelope.ts), thrown from anywhere below a route.
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** PostgreSQL SQLSTATE of a driver error (pg and PGlite both expose `code`), if any. */
export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * Failures that may pass if tried again: serialization failure, deadlock, lock timeout, connection
 * loss, server shutting down or out of connections. Used for logging; any unexpected failure stops a
 * push batch with retryFromSeq, because retrying is safe and dropping work is not.
 */
export function isTransient(err: unknown): boolean {
  const state = sqlState(err);
  if (state) return /^(40001|40P01|55P03|57P0[1-3]|53300|08...)$/.test(state);
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT'].includes(code);
}

/** Data exception (22) or integrity violation (23): the statement will fail the same way every time. */
export function isPermanentDataError(err: unknown): boolean {
  const state = sqlState(err);
  return state !== undefined && (state.startsWith('22') || state.startsWith('23'));
}
