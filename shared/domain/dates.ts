/**
 * Business dates.
 *
 * A business date is a calendar day written 'YYYY-MM-DD' with no time and no zone: due dates,
 * payment value dates and "as of" dates are days, not instants, so they are kept as strings and
 * all arithmetic is done on a proleptic-Gregorian day number. We deliberately avoid the JS Date
 * object for arithmetic: Date.UTC maps years 0–99 to 1900–1999 and local-time Dates shift days
 * across zones, both of which would silently move a due date.
 *
 * Years are limited to 0001–9999 so that every date has exactly one 4-digit spelling and string
 * order equals chronological order.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

const MIN_YEAR = 1;
const MAX_YEAR = 9999;

interface Ymd {
  readonly y: number;
  readonly m: number;
  readonly d: number;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Last day (28–31) of the given month; month is 1–12. */
export function lastDayOfMonth(year: number, month: number): number {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new Error(`lastDayOfMonth: year must be an integer ${MIN_YEAR}–${MAX_YEAR}, got ${String(year)}`);
  }
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new Error(`lastDayOfMonth: month must be an integer 1–12, got ${String(month)}`);
  }
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function parse(s: unknown): Ymd | null {
  if (typeof s !== 'string') return null;
  const m = DATE_RE.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1) return null;
  if (d > lastDayOfMonth(y, mo)) return null;
  return { y, m: mo, d };
}

/** True for a real calendar date spelled 'YYYY-MM-DD' (e.g. '2024-02-29' yes, '2025-02-29' no). */
export function isBusinessDate(s: unknown): s is string {
  return parse(s) !== null;
}

/** Throws an Error naming the field when `s` is not a valid business date. */
export function assertBusinessDate(s: unknown, label = 'date'): asserts s is string {
  if (parse(s) === null) {
    const shown = typeof s === 'string' ? JSON.stringify(s) : String(s);
    throw new Error(`${label} must be a real calendar date in YYYY-MM-DD form, got ${shown}`);
  }
}

function parseOrThrow(s: string, label: string): Ymd {
  const p = parse(s);
  if (p === null) assertBusinessDate(s, label); // throws with the standard message
  return p as Ymd;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function format(y: number, m: number, d: number): string {
  if (y < MIN_YEAR || y > MAX_YEAR) {
    throw new Error(`date arithmetic left the supported range ${MIN_YEAR}–${MAX_YEAR} (year ${y})`);
  }
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/*
 * Day-number conversion (days since 1970-01-01) using the well-known era-based civil-calendar
 * algorithm (H. Hinnant, "chrono-compatible low-level date algorithms"). Pure integer arithmetic,
 * valid for the whole proleptic Gregorian calendar.
 */
function toDayNumber({ y, m, d }: Ymd): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function fromDayNumber(z0: number): Ymd {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return { y, m, d };
}

/** Whole days from `from` to `to` (to − from); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(parseOrThrow(to, 'to')) - toDayNumber(parseOrThrow(from, 'from'));
}

/** The date `n` calendar days after `date` (n may be negative). */
export function addDays(date: string, n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`addDays: n must be an integer, got ${String(n)}`);
  const r = fromDayNumber(toDayNumber(parseOrThrow(date, 'date')) + n);
  return format(r.y, r.m, r.d);
}

/**
 * The date `monthsToAdd` months after `firstDate`, on the same day of the month, or on the last
 * day of the target month when that month is shorter (DOMAIN.md "Money and schedules": due dates
 * fall on the same day each month; in a shorter month, on its last day).
 *
 * Always anchor on the FIRST date, never chain: 01-31 +1 → 02-28/29, +2 → 03-31 (not 03-28).
 */
export function addMonthsClamped(firstDate: string, monthsToAdd: number): string {
  if (!Number.isSafeInteger(monthsToAdd)) {
    throw new Error(`addMonthsClamped: monthsToAdd must be an integer, got ${String(monthsToAdd)}`);
  }
  const { y, m, d } = parseOrThrow(firstDate, 'firstDate');
  const total = y * 12 + (m - 1) + monthsToAdd;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  if (ny < MIN_YEAR || ny > MAX_YEAR) format(ny, nm, 1); // throws the range error
  return format(ny, nm, Math.min(d, lastDayOfMonth(ny, nm)));
}

const TWO_DIGITS: readonly string[] = Array.from({ length: 32 }, (_, i) => pad(i, 2));

/**
 * The `count` dates addMonthsClamped(firstDate, 0 … count − 1), built in one pass. Same rule as
 * addMonthsClamped, without re-parsing the first date for every month: a 30-year schedule needs
 * 360 of these and schedule building is on hot paths (portfolio views, what-if calculators).
 */
export function monthlySeries(firstDate: string, count: number): string[] {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new Error(`monthlySeries: count must be a non-negative integer, got ${String(count)}`);
  }
  const { y, m, d } = parseOrThrow(firstDate, 'firstDate');
  if (count > 0) addMonthsClamped(firstDate, count - 1); // range check on the last date
  const out = new Array<string>(count);
  let year = y;
  let month = m;
  let yearText = pad(year, 4);
  for (let i = 0; i < count; i++) {
    const day = d <= 28 ? d : Math.min(d, lastDayOfMonth(year, month));
    out[i] = `${yearText}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}`;
    if (++month > 12) {
      month = 1;
      year += 1;
      yearText = pad(year, 4);
    }
  }
  return out;
}

/** -1, 0 or 1, like a sort comparator. Both arguments must be valid business dates. */
export function compareDates(a: string, b: string): -1 | 0 | 1 {
  parseOrThrow(a, 'a');
  parseOrThrow(b, 'b');
  // Fixed-width YYYY-MM-DD strings sort lexicographically in date order.
  return a < b ? -1 : a > b ? 1 : 0;
}

const wallClockFormatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone for every wall-clock reading: business dates here, times of day for the contact rules. */
function wallClockFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = wallClockFormatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        calendar: 'gregory',
        numberingSystem: 'latn',
        hourCycle: 'h23', // midnight is 00, never 24
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new Error(`unknown time zone ${JSON.stringify(timeZone)}`);
    }
    wallClockFormatters.set(timeZone, f);
  }
  return f;
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * The bank's home zone: head office's business date (when a published policy takes effect), and the
 * zone of a branch whose row names none. Every branch's own zone is its `branches.time_zone`.
 */
export const HOME_TIME_ZONE = 'Asia/Shanghai';

/**
 * The home zone has kept UTC+8 all year since daylight saving ended in 1991, so its clock after that
 * is plain arithmetic: a contact's rule check, a write's policy lookup and a queue build need no Intl
 * call per instant.
 */
const HOME_OFFSET_MS = 8 * 3_600_000;
const HOME_FIXED_OFFSET_SINCE_MS = Date.UTC(1992, 0, 1);

/** What a clock on the wall in `timeZone` (IANA name) shows at `instant`; throws on an unknown zone. */
export function wallClockOf(instant: Date, timeZone: string): WallClock {
  if (timeZone === HOME_TIME_ZONE && instant.getTime() >= HOME_FIXED_OFFSET_SINCE_MS) {
    const h = new Date(instant.getTime() + HOME_OFFSET_MS);
    return { year: h.getUTCFullYear(), month: h.getUTCMonth() + 1, day: h.getUTCDate(), hour: h.getUTCHours(), minute: h.getUTCMinutes(), second: h.getUTCSeconds() };
  }
  const w: WallClock = { year: NaN, month: NaN, day: NaN, hour: NaN, minute: NaN, second: NaN };
  for (const p of wallClockFormatter(timeZone).formatToParts(instant)) {
    if (p.type === 'year' || p.type === 'month' || p.type === 'day' || p.type === 'hour' || p.type === 'minute' || p.type === 'second') w[p.type] = Number(p.value);
  }
  return w;
}

/**
 * An instant as people read it on every screen and message: `YYYY-MM-DD HH:mm` (with `:ss` when asked)
 * on the wall clock of `timeZone`. An unreadable instant is shown as stored.
 */
export function instantText(iso: string, timeZone: string, seconds = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const w = wallClockOf(d, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${format(w.year, w.month, w.day)} ${two(w.hour)}:${two(w.minute)}${seconds ? `:${two(w.second)}` : ''}`;
}

/**
 * The business date of `instant` on the wall calendar of `timeZone` (IANA name, e.g.
 * 'Asia/Shanghai'). The caller passes the instant in so that domain code never reads the clock.
 */
export function todayInTimeZone(instant: Date, timeZone: string): string {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new Error('todayInTimeZone: instant must be a valid Date');
  }
  if (timeZone === HOME_TIME_ZONE && instant.getTime() >= HOME_FIXED_OFFSET_SINCE_MS) {
    return new Date(instant.getTime() + HOME_OFFSET_MS).toISOString().slice(0, 10);
  }
  const { year, month, day } = wallClockOf(instant, timeZone);
  const out = Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day) ? format(year, month, day) : '';
  assertBusinessDate(out, 'todayInTimeZone result');
  return out;
}

/**
 * The business date of an ISO instant in `timeZone` (the home zone by arithmetic: this runs per loan
 * over a 20,000-loan queue, where one Intl call each was a measurable part of the build).
 */
export function localDateOf(iso: string, timeZone: string): string {
  return todayInTimeZone(new Date(iso), timeZone);
}
