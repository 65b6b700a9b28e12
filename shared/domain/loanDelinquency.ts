/**
 * A loan's delinquency on a business date, computed once for every reader: the metrics refresh (what
 * lists and the queue sort by), the loan page and the collection screen. DPD, bucket, the five-category
 * floor, outstanding and overdue amounts come from delinquency.ts; with a penalty policy, the 罚息 and
 * 复利 the still-open installments bear and the total to cure.
 *
 * Penalty on installments settled since (paid late) is not collected by this model — there is no
 * penalty ledger or waiver yet — so only open installments' penalty counts towards the total to cure.
 */
import type { Fen } from './money';
import { bucketOf, classificationFloor, daysPastDue, overdueAmounts, type InstallmentDue, type Payment } from './delinquency';
import { penaltyInterest, type PenaltyPolicy } from './penaltyInterest';
import type { Bucket, FiveClass } from './vocabulary';

export interface DelinquencyLoan {
  /** Contract annual rate in percent as a plain decimal string, e.g. "4.9"; needed for the penalty only. */
  readonly annualRate?: string;
  readonly installments: readonly InstallmentDue[];
  /** End of a restructuring's watch period (held at least at 关注 through it), or null. */
  readonly restructuredUntil?: string | null;
}

export interface LoanDelinquency {
  readonly dpd: number;
  readonly bucket: Bucket;
  readonly classFloor: FiveClass;
  readonly outstandingPrincipal: Fen;
  readonly overduePrincipal: Fen;
  readonly overdueInterest: Fen;
  /** The next scheduled due date on or after asOf; null once the last one has passed. */
  readonly nextDueDate: string | null;
}

export interface LoanDelinquencyWithPenalty extends LoanDelinquency {
  /** 罚息 and 复利 on the installments still open on asOf. */
  readonly penaltyInterest: Fen;
  readonly compoundInterest: Fen;
  /** What the borrower pays on asOf to be current: overdue principal + interest + open penalty and compound. */
  readonly totalToCure: Fen;
}

export function loanDelinquency(loan: DelinquencyLoan, payments: readonly Payment[], asOf: string): LoanDelinquency;
export function loanDelinquency(loan: DelinquencyLoan, payments: readonly Payment[], asOf: string, penalty: PenaltyPolicy): LoanDelinquencyWithPenalty;
export function loanDelinquency(
  loan: DelinquencyLoan,
  payments: readonly Payment[],
  asOf: string,
  penalty?: PenaltyPolicy,
): LoanDelinquency | LoanDelinquencyWithPenalty {
  const dpd = daysPastDue(loan.installments, payments, asOf);
  const amounts = overdueAmounts(loan.installments, payments, asOf);
  let nextDueDate: string | null = null;
  for (const inst of loan.installments) {
    if (inst.dueDate >= asOf && (nextDueDate === null || inst.dueDate < nextDueDate)) nextDueDate = inst.dueDate;
  }
  const restructured = loan.restructuredUntil != null && loan.restructuredUntil >= asOf;
  const base: LoanDelinquency = {
    dpd,
    bucket: bucketOf(dpd),
    classFloor: classificationFloor(dpd, { restructured }),
    outstandingPrincipal: amounts.outstandingPrincipal,
    overduePrincipal: amounts.overduePrincipal,
    overdueInterest: amounts.overdueInterest,
    nextDueDate,
  };
  if (!penalty) return base;
  if (loan.annualRate === undefined) throw new Error('loanDelinquency: the penalty needs the loan’s annualRate');
  const open = penaltyInterest({ annualRate: loan.annualRate, installments: loan.installments }, payments, asOf, penalty).installments.filter((i) => i.open);
  const penaltyOpen = open.reduce((sum, i) => sum + i.penalty, 0);
  const compoundOpen = open.reduce((sum, i) => sum + i.compound, 0);
  return {
    ...base,
    penaltyInterest: penaltyOpen,
    compoundInterest: compoundOpen,
    totalToCure: base.overduePrincipal + base.overdueInterest + penaltyOpen + compoundOpen,
  };
}
