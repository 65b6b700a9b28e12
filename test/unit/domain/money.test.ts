import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { assertFen, formatFen, parseYuan, sumFen } from '../../../shared/domain/money';

describe('assertFen', () => {
  it('accepts safe integers only', () => {
    expect(() => assertFen(0)).not.toThrow();
    expect(() => assertFen(-12345)).not.toThrow();
    expect(() => assertFen(Number.MAX_SAFE_INTEGER)).not.toThrow();
    for (const bad of [1.5, 0.1, NaN, Infinity, Number.MAX_SAFE_INTEGER + 1, '100', null]) {
      expect(() => assertFen(bad, 'fee'), String(bad)).toThrow(/fee must be a whole number of fen/);
    }
  });
});

describe('formatFen', () => {
  it('formats zh-CN and en', () => {
    expect(formatFen(123456789, 'zh-CN')).toBe('¥1,234,567.89');
    expect(formatFen(123456789, 'en')).toBe('CNY 1,234,567.89');
    expect(formatFen(123456789, 'zh-CN', { symbol: false })).toBe('1,234,567.89');
    expect(formatFen(123456789, 'en', { symbol: false })).toBe('1,234,567.89');
  });
  it('handles small, zero, negative and huge amounts', () => {
    expect(formatFen(0, 'zh-CN')).toBe('¥0.00');
    expect(formatFen(-0, 'zh-CN')).toBe('¥0.00');
    expect(formatFen(5, 'zh-CN')).toBe('¥0.05');
    expect(formatFen(50, 'en')).toBe('CNY 0.50');
    expect(formatFen(100, 'zh-CN')).toBe('¥1.00');
    expect(formatFen(100000, 'zh-CN')).toBe('¥1,000.00');
    expect(formatFen(-1230, 'zh-CN')).toBe('-¥12.30');
    expect(formatFen(-1230, 'en')).toBe('-CNY 12.30');
    expect(formatFen(-5, 'zh-CN', { symbol: false })).toBe('-0.05');
    expect(formatFen(Number.MAX_SAFE_INTEGER, 'zh-CN')).toBe('¥90,071,992,547,409.91');
    expect(formatFen(29, 'zh-CN')).toBe('¥0.29'); // 0.29 is the classic float trap
  });
  it('rejects floats and unknown locales', () => {
    expect(() => formatFen(12.5, 'zh-CN')).toThrow(/fen/);
    expect(() => formatFen(100, 'fr' as 'en')).toThrow(/locale/);
  });
});

describe('parseYuan', () => {
  it('parses the usual spellings', () => {
    expect(parseYuan('1,234.5')).toBe(123450);
    expect(parseYuan('1234.56')).toBe(123456);
    expect(parseYuan('¥1,234.56')).toBe(123456);
    expect(parseYuan('￥1,234.56')).toBe(123456);
    expect(parseYuan('CNY 1,234,567.89')).toBe(123456789);
    expect(parseYuan('-3')).toBe(-300);
    expect(parseYuan('-¥12.30')).toBe(-1230);
    expect(parseYuan('¥-12.30')).toBe(-1230);
    expect(parseYuan('-CNY 12.30')).toBe(-1230);
    expect(parseYuan('  0.29 ')).toBe(29);
    expect(parseYuan('0.07')).toBe(7);
    expect(parseYuan('007.10')).toBe(710);
    expect(parseYuan('+5')).toBe(500);
    expect(Object.is(parseYuan('-0'), 0)).toBe(true);
    expect(parseYuan('90,071,992,547,409.91')).toBe(Number.MAX_SAFE_INTEGER);
  });
  it('rejects more than two decimals with a clear message', () => {
    expect(() => parseYuan('1.005')).toThrow(/3 decimal places; at most 2/);
    expect(() => parseYuan('0.001')).toThrow(/at most 2/);
  });
  it('rejects garbage', () => {
    for (const bad of [
      '', ' ', 'abc', '1e3', 'NaN', 'Infinity', '1,23', '12,34.5', '1.2.3', '--1', '-¥-1', '.5', '5.',
      '¥', '1 000', '0x10', '1,234,56',
    ]) {
      expect(() => parseYuan(bad), bad).toThrow(/parseYuan/);
    }
    expect(() => parseYuan(12 as unknown as string)).toThrow(/expected text/);
  });
  it('rejects amounts beyond the safe integer range', () => {
    expect(() => parseYuan('90071992547409.92')).toThrow(/too large/);
    expect(() => parseYuan('1' + '0'.repeat(30))).toThrow(/too large/);
  });
});

describe('format / parse round trip (property)', () => {
  it('parseYuan(formatFen(x)) === x for every safe integer, both locales, with and without symbol', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -1_000_000_00, max: 1_000_000_00 }), fc.maxSafeInteger(), fc.maxSafeNat().map((n) => (n === 0 ? 0 : -n))),
        fc.constantFrom('zh-CN' as const, 'en' as const),
        fc.boolean(),
        (x, locale, symbol) => {
          expect(parseYuan(formatFen(x, locale, { symbol }))).toBe(x);
        },
      ),
      { numRuns: 500 },
    );
  });
  it('formatFen agrees with exact BigInt arithmetic (property)', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (x) => {
        const abs = BigInt(Math.abs(x));
        const yuan = (abs / 100n).toLocaleString('en-US');
        const fen = (abs % 100n).toString().padStart(2, '0');
        expect(formatFen(x, 'zh-CN', { symbol: false })).toBe(`${x < 0 ? '-' : ''}${yuan}.${fen}`);
      }),
    );
  });
});

describe('sumFen', () => {
  it('sums exactly and rejects floats and overflow', () => {
    expect(sumFen([])).toBe(0);
    expect(sumFen([10, 20, -5])).toBe(25);
    expect(() => sumFen([1, 0.5])).toThrow(/item 1/);
    expect(() => sumFen([Number.MAX_SAFE_INTEGER, 1])).toThrow(/safe integer/);
  });
});
