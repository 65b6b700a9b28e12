// Read models of the workbench: counts of what waits for a user, per role (the menu badges; one
// aggregate query each), and the loans a collections hold stops until a supervisor clears it.
import { prepared } from '../prepared';
import type { ReadHandle, WriteHandle } from '../store';

type Handle = ReadHandle | WriteHandle;

/** The officer's own draft and returned cases (the same rows dd.list gives them with those statuses). */
export function officerCaseCounts(r: Handle, branchId: string, officerId: string): { drafts: number; returned: number } {
  return prepared(
    r.sql,
    `SELECT COALESCE(SUM(c.status = 'draft'), 0) AS drafts, COALESCE(SUM(c.status = 'returned'), 0) AS returned
       FROM dd_cases c JOIN customers k ON k.id = c.customer_id
      WHERE c.branch_id = ? AND c.officer_id = ? AND c.deleted_at IS NULL AND c.status IN ('draft', 'returned')`,
  ).get(branchId, officerId) as { drafts: number; returned: number };
}

/**
 * The branch's submitted cases, and those of them submitted before `overdueBefore` (the decision
 * deadline passed): the bounds dd.list's SLA filter uses, so the badge and the list agree.
 */
export function reviewCounts(r: Handle, branchId: string, overdueBefore: string): { pending: number; overdue: number } {
  return prepared(
    r.sql,
    `SELECT COUNT(*) AS pending, COALESCE(SUM(c.submitted_at < ?), 0) AS overdue
       FROM dd_cases c JOIN customers k ON k.id = c.customer_id
      WHERE c.branch_id = ? AND c.deleted_at IS NULL AND c.status = 'submitted'`,
  ).get(overdueBefore, branchId) as { pending: number; overdue: number };
}

/** Loans in the collector's own queue (collections.queue's total for them without filters). */
export function collectorQueueCount(r: Handle, branchId: string, collectorId: string): number {
  return (
    prepared(r.sql, 'SELECT COUNT(*) AS n FROM collection_queue WHERE branch_id = ? AND collector_id = ?').get(branchId, collectorId) as {
      n: number;
    }
  ).n;
}

/** A contact time that is a real instant (rows synced before the door refused impossible ones are left out). */
const realInstant = (col: string) => `(julianday(${col}) IS NOT NULL AND date(substr(${col}, 1, 10)) = substr(${col}, 1, 10))`;

/**
 * Per loan of the branch, its newest hold entry not itself corrected: a dispute, the borrower's own stop
 * request, or a supervisor's clearing. The loan is held when that entry is not a clearing — the rule the
 * collection screen states (collections/loan.ts activeHold). The outcome list repeats contacts_hold_idx's
 * WHERE term for term so SQLite reads that partial index.
 */
const HELD = `
  WITH entries AS (
    SELECT c.loan_id AS loanId, c.outcome, c.started_at AS since,
           ROW_NUMBER() OVER (PARTITION BY c.loan_id ORDER BY c.started_at DESC, c.id DESC) AS newest
      FROM contacts c
     WHERE c.outcome IN ('dispute', 'asked_to_stop', 'cleared_by_supervisor')
       AND c.branch_id = ? AND c.deleted_at IS NULL AND ${realInstant('c.started_at')}
       AND (c.outcome <> 'asked_to_stop' OR c.party = 'borrower')
       AND NOT EXISTS (SELECT 1 FROM contacts x WHERE x.corrects_id = c.id AND x.deleted_at IS NULL)
  )
  SELECT e.loanId, l.loan_no AS loanNo, k.name AS customerName, e.outcome AS hold, e.since
    FROM entries e JOIN loans l ON l.id = e.loanId AND l.branch_id = ? AND l.deleted_at IS NULL
    JOIN customers k ON k.id = l.customer_id
   WHERE e.newest = 1 AND e.outcome <> 'cleared_by_supervisor'`;

export interface HeldLoanRow {
  loanId: string;
  loanNo: string;
  customerName: string;
  hold: string;
  since: string;
}

export function heldLoanCount(r: Handle, branchId: string): number {
  return (prepared(r.sql, `SELECT COUNT(*) AS n FROM (${HELD})`).get(branchId, branchId) as { n: number }).n;
}

/** The held loans, longest held first. */
export function heldLoans(r: Handle, branchId: string, limit: number): HeldLoanRow[] {
  return prepared(r.sql, `${HELD} ORDER BY e.since, e.loanId LIMIT ?`).all(branchId, branchId, limit) as HeldLoanRow[];
}
