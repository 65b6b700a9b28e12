// Personal numbers shown to people who do not need them whole: all but the last four characters
// hidden, the one way every screen, export and log does it.
export function maskNumber(value: string): string {
  return value.length <= 4 ? value : `${'*'.repeat(value.length - 4)}${value.slice(-4)}`;
}

/**
 * Runs of 7 or more digits (phone, ID and account numbers), with spaces or dashes inside them, standing
 * on their own (not inside a Latin word or an id: a UUID's digits stay), an ID card's final X with
 * them, and not a date.
 */
const LONG_NUMBER = /(?<![A-Za-z0-9_-])\d[\d -]{5,}\d[Xx]?(?![A-Za-z0-9_-])/g;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The text with every long number masked (its separators kept), e.g. in a note or a log line. */
export function maskNumbersIn(text: string): string {
  return text.replace(LONG_NUMBER, (run) => {
    const digits = run.replace(/\D/g, '');
    if (digits.length < 7 || DATE.test(run)) return run;
    let keep = 4;
    return [...run]
      .reverse()
      .map((ch) => (/\d/.test(ch) ? (keep-- > 0 ? ch : '*') : ch))
      .reverse()
      .join('');
  });
}

/** A copy of any JSON value with long numbers masked in every string (keys kept as they are). */
export function maskNumbersDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskNumbersIn(value);
  if (Array.isArray(value)) return value.map(maskNumbersDeep);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, maskNumbersDeep(v)]));
  }
  return value;
}
