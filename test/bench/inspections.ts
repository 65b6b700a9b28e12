// Inspection planning: nextInspections over 100,000 loans with histories (issue: under 2 s), and one
// loan after a change (under 2 ms). Pure code, so no database: the figure is the planner's own.
import { addDays } from '../../shared/domain/dates';
import { inspectionPolicies, nextInspections, type InspectionHistory, type PlannedLoan } from '../../shared/domain/inspectionPlan';
import { Prng } from '../../shared/demo/prng';

type Emit = (line: { name: string; value: number; unit: string; [k: string]: unknown }) => void;

const LOANS = 100_000;
const AS_OF = '2026-12-06';

function book(): { loan: PlannedLoan; history: InspectionHistory }[] {
  const rng = new Prng(13);
  const grades = ['low', 'medium', 'high'] as const;
  const classes = ['normal', 'normal', 'normal', 'special_mention', 'substandard'] as const;
  const severities = ['red', 'orange', 'yellow', 'blue'] as const;
  const statuses = ['open', 'acknowledged', 'actioned', 'closed'] as const;
  return Array.from({ length: LOANS }, (_, i) => {
    const disbursedOn = addDays(AS_OF, -rng.int(10, 1500));
    const inspections = Array.from({ length: rng.int(0, 8) }, (_, k) => {
      const dueOn = addDays(disbursedOn, 15 + k * 60);
      return { kind: k === 0 ? ('first' as const) : rng.pick(['routine', 'adhoc', 'special'] as const), dueOn, doneOn: dueOn <= AS_OF ? addDays(dueOn, rng.int(0, 5)) : null };
    });
    const warnings = Array.from({ length: rng.int(0, 3) }, () => ({ severity: rng.pick(severities), raisedOn: addDays(AS_OF, -rng.int(0, 200)), status: rng.pick(statuses) }));
    const loan: PlannedLoan = {
      loanId: `L${i}`,
      purpose: rng.chance(0.4) ? 'business' : 'consumer',
      disbursedOn,
      maturityOn: addDays(disbursedOn, 1800),
      termMonths: rng.int(3, 60),
      riskGrade: rng.pick(grades),
      classification: rng.pick(classes),
      status: rng.chance(0.95) ? 'active' : 'closed',
    };
    return { loan, history: { inspections, warnings } };
  });
}

export function runInspectionBenchmarks(emit: Emit): void {
  const loans = book();
  const policy = inspectionPolicies.DEFAULT;
  let planned = 0;
  for (const { loan, history } of loans.slice(0, 5_000)) nextInspections(policy, loan, history, AS_OF); // warm the JIT
  const t0 = performance.now();
  for (const { loan, history } of loans) planned += nextInspections(policy, loan, history, AS_OF).length;
  emit({ name: 'inspections.plan.100k_ms', value: Number((performance.now() - t0).toFixed(2)), unit: 'ms', loans: LOANS, planned, target: '< 2000' });
  const samples: number[] = [];
  for (let i = 0; i < 2_000; i++) {
    const { loan, history } = loans[(i * 7919) % LOANS] as (typeof loans)[number];
    const t = performance.now();
    nextInspections(policy, loan, history, AS_OF);
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  emit({ name: 'inspections.replan_one.ms', value: Number((samples[Math.floor(samples.length * 0.99)] ?? NaN).toFixed(4)), unit: 'ms', stat: 'p99', n: samples.length, target: '< 2' });
}
