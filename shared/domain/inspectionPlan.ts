// Post-loan inspection planning (贷后检查): which inspections a loan has coming, when, and by which rule.
// Pure: the policy is published data (defaults from DOMAIN.md, "Post-loan inspection"), the loan and its
// history are plain values, the business date is passed in. The same function plans at the branch and
// could at head office; planning twice gives the same list, so a caller keyed by (loan, kind, due date)
// never plans an inspection twice.
import { z } from 'zod';
import { addDays, addMonthsClamped, assertBusinessDate } from './dates';

const positiveDays = z.number().int().min(1).max(366);
const positiveMonths = z.number().int().min(1).max(24);

export const inspectionPolicySchema = z
  .object({
    /** Days after disbursement the first inspection is due, by loan purpose. */
    firstDays: z.object({ business: positiveDays.default(15), consumer: positiveDays.default(30) }).prefault({}),
    /** Months between routine inspections, by risk grade. */
    routineMonths: z.object({ low: positiveMonths.default(6), medium: positiveMonths.default(3), high: positiveMonths.default(1) }).prefault({}),
    /** Months between routine inspections of a loan classed 关注 (special mention) or worse. */
    watchOrWorseMonths: positiveMonths.default(1),
    /** A loan of at most this many months is inspected every `shortTermIntervalMonths`. */
    shortTermMaxMonths: positiveMonths.default(6),
    shortTermIntervalMonths: positiveMonths.default(1),
    /** Days after a serious warning is raised that its ad-hoc inspection is due. */
    adhocDays: positiveDays.default(7),
    /** Warning severities that plan an ad-hoc inspection. */
    adhocSeverities: z.array(z.enum(['red', 'orange', 'yellow', 'blue'])).min(1).default(['red', 'orange']),
  })
  .strict();
export type InspectionPolicy = z.infer<typeof inspectionPolicySchema>;

export const inspectionPolicies = { DEFAULT: inspectionPolicySchema.parse({}) } as const;

export type InspectionKind = 'first' | 'routine' | 'adhoc' | 'special';
export type LoanClass = 'normal' | 'special_mention' | 'substandard' | 'doubtful' | 'loss';

export interface PlannedLoan {
  loanId: string;
  purpose: 'consumer' | 'business';
  disbursedOn: string;
  maturityOn: string;
  termMonths: number;
  riskGrade: 'low' | 'medium' | 'high';
  classification: LoanClass;
  status: 'active' | 'closed';
}

export interface InspectionHistory {
  inspections: readonly { kind: InspectionKind; dueOn: string; doneOn: string | null }[];
  warnings: readonly { severity: 'red' | 'orange' | 'yellow' | 'blue'; raisedOn: string; status: 'open' | 'acknowledged' | 'actioned' | 'closed' }[];
}

export interface PlannedInspection {
  kind: 'first' | 'routine' | 'adhoc';
  dueOn: string;
  /** The rule that planned it, as a code the screen names in words (first_business, routine_risk_high, …). */
  rule: string;
}

/** The routine interval in months and the rule that sets it: the strictest of grade, class and term. */
export function routineInterval(policy: InspectionPolicy, loan: PlannedLoan): { months: number; rule: string } {
  const candidates: { months: number; rule: string }[] = [{ months: policy.routineMonths[loan.riskGrade], rule: `routine_risk_${loan.riskGrade}` }];
  if (loan.classification !== 'normal') candidates.push({ months: policy.watchOrWorseMonths, rule: 'routine_watch_or_worse' });
  if (loan.termMonths <= policy.shortTermMaxMonths) candidates.push({ months: policy.shortTermIntervalMonths, rule: 'routine_short_term' });
  // Strictest first; on a tie the earlier (grade, then class, then term) names the rule.
  return candidates.reduce((best, c) => (c.months < best.months ? c : best));
}

/**
 * The inspections a loan has coming as of `asOf`: none for a closed loan; the first inspection alone
 * until it is done; then one routine inspection after the latest completed inspection of any kind, and an
 * ad-hoc one for each serious warning still open with no inspection done since it was raised. A due date
 * in the past stays (the inspection is overdue, not moved).
 */
export function nextInspections(policy: InspectionPolicy, loan: PlannedLoan, history: InspectionHistory, asOf: string): PlannedInspection[] {
  assertBusinessDate(asOf, 'asOf');
  assertBusinessDate(loan.disbursedOn, 'disbursedOn');
  if (loan.status === 'closed') return [];
  const done = history.inspections.filter((i): i is typeof i & { doneOn: string } => i.doneOn !== null);
  for (const i of done) assertBusinessDate(i.doneOn, 'inspection doneOn');
  if (!done.some((i) => i.kind === 'first')) {
    return [{ kind: 'first', dueOn: addDays(loan.disbursedOn, policy.firstDays[loan.purpose]), rule: `first_${loan.purpose}` }];
  }
  const lastDone = done.reduce((latest, i) => (i.doneOn > latest ? i.doneOn : latest), done[0]?.doneOn ?? loan.disbursedOn);
  const interval = routineInterval(policy, loan);
  const plan: PlannedInspection[] = [{ kind: 'routine', dueOn: addMonthsClamped(lastDone, interval.months), rule: interval.rule }];
  const adhocDue = new Set<string>();
  for (const w of history.warnings) {
    if (w.status === 'closed' || !policy.adhocSeverities.includes(w.severity)) continue;
    assertBusinessDate(w.raisedOn, 'warning raisedOn');
    if (done.some((i) => i.doneOn >= w.raisedOn)) continue;
    const dueOn = addDays(w.raisedOn, policy.adhocDays);
    // Two signals raised the same day need one visit, not two.
    if (adhocDue.has(dueOn)) continue;
    adhocDue.add(dueOn);
    plan.push({ kind: 'adhoc', dueOn, rule: `adhoc_warning_${w.severity}` });
  }
  return plan.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
}
