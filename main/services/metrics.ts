// Per-loan derived figures (loan_metrics): DPD, bucket, class floor and the overdue/outstanding
// amounts as of a business date, recomputed from the schedule and payments with the shared
// delinquency rules so lists and dashboards can filter and sort in SQL without replaying payments.
import type { InstallmentDue, Payment } from '../../shared/domain/delinquency';
import { loanDelinquency } from '../../shared/domain/loanDelinquency';
import { assertBusinessDate } from '../../shared/domain/dates';
import { deleteStaleMetrics, metricsWriter, readLoanFacts, type LoanMetricsRow } from '../../db/local/metrics';
import type { LocalStore } from '../../db/local/store';
import { refreshCollectionQueue } from './collections/queueSummary';

export type LoanMetricsValues = Omit<LoanMetricsRow, 'loanId' | 'asOf'>;

/**
 * The metrics of one loan on `asOf`. A loan whose restructuring watch period runs through asOf
 * (restructured_until >= asOf) is held at least at special mention (DOMAIN.md; policy).
 * nextDueDate is the next scheduled due date on or after asOf, null once the last one has passed.
 */
export function computeLoanMetrics(
  installments: readonly InstallmentDue[],
  payments: readonly Payment[],
  asOf: string,
  restructuredUntil: string | null,
): LoanMetricsValues {
  // No penalty here: the stored figures are what lists sort and filter by.
  const d = loanDelinquency({ installments, restructuredUntil }, payments, asOf);
  return {
    dpd: d.dpd,
    bucket: d.bucket,
    classFloor: d.classFloor,
    outstandingPrincipal: d.outstandingPrincipal,
    overduePrincipal: d.overduePrincipal,
    overdueInterest: d.overdueInterest,
    nextDueDate: d.nextDueDate,
  };
}

/**
 * Recomputes loan_metrics for every live loan (and drops rows of loans that are gone), or only for
 * `loanIds`, in one transaction. Must not be called inside another store transaction's callback
 * (it opens its own).
 */
export function refreshLoanMetrics(store: LocalStore, asOf: string, loanIds?: readonly string[], now = new Date()): { loans: number } {
  assertBusinessDate(asOf, 'asOf');
  return store.transaction((w) => {
    const write = metricsWriter(w);
    let loans = 0;
    for (const f of readLoanFacts(w, loanIds)) {
      write({ loanId: f.loanId, asOf, ...computeLoanMetrics(f.installments, f.payments, asOf, f.restructuredUntil) });
      loans++;
    }
    if (loanIds === undefined) deleteStaleMetrics(w);
    // The collections queue summarises these figures: rebuilt with them, in the same transaction.
    refreshCollectionQueue(w, loanIds ?? null, now);
    return { loans };
  });
}
