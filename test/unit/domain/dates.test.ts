import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  addMonthsClamped,
  assertBusinessDate,
  compareDates,
  daysBetween,
  isBusinessDate,
  lastDayOfMonth,
  monthlySeries,
  todayInTimeZone,
  wallClockOf,
} from '../../../shared/domain/dates';

/** Reference via the JS Date object, valid for years ≥ 1970 used in these properties. */
function viaDate(date: string, n: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

const dayOffset = fc.integer({ min: 0, max: 60_000 }); // 1970 … ~2134
const dateArb = dayOffset.map((n) => addDays('1970-01-01', n));

describe('isBusinessDate / assertBusinessDate', () => {
  it('accepts real dates, including leap days', () => {
    for (const s of ['2024-02-29', '2000-02-29', '2025-12-31', '0001-01-01', '9999-12-31', '2025-04-30']) {
      expect(isBusinessDate(s), s).toBe(true);
    }
  });
  it('rejects impossible dates and bad formats', () => {
    for (const s of [
      '2025-02-29', '1900-02-29', '2100-02-29', '2025-02-30', '2025-04-31', '2025-13-01', '2025-00-10',
      '2025-01-00', '0000-01-01', '2025-1-01', '2025-01-1', '20250101', '2025/01/01', ' 2025-01-01',
      '2025-01-01T00:00:00Z', '', 'abc',
    ]) {
      expect(isBusinessDate(s), s).toBe(false);
    }
    expect(isBusinessDate(20250101)).toBe(false);
    expect(isBusinessDate(null)).toBe(false);
  });
  it('assertBusinessDate names the field', () => {
    expect(() => assertBusinessDate('2025-02-30', 'firstDueDate')).toThrow(/firstDueDate.*"2025-02-30"/);
    expect(() => assertBusinessDate('2025-02-28')).not.toThrow();
  });
});

describe('lastDayOfMonth', () => {
  it('knows month lengths and leap years', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => lastDayOfMonth(2025, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(lastDayOfMonth(2024, 2)).toBe(29);
    expect(lastDayOfMonth(2000, 2)).toBe(29);
    expect(lastDayOfMonth(1900, 2)).toBe(28);
  });
  it('rejects bad months', () => {
    expect(() => lastDayOfMonth(2025, 0)).toThrow(/month/);
    expect(() => lastDayOfMonth(2025, 13)).toThrow(/month/);
    expect(() => lastDayOfMonth(2025, 1.5)).toThrow(/month/);
  });
});

describe('daysBetween / addDays', () => {
  it('known answers', () => {
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
    expect(daysBetween('2025-03-01', '2025-02-28')).toBe(-1);
    expect(daysBetween('2025-01-15', '2025-01-15')).toBe(0);
    expect(daysBetween('1970-01-01', '2000-03-01')).toBe(11017);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('0001-01-01', 0)).toBe('0001-01-01');
  });
  it('rejects bad input and leaving the range', () => {
    expect(() => daysBetween('2025-02-30', '2025-03-01')).toThrow(/from/);
    expect(() => daysBetween('2025-02-01', 'x')).toThrow(/to/);
    expect(() => addDays('2025-01-01', 0.5)).toThrow(/integer/);
    expect(() => addDays('9999-12-31', 1)).toThrow(/range/);
  });
  it('agrees with Date.UTC arithmetic (property)', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -5000, max: 5000 }), (d, n) => {
        const r = addDays(d, n);
        if (r >= '1970-01-01') expect(r).toBe(viaDate(d, n));
        expect(daysBetween(d, r)).toBe(n);
        expect(isBusinessDate(r)).toBe(true);
      }),
    );
  });
});

describe('addMonthsClamped', () => {
  it('clamps month ends, anchored on the first date (not chained)', () => {
    expect([0, 1, 2, 3, 4].map((k) => addMonthsClamped('2024-01-31', k))).toEqual([
      '2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30', '2024-05-31',
    ]);
    expect(addMonthsClamped('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonthsClamped('2025-01-31', 2)).toBe('2025-03-31');
    expect(addMonthsClamped('2025-01-30', 1)).toBe('2025-02-28');
    expect(addMonthsClamped('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonthsClamped('2024-02-29', 48)).toBe('2028-02-29');
    expect(addMonthsClamped('2024-02-29', 1)).toBe('2024-03-29');
    expect(addMonthsClamped('2025-11-15', 3)).toBe('2026-02-15');
    expect(addMonthsClamped('2025-03-31', -1)).toBe('2025-02-28');
    expect(addMonthsClamped('2025-01-15', -13)).toBe('2023-12-15');
  });
  it('rejects bad input', () => {
    expect(() => addMonthsClamped('2025-02-29', 1)).toThrow(/firstDate/);
    expect(() => addMonthsClamped('2025-01-31', 1.5)).toThrow(/integer/);
    expect(() => addMonthsClamped('9999-12-31', 1)).toThrow(/range/);
  });
  it('keeps the day or falls on month end; monthlySeries matches (property)', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 120 }), (first, n) => {
        const series = monthlySeries(first, n + 1);
        expect(series).toHaveLength(n + 1);
        series.forEach((d, k) => {
          expect(d).toBe(addMonthsClamped(first, k));
          const day = Number(d.slice(8));
          const want = Number(first.slice(8));
          const last = lastDayOfMonth(Number(d.slice(0, 4)), Number(d.slice(5, 7)));
          expect(day).toBe(Math.min(want, last));
        });
      }),
    );
  });
  it('monthlySeries handles 0 and bad counts', () => {
    expect(monthlySeries('2025-01-31', 0)).toEqual([]);
    expect(() => monthlySeries('2025-01-31', -1)).toThrow(/count/);
  });
});

describe('compareDates', () => {
  it('orders dates', () => {
    expect(compareDates('2025-01-02', '2025-01-10')).toBe(-1);
    expect(compareDates('2025-01-10', '2025-01-10')).toBe(0);
    expect(compareDates('2026-01-01', '2025-12-31')).toBe(1);
    expect(() => compareDates('2025-1-1', '2025-01-01')).toThrow();
  });
  it('agrees with daysBetween (property)', () => {
    fc.assert(
      fc.property(dateArb, dateArb, (a, b) => {
        expect(compareDates(a, b)).toBe(Math.sign(daysBetween(b, a)) as -1 | 0 | 1);
      }),
    );
  });
});

describe('todayInTimeZone', () => {
  const instant = new Date('2025-01-01T16:30:00Z');
  it('uses the wall calendar of the zone', () => {
    expect(todayInTimeZone(instant, 'Asia/Shanghai')).toBe('2025-01-02');
    expect(todayInTimeZone(instant, 'UTC')).toBe('2025-01-01');
    expect(todayInTimeZone(new Date('2025-01-01T03:00:00Z'), 'America/New_York')).toBe('2024-12-31');
    expect(todayInTimeZone(new Date('2024-02-29T15:59:59Z'), 'Asia/Shanghai')).toBe('2024-02-29');
    expect(todayInTimeZone(new Date('2024-02-29T16:00:00Z'), 'Asia/Shanghai')).toBe('2024-03-01');
  });
  it('gives the home zone by arithmetic only where it has no daylight saving, agreeing with the zone database', () => {
    const viaIntl = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
    for (let t = Date.UTC(1992, 0, 1); t < Date.UTC(2031, 0, 1); t += 86_400_000 * 7 + 3_600_000 * 5 + 60_000 * 17) {
      expect(todayInTimeZone(new Date(t), 'Asia/Shanghai')).toBe(viaIntl(new Date(t)));
    }
    // Summer 1991 was UTC+9 in China: 15:30Z on 1 July was already 2 July there.
    const summer1991 = new Date('1991-07-01T15:30:00Z');
    expect(todayInTimeZone(summer1991, 'Asia/Shanghai')).toBe(viaIntl(summer1991));
    expect(todayInTimeZone(summer1991, 'Asia/Shanghai')).toBe('1991-07-02');
  });
  it('reads the wall clock of the home zone by arithmetic, to the second, as the zone database does', () => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: 'Asia/Shanghai', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    const viaIntl = (d: Date) => Object.fromEntries(parts.formatToParts(d).filter((p) => p.type !== 'literal').map((p) => [p.type, Number(p.value)]));
    for (let t = Date.UTC(1992, 0, 1); t < Date.UTC(2031, 0, 1); t += 86_400_000 * 3 + 3_600_000 * 7 + 60_000 * 13 + 1_000 * 29) {
      expect(wallClockOf(new Date(t), 'Asia/Shanghai')).toEqual(viaIntl(new Date(t)));
    }
    const summer1991 = new Date('1991-07-01T15:30:00Z');
    expect(wallClockOf(summer1991, 'Asia/Shanghai')).toEqual(viaIntl(summer1991));
    expect(wallClockOf(summer1991, 'Asia/Shanghai').hour).toBe(0);
  });
  it('rejects bad zones and invalid instants', () => {
    expect(() => todayInTimeZone(instant, 'Mars/Olympus')).toThrow(/time zone/);
    expect(() => todayInTimeZone(new Date(NaN), 'UTC')).toThrow(/valid Date/);
  });
});
