// Penalty interest (罚息), compound interest (复利) and the delinquency view (DOMAIN.md "Money and
// schedules": contract rate × 1.5, daily = annual / 360, per period rounded half-up).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import Decimal from 'decimal.js';
import {
  DEFAULT_PENALTY_POLICY,
  penaltyInterest,
  penaltyPolicySchema,
  type PenaltyLoan,
} from '../../../shared/domain/penaltyInterest';
import { daysPastDue, overdueAmounts, type InstallmentDue, type Payment } from '../../../shared/domain/delinquency';
import { loanDelinquency } from '../../../shared/domain/loanDelinquency';
import { addDays, daysBetween } from '../../../shared/domain/dates';

const one = (principal: number, interest = 0, dueDate = '2025-01-15', annualRate = '4.35'): PenaltyLoan => ({
  annualRate,
  installments: [{ seq: 1, dueDate, principal, interest }],
});

/** Direct reference: round_half_up(P × days × rate% / 100 × (1 + s) / 360). */
function reference(principal: number, days: number, rate: string, surcharge = '0.5'): number {
  return new Decimal(principal)
    .times(days)
    .times(new Decimal(rate).div(100))
    .times(new Decimal(1).plus(surcharge))
    .div(360)
    .toDecimalPlaces(0, Decimal.ROUND_HALF_UP)
    .toNumber();
}

describe('penaltyInterest examples', () => {
  it('30 days on 1,000 yuan at 4.35 % × 1.5 / 360 = 5.4375 yuan → 544 fen', () => {
    const r = penaltyInterest(one(100_000), [], '2025-02-14');
    expect(r.installments[0]).toMatchObject({ seq: 1, penaltyDays: 30, penalty: 544, compound: 0, total: 544, open: true, overduePrincipal: 100_000 });
    expect(r.totals).toEqual({ penalty: 544, compound: 0, total: 544 });
    expect(new Decimal(r.dailyRate).equals(new Decimal('0.0435').times(1.5).div(360))).toBe(true);
  });

  it('nothing accrues on or before the due date; the day after accrues one day', () => {
    expect(penaltyInterest(one(100_000), [], '2025-01-10').totals.total).toBe(0);
    expect(penaltyInterest(one(100_000), [], '2025-01-15').totals.total).toBe(0);
    expect(penaltyInterest(one(1_000_000), [], '2025-01-16').installments[0]).toMatchObject({ penaltyDays: 1, penalty: reference(1_000_000, 1, '4.35') });
  });

  it('rounds half-up per installment (half-even selectable): 2,500 fen-days at 4.8 % × 1.5 / 360 = 0.5 fen', () => {
    expect(penaltyInterest(one(2500, 0, '2025-01-15', '4.8'), [], '2025-01-16').totals.penalty).toBe(1);
    const even = penaltyPolicySchema.parse({ rounding: 'half_even' });
    expect(penaltyInterest(one(2500, 0, '2025-01-15', '4.8'), [], '2025-01-16', even).totals.penalty).toBe(0);
  });

  it('a payment on day P stops accrual from P+1: repaid 5 days late = 5 days (还款日 − 到期日)', () => {
    const r = penaltyInterest(one(1_000_000), [{ date: '2025-01-20', amount: 1_000_000 }], '2025-03-01');
    expect(r.installments[0]).toMatchObject({ penaltyDays: 5, penalty: reference(1_000_000, 5, '4.35'), open: false, overduePrincipal: 0 });
  });

  it('a payment on asOf does not change asOf’s own accrual; paid on time = nothing', () => {
    const unpaid = penaltyInterest(one(1_000_000), [], '2025-01-20').totals.penalty;
    expect(penaltyInterest(one(1_000_000), [{ date: '2025-01-20', amount: 1_000_000 }], '2025-01-20').totals.penalty).toBe(unpaid);
    expect(penaltyInterest(one(1_000_000), [{ date: '2025-01-15', amount: 1_000_000 }], '2025-06-01').totals.total).toBe(0);
    expect(penaltyInterest(one(1_000_000), [{ date: '2025-01-01', amount: 1_000_000 }], '2025-06-01').totals.total).toBe(0);
  });

  it('partial principal payments lower the balance day by day', () => {
    // 10 days at 10,000 then 10 days at 6,000 → 160,000 fen-days
    const r = penaltyInterest(one(10_000, 0, '2025-01-15', '36'), [{ date: '2025-01-25', amount: 4000 }], '2025-02-04');
    const expected = new Decimal(160_000).times('0.36').times('1.5').div(360).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
    expect(r.installments[0]).toMatchObject({ penaltyDays: 20, penalty: expected, overduePrincipal: 6000 });
  });

  it('follows the waterfall: oldest installment first, interest before principal', () => {
    const loan: PenaltyLoan = {
      annualRate: '36',
      installments: [
        { seq: 1, dueDate: '2025-01-15', principal: 10_000, interest: 1000 },
        { seq: 2, dueDate: '2025-02-15', principal: 10_000, interest: 1000 },
      ],
    };
    // 2025-02-20 pays 1,000 interest + 9,000 principal of #1; #2 untouched.
    const r = penaltyInterest(loan, [{ date: '2025-02-20', amount: 10_000 }], '2025-03-02');
    const daily = new Decimal('0.36').times('1.5').div(360);
    const p1 = new Decimal(10_000 * 36 + 1000 * 10).times(daily).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
    const p2 = new Decimal(10_000 * 15).times(daily).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
    expect(r.installments.map((i) => [i.penaltyDays, i.penalty, i.overduePrincipal, i.overdueInterest])).toEqual([
      [46, p1, 1000, 0],
      [15, p2, 10_000, 1000],
    ]);
  });

  it('compound interest on overdue interest at the same penalty rate, only when the policy says so', () => {
    const loan = one(100_000, 5000, '2025-01-15', '36');
    const plain = penaltyInterest(loan, [], '2025-02-14');
    expect(plain.totals.compound).toBe(0);
    const withCompound = penaltyInterest(loan, [], '2025-02-14', penaltyPolicySchema.parse({ compoundOverdueInterest: true }));
    expect(withCompound.totals.penalty).toBe(plain.totals.penalty);
    expect(withCompound.totals.compound).toBe(reference(5000, 30, '36'));
    // interest paid first by the waterfall: compound stops accruing the day after
    const paid = penaltyInterest(loan, [{ date: '2025-01-20', amount: 5000 }], '2025-02-14', penaltyPolicySchema.parse({ compoundOverdueInterest: true }));
    expect(paid.totals.compound).toBe(reference(5000, 5, '36'));
    expect(paid.totals.penalty).toBe(plain.totals.penalty);
  });

  it('a different surcharge and day basis come from policy data', () => {
    const p = penaltyPolicySchema.parse({ surcharge: '0.3', dayBasis: 365 });
    const expected = new Decimal(100_000 * 30).times('0.0435').times('1.3').div(365).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
    expect(penaltyInterest(one(100_000), [], '2025-02-14', p).totals.penalty).toBe(expected);
    expect(penaltyPolicySchema.safeParse({ surcharge: '1.5' }).success).toBe(false);
    expect(penaltyPolicySchema.safeParse({ dayBasis: 366 }).success).toBe(false);
    expect(DEFAULT_PENALTY_POLICY).toEqual({ surcharge: '0.5', dayBasis: 360, compoundOverdueInterest: false, rounding: 'half_up' });
  });

  it('refuses a rate that is not a plain decimal string', () => {
    expect(() => penaltyInterest(one(100, 0, '2025-01-15', '4,35'), [], '2025-02-01')).toThrow(/annualRate/);
    expect(() => penaltyInterest(one(100), [], '2025-02-30')).toThrow(/asOf/);
  });
});

describe('loanDelinquency', () => {
  const loan: PenaltyLoan = {
    annualRate: '4.35',
    installments: [
      { seq: 1, dueDate: '2025-01-15', principal: 100_000, interest: 2000 },
      { seq: 2, dueDate: '2025-02-15', principal: 100_000, interest: 1500 },
      { seq: 3, dueDate: '2025-03-15', principal: 100_000, interest: 1000 },
    ],
  };
  const payments: Payment[] = [{ date: '2025-01-30', amount: 50_000 }];

  it('reuses delinquency.ts for DPD and arrears and adds the open installments\' penalty to the amount to cure', () => {
    const asOf = '2025-03-01';
    const v = loanDelinquency(loan, payments, asOf, DEFAULT_PENALTY_POLICY);
    const o = overdueAmounts(loan.installments, payments, asOf);
    const open = penaltyInterest(loan, payments, asOf).installments.filter((i) => i.open);
    const openPenalty = open.reduce((s, i) => s + i.penalty, 0);
    expect(v).toEqual({
      dpd: daysPastDue(loan.installments, payments, asOf),
      bucket: 'M2',
      classFloor: 'special_mention',
      outstandingPrincipal: o.outstandingPrincipal,
      overduePrincipal: o.overduePrincipal,
      overdueInterest: o.overdueInterest,
      nextDueDate: '2025-03-15',
      penaltyInterest: openPenalty,
      compoundInterest: 0,
      totalToCure: o.overduePrincipal + o.overdueInterest + openPenalty,
    });
    expect(v.dpd).toBe(45);
    expect(openPenalty).toBeGreaterThan(0);
  });

  it('leaves out penalty on an installment paid late: only open installments bear what is owed', () => {
    const paidLate: Payment[] = [{ date: '2025-02-20', amount: 102_000 }];
    const v = loanDelinquency(loan, paidLate, '2025-03-01', DEFAULT_PENALTY_POLICY);
    expect(penaltyInterest(loan, paidLate, '2025-03-01').totals.penalty).toBeGreaterThan(v.penaltyInterest);
  });

  it('is all zeros for a current loan, and gives no penalty figures without a penalty policy', () => {
    expect(loanDelinquency(loan, [], '2025-01-15', DEFAULT_PENALTY_POLICY)).toMatchObject({
      dpd: 0, bucket: 'current', classFloor: 'normal', overduePrincipal: 0, overdueInterest: 0, penaltyInterest: 0, compoundInterest: 0, totalToCure: 0,
    });
    expect(loanDelinquency(loan, [], '2025-01-15')).not.toHaveProperty('totalToCure');
  });
});

// ---- properties ----
const dateArb = fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2020-01-01', n));
const rateArb = fc.tuple(fc.integer({ min: 0, max: 36 }), fc.integer({ min: 0, max: 99 })).map(([a, b]) => `${a}.${String(b).padStart(2, '0')}`);
const instArb = fc.record({
  dueDate: dateArb,
  principal: fc.integer({ min: 0, max: 50_000_000 }),
  interest: fc.integer({ min: 0, max: 500_000 }),
});
const planArb = fc.array(instArb, { minLength: 1, maxLength: 6 });
const payArb = fc.array(fc.record({ date: dateArb, amount: fc.integer({ min: 0, max: 20_000_000 }) }), { maxLength: 8 });
const compound = penaltyPolicySchema.parse({ compoundOverdueInterest: true });

describe('penaltyInterest properties', () => {
  it('equals a direct decimal.js computation for one unpaid installment', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 4000 }), rateArb, (principal, days, rate) => {
        const r = penaltyInterest(one(principal, 0, '2020-01-01', rate), [], addDays('2020-01-01', days));
        expect(r.totals.penalty).toBe(reference(principal, days, rate));
      }),
    );
  });

  it('is integer fen, zero when nothing is overdue, and each installment’s days ≤ asOf − due', () => {
    fc.assert(
      fc.property(planArb, payArb, dateArb, rateArb, (insts, pays, asOf, rate) => {
        const r = penaltyInterest({ annualRate: rate, installments: insts }, pays, asOf, compound);
        r.installments.forEach((row, i) => {
          const inst = insts[i] as InstallmentDue;
          expect(Number.isSafeInteger(row.penalty) && row.penalty >= 0).toBe(true);
          expect(Number.isSafeInteger(row.compound) && row.compound >= 0).toBe(true);
          expect(row.penaltyDays).toBeLessThanOrEqual(Math.max(0, daysBetween(inst.dueDate, asOf)));
          if (inst.dueDate >= asOf || inst.principal === 0) expect(row.penalty).toBe(0);
        });
        if (insts.every((i) => i.dueDate >= asOf)) expect(r.totals.total).toBe(0);
      }),
    );
  });

  it('never decreases as asOf moves later (accrual is cumulative)', () => {
    fc.assert(
      fc.property(planArb, payArb, dateArb, fc.integer({ min: 0, max: 400 }), (insts, pays, asOf, more) => {
        const a = penaltyInterest({ annualRate: '6', installments: insts }, pays, asOf, compound);
        const b = penaltyInterest({ annualRate: '6', installments: insts }, pays, addDays(asOf, more), compound);
        b.installments.forEach((row, i) => {
          expect(row.penalty).toBeGreaterThanOrEqual((a.installments[i] as typeof row).penalty);
          expect(row.compound).toBeGreaterThanOrEqual((a.installments[i] as typeof row).compound);
        });
      }),
    );
  });

  it('never decreases with more overdue principal (same payments)', () => {
    fc.assert(
      fc.property(planArb, dateArb, fc.nat(), fc.integer({ min: 1, max: 1_000_000 }), (insts, asOf, pick, extra) => {
        const k = pick % insts.length;
        const bigger = insts.map((i, j) => (j === k ? { ...i, principal: i.principal + extra } : i));
        const a = penaltyInterest({ annualRate: '12', installments: insts }, [], asOf);
        const b = penaltyInterest({ annualRate: '12', installments: bigger }, [], asOf);
        b.installments.forEach((row, i) => expect(row.penalty).toBeGreaterThanOrEqual((a.installments[i] as typeof row).penalty));
        // with payments, the single-installment case (the waterfall has nowhere else to put money)
        const single = [insts[0] as InstallmentDue];
        const pays = [{ date: asOf, amount: extra }, { date: (insts[0] as InstallmentDue).dueDate, amount: 1 }];
        expect(penaltyInterest({ annualRate: '12', installments: [{ ...single[0]!, principal: single[0]!.principal + extra }] }, pays, asOf).totals.penalty).toBeGreaterThanOrEqual(
          penaltyInterest({ annualRate: '12', installments: single }, pays, asOf).totals.penalty,
        );
      }),
    );
  });

  it('never increases with an extra payment', () => {
    fc.assert(
      fc.property(planArb, payArb, dateArb, fc.record({ date: dateArb, amount: fc.integer({ min: 1, max: 5_000_000 }) }), (insts, pays, asOf, pay) => {
        const before = penaltyInterest({ annualRate: '12', installments: insts }, pays, asOf, compound);
        const after = penaltyInterest({ annualRate: '12', installments: insts }, [...pays, pay], asOf, compound);
        after.installments.forEach((row, i) => {
          expect(row.penalty).toBeLessThanOrEqual((before.installments[i] as typeof row).penalty);
          expect(row.compound).toBeLessThanOrEqual((before.installments[i] as typeof row).compound);
        });
      }),
    );
  });

  it('agrees with delinquency.ts on what is still overdue', () => {
    fc.assert(
      fc.property(planArb, payArb, dateArb, (insts, pays, asOf) => {
        const r = penaltyInterest({ annualRate: '5', installments: insts }, pays, asOf);
        const o = overdueAmounts(insts, pays, asOf);
        expect(r.installments.reduce((s, i) => s + i.overduePrincipal, 0)).toBe(o.overduePrincipal);
        expect(r.installments.reduce((s, i) => s + i.overdueInterest, 0)).toBe(o.overdueInterest);
      }),
    );
  });
});
