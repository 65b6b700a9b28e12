// The collection_queue table: the per-loan summary the collections queue reads in one indexed query.
// Its rows are computed in main/services/collectionQueue.ts; this file only moves them.
import type { ReadHandle, WriteHandle } from '../store';
import { prepared } from '../prepared';

export interface CollectionQueueRow {
  loanId: string;
  branchId: string;
  asOf: string;
  loanNo: string;
  customerName: string;
  collectorId: string | null;
  dpd: number;
  bucket: string;
  overduePrincipal: number;
  overdueInterest: number;
  lastContactAt: string | null;
  lastOutcome: string | null;
  nextActionOn: string | null;
  phoneNumbers: number;
  invalidNumbers: number;
  brokenPromises: number;
  promiseStatus: string | null;
  promiseAmount: number | null;
  promiseOn: string | null;
  pendingPromiseDue: string | null;
}

const COLUMNS: readonly [keyof CollectionQueueRow, string][] = [
  ['loanId', 'loan_id'],
  ['branchId', 'branch_id'],
  ['asOf', 'as_of'],
  ['loanNo', 'loan_no'],
  ['customerName', 'customer_name'],
  ['collectorId', 'collector_id'],
  ['dpd', 'dpd'],
  ['bucket', 'bucket'],
  ['overduePrincipal', 'overdue_principal'],
  ['overdueInterest', 'overdue_interest'],
  ['lastContactAt', 'last_contact_at'],
  ['lastOutcome', 'last_outcome'],
  ['nextActionOn', 'next_action_on'],
  ['phoneNumbers', 'phone_numbers'],
  ['invalidNumbers', 'invalid_numbers'],
  ['brokenPromises', 'broken_promises'],
  ['promiseStatus', 'promise_status'],
  ['promiseAmount', 'promise_amount'],
  ['promiseOn', 'promise_on'],
  ['pendingPromiseDue', 'pending_promise_due'],
];
const INSERT = `INSERT OR REPLACE INTO collection_queue (${COLUMNS.map(([, c]) => c).join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;
const SELECT = COLUMNS.map(([k, c]) => `q.${c} AS ${k}`).join(', ');

/**
 * Replaces the rows of `loanIds` (every row when null) with `rows`: a loan that is no longer
 * delinquent, or no longer active, simply has no row afterwards.
 */
export function replaceQueueRows(w: WriteHandle, loanIds: readonly string[] | null, rows: readonly CollectionQueueRow[]): void {
  if (loanIds) prepared(w.sql, 'DELETE FROM collection_queue WHERE loan_id IN (SELECT value FROM json_each(?))').run(JSON.stringify(loanIds));
  else prepared(w.sql, 'DELETE FROM collection_queue').run();
  const insert = prepared(w.sql, INSERT);
  for (const row of rows) insert.run(...COLUMNS.map(([k]) => row[k]));
}

/** The branch's queue rows, for one collector or all, optionally matching a loan number or customer name. */
export function readQueueRows(r: ReadHandle, branchId: string, collectorId: string | null, q?: string): CollectionQueueRow[] {
  const params: unknown[] = [branchId];
  let filter = '';
  if (collectorId) {
    filter += ' AND q.collector_id = ?';
    params.push(collectorId);
  }
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filter += ` AND (q.loan_no LIKE ? ESCAPE '\\' OR q.customer_name LIKE ? ESCAPE '\\')`;
    params.push(like, like);
  }
  return prepared(
    r.sql,
    `SELECT ${SELECT} FROM collection_queue q WHERE q.branch_id = ?${filter}`,
  ).all(...params) as CollectionQueueRow[];
}

/** Delinquent loans with metrics but no queue row: a queue never built, or built by an older release. */
export function queueMissingRows(r: ReadHandle | WriteHandle): boolean {
  return (
    prepared(
      r.sql,
      `SELECT 1 FROM loan_metrics m JOIN loans l ON l.id = m.loan_id AND l.status = 'active' AND l.deleted_at IS NULL
        WHERE m.dpd > 0 AND NOT EXISTS (SELECT 1 FROM collection_queue q WHERE q.loan_id = m.loan_id) LIMIT 1`,
    ).get() !== undefined
  );
}

/** The loans of the given customers (a customer's contact points feed its loans' queue rows). */
export function loansOfCustomers(h: ReadHandle | WriteHandle, customerIds: readonly string[]): string[] {
  if (customerIds.length === 0) return [];
  return (
    prepared(h.sql, 'SELECT id FROM loans WHERE customer_id IN (SELECT value FROM json_each(?))').all(JSON.stringify(customerIds)) as { id: string }[]
  ).map((r) => r.id);
}
