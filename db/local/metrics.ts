// SQL behind loan_metrics: reading each loan's schedule and payments in bulk, and writing the
// derived row. The figures themselves are computed in main/services/metrics.ts with the shared
// delinquency functions; this file only moves rows.
import type Database from 'better-sqlite3';
import type { ReadHandle, WriteHandle } from './store';
import type { Bucket, FiveClass } from '../../shared/domain/vocabulary';

export interface LoanMetricsRow {
  readonly loanId: string;
  readonly asOf: string;
  readonly dpd: number;
  readonly bucket: Bucket;
  readonly classFloor: FiveClass;
  readonly outstandingPrincipal: number;
  readonly overduePrincipal: number;
  readonly overdueInterest: number;
  readonly nextDueDate: string | null;
}

export interface LoanFacts {
  readonly loanId: string;
  readonly restructuredUntil: string | null;
  /** Field names match the domain InstallmentDue shape; not necessarily in seq order. */
  readonly installments: { seq: number; dueDate: string; principal: number; interest: number }[];
  /** Field names match the domain Payment shape; not necessarily in date order. */
  readonly payments: { date: string; amount: number }[];
}

/** A reusable upsert for loan_metrics (one prepared statement, bound per row). */
export function metricsWriter(w: WriteHandle): (row: LoanMetricsRow) => void {
  const stmt = w.sql.prepare(
    `INSERT OR REPLACE INTO loan_metrics (loan_id, as_of, dpd, bucket, class_floor, outstanding_principal,
       overdue_principal, overdue_interest, next_due_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (r) => {
    stmt.run(
      r.loanId,
      r.asOf,
      r.dpd,
      r.bucket,
      r.classFloor,
      r.outstandingPrincipal,
      r.overduePrincipal,
      r.overdueInterest,
      r.nextDueDate,
    );
  };
}

/** Drops metrics of loans that no longer exist or were tombstoned (after a full refresh). */
export function deleteStaleMetrics(w: WriteHandle): number {
  return w.sql
    .prepare('DELETE FROM loan_metrics WHERE loan_id NOT IN (SELECT id FROM loans WHERE deleted_at IS NULL)')
    .run().changes;
}

type HeadRow = [id: string, restructuredUntil: string | null];
/** [index of the loan in the chunk, seq, due_date, principal_due, interest_due] */
type InstallmentRow = [k: number, seq: number, dueDate: string, principal: number, interest: number];
/** [index of the loan in the chunk, paid_on, amount] */
type PaymentRow = [k: number, date: string, amount: number];

/**
 * Every live loan (or the live ones among `loanIds`) with its live installments and payments, in
 * loan-id order, a chunk of loans at a time.
 *
 * Why chunks of `.all()` rather than one long `.iterate()`: better-sqlite3 refuses any write on a
 * connection while one of its iterators is open, and the caller writes loan_metrics between chunks
 * on this same connection (a second connection would not see the caller's uncommitted rows). Each
 * chunk is three statements, never a query per loan: the chunk's ids go in as one JSON array and
 * child rows come back tagged with the id's position in it (an integer, cheaper than returning a
 * 36-character loan id on each of millions of rows), in raw array mode (no per-row object).
 * Child rows are not sorted: the delinquency functions order installments and payments by date.
 */
export function* readLoanFacts(
  h: ReadHandle | WriteHandle,
  loanIds?: readonly string[],
  chunkSize = 1000,
): Generator<LoanFacts, void, undefined> {
  const db: Database.Database = h.sql;
  const headsAfter = db
    .prepare(
      `SELECT id, restructured_until FROM loans WHERE deleted_at IS NULL AND id > ? ORDER BY id LIMIT ?`,
    )
    .raw(true);
  const headsIn = db
    .prepare(
      `SELECT id, restructured_until FROM loans
        WHERE deleted_at IS NULL AND id IN (SELECT value FROM json_each(?)) ORDER BY id`,
    )
    .raw(true);
  const inst = db
    .prepare(
      `SELECT c.key, i.seq, i.due_date, i.principal_due, i.interest_due
         FROM json_each(?) c JOIN installments i ON i.loan_id = c.value WHERE i.deleted_at IS NULL`,
    )
    .raw(true);
  const pays = db
    .prepare(
      `SELECT c.key, p.paid_on, p.amount
         FROM json_each(?) c JOIN payments p ON p.loan_id = c.value WHERE p.deleted_at IS NULL`,
    )
    .raw(true);

  const load = (heads: HeadRow[]): LoanFacts[] => {
    const facts = heads.map(([loanId, restructuredUntil]): LoanFacts => ({
      loanId,
      restructuredUntil,
      installments: [],
      payments: [],
    }));
    const ids = JSON.stringify(heads.map((r) => r[0]));
    for (const [k, seq, dueDate, principal, interest] of inst.all(ids) as InstallmentRow[]) {
      facts[k]?.installments.push({ seq, dueDate, principal, interest });
    }
    for (const [k, date, amount] of pays.all(ids) as PaymentRow[]) facts[k]?.payments.push({ date, amount });
    return facts;
  };

  if (loanIds === undefined) {
    let after = '';
    for (;;) {
      const heads = headsAfter.all(after, chunkSize) as HeadRow[];
      const last = heads[heads.length - 1];
      if (!last) return;
      after = last[0];
      yield* load(heads);
      if (heads.length < chunkSize) return;
    }
  }
  const unique = [...new Set(loanIds)].sort();
  for (let i = 0; i < unique.length; i += chunkSize) {
    yield* load(headsIn.all(JSON.stringify(unique.slice(i, i + chunkSize))) as HeadRow[]);
  }
}

/** Whether some loan has no metrics yet (arrived before the figures were computed). */
export function loansWithoutMetrics(r: ReadHandle | WriteHandle): boolean {
  return r.sql.prepare('SELECT 1 FROM loans l WHERE NOT EXISTS (SELECT 1 FROM loan_metrics m WHERE m.loan_id = l.id) LIMIT 1').get() !== undefined;
}
