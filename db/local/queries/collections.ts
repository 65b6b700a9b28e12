// Read models of collections: the delinquent loans an agent works (with what the priority needs), a
// loan's contacts, promises and overrides, and the agent KPIs of a period — in SQL.
import type { ReadHandle, WriteHandle } from '../store';

type Handle = ReadHandle | WriteHandle;

/** Outcomes that are not contact attempts: blocked tries and a supervisor clearing a hold. */
const NOT_ATTEMPTS = `('blocked', 'cleared_by_supervisor')`;

export interface QueueBaseRow {
  loanId: string;
  loanNo: string;
  customerName: string;
  dpd: number;
  bucket: string;
  overduePrincipal: number;
  overdueInterest: number;
  collectorId: string | null;
  collectorName: string | null;
  lastContactAt: string | null;
  lastOutcome: string | null;
  nextActionOn: string | null;
  phoneNumbers: number;
  invalidNumbers: number;
}

/**
 * Delinquent loans (DPD > 0 on the metrics date) of the branch, for one collector or all. The last
 * contact is found through the (loan_id, started_at) index, one seek per loan.
 */
export function delinquentLoans(r: Handle, branchId: string, collectorId: string | null, q?: string): QueueBaseRow[] {
  const params: unknown[] = [branchId];
  let filter = '';
  if (collectorId) {
    filter += ' AND COALESCE(a.collector_id, l.collector_id) = ?';
    params.push(collectorId);
  }
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filter += ` AND (l.loan_no LIKE ? ESCAPE '\\' OR k.name LIKE ? ESCAPE '\\')`;
    params.push(like, like);
  }
  return r.sql
    .prepare(
      `SELECT l.id AS loanId, l.loan_no AS loanNo, k.name AS customerName, m.dpd, m.bucket,
              m.overdue_principal AS overduePrincipal, m.overdue_interest AS overdueInterest,
              COALESCE(a.collector_id, l.collector_id) AS collectorId, u.display_name AS collectorName,
              lc.started_at AS lastContactAt, lc.outcome AS lastOutcome, lc.next_action_on AS nextActionOn,
              (SELECT COUNT(*) FROM json_each(k.contact_points) WHERE json_extract(value, '$.kind') = 'mobile') AS phoneNumbers,
              (SELECT COUNT(DISTINCT c.address_used) FROM contacts c
                WHERE c.loan_id = l.id AND c.outcome IN ('number_invalid', 'wrong_number')) AS invalidNumbers
         FROM loan_metrics m
         JOIN loans l ON l.id = m.loan_id
         JOIN customers k ON k.id = l.customer_id
         LEFT JOIN collection_assignments a ON a.loan_id = l.id AND a.deleted_at IS NULL
         LEFT JOIN users u ON u.id = COALESCE(a.collector_id, l.collector_id)
         LEFT JOIN contacts lc ON lc.id = (
           SELECT c.id FROM contacts c WHERE c.loan_id = l.id AND c.outcome NOT IN ${NOT_ATTEMPTS}
            ORDER BY c.started_at DESC LIMIT 1)
        WHERE m.dpd > 0 AND l.branch_id = ? AND l.deleted_at IS NULL AND l.status = 'active'${filter}`,
    )
    .all(...params) as QueueBaseRow[];
}

export interface PromiseRow {
  id: string;
  loanId: string;
  amount: number;
  promisedOn: string;
  madeAt: string;
  contactId: string | null;
  /** Who took the promise (the contact's collector). */
  collectorId: string | null;
}

/** Promises on the branch's loans (for one collector's loans, or all), with the time of the contact that made them. */
export function promisesFor(r: Handle, branchId: string, loanId?: string): PromiseRow[] {
  return r.sql
    .prepare(
      `SELECT p.id, p.loan_id AS loanId, p.amount, p.promised_on AS promisedOn, COALESCE(c.started_at, p.created_at) AS madeAt,
              p.contact_id AS contactId, c.collector_id AS collectorId
         FROM promises_to_pay p LEFT JOIN contacts c ON c.id = p.contact_id
        WHERE p.branch_id = ? AND p.deleted_at IS NULL ${loanId ? 'AND p.loan_id = ?' : ''}
        ORDER BY p.promised_on, p.id`,
    )
    .all(...(loanId ? [branchId, loanId] : [branchId])) as PromiseRow[];
}

/** Payments on loans that carry promises (what promise evaluation needs), grouped by the caller. */
export function paymentsOfPromisedLoans(r: Handle, branchId: string): { loanId: string; date: string; amount: number }[] {
  return r.sql
    .prepare(
      `SELECT p.loan_id AS loanId, p.paid_on AS date, p.amount FROM payments p
        WHERE p.deleted_at IS NULL AND p.loan_id IN (SELECT loan_id FROM promises_to_pay WHERE branch_id = ? AND deleted_at IS NULL)`,
    )
    .all(branchId) as { loanId: string; date: string; amount: number }[];
}

export interface ContactRow {
  id: string;
  startedAt: string;
  channel: string;
  party: string;
  partyRelation: string | null;
  addressUsed: string | null;
  outcome: string;
  durationSeconds: number | null;
  note: string | null;
  nextActionOn: string | null;
  collectorName: string | null;
  correctsId: string | null;
  correctedById: string | null;
  complaint: number;
  overrideIds: string | null;
}

export function loanContacts(r: Handle, loanId: string): ContactRow[] {
  return r.sql
    .prepare(
      `SELECT c.id, c.started_at AS startedAt, c.channel, c.party, c.party_relation AS partyRelation, c.address_used AS addressUsed,
              c.outcome, c.duration_seconds AS durationSeconds, c.note, c.next_action_on AS nextActionOn,
              u.display_name AS collectorName, c.corrects_id AS correctsId,
              (SELECT x.id FROM contacts x WHERE x.corrects_id = c.id AND x.deleted_at IS NULL ORDER BY x.started_at DESC LIMIT 1) AS correctedById,
              c.complaint, c.override_ids AS overrideIds
         FROM contacts c LEFT JOIN users u ON u.id = c.collector_id
        WHERE c.loan_id = ? AND c.deleted_at IS NULL
        ORDER BY c.started_at DESC, c.id DESC`,
    )
    .all(loanId) as ContactRow[];
}

export interface OverrideRow {
  id: string;
  ruleCode: string;
  reason: string;
  approvedByName: string | null;
  validUntil: string | null;
  createdAt: string;
}

export function loanOverrides(r: Handle, loanId: string): OverrideRow[] {
  return r.sql
    .prepare(
      `SELECT o.id, o.rule_code AS ruleCode, o.reason, u.display_name AS approvedByName, o.valid_until AS validUntil, o.created_at AS createdAt
         FROM policy_overrides o LEFT JOIN users u ON u.id = o.approved_by
        WHERE o.loan_id = ? AND o.deleted_at IS NULL ORDER BY o.created_at DESC, o.id DESC`,
    )
    .all(loanId) as OverrideRow[];
}

export function branchCollectors(r: Handle, branchId: string): { id: string; name: string; username: string }[] {
  return r.sql
    .prepare(
      `SELECT id, display_name AS name, username FROM users
        WHERE branch_id = ? AND active = 1 AND deleted_at IS NULL
          AND EXISTS (SELECT 1 FROM json_each(users.roles) WHERE value = 'collector')
        ORDER BY username`,
    )
    .all(branchId) as { id: string; name: string; username: string }[];
}

export interface KpiCounts {
  collectorId: string;
  attempts: number;
  rightPartyContacts: number;
  promises: number;
  blocks: number;
  overrides: number;
  complaints: number;
}

/**
 * Contact counts per agent for contacts started in [fromIso, toIso): attempts exclude blocked tries,
 * administrative entries and entries later corrected (their correction counts instead).
 */
export function kpiCounts(r: Handle, branchId: string, fromIso: string, toIso: string, rightPartyOutcomes: readonly string[], nonAttempts: readonly string[]): KpiCounts[] {
  const rp = rightPartyOutcomes.map(() => '?').join(', ') || `''`;
  const na = nonAttempts.map(() => '?').join(', ') || `''`;
  return r.sql
    .prepare(
      `SELECT c.collector_id AS collectorId,
              SUM(CASE WHEN c.outcome NOT IN (${na}) THEN 1 ELSE 0 END) AS attempts,
              SUM(CASE WHEN c.outcome IN (${rp}) THEN 1 ELSE 0 END) AS rightPartyContacts,
              SUM(CASE WHEN c.outcome = 'promise_to_pay' THEN 1 ELSE 0 END) AS promises,
              SUM(CASE WHEN c.outcome = 'blocked' THEN 1 ELSE 0 END) AS blocks,
              SUM(CASE WHEN c.override_ids IS NOT NULL AND c.override_ids <> '[]' THEN 1 ELSE 0 END) AS overrides,
              SUM(c.complaint) AS complaints
         FROM contacts c
        WHERE c.branch_id = ? AND c.started_at >= ? AND c.started_at < ? AND c.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM contacts x WHERE x.corrects_id = c.id)
        GROUP BY c.collector_id`,
    )
    .all(...nonAttempts, ...rightPartyOutcomes, branchId, fromIso, toIso) as KpiCounts[];
}

/** Money paid in [from, to] on the loans each agent works (recovery), by agent. */
export function recoveredByCollector(r: Handle, branchId: string, from: string, to: string): { collectorId: string; recovered: number }[] {
  return r.sql
    .prepare(
      `SELECT COALESCE(a.collector_id, l.collector_id) AS collectorId, SUM(p.amount) AS recovered
         FROM payments p JOIN loans l ON l.id = p.loan_id
         LEFT JOIN collection_assignments a ON a.loan_id = l.id AND a.deleted_at IS NULL
        WHERE l.branch_id = ? AND p.paid_on BETWEEN ? AND ? AND p.deleted_at IS NULL
          AND EXISTS (SELECT 1 FROM contacts c WHERE c.loan_id = l.id)
        GROUP BY 1`,
    )
    .all(branchId, from, to) as { collectorId: string; recovered: number }[];
}
