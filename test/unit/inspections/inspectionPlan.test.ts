// The inspection planner: table cases for each rule, and properties over random loans and histories
// (exactly one next first-or-routine inspection for an active loan, never looser than the policy,
// idempotent, month ends clamped as in schedules).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonthsClamped } from '../../../shared/domain/dates';
import { inspectionPolicies, inspectionPolicySchema, nextInspections, routineInterval, type InspectionHistory, type PlannedLoan } from '../../../shared/domain/inspectionPlan';
import { checkPolicyBody, resolvePolicy } from '../../../shared/domain/policies';

const P = inspectionPolicies.DEFAULT;
const loan = (over: Partial<PlannedLoan> = {}): PlannedLoan => ({
  loanId: 'L1',
  purpose: 'business',
  disbursedOn: '2026-01-31',
  maturityOn: '2028-01-31',
  termMonths: 24,
  riskGrade: 'low',
  classification: 'normal',
  status: 'active',
  ...over,
});
const NONE: InspectionHistory = { inspections: [], warnings: [] };
const firstDone = (doneOn: string): InspectionHistory['inspections'][number] => ({ kind: 'first', dueOn: doneOn, doneOn });

describe('nextInspections', () => {
  it.each([
    ['business', 15, '2026-02-15'],
    ['consumer', 30, '2026-03-02'],
  ] as const)('plans only the first inspection of a %s loan, %i days after disbursement', (purpose, _days, due) => {
    expect(nextInspections(P, loan({ purpose }), NONE, '2026-02-01')).toEqual([{ kind: 'first', dueOn: due, rule: `first_${purpose}` }]);
  });

  it('keeps an overdue first inspection on its date', () => {
    expect(nextInspections(P, loan(), NONE, '2026-06-30')).toEqual([{ kind: 'first', dueOn: '2026-02-15', rule: 'first_business' }]);
  });

  it('plans nothing for a closed loan', () => {
    expect(nextInspections(P, loan({ status: 'closed' }), { inspections: [], warnings: [{ severity: 'red', raisedOn: '2026-03-01', status: 'open' }] }, '2026-03-02')).toEqual([]);
  });

  it.each([
    [{ riskGrade: 'low' }, '2026-08-10', 'routine_risk_low'],
    [{ riskGrade: 'medium' }, '2026-05-10', 'routine_risk_medium'],
    [{ riskGrade: 'high' }, '2026-03-10', 'routine_risk_high'],
    [{ riskGrade: 'low', classification: 'special_mention' }, '2026-03-10', 'routine_watch_or_worse'],
    [{ riskGrade: 'medium', classification: 'loss' }, '2026-03-10', 'routine_watch_or_worse'],
    [{ riskGrade: 'low', termMonths: 6 }, '2026-03-10', 'routine_short_term'],
    [{ riskGrade: 'high', classification: 'substandard', termMonths: 3 }, '2026-03-10', 'routine_risk_high'],
  ] as const)('plans the routine inspection by the strictest of grade, class and term (%o)', (over, due, rule) => {
    const history: InspectionHistory = { inspections: [firstDone('2026-02-10')], warnings: [] };
    expect(nextInspections(P, loan(over as Partial<PlannedLoan>), history, '2026-02-20')).toEqual([{ kind: 'routine', dueOn: due, rule }]);
  });

  it('counts from the latest inspection of any kind, and clamps month ends as schedules do', () => {
    const history: InspectionHistory = {
      inspections: [firstDone('2026-02-10'), { kind: 'special', dueOn: '2026-01-31', doneOn: '2026-01-31' }, { kind: 'adhoc', dueOn: '2026-05-31', doneOn: '2026-05-31' }],
      warnings: [],
    };
    expect(nextInspections(P, loan({ riskGrade: 'medium' }), history, '2026-06-01')).toEqual([{ kind: 'routine', dueOn: '2026-08-31', rule: 'routine_risk_medium' }]);
    const january = { inspections: [{ kind: 'first' as const, dueOn: '2026-01-31', doneOn: '2026-01-31' }], warnings: [] };
    expect(nextInspections(P, loan({ riskGrade: 'high' }), january, '2026-02-01')[0]?.dueOn).toBe('2026-02-28');
    expect(nextInspections(P, loan({ riskGrade: 'high' }), { ...january, inspections: [{ kind: 'first', dueOn: '2028-01-31', doneOn: '2028-01-31' }] }, '2028-02-01')[0]?.dueOn).toBe('2028-02-29');
  });

  it('adds an ad-hoc inspection 7 days after each open red or orange warning not yet inspected, one per day', () => {
    const history: InspectionHistory = {
      inspections: [firstDone('2026-03-01')],
      warnings: [
        { severity: 'red', raisedOn: '2026-03-05', status: 'open' },
        { severity: 'orange', raisedOn: '2026-03-05', status: 'acknowledged' },
        { severity: 'orange', raisedOn: '2026-03-09', status: 'actioned' },
        { severity: 'yellow', raisedOn: '2026-03-06', status: 'open' },
        { severity: 'red', raisedOn: '2026-03-07', status: 'closed' },
        { severity: 'red', raisedOn: '2026-02-20', status: 'open' }, // inspected on 03-01, after it was raised
      ],
    };
    expect(nextInspections(P, loan({ riskGrade: 'low' }), history, '2026-03-10')).toEqual([
      { kind: 'adhoc', dueOn: '2026-03-12', rule: 'adhoc_warning_red' },
      { kind: 'adhoc', dueOn: '2026-03-16', rule: 'adhoc_warning_orange' },
      { kind: 'routine', dueOn: '2026-09-01', rule: 'routine_risk_low' },
    ]);
  });

  it('refuses impossible dates', () => {
    expect(() => nextInspections(P, loan({ disbursedOn: '2026-02-30' }), NONE, '2026-03-01')).toThrow(/disbursedOn/);
    expect(() => nextInspections(P, loan(), { inspections: [{ kind: 'first', dueOn: '2026-02-15', doneOn: '2026-13-01' }], warnings: [] }, '2026-03-01')).toThrow(/doneOn/);
  });
});

describe('inspection policy', () => {
  it('is a published kind whose defaults are DOMAIN.md’s, and refuses a zero, negative or missing-type interval naming the field', () => {
    expect(resolvePolicy('inspection', [], { id: 'b', code: 'b', timeZone: 'Asia/Shanghai' }, new Date('2026-03-01T00:00:00Z')).value).toEqual(P);
    expect(P).toMatchObject({ firstDays: { business: 15, consumer: 30 }, routineMonths: { low: 6, medium: 3, high: 1 }, watchOrWorseMonths: 1, adhocDays: 7 });
    for (const [body, field] of [
      [{ routineMonths: { medium: 0 } }, 'routineMonths.medium'],
      [{ firstDays: { business: -15 } }, 'firstDays.business'],
      [{ watchOrWorseMonths: 'monthly' }, 'watchOrWorseMonths'],
      [{ adhocDays: null }, 'adhocDays'],
    ] as const) {
      const checked = checkPolicyBody('inspection', body);
      expect(checked.ok).toBe(false);
      expect(!checked.ok && checked.message).toContain(field);
    }
    expect(inspectionPolicySchema.safeParse({ routineMonths: { low: 4 } }).success).toBe(true);
  });
});

const day = fc.integer({ min: 0, max: 3 * 365 }).map((n) => addDays('2025-01-01', n));
const plannedLoan = fc.record({
  loanId: fc.constant('L'),
  purpose: fc.constantFrom('consumer' as const, 'business' as const),
  disbursedOn: day,
  maturityOn: fc.constant('2030-12-31'),
  termMonths: fc.integer({ min: 1, max: 60 }),
  riskGrade: fc.constantFrom('low' as const, 'medium' as const, 'high' as const),
  classification: fc.constantFrom('normal' as const, 'special_mention' as const, 'substandard' as const, 'doubtful' as const, 'loss' as const),
  status: fc.constant('active' as const),
});
const history = fc.record({
  inspections: fc.array(
    fc.record({ kind: fc.constantFrom('first' as const, 'routine' as const, 'adhoc' as const, 'special' as const), dueOn: day, doneOn: fc.option(day, { nil: null }) }),
    { maxLength: 6 },
  ),
  warnings: fc.array(
    fc.record({
      severity: fc.constantFrom('red' as const, 'orange' as const, 'yellow' as const, 'blue' as const),
      raisedOn: day,
      status: fc.constantFrom('open' as const, 'acknowledged' as const, 'actioned' as const, 'closed' as const),
    }),
    { maxLength: 6 },
  ),
});

describe('nextInspections properties', () => {
  it('gives an active loan exactly one next first-or-routine inspection, never later than the policy allows, the same every time', () => {
    fc.assert(
      fc.property(plannedLoan, history, day, (l, h, asOf) => {
        const plan = nextInspections(P, l, h, asOf);
        const main = plan.filter((p) => p.kind === 'first' || p.kind === 'routine');
        expect(main).toHaveLength(1);
        const firstDone = h.inspections.some((i) => i.kind === 'first' && i.doneOn !== null);
        if (!firstDone) {
          expect(plan).toEqual([{ kind: 'first', dueOn: addDays(l.disbursedOn, P.firstDays[l.purpose]), rule: `first_${l.purpose}` }]);
        } else {
          const last = h.inspections.flatMap((i) => (i.doneOn ? [i.doneOn] : [])).sort().at(-1) as string;
          // Never looser than any interval that applies to the loan.
          for (const months of [P.routineMonths[l.riskGrade], l.classification !== 'normal' ? P.watchOrWorseMonths : 99, l.termMonths <= P.shortTermMaxMonths ? P.shortTermIntervalMonths : 99]) {
            if (months !== 99) expect((main[0]?.dueOn ?? '') <= addMonthsClamped(last, months)).toBe(true);
          }
          expect(main[0]?.dueOn).toBe(addMonthsClamped(last, routineInterval(P, l).months));
          // Ad-hoc visits: distinct days, each a week after a serious warning still waiting for a visit.
          const adhoc = plan.filter((p) => p.kind === 'adhoc').map((p) => p.dueOn);
          expect(new Set(adhoc).size).toBe(adhoc.length);
          for (const due of adhoc) {
            expect(h.warnings.some((w) => w.status !== 'closed' && (w.severity === 'red' || w.severity === 'orange') && addDays(w.raisedOn, P.adhocDays) === due && last < w.raisedOn)).toBe(true);
          }
        }
        expect(nextInspections(P, l, h, asOf)).toEqual(plan);
        // asOf only decides nothing here: an overdue inspection keeps its date.
        expect(nextInspections(P, l, h, addDays(asOf, 400))).toEqual(plan);
      }),
      { numRuns: 400 },
    );
  });
});
