// Promise to pay (DOMAIN.md "Promise to pay": pending until its date; kept when payments between the
// promise and its date plus 1 grace day reach the amount; partially kept below it; broken with nothing).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_PROMISE_POLICY,
  PROMISE_OUTCOME_RANK,
  evaluatePromise,
  promiseKpis,
  promisePolicySchema,
  type PromisePayment,
  type PromiseToPay,
} from '../../../shared/domain/promiseToPay';
import { addDays } from '../../../shared/domain/dates';

const promise: PromiseToPay = { amount: 100_000, madeOn: '2025-03-03', promisedOn: '2025-03-10' };

describe('evaluatePromise', () => {
  it.each<[string, PromisePayment[], string, string, number]>([
    ['nothing paid, before the date', [], '2025-03-05', 'pending', 0],
    ['nothing paid, on the date', [], '2025-03-10', 'pending', 0],
    ['nothing paid, on the grace day', [], '2025-03-11', 'pending', 0],
    ['nothing paid, the day after the grace day', [], '2025-03-12', 'broken', 0],
    ['part paid, still pending', [{ date: '2025-03-05', amount: 40_000 }], '2025-03-08', 'pending', 40_000],
    ['paid in full early: kept at once', [{ date: '2025-03-05', amount: 100_000 }], '2025-03-06', 'kept', 100_000],
    ['paid in two parts', [{ date: '2025-03-04', amount: 60_000 }, { date: '2025-03-10', amount: 40_000 }], '2025-03-20', 'kept', 100_000],
    ['paid on the grace day', [{ date: '2025-03-11', amount: 100_000 }], '2025-03-20', 'kept', 100_000],
    ['paid the day the promise was made', [{ date: '2025-03-03', amount: 100_000 }], '2025-03-20', 'kept', 100_000],
    ['overpaid', [{ date: '2025-03-09', amount: 150_000 }], '2025-03-20', 'kept', 150_000],
    ['part paid, after the deadline', [{ date: '2025-03-09', amount: 99_999 }], '2025-03-20', 'partially_kept', 99_999],
    ['paid too late', [{ date: '2025-03-12', amount: 100_000 }], '2025-03-20', 'broken', 0],
    ['paid before the promise was made', [{ date: '2025-03-02', amount: 100_000 }], '2025-03-20', 'broken', 0],
    ['a payment after asOf is not known yet', [{ date: '2025-03-09', amount: 100_000 }], '2025-03-08', 'pending', 0],
  ])('%s → %s', (_name, payments, asOf, status, paid) => {
    const r = evaluatePromise(promise, payments, asOf);
    expect(r).toMatchObject({ status, paid, deadline: '2025-03-11' });
    expect(r.shortfall).toBe(Math.max(0, promise.amount - paid));
  });

  it('takes the grace from policy (0 days: judged the day after the date)', () => {
    const none = promisePolicySchema.parse({ graceDays: 0 });
    expect(evaluatePromise(promise, [], '2025-03-11', none).status).toBe('broken');
    expect(evaluatePromise(promise, [{ date: '2025-03-11', amount: 100_000 }], '2025-03-20', none).status).toBe('broken');
    expect(DEFAULT_PROMISE_POLICY.graceDays).toBe(1);
  });

  it('refuses impossible promises', () => {
    expect(() => evaluatePromise({ ...promise, amount: 0 }, [], '2025-03-05')).toThrow(/greater than 0/);
    expect(() => evaluatePromise({ ...promise, madeOn: '2025-03-11' }, [], '2025-03-05')).toThrow(/madeOn/);
    expect(() => evaluatePromise(promise, [{ date: '2025-03-05', amount: -1 }], '2025-03-05')).toThrow(/negative/);
    expect(() => evaluatePromise(promise, [], '2025-02-30')).toThrow(/asOf/);
  });

  it('counts the kept-rate KPI inputs', () => {
    const k = promiseKpis([{ status: 'kept' }, { status: 'broken' }, { status: 'partially_kept' }, { status: 'pending' }, { status: 'kept' }]);
    expect(k).toEqual({ due: 4, kept: 2, partiallyKept: 1, broken: 1, pending: 1 });
  });
});

// ---- properties ----
const base = '2025-01-01';
const promiseArb = fc
  .record({ amount: fc.integer({ min: 1, max: 10_000_000 }), made: fc.integer({ min: 0, max: 60 }), span: fc.integer({ min: 0, max: 30 }) })
  .map(({ amount, made, span }): PromiseToPay => ({ amount, madeOn: addDays(base, made), promisedOn: addDays(base, made + span) }));
const payArb = fc.record({ date: fc.integer({ min: 0, max: 120 }).map((n) => addDays(base, n)), amount: fc.integer({ min: 0, max: 5_000_000 }) });
const asOfArb = fc.integer({ min: 0, max: 150 }).map((n) => addDays(base, n));
const graceArb = fc.integer({ min: 0, max: 5 }).map((g) => promisePolicySchema.parse({ graceDays: g }));

describe('evaluatePromise properties', () => {
  it('more payment never makes a promise worse', () => {
    fc.assert(
      fc.property(promiseArb, fc.array(payArb, { maxLength: 6 }), payArb, asOfArb, graceArb, (p, pays, extra, asOf, policy) => {
        const a = evaluatePromise(p, pays, asOf, policy);
        const b = evaluatePromise(p, [...pays, extra], asOf, policy);
        expect(b.paid).toBeGreaterThanOrEqual(a.paid);
        if (a.status === 'kept') expect(b.status).toBe('kept');
        if (a.status !== 'pending') {
          expect(b.status).not.toBe('pending');
          expect(PROMISE_OUTCOME_RANK[b.status as 'kept']).toBeGreaterThanOrEqual(PROMISE_OUTCOME_RANK[a.status]);
        } else {
          expect(['pending', 'kept']).toContain(b.status);
        }
      }),
    );
  });

  it('the order of payments is irrelevant', () => {
    fc.assert(
      fc.property(promiseArb, fc.array(payArb, { maxLength: 8 }), asOfArb, fc.func(fc.integer()), (p, pays, asOf, f) => {
        const shuffled = [...pays].sort((x, y) => f(x) - f(y));
        expect(evaluatePromise(p, shuffled, asOf)).toEqual(evaluatePromise(p, pays, asOf));
      }),
    );
  });

  it('payments outside madeOn … promisedOn + grace (or after asOf) are irrelevant', () => {
    fc.assert(
      fc.property(promiseArb, fc.array(payArb, { maxLength: 6 }), asOfArb, graceArb, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 5_000_000 }), (p, pays, asOf, policy, gap, amount) => {
        const deadline = addDays(p.promisedOn, policy.graceDays);
        const outside = [
          { date: addDays(p.madeOn, -gap), amount },
          { date: addDays(deadline, gap), amount },
          { date: addDays(asOf, gap), amount },
        ];
        expect(evaluatePromise(p, [...pays, ...outside], asOf, policy)).toEqual(evaluatePromise(p, pays, asOf, policy));
      }),
    );
  });

  it('pending only through the deadline; afterwards the status follows paid vs amount', () => {
    fc.assert(
      fc.property(promiseArb, fc.array(payArb, { maxLength: 6 }), asOfArb, graceArb, (p, pays, asOf, policy) => {
        const r = evaluatePromise(p, pays, asOf, policy);
        if (r.paid >= p.amount) expect(r.status).toBe('kept');
        else if (asOf <= r.deadline) expect(r.status).toBe('pending');
        else expect(r.status).toBe(r.paid > 0 ? 'partially_kept' : 'broken');
      }),
    );
  });
});
