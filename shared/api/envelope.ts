// The result envelope every API call answers with, over IPC and over the dev-web HTTP host alike.
export const ERROR_CODES = [
  'UNKNOWN_METHOD',
  'VALIDATION',
  'UNAUTHENTICATED',
  'SESSION_LOCKED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'CONFLICT',
  'INCOMPLETE',
  'CONTACT_BLOCKED',
  'DOMAIN_RULE',
  'NOT_AVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Field path (dot-joined) -> message, for validation errors. */
  fields?: Record<string, string>;
  /** Extra facts for the UI, e.g. lockedUntil, or the missing items of a refused submit. */
  details?: Record<string, unknown>;
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export type Locale = 'zh-CN' | 'en';

export function isLocale(v: unknown): v is Locale {
  return v === 'zh-CN' || v === 'en';
}
