// Pure helpers of the due-diligence screens: the rate typed as a percent and the decision clock.

const PERCENT_RE = /^(\d{1,2})(?:\.(\d{1,4}))?$/;

/**
 * "4.35" (percent, as staff type it) -> "0.0435" (the contract's decimal string), by moving the decimal
 * point in the digit string: parseFloat("4.35") / 100 is 0.043500000000000004. Null when not a percent
 * in (0, 100) with at most 4 decimals (the contract keeps 6 decimal places).
 */
export function percentToDecimal(text: string): string | null {
  const m = PERCENT_RE.exec(text.trim());
  if (!m) return null;
  const intPart = (m[1] ?? '').replace(/^0+/, '');
  const digits = intPart + (m[2] ?? '');
  if (!/[1-9]/.test(digits)) return null;
  // intPart has at most 2 digits, so the point always lands at or before the first digit.
  const frac = ('0'.repeat(2 - intPart.length) + digits).replace(/0+$/, '');
  return `0.${frac}`;
}

/** "0.0435" -> "4.35", "1.25" -> "125": a decimal ratio (a rate, the DSR) as a percent, without floats. */
export function decimalToPercent(ratio: string): string {
  const m = /^(\d*)\.?(\d*)$/.exec(ratio);
  if (!m || (!m[1] && !m[2])) return ratio;
  const frac = (m[2] ?? '').padEnd(2, '0');
  const intPart = ((m[1] ?? '') + frac.slice(0, 2)).replace(/^0+(?=\d)/, '');
  const rest = frac.slice(2).replace(/0+$/, '');
  return rest ? `${intPart}.${rest}` : intPart;
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

export interface SlaClock {
  state: 'ok' | 'due_soon' | 'overdue';
  /** Whole hours left (or overdue); 0 below an hour, then `minutes` says it. */
  hours: number;
  minutes: number;
}

/** Time left to the decision deadline, from the service's clock; null without a deadline. */
export function slaClock(dueAt: string | null, dueSoonAt: string | null, nowMs: number): SlaClock | null {
  if (!dueAt) return null;
  const due = Date.parse(dueAt);
  if (Number.isNaN(due)) return null;
  const soon = dueSoonAt ? Date.parse(dueSoonAt) : due;
  const left = due - nowMs;
  const abs = Math.abs(left);
  const hours = Math.floor(abs / HOUR_MS);
  const minutes = hours > 0 ? 0 : Math.max(1, Math.floor(abs / MINUTE_MS));
  const state = left <= 0 ? 'overdue' : nowMs >= soon ? 'due_soon' : 'ok';
  return { state, hours, minutes };
}

export const SLA_COLORS: Record<SlaClock['state'], string | undefined> = {
  ok: undefined,
  due_soon: '#d46b08',
  overdue: '#cf1322',
};
