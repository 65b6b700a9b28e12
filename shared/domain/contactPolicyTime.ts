/**
 * Wall-clock helpers for the contact rules: local time of an instant in an IANA zone, and the
 * instant at which a local calendar day starts. Pure (Intl only, no libraries, no clock reads).
 *
 * Why not format every history entry: checkContact runs on every contact log over ~2 years of
 * history (`collections.log_contact.p99_ms`). The rules only need to know whether an entry falls
 * on or after the start of a few local days (today, today − 6), so we turn those days into
 * instants once (a handful of Intl calls, cached) and compare each entry's epoch milliseconds
 * with plain numbers. That is exact across DST changes, which a cached fixed offset is not.
 */

import { addDays, assertBusinessDate, wallClockOf } from './dates';

/** True when `timeZone` is an IANA zone name this runtime knows. */
export function isValidTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== 'string' || timeZone === '') return false;
  try {
    wallClockOf(new Date(0), timeZone);
    return true;
  } catch {
    return false;
  }
}

/** UTC milliseconds of a proleptic-Gregorian wall time (Date.UTC would map years 0–99 to 19xx). */
function wallToMs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(h, mi, s, 0);
  return t.getTime();
}

export interface LocalTime {
  /** Local calendar date 'YYYY-MM-DD'. */
  readonly date: string;
  /** Milliseconds since local midnight (wall clock), 0 … 86 399 999. */
  readonly msOfDay: number;
  /** 'HH:MM:SS' for messages. */
  readonly clock: string;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** The wall date and time of `epochMs` in `timeZone`. */
export function localTimeOf(epochMs: number, timeZone: string): LocalTime {
  const { year: y, month: mo, day: d, hour: h, minute: mi, second: s } = wallClockOf(new Date(epochMs), timeZone);
  const subSecond = ((epochMs % 1000) + 1000) % 1000;
  const date = `${String(y).padStart(4, '0')}-${pad2(mo)}-${pad2(d)}`;
  assertBusinessDate(date, `local date of ${new Date(epochMs).toISOString()} in ${timeZone}`);
  return { date, msOfDay: ((h * 60 + mi) * 60 + s) * 1000 + subSecond, clock: `${pad2(h)}:${pad2(mi)}:${pad2(s)}` };
}

function localDateOf(epochMs: number, timeZone: string): string {
  return localTimeOf(epochMs, timeZone).date;
}

const DAY_START_CACHE_SIZE = 2048;
const dayStarts = new Map<string, number>();

/**
 * The first instant (epoch ms) whose local date in `timeZone` is `date`. Usually local midnight;
 * where a DST change skips midnight (e.g. America/Santiago) the day starts at the jump.
 */
export function startOfLocalDay(date: string, timeZone: string): number {
  assertBusinessDate(date, 'date');
  const key = `${timeZone}\u0000${date}`;
  const hit = dayStarts.get(key);
  if (hit !== undefined) return hit;

  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const wall = wallToMs(y, mo, d);
  const previous = addDays(date, -1);
  // Offset = wall time − instant. Two rounds settle on the offset in force at local midnight.
  const offsetAt = (ms: number): number => {
    const lt = localTimeOf(ms, timeZone);
    const [ly, lmo, ld] = lt.date.split('-').map(Number) as [number, number, number];
    return wallToMs(ly, lmo, ld) + lt.msOfDay - ms;
  };
  let t = wall - offsetAt(wall);
  t = wall - offsetAt(t);
  let start: number;
  if (localDateOf(t, timeZone) === date && localDateOf(t - 1000, timeZone) === previous) {
    start = t;
  } else {
    // Midnight skipped or repeated: binary-search the first whole second on `date`
    // (zone offsets stay within ±18 h; transitions happen on whole seconds).
    let lo = Math.floor((wall - 18 * 3_600_000) / 1000);
    let hi = Math.ceil((wall + 18 * 3_600_000) / 1000);
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (localDateOf(mid * 1000, timeZone) >= date) hi = mid;
      else lo = mid + 1;
    }
    start = lo * 1000;
  }
  if (dayStarts.size >= DAY_START_CACHE_SIZE) {
    const oldest = dayStarts.keys().next();
    if (!oldest.done) dayStarts.delete(oldest.value);
  }
  dayStarts.set(key, start);
  return start;
}

/*
 * ISO 8601 instants with an explicit offset or Z: YYYY-MM-DDTHH:MM[:SS[.fraction]](Z|±HH:MM|±HHMM).
 * Without an offset Date.parse would use the host's zone, so those are refused. Parsed by hand with
 * integer arithmetic (Hinnant's days-from-civil): checkContact parses every history entry on every
 * contact log, and this is several times faster than a regex plus Date.parse, with the same result.
 */
const C0 = 48; // '0'

function digits(s: string, from: number, n: number): number {
  let v = 0;
  for (let k = from; k < from + n; k++) {
    const c = s.charCodeAt(k) - C0;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * ((m + 9) % 12) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Epoch ms of the instant, or NaN when `s` is not an ISO 8601 instant with an offset. */
export function instantMs(s: string): number {
  const len = s.length;
  if (len < 17 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58) return NaN;
  const t = s.charCodeAt(10);
  if (t !== 84 && t !== 116) return NaN; // 'T' / 't'
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59) return NaN;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > (mo === 2 && leap ? 29 : (MONTH_DAYS[mo - 1] as number))) return NaN;
  let i = 16;
  let sec = 0;
  let milli = 0;
  if (s.charCodeAt(i) === 58) {
    sec = digits(s, i + 1, 2);
    if (sec < 0 || sec > 59) return NaN;
    i += 3;
    if (s.charCodeAt(i) === 46) {
      let n = 0;
      let frac = 0;
      i++;
      while (i < len && n < 9) {
        const c = s.charCodeAt(i) - C0;
        if (c < 0 || c > 9) break;
        if (n < 3) frac = frac * 10 + c; // Date keeps milliseconds; further digits are truncated as Date.parse does
        n++;
        i++;
      }
      if (n === 0) return NaN;
      milli = n === 1 ? frac * 100 : n === 2 ? frac * 10 : frac;
    }
  }
  let offsetMin: number;
  const z = s.charCodeAt(i);
  if ((z === 90 || z === 122) && i + 1 === len) {
    offsetMin = 0;
  } else if (z === 43 || z === 45) {
    const oh = digits(s, i + 1, 2);
    const colon = s.charCodeAt(i + 3) === 58;
    const om = digits(s, i + (colon ? 4 : 3), 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59 || i + (colon ? 6 : 5) !== len) return NaN;
    offsetMin = (z === 45 ? -1 : 1) * (oh * 60 + om);
  } else {
    return NaN;
  }
  return daysFromCivil(y, mo, d) * 86_400_000 + ((h * 60 + mi - offsetMin) * 60 + sec) * 1000 + milli;
}

/** Epoch ms of an ISO instant with offset; throws naming `label` otherwise. */
export function parseInstant(at: unknown, label: string): number {
  const ms = typeof at === 'string' ? instantMs(at) : NaN;
  if (Number.isNaN(ms)) {
    throw new Error(`${label} must be an ISO 8601 instant with an offset (e.g. 2025-01-01T21:59:00+08:00), got ${JSON.stringify(at)}`);
  }
  return ms;
}
