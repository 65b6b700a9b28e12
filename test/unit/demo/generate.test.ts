import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../shared/auth/roles';
import {
  DEMO_PASSWORD,
  DEMO_USERS,
  generateDemo,
  type DemoLoanBundle,
} from '../../../shared/demo/generate';
import {
  FIVE_CLASS_ORDER,
  bucketOf,
  classificationFloor,
  daysPastDue,
  overdueAmounts,
} from '../../../shared/domain/delinquency';

const ASOF = '2026-11-26';
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// One 5,000-loan book shared by the statistical tests (generating it takes well under a second).
const demo = generateDemo({ loans: 5000 });
const bundles: DemoLoanBundle[] = [...demo.loans()];
const rank = (c: string): number => FIVE_CLASS_ORDER.indexOf(c as (typeof FIVE_CLASS_ORDER)[number]);

describe('generateDemo: determinism', () => {
  it('gives identical output for the same seed, on a second call and a second iteration', () => {
    const a = generateDemo({ loans: 400, seed: 7 });
    const b = generateDemo({ loans: 400, seed: 7 });
    const first = JSON.stringify([a.branches, a.users, [...a.loans()]]);
    expect(JSON.stringify([b.branches, b.users, [...b.loans()]])).toBe(first);
    expect(JSON.stringify([a.branches, a.users, [...a.loans()]])).toBe(first);
  });

  it('gives different data for a different seed', () => {
    const a = [...generateDemo({ loans: 50, seed: 1 }).loans()].map((x) => x.loan.principal);
    const b = [...generateDemo({ loans: 50, seed: 2 }).loans()].map((x) => x.loan.principal);
    expect(a).not.toEqual(b);
  });

  it('makes well-formed, unique, insertion-ordered ids and unique loan and customer numbers', () => {
    // Plain checks in the hot loop (expect() per id is slow over ~200k ids); asserted once below.
    const ids = new Set<string>();
    const bad: string[] = [];
    const add = (id: string): void => {
      if (!UUID_V7.test(id) || ids.has(id)) bad.push(id);
      ids.add(id);
    };
    demo.branches.forEach((b) => add(b.id));
    demo.users.forEach((u) => add(u.id));
    let prevLoan = '';
    for (const b of bundles) {
      if (b.customer) add(b.customer.id);
      add(b.loan.id);
      if (b.loan.id <= prevLoan) bad.push(`out of order ${b.loan.id}`);
      prevLoan = b.loan.id;
      b.installments.forEach((i) => add(i.id));
      b.payments.forEach((p) => add(p.id));
    }
    expect(bad).toEqual([]);
    const loanNos = bundles.map((b) => b.loan.loanNo);
    expect(new Set(loanNos).size).toBe(loanNos.length);
    for (const no of loanNos) expect(no).toMatch(/^LN20\d\dB00[12]\d{6}$/);
    const customerNos = bundles.flatMap((b) => (b.customer ? [b.customer.customerNo] : []));
    expect(new Set(customerNos).size).toBe(customerNos.length);
  });
});

describe('generateDemo: staff', () => {
  it('has every role in each branch, all with the documented password', () => {
    expect(demo.branches.map((b) => b.code)).toEqual(['B001', 'B002']);
    for (const b of demo.branches) {
      const roles = new Set(demo.users.filter((u) => u.branchId === b.id).flatMap((u) => u.roles));
      for (const r of ROLES) expect(roles.has(r), `${b.code} ${r}`).toBe(true);
    }
    expect(DEMO_USERS.every((u) => u.password === DEMO_PASSWORD && u.password === 'demo1234')).toBe(true);
    expect(new Set(DEMO_USERS.map((u) => u.username)).size).toBe(DEMO_USERS.length);
    expect(DEMO_USERS.find((u) => u.username === 'officer1')?.branchCode).toBe('B001');
    expect(DEMO_USERS.find((u) => u.username === 'officer2')?.branchCode).toBe('B002');
  });

  it('assigns each loan an officer and a collector of its own branch', () => {
    const byId = new Map(demo.users.map((u) => [u.id, u]));
    for (const { loan } of bundles) {
      expect(byId.get(loan.officerId)?.roles).toContain('officer');
      expect(byId.get(loan.officerId)?.branchId).toBe(loan.branchId);
      expect(byId.get(loan.collectorId)?.roles).toContain('collector');
      expect(byId.get(loan.collectorId)?.branchId).toBe(loan.branchId);
    }
  });
});

describe('generateDemo: the book', () => {
  it('covers all customer types, repayment methods, purposes and products', () => {
    const customers = bundles.flatMap((b) => (b.customer ? [b.customer] : []));
    expect(new Set(customers.map((c) => c.type))).toEqual(new Set(['individual', 'enterprise', 'micro']));
    expect(new Set(bundles.map((b) => b.loan.method))).toEqual(
      new Set(['equal_installment', 'equal_principal', 'interest_only']),
    );
    expect(new Set(bundles.map((b) => b.loan.purpose))).toEqual(new Set(['consumer', 'business', 'housing']));
    expect(new Set(bundles.map((b) => b.loan.product))).toEqual(
      new Set(['consumer_credit', 'personal_business', 'sme_working_capital', 'mortgage']),
    );
    expect(new Set(bundles.map((b) => b.loan.riskGrade))).toEqual(new Set(['low', 'medium', 'high']));
    // Some borrowers hold more than one loan.
    expect(customers.length).toBeLessThan(bundles.length);
  });

  it('masks ID numbers, gives full mobile numbers and Chinese names', () => {
    for (const c of bundles.flatMap((b) => (b.customer ? [b.customer] : []))) {
      expect(c.phone).toMatch(/^1\d{10}$/);
      expect(c.idNumberMasked).toMatch(/\*{6}/);
      expect(c.name).toMatch(/^[\u4e00-\u9fff（）]+$/);
      if (c.type === 'enterprise') expect(c.name).toMatch(/^杭州.+有限公司$/);
      expect(c.contactPoints.length).toBeGreaterThan(0);
    }
  });

  it('keeps terms, amounts and rates within each product’s ranges', () => {
    for (const { loan } of bundles) {
      const yuan = loan.principal / 100;
      const rate = Number(loan.annualRate);
      if (loan.purpose === 'consumer') {
        expect(loan.termMonths).toBeGreaterThanOrEqual(6);
        expect(loan.termMonths).toBeLessThanOrEqual(60); // consumer loans at most 5 years
        expect(yuan).toBeGreaterThanOrEqual(5_000);
        expect(yuan).toBeLessThanOrEqual(300_000);
        expect(rate).toBeGreaterThanOrEqual(3.45);
        expect(rate).toBeLessThanOrEqual(12);
      } else if (loan.purpose === 'business') {
        expect(loan.termMonths).toBeGreaterThanOrEqual(12);
        expect(loan.termMonths).toBeLessThanOrEqual(60);
        expect(yuan).toBeGreaterThanOrEqual(50_000);
        expect(yuan).toBeLessThanOrEqual(3_000_000);
      } else {
        expect(loan.termMonths).toBeGreaterThanOrEqual(120);
        expect(loan.termMonths).toBeLessThanOrEqual(360);
        expect(yuan).toBeGreaterThanOrEqual(300_000);
        expect(yuan).toBeLessThanOrEqual(3_000_000);
        expect(rate).toBeGreaterThanOrEqual(3.0);
        expect(rate).toBeLessThanOrEqual(4.5);
      }
      if (loan.method === 'interest_only') expect(loan.purpose).toBe('business');
      expect(loan.disbursedOn < ASOF).toBe(true);
      expect(loan.disbursedOn < loan.firstDueDate).toBe(true);
    }
    const disbursed = bundles.map((b) => b.loan.disbursedOn).sort();
    expect(disbursed[0]! < '2023-06-01').toBe(true); // spread over years, housing earliest
  });

  it('has schedules whose principal sums to the loan principal, and payments within the loan life', () => {
    const bad: string[] = [];
    for (const { loan, installments, payments } of bundles) {
      if (installments.length !== loan.termMonths) bad.push(`${loan.loanNo} installment count`);
      if (installments.reduce((s, i) => s + i.principal, 0) !== loan.principal) bad.push(`${loan.loanNo} principal sum`);
      if (installments[installments.length - 1]?.dueDate !== loan.maturityDate) bad.push(`${loan.loanNo} maturity`);
      for (const p of payments) {
        if (!(p.amount > 0 && p.date <= ASOF && p.date >= loan.disbursedOn)) bad.push(`${loan.loanNo} payment ${p.date}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('puts loans across every bucket with realistic shares, including a tail past 360 DPD', () => {
    const share = (pred: (b: DemoLoanBundle) => boolean): number => bundles.filter(pred).length / bundles.length;
    const inBucket = (...bs: string[]) => (b: DemoLoanBundle) => bs.includes(b.metrics.bucket);
    expect(share(inBucket('current'))).toBeGreaterThan(0.85);
    expect(share(inBucket('current'))).toBeLessThan(0.91);
    expect(share(inBucket('M1'))).toBeGreaterThan(0.025);
    expect(share(inBucket('M1'))).toBeLessThan(0.055);
    expect(share(inBucket('M2'))).toBeGreaterThan(0.01);
    expect(share(inBucket('M2'))).toBeLessThan(0.03);
    expect(share(inBucket('M3'))).toBeGreaterThan(0.007);
    expect(share(inBucket('M3'))).toBeLessThan(0.025);
    expect(share(inBucket('M4', 'M5', 'M6'))).toBeGreaterThan(0.01);
    expect(share(inBucket('M4', 'M5', 'M6'))).toBeLessThan(0.03);
    expect(share(inBucket('M7+'))).toBeGreaterThan(0.015);
    expect(share(inBucket('M7+'))).toBeLessThan(0.035);
    for (const b of ['M4', 'M5', 'M6']) expect(share(inBucket(b))).toBeGreaterThan(0);
    expect(bundles.some((b) => b.metrics.dpd > 360)).toBe(true);
    expect(bundles.some((b) => b.metrics.dpd > 720)).toBe(true);
    expect(bundles.some((b) => b.metrics.dpd > 0 && b.payments.length > 0)).toBe(true);
  });

  it('reports metrics equal to the shared delinquency functions', () => {
    for (const { loan, installments, payments, metrics } of bundles) {
      const dpd = daysPastDue(installments, payments, ASOF);
      const amounts = overdueAmounts(installments, payments, ASOF);
      const restructured = loan.restructuredUntil !== null && loan.restructuredUntil >= ASOF;
      expect(metrics.dpd).toBe(dpd);
      expect(metrics.bucket).toBe(bucketOf(dpd));
      expect(metrics.classFloor).toBe(classificationFloor(dpd, { restructured }));
      expect(metrics.outstandingPrincipal).toBe(amounts.outstandingPrincipal);
      expect(metrics.overduePrincipal).toBe(amounts.overduePrincipal);
      expect(metrics.overdueInterest).toBe(amounts.overdueInterest);
      expect(metrics.nextDueDate).toBe(installments.find((i) => i.dueDate >= ASOF)?.dueDate ?? null);
    }
  });

  it('never confirms a class better than the floor; mostly equal, sometimes one worse', () => {
    let equal = 0;
    let worse = 0;
    for (const { loan, metrics } of bundles) {
      const diff = rank(loan.fiveClass) - rank(metrics.classFloor);
      expect(diff).toBeGreaterThanOrEqual(0);
      expect(diff).toBeLessThanOrEqual(1);
      if (diff === 0) equal++;
      else worse++;
    }
    expect(equal / bundles.length).toBeGreaterThan(0.9);
    expect(worse).toBeGreaterThan(0);
    expect(new Set(bundles.map((b) => b.loan.fiveClass))).toEqual(new Set(FIVE_CLASS_ORDER));
    expect(bundles.some((b) => b.loan.restructuredUntil !== null && b.loan.restructuredUntil >= ASOF)).toBe(true);
  });
});
