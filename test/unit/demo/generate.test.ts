import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../shared/auth/roles';
import {
  DEMO_PASSWORD,
  DEMO_USERS,
  generateDemo,
  type DemoContact,
  type DemoCustomer,
  type DemoLoanBundle,
} from '../../../shared/demo/generate';
import { RECENT_CONTACT_DAYS } from '../../../shared/demo/contactHistory';
import { consentStateOn } from '../../../shared/domain/contactConsent';
import { resolvePolicy } from '../../../shared/domain/policies';
import { OUTCOMES, type OutcomeCode } from '../../../shared/domain/contactOutcomes';
import { checkContact, contactPolicies, normalizePhone, type ContactHistoryEntry } from '../../../shared/domain/contactPolicy';
import { addDays, daysBetween, localDateOf } from '../../../shared/domain/dates';
import {
  FIVE_CLASS_ORDER,
  bucketOf,
  classificationFloor,
  daysPastDue,
  overdueAmounts,
} from '../../../shared/domain/delinquency';
import { channelAllowed } from '../../../shared/domain/escalation';
import { DEFAULT_PROMISE_POLICY, evaluatePromise } from '../../../shared/domain/promiseToPay';
import { matchContactPoint } from '../../../shared/mutations/collectionRules';

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

  it('leaves the book itself unchanged when made without contact history', () => {
    const strip = (b: DemoLoanBundle) => ({ ...b, contacts: undefined, promises: undefined, consents: undefined });
    const withHistory = [...generateDemo({ loans: 600, seed: 11 }).loans()];
    const without = [...generateDemo({ loans: 600, seed: 11, contactHistory: false }).loans()];
    expect(without.every((b) => b.contacts?.length === 0 && b.promises?.length === 0)).toBe(true);
    expect(withHistory.some((b) => (b.contacts?.length ?? 0) > 0)).toBe(true);
    expect(JSON.stringify(without.map(strip))).toBe(JSON.stringify(withHistory.map(strip)));
  });

  it('records consents to late contact in every state in each branch, within the contact policy', () => {
    const demo = generateDemo({ loans: 600, seed: 11 });
    const bundles = [...demo.loans()];
    const maxDays = resolvePolicy('contact', [], { id: 'b', code: 'b', timeZone: 'Asia/Shanghai' }, new Date()).value.contactHours.consentMaxDays;
    for (const branch of demo.branches) {
      const consents = bundles.filter((b) => b.loan.branchId === branch.id).flatMap((b) => b.consents ?? []);
      const records = consents.map((c) => ({ id: c.id, givenVia: c.givenVia, givenOn: c.givenOn, validUntil: c.validUntil, withdrawsId: c.withdrawsId }));
      const states = new Set(records.filter((c) => c.withdrawsId === null).map((c) => consentStateOn(c, records, demo.asOf)));
      expect([...states].sort()).toEqual(['active', 'expired', 'withdrawn']);
      for (const c of consents) {
        expect(c.givenOn <= demo.asOf).toBe(true);
        if (c.withdrawsId === null) expect(c.validUntil !== null && c.validUntil >= c.givenOn && c.validUntil <= addDays(c.givenOn, maxDays)).toBe(true);
        else expect(consents.some((x) => x.id === c.withdrawsId && x.customerId === c.customerId)).toBe(true);
      }
    }
    // Only delinquent borrowers, each borrower's consents given once.
    expect(bundles.every((b) => (b.consents ?? []).length === 0 || b.metrics.dpd > 0)).toBe(true);
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
      b.contacts?.forEach((c) => add(c.id));
      b.promises?.forEach((p) => add(p.id));
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

describe('generateDemo: collection contact history', () => {
  const tzOf = new Map(demo.branches.map((b) => [b.id, b.timeZone]));
  const customers = new Map<string, DemoCustomer>(bundles.flatMap((b) => (b.customer ? [[b.customer.id, b.customer] as const] : [])));
  const delinquent = bundles.filter((b) => b.metrics.dpd > 0);
  const isAttempt = (c: DemoContact) => OUTCOMES[c.outcome as OutcomeCode]?.isAttempt === true;
  const isBlocked = (c: DemoContact) => !(c.outcome in OUTCOMES);
  const entry = (c: DemoContact): ContactHistoryEntry => ({
    loanId: c.loanId,
    at: c.startedAt,
    channel: c.channel,
    party: c.party,
    phone: c.channel === 'phone' || c.channel === 'sms' ? (c.addressUsed ?? undefined) : undefined,
    outcome: c.outcome as OutcomeCode,
    consentToLateContact: c.consentLate,
  });
  // The CN rules as a demo branch gets them: nothing published, the branch's own clock.
  const policyOf = (branchId: string) => ({ ...contactPolicies.CN, timeZone: tzOf.get(branchId) as string });

  it('writes a log only for delinquent loans, in time order, in UTC, before the as-of date', () => {
    const bad: string[] = [];
    for (const b of bundles) {
      const log = b.contacts ?? [];
      if (b.metrics.dpd === 0 && (log.length > 0 || (b.promises?.length ?? 0) > 0)) bad.push(`${b.loan.loanNo} current but has a log`);
      log.forEach((c, i) => {
        if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/.test(c.startedAt)) bad.push(`${c.id} startedAt ${c.startedAt}`);
        if (i > 0 && c.startedAt <= (log[i - 1] as DemoContact).startedAt) bad.push(`${c.id} out of order`);
        const day = localDateOf(c.startedAt, tzOf.get(b.loan.branchId) as string);
        if (day >= ASOF || daysBetween(addDays(ASOF, -b.metrics.dpd), day) < 1) bad.push(`${c.id} on ${day}, outside the delinquency`);
        if (c.loanId !== b.loan.id) bad.push(`${c.id} names another loan`);
      });
    }
    expect(bad).toEqual([]);
    expect(delinquent.filter((b) => (b.contacts?.length ?? 0) > 0).length).toBeGreaterThan(delinquent.length / 2);
  });

  it('shows every state in each branch: promises pending, kept, partly kept and broken, recent, never contacted, blocked, third parties', () => {
    for (const branch of demo.branches) {
      const seen = new Map<string, number>();
      const count = (state: string) => seen.set(state, (seen.get(state) ?? 0) + 1);
      for (const b of delinquent.filter((x) => x.loan.branchId === branch.id)) {
        const log = b.contacts ?? [];
        const attempts = log.filter(isAttempt);
        const last = attempts[attempts.length - 1];
        if (!last) count('never_contacted');
        else if (localDateOf(last.startedAt, branch.timeZone) >= addDays(ASOF, -RECENT_CONTACT_DAYS)) count('recent_contact');
        if (log.some(isBlocked)) count('blocked');
        if (attempts.some((c) => c.party === 'third_party')) count('third_party');
        if (log.some((c) => c.outcome === 'cleared_by_supervisor')) count('hold_cleared');
        for (const p of b.promises ?? []) {
          const madeOn = localDateOf(p.madeAt, branch.timeZone);
          count(evaluatePromise({ amount: p.amount, promisedOn: p.promisedOn, madeOn }, b.payments, ASOF, DEFAULT_PROMISE_POLICY).status);
        }
      }
      for (const state of ['pending', 'kept', 'partially_kept', 'broken', 'recent_contact', 'never_contacted', 'blocked', 'third_party', 'hold_cleared']) {
        expect(seen.get(state) ?? 0, `${branch.code} ${state}`).toBeGreaterThan(0);
      }
      // Shares, not just presence: most delinquent loans have been worked, a good number of them lately.
      const n = delinquent.filter((x) => x.loan.branchId === branch.id).length;
      expect((seen.get('never_contacted') ?? 0) / n).toBeLessThan(0.3);
      expect((seen.get('recent_contact') ?? 0) / n).toBeGreaterThan(0.15);
    }
  });

  it('never breaks the CN contact rules: every attempt allowed (per-number counts across loans), every blocked try refused for the reasons it records', () => {
    const byNumber = new Map<string, ContactHistoryEntry[]>();
    for (const b of delinquent) {
      for (const c of b.contacts ?? []) {
        const e = entry(c);
        if (isBlocked(c) || e.phone === undefined) continue;
        const key = normalizePhone(e.phone);
        byNumber.set(key, [...(byNumber.get(key) ?? []), e]);
      }
    }
    const broken: string[] = [];
    let attempts = 0;
    let blocked = 0;
    for (const b of delinquent) {
      const log = b.contacts ?? [];
      const own = log.filter((c) => !isBlocked(c)).map(entry);
      const policy = policyOf(b.loan.branchId);
      for (const c of log) {
        if (isBlocked(c)) {
          // What the app checks: the loan's own history (blocked rows keep no number).
          blocked++;
          const verdict = checkContact(policy, own, { loanId: c.loanId, at: c.startedAt, channel: c.channel, party: c.party });
          if (verdict.allowed || verdict.reasons.map((r) => r.code).join(',') !== c.note) broken.push(`${c.id} blocked: ${c.note} vs ${JSON.stringify(verdict.reasons.map((r) => r.code))}`);
          continue;
        }
        if (!isAttempt(c)) continue;
        attempts++;
        const me = entry(c);
        const others = me.phone === undefined ? [] : (byNumber.get(normalizePhone(me.phone)) ?? []).filter((e) => e.loanId !== c.loanId);
        const history = [...own.filter((e) => e.at !== c.startedAt), ...others];
        const verdict = checkContact(policy, history, me);
        if (!verdict.allowed) broken.push(`${c.id} ${c.channel} ${c.party} at ${c.startedAt}: ${verdict.reasons.map((r) => r.code).join(',')}`);
      }
    }
    expect(broken).toEqual([]);
    expect(attempts).toBeGreaterThan(1000);
    expect(blocked).toBeGreaterThan(10);
  });

  it('logs what the app would accept: outcomes on their channels, the loan’s own numbers and address, the stage’s channels, its collector', () => {
    const supervisors = new Set(demo.users.filter((u) => u.roles.includes('supervisor')).map((u) => u.id));
    const bad: string[] = [];
    for (const b of delinquent) {
      const customer = customers.get(b.loan.customerId);
      const row = { contact_points: customer?.contactPoints, address: customer?.address };
      for (const c of b.contacts ?? []) {
        if (c.outcome === 'cleared_by_supervisor') {
          if (!supervisors.has(c.collectorId)) bad.push(`${c.id} cleared by a non-supervisor`);
          continue;
        }
        if (c.collectorId !== b.loan.collectorId) bad.push(`${c.id} logged by another collector`);
        if (isBlocked(c)) continue;
        const info = OUTCOMES[c.outcome as OutcomeCode];
        if (!(info.channels as readonly string[]).includes(c.channel)) bad.push(`${c.id} ${c.outcome} on ${c.channel}`);
        try {
          matchContactPoint(row, c.channel, c.party, c.addressUsed ?? '');
        } catch (err) {
          bad.push(`${c.id} ${(err as Error).message}`);
        }
        const day = localDateOf(c.startedAt, tzOf.get(b.loan.branchId) as string);
        const bucket = bucketOf(daysBetween(addDays(ASOF, -b.metrics.dpd), day));
        if (!channelAllowed(bucket, c.channel)) bad.push(`${c.id} ${c.channel} in ${bucket}`);
        if (c.overrideIds?.length !== 0 || c.consentLate) bad.push(`${c.id} needed an exception`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('takes each promise with a promise_to_pay contact, for a date not before that day, in whole fen', () => {
    const bad: string[] = [];
    let promises = 0;
    for (const b of delinquent) {
      const byId = new Map((b.contacts ?? []).map((c) => [c.id, c]));
      for (const p of b.promises ?? []) {
        promises++;
        const contact = byId.get(p.contactId);
        const madeOn = localDateOf(p.madeAt, tzOf.get(b.loan.branchId) as string);
        if (contact?.outcome !== 'promise_to_pay' || contact.startedAt !== p.madeAt) bad.push(`${p.id} contact`);
        if (p.promisedOn < madeOn || !Number.isSafeInteger(p.amount) || p.amount <= 0) bad.push(`${p.id} ${p.amount} on ${p.promisedOn}`);
        if (p.status !== 'pending' || p.loanId !== b.loan.id) bad.push(`${p.id} as written`);
      }
    }
    expect(bad).toEqual([]);
    expect(promises).toBeGreaterThan(50);
  });

  it('leaves no hold standing on the as-of date: every dispute or stop request was cleared', () => {
    for (const b of delinquent) {
      const log = b.contacts ?? [];
      const lastHold = log.map((c) => OUTCOMES[c.outcome as OutcomeCode]?.hold ?? null).lastIndexOf('dispute');
      const lastStop = log.map((c) => OUTCOMES[c.outcome as OutcomeCode]?.hold ?? null).lastIndexOf('asked_to_stop');
      const lastClear = log.map((c) => c.outcome).lastIndexOf('cleared_by_supervisor');
      expect(Math.max(lastHold, lastStop) < lastClear || Math.max(lastHold, lastStop) === -1, b.loan.loanNo).toBe(true);
    }
  });
});
