/**
 * Overdue penalty interest (罚息) and compound interest (复利), and the collector's delinquency view.
 *
 * DOMAIN.md "Money and schedules": penalty interest on overdue principal at the contract rate plus a
 * surcharge (policy, default +50 %, i.e. 1.5 × the contract rate), per day, daily rate = annual / 360
 * (the PBoC day basis); overdue interest may bear compound interest (复利) at the same rate where the
 * product says so (policy, default off); rounded to the fen per period, half-up. The surcharge range
 * comes from 中国人民银行《关于人民币贷款利率有关问题的通知》(银发〔2003〕251号): overdue loans +30 %–50 %
 * on the contract rate, from the day overdue until repaid; unpaid interest bears 复利 at the penalty rate.
 *
 * Day counting: for an installment due on D, days D+1 … asOf accrue (asOf − D days). A payment dated
 * P lowers the balance from day P+1, so an installment due D and repaid on P accrues P − D days —
 * the usual 逾期天数 = 还款日 − 到期日 (算头不算尾). Partial payments: the balance of each day comes
 * from the existing waterfall (delinquency.ts allocatePayments: oldest installment first, interest
 * before principal) replayed at each payment date, so penalty and DPD never disagree on what was paid.
 *
 * Not modelled (see the report): payments are not applied to penalty interest (the waterfall has no
 * penalty bucket), and there is no waiver (减免) ledger, so every accrued fen is reported as owed.
 * Rate maths in decimal.js; only the rounded per-installment results become integer fen.
 */

import Decimal from 'decimal.js';
import { z } from 'zod';
import type { Fen } from './money';
import { assertBusinessDate, daysBetween } from './dates';
import { allocatePayments, type InstallmentAllocation, type InstallmentDue, type Payment } from './delinquency';

const decimalString = z.string().regex(/^\d+(\.\d+)?$/, 'a plain decimal such as "0.5"');

export const penaltyPolicySchema = z.object({
  /** Surcharge on the contract rate as a fraction: "0.5" = +50 % (×1.5). 银发〔2003〕251号: 0.3–0.5 for overdue loans. */
  surcharge: decimalString.refine((s) => new Decimal(s).lte(1), 'surcharge must be at most 1 (+100 %)').default('0.5'),
  /** Days in the interest year for the daily rate; 360 is the PBoC basis (DOMAIN.md). */
  dayBasis: z.union([z.literal(360), z.literal(365)]).default(360),
  /** 复利 on overdue interest at the penalty rate, where the product says so. */
  compoundOverdueInterest: z.boolean().default(false),
  rounding: z.enum(['half_up', 'half_even']).default('half_up'),
});
export type PenaltyPolicy = z.infer<typeof penaltyPolicySchema>;
export const DEFAULT_PENALTY_POLICY: PenaltyPolicy = Object.freeze(penaltyPolicySchema.parse({}));

export interface PenaltyLoan {
  /** Contract annual rate in percent as a plain decimal string, e.g. "4.9" (as ScheduleTerms.annualRate). */
  readonly annualRate: string;
  readonly installments: readonly InstallmentDue[];
}

export interface InstallmentPenalty {
  readonly seq?: number;
  readonly dueDate: string;
  /** Principal / interest of this installment still unpaid on asOf (0 unless due before asOf). */
  readonly overduePrincipal: Fen;
  readonly overdueInterest: Fen;
  /** Days in (dueDate, asOf] on which some principal of this installment was overdue. */
  readonly penaltyDays: number;
  /** 罚息 on overdue principal, rounded to the fen. */
  readonly penalty: Fen;
  /** 复利 on overdue interest, rounded to the fen (0 when the policy flag is off). */
  readonly compound: Fen;
  readonly total: Fen;
  /** Still not fully paid on asOf. */
  readonly open: boolean;
}

export interface PenaltyResult {
  readonly installments: InstallmentPenalty[];
  /** Penalty rate per day as a fraction (contract% / 100 × (1 + surcharge) / dayBasis), for display/audit. */
  readonly dailyRate: string;
  readonly totals: { readonly penalty: Fen; readonly compound: Fen; readonly total: Fen };
}

const Dec = Decimal.clone({ precision: 60 });
const RATE_RE = /^\d+(\.\d+)?$/;

function roundFen(v: Decimal, mode: PenaltyPolicy['rounding']): Fen {
  return v.toDecimalPlaces(0, mode === 'half_up' ? Decimal.ROUND_HALF_UP : Decimal.ROUND_HALF_EVEN).toNumber();
}

function dailyRateOf(annualRate: string, policy: PenaltyPolicy): Decimal {
  if (typeof annualRate !== 'string' || !RATE_RE.test(annualRate)) {
    throw new Error(`annualRate must be a percentage as a plain decimal string such as "4.9", got ${JSON.stringify(annualRate)}`);
  }
  const parsed = penaltyPolicySchema.safeParse(policy);
  if (!parsed.success) throw new Error(`invalid penalty policy: ${parsed.error.message}`);
  return new Dec(annualRate).div(100).times(new Dec(1).plus(policy.surcharge)).div(policy.dayBasis);
}

/**
 * Penalty (and optional compound) interest per installment and in total, accrued up to and
 * including `asOf`, counting payments dated on or before asOf.
 */
export function penaltyInterest(
  loan: PenaltyLoan,
  payments: readonly Payment[],
  asOf: string,
  policy: PenaltyPolicy = DEFAULT_PENALTY_POLICY,
): PenaltyResult {
  assertBusinessDate(asOf, 'asOf');
  const daily = dailyRateOf(loan.annualRate, policy);
  const insts = loan.installments;
  const final = allocatePayments(insts, payments, asOf).installments; // validates inputs too

  // Only installments due before asOf and not paid by their due date can accrue anything.
  const late = insts.map((inst, i) => {
    const a = final[i] as InstallmentAllocation;
    return inst.dueDate < asOf && (!a.paidInFull || (a.paidOffOn !== null && a.paidOffOn > inst.dueDate));
  });
  let firstLateDue: string | null = null;
  for (let i = 0; i < insts.length; i++) {
    const d = (insts[i] as InstallmentDue).dueDate;
    if (late[i] && (firstLateDue === null || d < firstLateDue)) firstLateDue = d;
  }

  // Snapshots of the waterfall: state after all payments dated ≤ date, for the first late due
  // date and for every payment date after it and before asOf (later ones affect no counted day).
  const snapshots: { date: string; alloc: InstallmentAllocation[] }[] = [];
  if (firstLateDue !== null) {
    const from: string = firstLateDue;
    snapshots.push({ date: from, alloc: allocatePayments(insts, payments, from).installments });
    const dates = [...new Set(payments.map((p) => p.date).filter((d) => d > from && d < asOf))].sort();
    for (const d of dates) snapshots.push({ date: d, alloc: allocatePayments(insts, payments, d).installments });
  }

  const rows: InstallmentPenalty[] = [];
  let totalPenalty = 0;
  let totalCompound = 0;
  insts.forEach((inst, i) => {
    const a = final[i] as InstallmentAllocation;
    const due = inst.dueDate < asOf;
    let principalFenDays = new Dec(0);
    let interestFenDays = new Dec(0);
    let penaltyDays = 0;
    if (late[i]) {
      // Balance in force from day `cur` on: state after payments dated ≤ cur − 1.
      let k = lastIndexAtOrBefore(snapshots, inst.dueDate);
      let cur = inst.dueDate; // days are counted in (cur, next]
      for (;;) {
        const s = snapshots[k] as { alloc: InstallmentAllocation[] };
        const at = s.alloc[i] as InstallmentAllocation;
        const next = k + 1 < snapshots.length ? (snapshots[k + 1] as { date: string }).date : asOf;
        const days = daysBetween(cur, next); // days cur+1 … next carry this balance
        const principalLeft = inst.principal - at.principalPaid;
        const interestLeft = inst.interest - at.interestPaid;
        if (days > 0) {
          if (principalLeft > 0) {
            principalFenDays = principalFenDays.plus(new Dec(principalLeft).times(days));
            penaltyDays += days;
          }
          if (interestLeft > 0) interestFenDays = interestFenDays.plus(new Dec(interestLeft).times(days));
        }
        if (next === asOf || (principalLeft === 0 && interestLeft === 0)) break;
        cur = next;
        k++;
      }
    }
    const penalty = roundFen(principalFenDays.times(daily), policy.rounding);
    const compound = policy.compoundOverdueInterest ? roundFen(interestFenDays.times(daily), policy.rounding) : 0;
    totalPenalty += penalty;
    totalCompound += compound;
    const row: InstallmentPenalty = {
      dueDate: inst.dueDate,
      overduePrincipal: due ? inst.principal - a.principalPaid : 0,
      overdueInterest: due ? inst.interest - a.interestPaid : 0,
      penaltyDays,
      penalty,
      compound,
      total: penalty + compound,
      open: !a.paidInFull,
    };
    rows.push(inst.seq === undefined ? row : { seq: inst.seq, ...row });
  });

  return {
    installments: rows,
    dailyRate: daily.toString(),
    totals: { penalty: totalPenalty, compound: totalCompound, total: totalPenalty + totalCompound },
  };
}

/** Index of the last snapshot dated ≤ date (snapshots[0] is dated at the first late due date ≤ date). */
function lastIndexAtOrBefore(snapshots: readonly { date: string }[], date: string): number {
  let k = 0;
  while (k + 1 < snapshots.length && (snapshots[k + 1] as { date: string }).date <= date) k++;
  return k;
}
