import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import Decimal from 'decimal.js';
import {
  buildSchedule,
  validateScheduleTerms,
  type RepaymentMethod,
  type RoundingMode,
  type ScheduleRow,
  type ScheduleTerms,
} from '../../../shared/domain/schedule';

const D = Decimal.clone({ precision: 120 });

function roundD(x: Decimal, mode: RoundingMode): number {
  return x.toDecimalPlaces(0, mode === 'half_up' ? Decimal.ROUND_HALF_UP : Decimal.ROUND_HALF_EVEN).toNumber();
}

/**
 * Independent reference written straight from DOMAIN.md with a 120-digit decimal. Interest
 * balance·rate/1200 has a terminating or short-period expansion, so 120 digits round it exactly.
 */
function reference(t: ScheduleTerms): { payment: Decimal | null; rows: Omit<ScheduleRow, 'dueDate'>[] } {
  const mode = t.rounding ?? 'half_up';
  const r = new D(t.annualRate).div(1200);
  const n = t.termMonths;
  let payment: Decimal | null = null;
  let step = 0;
  if (t.method === 'equal_installment' && !r.isZero()) {
    const g = r.plus(1).pow(n);
    payment = new D(t.principal).mul(r).mul(g).div(g.minus(1));
  } else if (t.method !== 'interest_only') {
    step = roundD(new D(t.principal).div(n), mode);
  }
  const pay = payment ? roundD(payment, mode) : 0;
  const rows: Omit<ScheduleRow, 'dueDate'>[] = [];
  let bal = t.principal;
  for (let k = 1; k <= n; k++) {
    const interest = roundD(new D(bal).mul(t.annualRate).div(1200), mode);
    let p = k === n ? bal : t.method === 'interest_only' ? 0 : payment ? pay - interest : step;
    p = Math.min(p, bal);
    bal -= p;
    rows.push({ seq: k, principal: p, interest, total: p + interest, balanceAfter: bal });
  }
  return { payment, rows };
}

const base: ScheduleTerms = {
  principal: 10_000_000,
  annualRate: '4.9',
  termMonths: 12,
  method: 'equal_installment',
  firstDueDate: '2025-01-31',
};

describe('buildSchedule — known answers', () => {
  it('100,000 yuan, 4.9 %, 12 months 等额本息: payment 8,556.17 yuan', () => {
    // Exact rational check: r = 4.9/1200 = 49/12000, payment = P·a·(d+a)^n / (d·((d+a)^n − d^n)).
    const a = 49n, d = 12000n, n = 12n, P = 10_000_000n;
    const num = P * a * (d + a) ** n;
    const den = d * ((d + a) ** n - d ** n);
    expect(num / den).toBe(855616n); // 855616.x fen, fraction ≥ .5
    expect((num % den) * 2n >= den).toBe(true);

    const rows = buildSchedule(base);
    expect(rows).toHaveLength(12);
    expect(rows.slice(0, 11).every((r) => r.total === 855_617)).toBe(true);
    expect(rows[0]).toEqual({
      seq: 1, dueDate: '2025-01-31', principal: 814_784, interest: 40_833, total: 855_617, balanceAfter: 9_185_216,
    });
    // Last installment takes the remaining balance; its total differs slightly from the others.
    expect(rows[11]).toEqual({
      seq: 12, dueDate: '2025-12-31', principal: 852_132, interest: 3_480, total: 855_612, balanceAfter: 0,
    });
    expect(rows.map((r) => r.dueDate)).toEqual([
      '2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30', '2025-05-31', '2025-06-30',
      '2025-07-31', '2025-08-31', '2025-09-30', '2025-10-31', '2025-11-30', '2025-12-31',
    ]);
  });

  it('1,000,000 yuan, 4.9 %, 30 years 等额本息: payment 5,307.27 yuan', () => {
    const rows = buildSchedule({ ...base, principal: 100_000_000, termMonths: 360 });
    expect(rows[0]?.total).toBe(530_727);
    expect(rows[0]?.interest).toBe(408_333);
    expect(rows[359]?.balanceAfter).toBe(0);
  });

  it('1,000,000 yuan, 4.9 %, 30 years 等额本金: first 6,861.11, then falling by about 11.34', () => {
    const rows = buildSchedule({ ...base, principal: 100_000_000, termMonths: 360, method: 'equal_principal' });
    expect(rows[0]).toMatchObject({ principal: 277_778, interest: 408_333, total: 686_111 });
    expect(rows[1]).toMatchObject({ principal: 277_778, interest: 407_199, total: 684_977 });
    expect(rows[359]?.principal).toBe(100_000_000 - 359 * 277_778);
  });

  it('按月付息到期还本: interest every month, all principal last', () => {
    const rows = buildSchedule({ ...base, principal: 1_000_000, termMonths: 3, method: 'interest_only' });
    expect(rows.map((r) => [r.principal, r.interest, r.balanceAfter])).toEqual([
      [0, 4083, 1_000_000],
      [0, 4083, 1_000_000],
      [1_000_000, 4083, 0],
    ]);
  });

  it('rate 0: equal principal split, no interest', () => {
    const rows = buildSchedule({ ...base, principal: 1000, termMonths: 3, annualRate: '0' });
    expect(rows.map((r) => [r.principal, r.interest])).toEqual([[333, 0], [333, 0], [334, 0]]);
    const ep = buildSchedule({ ...base, principal: 1000, termMonths: 3, annualRate: '0.00', method: 'equal_principal' });
    expect(ep.map((r) => r.total)).toEqual([333, 333, 334]);
  });

  it('half-up vs half-even differ on exact ties', () => {
    // 12 % p.a. → 1 % a month; 250 fen → 2.5 fen of interest.
    const t: ScheduleTerms = { ...base, principal: 250, annualRate: '12', termMonths: 1, method: 'interest_only' };
    expect(buildSchedule(t)[0]?.interest).toBe(3);
    expect(buildSchedule({ ...t, rounding: 'half_up' })[0]?.interest).toBe(3);
    expect(buildSchedule({ ...t, rounding: 'half_even' })[0]?.interest).toBe(2);
    expect(buildSchedule({ ...t, principal: 350, rounding: 'half_even' })[0]?.interest).toBe(4);
    // 等额本金 step P/n = 2.5 fen: half-up 3 (clamped once the balance runs out), half-even 2.
    const ep: ScheduleTerms = { ...base, principal: 25, annualRate: '0', termMonths: 10, method: 'equal_principal' };
    expect(buildSchedule(ep).map((r) => r.principal)).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 1, 0]);
    expect(buildSchedule({ ...ep, rounding: 'half_even' }).map((r) => r.principal)).toEqual([
      2, 2, 2, 2, 2, 2, 2, 2, 2, 7,
    ]);
  });

  it('month-end clamping from a Jan 31 first due date, in a leap year', () => {
    const rows = buildSchedule({ ...base, firstDueDate: '2024-01-31', termMonths: 4 });
    expect(rows.map((r) => r.dueDate)).toEqual(['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30']);
    const leap = buildSchedule({ ...base, firstDueDate: '2024-02-29', termMonths: 13 });
    expect(leap[1]?.dueDate).toBe('2024-03-29');
    expect(leap[12]?.dueDate).toBe('2025-02-28');
  });

  it('one-month loan repays everything at once', () => {
    const rows = buildSchedule({ ...base, termMonths: 1 });
    expect(rows).toEqual([
      { seq: 1, dueDate: '2025-01-31', principal: 10_000_000, interest: 40_833, total: 10_040_833, balanceAfter: 0 },
    ]);
  });
});

describe('buildSchedule — invalid terms', () => {
  const cases: [string, Partial<Record<keyof ScheduleTerms, unknown>>, RegExp][] = [
    ['fractional principal', { principal: 100.5 }, /principal must be an integer/],
    ['zero principal', { principal: 0 }, /principal must be greater than 0/],
    ['negative principal', { principal: -100 }, /principal must be greater than 0/],
    ['NaN principal', { principal: NaN }, /principal must be an integer/],
    ['string principal', { principal: '100' }, /principal must be an integer/],
    ['unsafe principal', { principal: Number.MAX_SAFE_INTEGER + 1 }, /principal must not exceed/],
    ['empty rate', { annualRate: '' }, /annualRate must be a non-negative decimal string/],
    ['negative rate', { annualRate: '-1' }, /annualRate/],
    ['word rate', { annualRate: 'abc' }, /annualRate/],
    ['exponent rate', { annualRate: '1e3' }, /annualRate/],
    ['NaN rate', { annualRate: 'NaN' }, /annualRate/],
    ['numeric rate', { annualRate: 4.9 }, /annualRate/],
    ['rate with spaces', { annualRate: ' 4.9' }, /annualRate/],
    ['rate ending in a point', { annualRate: '4.' }, /annualRate/],
    ['too many rate decimals', { annualRate: '4.12345678901' }, /at most 10 decimal places/],
    ['absurd rate', { annualRate: '1000.01' }, /must not exceed 1000 percent/],
    ['zero term', { termMonths: 0 }, /termMonths must be an integer from 1 to 600/],
    ['fractional term', { termMonths: 12.5 }, /termMonths/],
    ['too long a term', { termMonths: 601 }, /termMonths/],
    ['unknown method', { method: 'balloon' }, /method must be one of equal_installment, equal_principal, interest_only/],
    ['impossible date', { firstDueDate: '2025-02-30' }, /firstDueDate must be a real calendar date.*2025-02-30/],
    ['bad date format', { firstDueDate: '2025/01/31' }, /firstDueDate/],
    ['date too late for the term', { firstDueDate: '9999-06-30', termMonths: 12 }, /beyond year 9999/],
    ['unknown rounding', { rounding: 'bankers' }, /rounding must be one of half_up, half_even/],
  ];
  for (const [name, patch, msg] of cases) {
    it(`rejects ${name}`, () => {
      const t = { ...base, ...patch } as ScheduleTerms;
      expect(() => buildSchedule(t)).toThrow(msg);
      expect(validateScheduleTerms(t)).toHaveLength(1);
    });
  }
  it('lists every problem at once', () => {
    const problems = validateScheduleTerms({ principal: 0, annualRate: 'x', termMonths: 0, method: 'y', firstDueDate: 'z' });
    expect(problems).toHaveLength(5);
    expect(validateScheduleTerms(null)).toEqual(['terms must be an object']);
    expect(validateScheduleTerms(base)).toEqual([]);
  });
  it('accepts 600 months and rates like "0", "36", "4.3125"', () => {
    expect(buildSchedule({ ...base, termMonths: 600 })).toHaveLength(600);
    for (const annualRate of ['0', '36', '4.3125', '1000']) expect(() => buildSchedule({ ...base, annualRate })).not.toThrow();
  });
});

const rateArb = fc.oneof(
  fc.constantFrom('0', '3.45', '3.85', '4.35', '4.9', '12', '24', '36'),
  fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 4 })).map(
    ([i, f, k]) => (k === 0 ? String(i) : `${i}.${String(f).padStart(4, '0').slice(0, k)}`),
  ),
);
const termsArb = fc.record({
  principal: fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 10_000_000_000 })),
  annualRate: rateArb,
  termMonths: fc.oneof(fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 360 })),
  method: fc.constantFrom<RepaymentMethod>('equal_installment', 'equal_principal', 'interest_only'),
  firstDueDate: fc.integer({ min: 0, max: 20_000 }).map((n) => {
    const d = new Date(Date.UTC(2000, 0, 1) + n * 86_400_000);
    return d.toISOString().slice(0, 10);
  }),
  rounding: fc.constantFrom<RoundingMode | undefined>(undefined, 'half_up', 'half_even'),
});

describe('buildSchedule — properties', () => {
  it('principal sums to P; balances end at 0 and never go negative; total = principal + interest', () => {
    fc.assert(
      fc.property(termsArb, (t) => {
        const rows = buildSchedule(t);
        expect(rows).toHaveLength(t.termMonths);
        expect(rows.reduce((s, r) => s + r.principal, 0)).toBe(t.principal);
        expect(rows[rows.length - 1]?.balanceAfter).toBe(0);
        let prev = t.principal;
        rows.forEach((r, i) => {
          expect(r.seq).toBe(i + 1);
          expect(r.total).toBe(r.principal + r.interest);
          expect(r.interest).toBeGreaterThanOrEqual(0);
          expect(r.principal).toBeGreaterThanOrEqual(0);
          expect(r.balanceAfter).toBeGreaterThanOrEqual(0);
          expect(r.balanceAfter).toBe(prev - r.principal);
          expect(Number.isSafeInteger(r.interest)).toBe(true);
          prev = r.balanceAfter;
        });
      }),
      { numRuns: 300 },
    );
  });

  it('matches an independent 120-digit decimal reference', () => {
    fc.assert(
      fc.property(termsArb.filter((t) => t.termMonths <= 60), (t) => {
        const ref = reference(t);
        if (ref.payment) {
          // Skip the (measure-zero) case where the annuity sits on a rounding tie at 120 digits.
          const frac = ref.payment.minus(ref.payment.floor());
          fc.pre(frac.minus(0.5).abs().gt(1e-60));
        }
        expect(buildSchedule(t).map(({ dueDate: _d, ...rest }) => rest)).toEqual(ref.rows);
      }),
      { numRuns: 300 },
    );
  });

  it('matches the reference for huge principals and 10-decimal rates (decimal.js fallback path)', () => {
    const wide = fc.record({
      principal: fc.integer({ min: 1, max: 2 ** 50 }),
      annualRate: fc
        .tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 9_999_999_999 }))
        .map(([i, f]) => `${i}.${String(f).padStart(10, '0')}`),
      termMonths: fc.integer({ min: 1, max: 24 }),
      method: fc.constantFrom<RepaymentMethod>('equal_installment', 'equal_principal', 'interest_only'),
      firstDueDate: fc.constant('2025-01-31'),
      rounding: fc.constantFrom<RoundingMode>('half_up', 'half_even'),
    });
    fc.assert(
      fc.property(wide, (t) => {
        const ref = reference(t);
        if (ref.payment) fc.pre(ref.payment.minus(ref.payment.floor()).minus(0.5).abs().gt(1e-60));
        expect(buildSchedule(t).map(({ dueDate: _d, ...rest }) => rest)).toEqual(ref.rows);
      }),
      { numRuns: 200 },
    );
  });

  it('等额本金: totals never increase before the last row; the last differs from the step by ≤ n/2 fen', () => {
    fc.assert(
      fc.property(termsArb, (t) => {
        const rows = buildSchedule({ ...t, method: 'equal_principal' });
        for (let i = 1; i < rows.length - 1; i++) {
          expect((rows[i] as ScheduleRow).total).toBeLessThanOrEqual((rows[i - 1] as ScheduleRow).total);
        }
        const first = rows[0] as ScheduleRow;
        const last = rows[rows.length - 1] as ScheduleRow;
        if (rows.length > 1 && last.principal > first.principal) {
          expect(last.principal - first.principal).toBeLessThanOrEqual(Math.ceil(t.termMonths / 2));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('等额本息: every row that leaves a balance has the same total', () => {
    fc.assert(
      fc.property(termsArb, (t) => {
        const rows = buildSchedule({ ...t, method: 'equal_installment' });
        // Only tiny loans can run out early (the rounded payment overshoots); those rows are clamped.
        const totals = new Set(rows.slice(0, -1).filter((r) => r.balanceAfter > 0).map((r) => r.total));
        expect(totals.size).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
});
