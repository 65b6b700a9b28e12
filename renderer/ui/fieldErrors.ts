// The service's field messages (ApiCallError.fields, keyed by input path) shown under the form's own
// fields, so a refused save marks what to correct instead of a general "check the marked fields".
import type { FormInstance } from 'antd';
import { ApiCallError } from '../api/transport';

export interface PlacedFieldErrors {
  /** At least one message is now under a field. */
  placed: boolean;
  /** Every message of the error found its field (nothing is left to say above the form). */
  all: boolean;
}

/**
 * Puts each field message of `err` under the form field `fieldOf(path)` names; paths the form has no
 * field for are left to the caller's general error.
 */
export function placeFieldErrors<V>(form: FormInstance<V>, err: unknown, fieldOf: (path: string) => string | undefined): PlacedFieldErrors {
  const own = fieldErrorsOf(err, fieldOf);
  if (own.length > 0) form.setFields(own as Parameters<FormInstance<V>['setFields']>[0]);
  const total = err instanceof ApiCallError ? Object.keys(err.fields ?? {}).length : 0;
  return { placed: own.length > 0, all: total > 0 && own.length === total };
}

export interface FieldError {
  name: string;
  errors: string[];
}

/** The field messages of `err` that the form has a field for, without touching the form. */
export function fieldErrorsOf(err: unknown, fieldOf: (path: string) => string | undefined): FieldError[] {
  const entries = Object.entries(err instanceof ApiCallError ? (err.fields ?? {}) : {});
  return entries.flatMap(([path, msg]) => {
    const name = fieldOf(path);
    return name ? [{ name, errors: [msg] }] : [];
  });
}

/** A field-name lookup over a fixed map or set of names (service path → form field). */
export function fieldsNamed(names: Readonly<Record<string, string>> | ReadonlySet<string>): (path: string) => string | undefined {
  if (names instanceof Set) return (path) => (names.has(path) ? path : undefined);
  const map = names as Readonly<Record<string, string>>;
  // Own keys only: a path such as "constructor" must not find Object.prototype's member.
  return (path) => (Object.hasOwn(map, path) ? map[path] : undefined);
}
