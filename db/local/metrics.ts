// SQL behind loan_metrics: reading each loan's schedule and payments in bulk, and writing the
// derived row. The figures themselves are computed in main/services/metrics.ts with the shared
// delinquency functions; this file only moves rows.
import type Database from 'better-sqlite3';
import type { ReadHandle, WriteHandle } from './store';

export interface LoanMetricsRow {
  readonly loanId: string;
  readonly asOf: string;
  readonly dpd: number;
  readonly bucket: string;
  readonly classFloor: string;
  readonly outstandingPrincipal: number;
  readonly overduePrincipal: number;
  readonly overdueInterest: number;
  readonly nextDueDate: string | null;
}

export interface LoanFacts {
  readonly loanId: string;
  readonly restructuredUntil: string | null;
  /** In seq order; field names match the domain InstallmentDue shape. */
  readonly installments: { seq: number; dueDate: string; principal: number; interest: number }[];
  /** In value-date order; field names match the domain Payment shape. */
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

interface LoanHead {
  id: string;
  restructuredUntil: string | null;
}
interface InstallmentRow {
  loanId: string;
  seq: number;
  dueDate: string;
  principal: number;
  interest: number;
}
interface PaymentRow {
  loanId: string;
  date: string;
  amount: number;
}

const INST_COLS = `loan_id AS loanId, seq, due_date AS dueDate, principal_due AS principal, interest_due AS interest`;
const PAY_COLS = `loan_id AS loanId, paid_on AS date, amount`;

/** Joins a chunk's child rows (ordered by loan_id) onto its loans. */
function assemble(heads: readonly LoanHead[], inst: readonly InstallmentRow[], pays: readonly PaymentRow[]): LoanFacts[] {
  const byId = new Map<string, LoanFacts>();
  const out = heads.map((h) => {
    const f: LoanFacts = { loanId: h.id, restructuredUntil: h.restructuredUntil, installments: [], payments: [] };
    byId.set(h.id, f);
    return f;
  });
  // Range queries may return rows of tombstoned loans inside the range; the map lookup skips them.
  for (const r of inst) byId.get(r.loanId)?.installments.push({ seq: r.seq, dueDate: r.dueDate, principal: r.principal, interest: r.interest });
  for (const r of pays) byId.get(r.loanId)?.payments.push({ date: r.date, amount: r.amount });
  return out;
}

/**
 * Every live loan with its live installments and payments, in loan-id order, a chunk at a time.
 *
 * Why chunks of `.all()` rather than one long `.iterate()`: better-sqlite3 refuses any write on a
 * connection while one of its iterators is open, and the caller writes loan_metrics between chunks
 * on this same connection (a second connection would not see the caller's uncommitted rows). Each
 * chunk is three indexed range reads (loans by id, installments by (loan_id, seq), payments by
 * (loan_id, paid_on)), never a query per loan.
 */
export function* readLoanFacts(
  h: ReadHandle | WriteHandle,
  loanIds?: readonly string[],
  chunkSize = 1000,
): Generator<LoanFacts, void, undefined> {
  const db: Database.Database = h.sql;
  if (loanIds === undefined) {
    const heads = db.prepare(
      `SELECT id, restructured_until AS restructuredUntil FROM loans
        WHERE deleted_at IS NULL AND id > ? ORDER BY id LIMIT ?`,
    );
    const inst = db.prepare(
      `SELECT ${INST_COLS} FROM installments
        WHERE loan_id BETWEEN ? AND ? AND deleted_at IS NULL ORDER BY loan_id, seq`,
    );
    const pays = db.prepare(
      `SELECT ${PAY_COLS} FROM payments
        WHERE loan_id BETWEEN ? AND ? AND deleted_at IS NULL ORDER BY loan_id, paid_on`,
    );
    let after = '';
    for (;;) {
      const chunk = heads.all(after, chunkSize) as LoanHead[];
      const first = chunk[0];
      const last = chunk[chunk.length - 1];
      if (!first || !last) return;
      after = last.id;
      yield* assemble(
        chunk,
        inst.all(first.id, last.id) as InstallmentRow[],
        pays.all(first.id, last.id) as PaymentRow[],
      );
      if (chunk.length < chunkSize) return;
    }
  }
  const heads = db.prepare(
    `SELECT id, restructured_until AS restructuredUntil FROM loans
      WHERE deleted_at IS NULL AND id IN (SELECT value FROM json_each(?)) ORDER BY id`,
  );
  const inst = db.prepare(
    `SELECT ${INST_COLS} FROM installments
      WHERE loan_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL ORDER BY loan_id, seq`,
  );
  const pays = db.prepare(
    `SELECT ${PAY_COLS} FROM payments
      WHERE loan_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL ORDER BY loan_id, paid_on`,
  );
  const unique = [...new Set(loanIds)].sort();
  for (let i = 0; i < unique.length; i += chunkSize) {
    const ids = JSON.stringify(unique.slice(i, i + chunkSize));
    yield* assemble(heads.all(ids) as LoanHead[], inst.all(ids) as InstallmentRow[], pays.all(ids) as PaymentRow[]);
  }
}
