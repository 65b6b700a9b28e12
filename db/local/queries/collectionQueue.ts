// The collection_queue table: the per-loan summary the collections queue reads in one indexed query.
// Its rows are computed in main/services/collections/queueSummary.ts; this file only moves them.
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
  priorityScore: number;
  bucketRank: number;
  overdueAmount: number;
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
  ['priorityScore', 'priority_score'],
  ['bucketRank', 'bucket_rank'],
  ['overdueAmount', 'overdue_amount'],
];
const INSERT = `INSERT OR REPLACE INTO collection_queue (${COLUMNS.map(([, c]) => c).join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;
const SELECT = COLUMNS.map(([k, c]) => `q.${c} AS ${k}`).join(', ');

/**
 * Replaces the rows of `loanIds` (every row when null) with `rows`: a loan that is no longer
 * delinquent, or no longer active, simply has no row afterwards. For named loans (a write's few), a
 * kept row is updated in the columns that changed only: SQLite rewrites every index whose columns an
 * UPDATE sets, equal or not, and each page it touches is written, encrypted, at commit.
 */
export function replaceQueueRows(w: WriteHandle, loanIds: readonly string[] | null, rows: readonly CollectionQueueRow[]): void {
  const insert = prepared(w.sql, INSERT);
  if (!loanIds) {
    prepared(w.sql, 'DELETE FROM collection_queue').run();
    for (const row of rows) insert.run(...COLUMNS.map(([k]) => row[k]));
    return;
  }
  const stored = new Map(
    (prepared(w.sql, `SELECT ${SELECT} FROM collection_queue q WHERE q.loan_id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(loanIds)) as CollectionQueueRow[]).map(
      (r) => [r.loanId, r],
    ),
  );
  for (const row of rows) {
    const before = stored.get(row.loanId);
    stored.delete(row.loanId);
    if (!before) {
      insert.run(...COLUMNS.map(([k]) => row[k]));
      continue;
    }
    updateQueueRow(w, before, row);
  }
  for (const gone of stored.keys()) prepared(w.sql, 'DELETE FROM collection_queue WHERE loan_id = ?').run(gone);
}

/** A loan's stored queue row, if it has one. */
export function readQueueRow(h: ReadHandle | WriteHandle, loanId: string): CollectionQueueRow | undefined {
  return prepared(h.sql, `SELECT ${SELECT} FROM collection_queue q WHERE q.loan_id = ?`).get(loanId) as CollectionQueueRow | undefined;
}

/** Writes the columns of `row` that differ from `before` (the same loan's stored row), and only those. */
export function updateQueueRow(w: WriteHandle, before: CollectionQueueRow, row: CollectionQueueRow): void {
  const changed = COLUMNS.filter(([k]) => (row[k] ?? null) !== before[k]);
  if (changed.length === 0) return;
  prepared(w.sql, `UPDATE collection_queue SET ${changed.map(([, c]) => `${c} = ?`).join(', ')} WHERE loan_id = ?`).run(...changed.map(([k]) => row[k] ?? null), row.loanId);
}

export interface QueueFilter {
  collectorId: string | null;
  q?: string;
  buckets?: readonly string[];
  /** Promise states, 'none' for loans without a promise. */
  promiseStatuses?: readonly string[];
  /** Last attempt outcomes, 'none' for loans never tried. */
  lastOutcomes?: readonly string[];
  offset: number;
  limit: number;
}

/** Values in a list, with 'none' standing for NULL: a WHERE fragment and its parameters. */
function inList(column: string, values: readonly string[] | undefined): { sql: string; params: unknown[] } | null {
  if (!values?.length) return null;
  const real = values.filter((v) => v !== 'none');
  const parts = [...(real.length ? [`${column} IN (SELECT value FROM json_each(?))`] : []), ...(values.includes('none') ? [`${column} IS NULL`] : [])];
  return { sql: `(${parts.join(' OR ')})`, params: real.length ? [JSON.stringify(real)] : [] };
}

/**
 * One page of the branch's queue (for one collector or all) in priority order, and how many rows match:
 * the order is stored with each row, so a collector's page is a walk down collection_queue_order_idx.
 */
export function readQueuePage(r: ReadHandle, branchId: string, f: QueueFilter): { rows: CollectionQueueRow[]; total: number } {
  const where = ['q.branch_id = ?'];
  const params: unknown[] = [branchId];
  if (f.collectorId) {
    where.push('q.collector_id = ?');
    params.push(f.collectorId);
  }
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(`(q.loan_no LIKE ? ESCAPE '\\' OR q.customer_name LIKE ? ESCAPE '\\')`);
    params.push(like, like);
  }
  for (const clause of [inList('q.bucket', f.buckets), inList('q.promise_status', f.promiseStatuses), inList('q.last_outcome', f.lastOutcomes)]) {
    if (!clause) continue;
    where.push(clause.sql);
    params.push(...clause.params);
  }
  const filter = where.join(' AND ');
  const total = (prepared(r.sql, `SELECT COUNT(*) AS n FROM collection_queue q WHERE ${filter}`).get(...params) as { n: number }).n;
  const rows = prepared(
    r.sql,
    `SELECT ${SELECT} FROM collection_queue q WHERE ${filter}
      ORDER BY q.priority_score DESC, q.bucket_rank DESC, q.overdue_amount DESC, q.loan_id LIMIT ? OFFSET ?`,
  ).all(...params, f.limit, f.offset) as CollectionQueueRow[];
  return { rows, total };
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
