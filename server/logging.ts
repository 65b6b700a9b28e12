// Head office's logs carry no personal data: a database error's row contents (`detail`: "Failing row
// contains (…)"), its query and its parameters are dropped, numbers in what is kept are masked as the
// screens mask them, and an authorization header is never written.
import { maskNumbersIn } from '../shared/text/mask';
import { sqlState } from './errors';

/** What is kept of an error: its kind, code and where, never the values it was handling. */
function redactedError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: maskNumbersIn(String(err)) };
  const e = err as Error & { constraint?: unknown; table?: unknown; column?: unknown; routine?: unknown };
  const out: Record<string, unknown> = { type: e.name, message: maskNumbersIn(e.message) };
  const code = sqlState(err);
  if (code) out['code'] = code;
  for (const key of ['constraint', 'table', 'column', 'routine'] as const) if (typeof e[key] === 'string') out[key] = e[key];
  if (e.stack) out['stack'] = maskNumbersIn(e.stack);
  return out;
}

/** Fastify's logger options: pino with the error serializer above and header redaction. */
export function loggerOptions(stream?: NodeJS.WritableStream): Record<string, unknown> {
  return {
    level: 'info',
    serializers: { err: redactedError },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
    ...(stream ? { stream } : {}),
  };
}
