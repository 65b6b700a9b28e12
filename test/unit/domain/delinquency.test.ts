import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  allocatePayments,
  bucketOf,
  BUCKETS,
  canProposeClass,
  classificationFloor,
  daysPastDue,
  FIVE_CLASS_ORDER,
  isNonPerforming,
  overdueAmounts,
  worseClass,
  type FiveClass,
  type InstallmentDue,
  type Payment,
} from '../../../shared/domain/delinquency';
import { addDays, daysBetween } from '../../../shared/domain/dates';
import { buildSchedule } from '../../../shared/domain/schedule';

// Three installments of 1,000 principal + 100 interest, due on the 15th.
const plan: InstallmentDue[] = [
  { seq: 1, dueDate: '2025-01-15', principal: 1000, interest: 100 },
  { seq: 2, dueDate: '2025-02-15', principal: 1000, interest: 100 },
  { seq: 3, dueDate: '2025-03-15', principal: 1000, interest: 100 },
];

describe('allocatePayments', () => {
  it('pays interest before principal, oldest installment first', () => {
    const r = allocatePayments(plan, [{ date: '2025-01-10', amount: 150 }]);
    expect(r.installments[0]).toMatchObject({ seq: 1, interestPaid: 100, principalPaid: 50, paidInFull: false, paidOffOn: null });
    expect(r.installments[1]).toMatchObject({ interestPaid: 0, principalPaid: 0 });
    expect(r.unapplied).toBe(0);
  });

  it('records when each installment was paid off and spills over in order', () => {
    const r = allocatePayments(plan, [
      { date: '2025-01-20', amount: 600 },
      { date: '2025-01-25', amount: 1000 }, // finishes #1 (500), then 100 interest + 400 principal on #2
      { date: '2025-02-10', amount: 600 }, // finishes #2 (600)
    ]);
    expect(r.installments.map((i) => [i.paidInFull, i.paidOffOn])).toEqual([
      [true, '2025-01-25'],
      [true, '2025-02-10'],
      [false, null],
    ]);
    expect(r.unapplied).toBe(0);
  });

  it('returns unapplied excess, sorts payments and installments by date, keeps input order', () => {
    const shuffled = [plan[2], plan[0], plan[1]] as InstallmentDue[];
    const r = allocatePayments(shuffled, [
      { date: '2025-03-01', amount: 2300 },
      { date: '2025-01-01', amount: 1100 },
    ]);
    expect(r.installments.map((i) => [i.seq, i.paidOffOn])).toEqual([
      [3, '2025-03-01'],
      [1, '2025-01-01'],
      [2, '2025-03-01'],
    ]);
    expect(r.unapplied).toBe(2300 + 1100 - 3300);
  });

  it('ignores payments after asOf', () => {
    const r = allocatePayments(plan, [{ date: '2025-02-01', amount: 1100 }], '2025-01-31');
    expect(r.installments[0]?.paidInFull).toBe(false);
    expect(allocatePayments(plan, [{ date: '2025-02-01', amount: 1100 }], '2025-02-01').installments[0]?.paidInFull).toBe(true);
  });

  it('treats an installment with nothing owed as settled on its due date', () => {
    const r = allocatePayments([{ dueDate: '2025-01-15', principal: 0, interest: 0 }], []);
    expect(r.installments[0]).toEqual({ dueDate: '2025-01-15', principalPaid: 0, interestPaid: 0, paidInFull: true, paidOffOn: '2025-01-15' });
  });

  it('rejects bad input', () => {
    expect(() => allocatePayments([{ dueDate: '2025-02-30', principal: 1, interest: 0 }], [])).toThrow(/installments\[0\]\.dueDate/);
    expect(() => allocatePayments([{ dueDate: '2025-02-01', principal: 1.5, interest: 0 }], [])).toThrow(/principal/);
    expect(() => allocatePayments([{ dueDate: '2025-02-01', principal: -1, interest: 0 }], [])).toThrow(/negative/);
    expect(() => allocatePayments(plan, [{ date: '2025-01-01', amount: -5 }])).toThrow(/payments\[0\]\.amount/);
    expect(() => allocatePayments(plan, [{ date: '2025-01-01', amount: 0.5 }])).toThrow(/payments\[0\]\.amount/);
    expect(() => allocatePayments(plan, [], '2025-1-1')).toThrow(/asOf/);
  });
});

describe('daysPastDue', () => {
  it('an installment due today is not past due', () => {
    expect(daysPastDue(plan, [], '2025-01-14')).toBe(0);
    expect(daysPastDue(plan, [], '2025-01-15')).toBe(0);
    expect(daysPastDue(plan, [], '2025-01-16')).toBe(1);
  });
  it('counts from the oldest unpaid installment', () => {
    expect(daysPastDue(plan, [], '2025-02-16')).toBe(32);
    expect(daysPastDue(plan, [{ date: '2025-02-01', amount: 1100 }], '2025-02-16')).toBe(1);
    expect(daysPastDue(plan, [{ date: '2025-02-01', amount: 1099 }], '2025-02-16')).toBe(32);
    expect(daysPastDue(plan, [{ date: '2025-02-20', amount: 1100 }], '2025-02-16')).toBe(32); // not yet paid then
    expect(daysPastDue(plan, [{ date: '2025-01-10', amount: 3300 }], '2025-12-31')).toBe(0);
  });
  it('a late payment cures the arrears from its date on', () => {
    const pays: Payment[] = [{ date: '2025-01-20', amount: 1100 }];
    expect(daysPastDue(plan, pays, '2025-01-19')).toBe(4);
    expect(daysPastDue(plan, pays, '2025-01-20')).toBe(0);
  });
});

// Random schedules and payments for the properties.
const loanArb = fc
  .record({
    principal: fc.integer({ min: 100, max: 10_000_000 }),
    annualRate: fc.constantFrom('0', '4.35', '4.9', '18'),
    termMonths: fc.integer({ min: 1, max: 36 }),
    method: fc.constantFrom('equal_installment' as const, 'equal_principal' as const, 'interest_only' as const),
    firstDueDate: fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2020-01-01', n)),
  })
  .map((t) => ({ first: t.firstDueDate, rows: buildSchedule(t) }));

const scenarioArb = loanArb.chain(({ first, rows }) => {
  const total = rows.reduce((s, r) => s + r.total, 0);
  return fc.record({
    first: fc.constant(first),
    rows: fc.constant(rows),
    payments: fc.array(
      fc.record({
        date: fc.integer({ min: -30, max: 1200 }).map((n) => addDays(first, n)),
        amount: fc.integer({ min: 0, max: Math.ceil(total / 3) }),
      }),
      { maxLength: 12 },
    ),
    asOf: fc.integer({ min: -30, max: 1500 }).map((n) => addDays(first, n)),
    extra: fc.record({
      date: fc.integer({ min: -30, max: 1500 }).map((n) => addDays(first, n)),
      amount: fc.integer({ min: 1, max: total }),
    }),
  });
});

describe('daysPastDue / overdueAmounts — properties', () => {
  it('paying everything up front gives 0 DPD and nothing overdue', () => {
    fc.assert(
      fc.property(scenarioArb, ({ first, rows, asOf }) => {
        const total = rows.reduce((s, r) => s + r.total, 0);
        const pays = [{ date: addDays(first, -31), amount: total }]; // before any asOf generated
        expect(daysPastDue(rows, pays, asOf)).toBe(0);
        expect(overdueAmounts(rows, pays, asOf)).toEqual({ overduePrincipal: 0, overdueInterest: 0, outstandingPrincipal: 0 });
      }),
    );
  });

  it('DPD is 0 ≤ DPD ≤ days since the first due date; with no payments it counts from the first amount owed', () => {
    fc.assert(
      fc.property(scenarioArb, ({ first, rows, payments, asOf }) => {
        const dpd = daysPastDue(rows, payments, asOf);
        const sinceFirst = Math.max(0, daysBetween(first, asOf));
        expect(dpd).toBeGreaterThanOrEqual(0);
        expect(dpd).toBeLessThanOrEqual(sinceFirst);
        // Rows owing nothing (e.g. interest-only at 0 %) cannot be in arrears.
        const firstOwed = rows.find((r) => r.total > 0)?.dueDate ?? asOf;
        expect(daysPastDue(rows, [], asOf)).toBe(Math.max(0, daysBetween(firstOwed, asOf)));
      }),
    );
  });

  it('paying more never increases DPD or overdue amounts', () => {
    fc.assert(
      fc.property(scenarioArb, ({ rows, payments, asOf, extra }) => {
        const before = daysPastDue(rows, payments, asOf);
        const after = daysPastDue(rows, [...payments, extra], asOf);
        expect(after).toBeLessThanOrEqual(before);
        const a = overdueAmounts(rows, payments, asOf);
        const b = overdueAmounts(rows, [...payments, extra], asOf);
        expect(b.overduePrincipal).toBeLessThanOrEqual(a.overduePrincipal);
        expect(b.overdueInterest).toBeLessThanOrEqual(a.overdueInterest);
        expect(b.outstandingPrincipal).toBeLessThanOrEqual(a.outstandingPrincipal);
      }),
    );
  });

  it('allocation conserves money and never overpays an installment', () => {
    fc.assert(
      fc.property(scenarioArb, ({ rows, payments, asOf }) => {
        const r = allocatePayments(rows, payments, asOf);
        const received = payments.filter((p) => p.date <= asOf).reduce((s, p) => s + p.amount, 0);
        const applied = r.installments.reduce((s, i) => s + i.principalPaid + i.interestPaid, 0);
        expect(applied + r.unapplied).toBe(received);
        r.installments.forEach((i, k) => {
          const row = rows[k];
          expect(i.principalPaid).toBeLessThanOrEqual(row?.principal ?? -1);
          expect(i.interestPaid).toBeLessThanOrEqual(row?.interest ?? -1);
          expect(i.paidInFull).toBe(i.principalPaid === row?.principal && i.interestPaid === row.interest);
          // Paid off by a payment on or before asOf, or owing nothing and settled on its due date.
          if (i.paidOffOn !== null) expect(i.paidOffOn <= asOf || (row?.total === 0 && i.paidOffOn === row.dueDate)).toBe(true);
        });
        const dpd = daysPastDue(rows, payments, asOf);
        const o = overdueAmounts(rows, payments, asOf);
        expect(dpd === 0).toBe(o.overduePrincipal + o.overdueInterest === 0);
      }),
    );
  });
});

describe('overdueAmounts', () => {
  it('splits overdue principal and interest from outstanding principal', () => {
    const pays: Payment[] = [{ date: '2025-01-20', amount: 150 }];
    expect(overdueAmounts(plan, pays, '2025-02-16')).toEqual({
      overduePrincipal: 950 + 1000,
      overdueInterest: 0 + 100,
      outstandingPrincipal: 3000 - 50,
    });
    // Due today is not overdue.
    expect(overdueAmounts(plan, [], '2025-01-15')).toEqual({ overduePrincipal: 0, overdueInterest: 0, outstandingPrincipal: 3000 });
  });
});

describe('bucketOf', () => {
  it('boundaries', () => {
    const cases: [number, string][] = [
      [0, 'current'], [1, 'M1'], [30, 'M1'], [31, 'M2'], [60, 'M2'], [61, 'M3'], [90, 'M3'], [91, 'M4'],
      [120, 'M4'], [121, 'M5'], [150, 'M5'], [151, 'M6'], [180, 'M6'], [181, 'M7+'], [10_000, 'M7+'],
    ];
    for (const [dpd, b] of cases) expect(bucketOf(dpd), String(dpd)).toBe(b);
    expect(BUCKETS).toEqual(['current', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7+']);
  });
  it('rejects negative and non-integer DPD', () => {
    expect(() => bucketOf(-1)).toThrow(/non-negative integer/);
    expect(() => bucketOf(1.5)).toThrow(/non-negative integer/);
    expect(() => bucketOf(NaN)).toThrow(/non-negative integer/);
  });
  it('is monotone (property)', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(BUCKETS.indexOf(bucketOf(lo))).toBeLessThanOrEqual(BUCKETS.indexOf(bucketOf(hi)));
      }),
    );
  });
});

describe('classificationFloor (《商业银行金融资产风险分类办法》2023)', () => {
  it('DPD boundaries', () => {
    const cases: [number, FiveClass][] = [
      [0, 'normal'], [1, 'special_mention'], [90, 'special_mention'], [91, 'substandard'], [270, 'substandard'],
      [271, 'doubtful'], [360, 'doubtful'], [361, 'loss'], [5000, 'loss'],
    ];
    for (const [dpd, c] of cases) expect(classificationFloor(dpd), String(dpd)).toBe(c);
  });
  it('technical grace of up to 7 days', () => {
    expect(classificationFloor(7, { technicalGraceDays: 7 })).toBe('normal');
    expect(classificationFloor(8, { technicalGraceDays: 7 })).toBe('special_mention');
    expect(classificationFloor(3, { technicalGraceDays: 3 })).toBe('normal');
    expect(classificationFloor(1, { technicalGraceDays: 0 })).toBe('special_mention');
    expect(() => classificationFloor(1, { technicalGraceDays: 8 })).toThrow(/technicalGraceDays/);
    expect(() => classificationFloor(1, { technicalGraceDays: -1 })).toThrow(/technicalGraceDays/);
    expect(() => classificationFloor(1, { technicalGraceDays: 1.5 })).toThrow(/technicalGraceDays/);
  });
  it('restructured loans are at least special mention', () => {
    expect(classificationFloor(0, { restructured: true })).toBe('special_mention');
    expect(classificationFloor(5, { restructured: true, technicalGraceDays: 7 })).toBe('special_mention');
    expect(classificationFloor(100, { restructured: true })).toBe('substandard');
    expect(classificationFloor(0, { restructured: false })).toBe('normal');
  });
  it('rejects bad DPD', () => {
    expect(() => classificationFloor(-1)).toThrow();
    expect(() => classificationFloor(2.5)).toThrow();
  });
  it('never gets better as DPD grows (property)', () => {
    fc.assert(
      fc.property(fc.nat(800), fc.nat(800), fc.nat(7), fc.boolean(), (a, b, g, r) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const opts = { technicalGraceDays: g, restructured: r };
        expect(FIVE_CLASS_ORDER.indexOf(classificationFloor(lo, opts))).toBeLessThanOrEqual(
          FIVE_CLASS_ORDER.indexOf(classificationFloor(hi, opts)),
        );
      }),
    );
  });
});

describe('class helpers', () => {
  it('worseClass, isNonPerforming, canProposeClass', () => {
    expect(FIVE_CLASS_ORDER).toEqual(['normal', 'special_mention', 'substandard', 'doubtful', 'loss']);
    expect(worseClass('normal', 'doubtful')).toBe('doubtful');
    expect(worseClass('loss', 'special_mention')).toBe('loss');
    expect(worseClass('substandard', 'substandard')).toBe('substandard');
    expect(FIVE_CLASS_ORDER.filter(isNonPerforming)).toEqual(['substandard', 'doubtful', 'loss']);
    expect(canProposeClass('substandard', 'substandard')).toBe(true);
    expect(canProposeClass('substandard', 'loss')).toBe(true);
    expect(canProposeClass('substandard', 'special_mention')).toBe(false);
    expect(canProposeClass('normal', 'normal')).toBe(true);
    expect(() => worseClass('bad' as FiveClass, 'normal')).toThrow(/unknown five-category class/);
  });
  it('canProposeClass(floor, c) ⇔ worseClass(floor, c) === c (property)', () => {
    const cls = fc.constantFrom(...FIVE_CLASS_ORDER);
    fc.assert(
      fc.property(cls, cls, (f, c) => {
        expect(canProposeClass(f, c)).toBe(worseClass(f, c) === c);
      }),
    );
  });
});
