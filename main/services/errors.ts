import type { ErrorCode, Locale } from '../../shared/api/envelope';
import { pick, type Bilingual, type TextParams } from '../../shared/i18n/text';

/** A failure a service reports to the caller; the dispatcher turns it into the localized envelope. */
export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly fields?: Record<string, string>,
    /** Structured facts for the UI beyond the message parameters (e.g. the missing items of a submit). */
    readonly details?: Record<string, unknown>,
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'ServiceError';
  }
}

/** A VALIDATION answer naming one field, its message in the caller's language. */
export function fieldError(locale: Locale, field: string, text: Bilingual, params: TextParams = {}): ServiceError {
  return new ServiceError('VALIDATION', {}, { [field]: pick(text, locale, params) });
}
