// Read models of collections: the delinquent loans an agent works (with what the priority needs), a
// loan's contacts, promises and overrides, and the agent KPIs of a period — in SQL.
import type { ReadHandle, WriteHandle } from '../store';
import { prepared } from '../prepared';

type Handle = ReadHandle | WriteHandle;

/**
 * Impossible dates may already sit in a copy synced before they were refused at the door (2027-02-30,
 * a contact time that is not a time). Read models leave such records out of figures and ordering —
 * one bad row must never take down a screen — and name them through unreadableRecords instead.
 * SQLite's date() rolls an impossible day over (2027-02-30 -> 2027-03-02), so a real date is its own date().
 */
const realDate = (col: string) => `date(${col}) IS ${col}`;
const realInstant = (col: string) => `(julianday(${col}) IS NOT NULL AND date(substr(${col}, 1, 10)) = substr(${col}, 1, 10))`;

/** Outcomes that are not contact attempts: blocked tries and a supervisor clearing a hold. */
const NOT_ATTEMPTS = `('blocked', 'cleared_by_supervisor')`;

export interface QueueBaseRow {
  loanId: string;
  /** The date the loan's metrics are as of. */
  asOf: string;
  branchId: string;
  loanNo: string;
  customerName: string;
  dpd: number;
  bucket: string;
  overduePrincipal: number;
  overdueInterest: number;
  collectorId: string | null;
  lastContactAt: string | null;
  lastOutcome: string | null;
  nextActionOn: string | null;
  phoneNumbers: number;
  invalidNumbers: number;
}

/**
 * What the collections queue keeps of each delinquent loan (DPD > 0 on the metrics date) of every
 * branch, or of the given loans only (those no longer delinquent simply do not come back). The last
 * contact is found through the (loan_id, started_at) index, one seek per loan.
 */
export function queueFacts(h: Handle, loanIds: readonly string[] | null): QueueBaseRow[] {
  // For given loans, their primary keys lead (+dpd keeps the planner off the dpd index, a scan of the book).
  const where = loanIds ? 'loan_id IN (SELECT value FROM json_each(?)) AND +dpd > 0' : 'dpd > 0';
  return prepared(
    h.sql,
    `WITH d AS MATERIALIZED (
       SELECT loan_id, as_of, dpd, bucket, overdue_principal, overdue_interest FROM loan_metrics WHERE ${where} ORDER BY +loan_id)
     SELECT l.id AS loanId, d.as_of AS asOf, l.branch_id AS branchId, l.loan_no AS loanNo, k.name AS customerName, d.dpd, d.bucket,
            d.overdue_principal AS overduePrincipal, d.overdue_interest AS overdueInterest,
            COALESCE(a.collector_id, l.collector_id) AS collectorId,
            lc.started_at AS lastContactAt, lc.outcome AS lastOutcome,
            CASE WHEN ${realDate('lc.next_action_on')} THEN lc.next_action_on END AS nextActionOn,
            -- Every contact point is a number to call (mobiles and landlines alike); counting needs no JSON walk.
            json_array_length(k.contact_points) AS phoneNumbers,
            (SELECT COUNT(DISTINCT c.address_used) FROM contacts c INDEXED BY contacts_invalid_number_idx
              WHERE c.loan_id = l.id AND c.outcome IN ('number_invalid', 'wrong_number')) AS invalidNumbers
       FROM d
       CROSS JOIN loans l ON l.id = d.loan_id
       JOIN customers k ON k.id = l.customer_id
       LEFT JOIN collection_assignments a ON a.loan_id = l.id AND a.deleted_at IS NULL
       LEFT JOIN contacts lc ON lc.id = (
         SELECT c.id FROM contacts c WHERE c.loan_id = l.id AND c.outcome NOT IN ${NOT_ATTEMPTS} AND ${realInstant('c.started_at')}
          ORDER BY c.started_at DESC LIMIT 1)
      WHERE l.deleted_at IS NULL AND l.status = 'active'`,
  ).all(...(loanIds ? [JSON.stringify(loanIds)] : [])) as QueueBaseRow[];
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

/**
 * The contact that made a promise, as two LEFT JOINs giving `madeAt` and `collectorId` (MADE_AT, MADE_BY):
 * first through the small partial index of promise_to_pay contacts (the mutation writes every promise
 * with one), then, only for a promise whose contact is not such an entry, through the primary key.
 * A seek into contacts' primary key lands on a page of its own for nearly every promise; the partial
 * index holds only the promise entries, so the KPI month's ~6,000 promises read ~1,000 pages, not ~12,000.
 */
const PROMISE_CONTACT = `LEFT JOIN contacts c INDEXED BY contacts_promise_idx ON c.id = pr.contact_id AND c.outcome = 'promise_to_pay'
       LEFT JOIN contacts co ON c.id IS NULL AND co.id = pr.contact_id`;
const MADE_AT = 'COALESCE(c.started_at, co.started_at, pr.created_at)';
const MADE_BY = 'COALESCE(c.collector_id, co.collector_id)';

/**
 * Promises on the branch's loans (all, one loan's, or those promised in [promisedFrom, promisedTo]),
 * with the time and collector of the contact that made them.
 */
export function promisesFor(
  r: Handle,
  branchId: string,
  filter: { loanId?: string; loanIds?: readonly string[]; promisedFrom?: string; promisedTo?: string } = {},
): PromiseRow[] {
  // For given loans, the loan index leads (+branch_id keeps the planner off the branch's whole promise book).
  const branch = filter.loanId || filter.loanIds ? '+pr.branch_id = ?' : 'pr.branch_id = ?';
  const where = [branch, 'pr.deleted_at IS NULL', realDate('pr.promised_on'), realInstant(MADE_AT)];
  const params: unknown[] = [branchId];
  if (filter.loanId) {
    where.push('pr.loan_id = ?');
    params.push(filter.loanId);
  }
  if (filter.loanIds) {
    where.push('pr.loan_id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(filter.loanIds));
  }
  if (filter.promisedFrom && filter.promisedTo) {
    where.push('pr.promised_on BETWEEN ? AND ?');
    params.push(filter.promisedFrom, filter.promisedTo);
  }
  return prepared(
    r.sql,
    `SELECT pr.id, pr.loan_id AS loanId, pr.amount, pr.promised_on AS promisedOn, ${MADE_AT} AS madeAt,
            pr.contact_id AS contactId, ${MADE_BY} AS collectorId
       FROM promises_to_pay pr
       ${PROMISE_CONTACT}
      WHERE ${where.join(' AND ')}
      ORDER BY pr.promised_on, pr.id`,
  ).all(...params) as PromiseRow[];
}

/**
 * Payments on loans that carry promises (what promise evaluation needs), grouped by the caller.
 *
 * Only payments that can count for one of the loan's promises: a promise counts payments from the day
 * it was made (evaluatePromise: date >= madeOn, madeOn = the local day of madeAt — as promisesFor gives
 * it — or promisedOn if earlier), so payments before the loan's earliest such day are left out. The
 * bound is the date written in madeAt less one day, never later than madeAt's day in the branch's zone
 * whatever offset madeAt was written with; with no bound, all the loan's payments come back.
 * Measured with 51,500 promises on 20,800 loans with 4-year payment histories: 313k → 110k rows,
 * ~620 → ~450 ms; on the 20,000-loan queue: 78k → 5k rows, ~110 → ~45 ms.
 */
export function paymentsOfPromisedLoans(
  r: Handle,
  branchId: string,
  promised?: { from: string; to: string },
  loanIds?: readonly string[],
): { loanId: string; date: string; amount: number }[] {
  const window = (promised ? 'AND pr.promised_on BETWEEN ? AND ? ' : '') + (loanIds ? 'AND pr.loan_id IN (SELECT value FROM json_each(?))' : '');
  return prepared(
    r.sql,
    `SELECT p.loan_id AS loanId, p.paid_on AS date, p.amount
       FROM (SELECT pr.loan_id, MIN(MIN(pr.promised_on, substr(${MADE_AT}, 1, 10))) AS since
               FROM promises_to_pay pr
               ${PROMISE_CONTACT}
              WHERE ${loanIds ? '+pr.branch_id' : 'pr.branch_id'} = ? AND pr.deleted_at IS NULL ${window}
              GROUP BY pr.loan_id) f
      -- payments_loan_idx holds amount and deleted_at: the payments are read from the index alone.
      CROSS JOIN payments p INDEXED BY payments_loan_idx ON p.loan_id = f.loan_id AND p.paid_on >= COALESCE(date(f.since, '-1 day'), '')
      WHERE p.deleted_at IS NULL`,
  ).all(branchId, ...(promised ? [promised.from, promised.to] : []), ...(loanIds ? [JSON.stringify(loanIds)] : [])) as {
    loanId: string;
    date: string;
    amount: number;
  }[];
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
  return prepared(r.sql,
      `SELECT c.id, c.started_at AS startedAt, c.channel, c.party, c.party_relation AS partyRelation, c.address_used AS addressUsed,
              c.outcome, c.duration_seconds AS durationSeconds, c.note,
              CASE WHEN ${realDate('c.next_action_on')} THEN c.next_action_on END AS nextActionOn,
              u.display_name AS collectorName, c.corrects_id AS correctsId,
              (SELECT x.id FROM contacts x WHERE x.corrects_id = c.id AND x.deleted_at IS NULL ORDER BY x.started_at DESC LIMIT 1) AS correctedById,
              c.complaint, c.override_ids AS overrideIds
         FROM contacts c LEFT JOIN users u ON u.id = c.collector_id
        WHERE c.loan_id = ? AND c.deleted_at IS NULL AND ${realInstant('c.started_at')}
        ORDER BY c.started_at DESC, c.id DESC`,
    )
    .all(loanId) as ContactRow[];
}

/** A record a screen leaves out because one of its dates is impossible. */
export interface UnreadableRecord {
  loanId: string;
  table: 'contacts' | 'promises_to_pay';
  id: string;
  field: string;
}

/** The loans' contacts and promises with an impossible date, through the loan_id indexes. */
export function unreadableRecords(r: Handle, loanIds: readonly string[]): UnreadableRecord[] {
  if (loanIds.length === 0) return [];
  return prepared(r.sql,
      `WITH l(id) AS (SELECT value FROM json_each(?))
       SELECT c.loan_id AS loanId, 'contacts' AS "table", c.id,
              CASE WHEN NOT ${realInstant('c.started_at')} THEN 'started_at' ELSE 'next_action_on' END AS field
         FROM l JOIN contacts c ON c.loan_id = l.id
        WHERE c.deleted_at IS NULL AND (NOT ${realInstant('c.started_at')} OR NOT ${realDate('c.next_action_on')})
       UNION ALL
       SELECT p.loan_id, 'promises_to_pay', p.id, 'promised_on'
         FROM l JOIN promises_to_pay p ON p.loan_id = l.id
        WHERE p.deleted_at IS NULL AND NOT ${realDate('p.promised_on')}
       ORDER BY 1, 2, 3`,
    )
    .all(JSON.stringify(loanIds)) as UnreadableRecord[];
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
  return prepared(r.sql,
      `SELECT o.id, o.rule_code AS ruleCode, o.reason, u.display_name AS approvedByName, o.valid_until AS validUntil, o.created_at AS createdAt
         FROM policy_overrides o LEFT JOIN users u ON u.id = o.approved_by
        WHERE o.loan_id = ? AND o.deleted_at IS NULL ORDER BY o.created_at DESC, o.id DESC`,
    )
    .all(loanId) as OverrideRow[];
}

export interface ConsentRow {
  id: string;
  givenVia: string;
  givenOn: string;
  validUntil: string | null;
  note: string;
  withdrawsId: string | null;
  recordedByName: string | null;
  createdAt: string;
}

/** A customer's recorded consents to late contact and their withdrawals, newest first. */
export function customerConsents(r: Handle, customerId: string): ConsentRow[] {
  return prepared(r.sql,
      `SELECT c.id, c.given_via AS givenVia, c.given_on AS givenOn, c.valid_until AS validUntil, c.note, c.withdraws_id AS withdrawsId,
              u.display_name AS recordedByName, c.created_at AS createdAt
         FROM contact_consents c LEFT JOIN users u ON u.id = c.updated_by
        WHERE c.customer_id = ? AND c.deleted_at IS NULL ORDER BY c.given_on DESC, c.created_at DESC, c.id DESC`,
    )
    .all(customerId) as ConsentRow[];
}

export function branchCollectors(r: Handle, branchId: string): { id: string; name: string; username: string }[] {
  return prepared(r.sql,
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
 *
 * contacts_kpi_idx holds every column read here, keyed by branch, agent and start time: the branch's
 * agents are listed by skipping through it (one seek each), then each agent's period is one range read
 * in agent order, so neither a table row nor a sort for the GROUP BY is needed. A month of 1,000,000
 * contacts: ~90 ms, where contacts_started_idx and the table rows took ~300 ms.
 */
export function kpiCounts(r: Handle, branchId: string, fromIso: string, toIso: string, rightPartyOutcomes: readonly string[], nonAttempts: readonly string[]): KpiCounts[] {
  const rp = rightPartyOutcomes.map(() => '?').join(', ') || `''`;
  const na = nonAttempts.map(() => '?').join(', ') || `''`;
  return prepared(
    r.sql,
    `WITH RECURSIVE agent(id) AS (
       SELECT (SELECT MIN(collector_id) FROM contacts INDEXED BY contacts_kpi_idx WHERE branch_id = :branch)
       UNION ALL
       SELECT (SELECT MIN(k.collector_id) FROM contacts k INDEXED BY contacts_kpi_idx WHERE k.branch_id = :branch AND k.collector_id > agent.id)
         FROM agent WHERE agent.id IS NOT NULL)
     SELECT c.collector_id AS collectorId,
            SUM(CASE WHEN c.outcome NOT IN (${na}) THEN 1 ELSE 0 END) AS attempts,
            SUM(CASE WHEN c.outcome IN (${rp}) THEN 1 ELSE 0 END) AS rightPartyContacts,
            SUM(CASE WHEN c.outcome = 'promise_to_pay' THEN 1 ELSE 0 END) AS promises,
            SUM(CASE WHEN c.outcome = 'blocked' THEN 1 ELSE 0 END) AS blocks,
            SUM(CASE WHEN c.override_ids IS NOT NULL AND c.override_ids <> '[]' THEN 1 ELSE 0 END) AS overrides,
            SUM(c.complaint) AS complaints
       FROM contacts c INDEXED BY contacts_kpi_idx
      WHERE c.branch_id = :branch AND c.collector_id IN (SELECT id FROM agent WHERE id IS NOT NULL)
        AND c.started_at >= :from AND c.started_at < :to AND c.deleted_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM contacts x WHERE x.corrects_id = c.id)
      GROUP BY c.collector_id`,
  )
    .all(...nonAttempts, ...rightPartyOutcomes, { branch: branchId, from: fromIso, to: toIso }) as KpiCounts[];
}

/**
 * Money paid in [from, to] on the loans each agent works (recovery), by agent.
 *
 * "Works" = the loan has a contact (any, of any time): contact_loans, the set of loan ids in contacts
 * that triggers keep (local migration 0011). The period's payments are one range of payments_paid_idx
 * (covering), each checked against that set; the worked loans' payments are summed per loan, so their
 * loans are then looked up in loan order (covering loans_collector_of_idx). Listing the worked loans from
 * contacts_loan_idx instead reads a page per loan (~21,000 pages for 1,000,000 contacts, ~250 ms) before
 * any payment is read. 175,000 loans, a month: ~700 -> ~115 ms.
 */
export function recoveredByCollector(r: Handle, branchId: string, from: string, to: string): { collectorId: string; recovered: number }[] {
  return prepared(
    r.sql,
    `WITH paid AS MATERIALIZED (
       SELECT p.loan_id, SUM(p.amount) AS amount FROM payments p INDEXED BY payments_paid_idx
        WHERE p.paid_on BETWEEN ? AND ? AND p.deleted_at IS NULL AND p.loan_id IN (SELECT loan_id FROM contact_loans)
        GROUP BY p.loan_id)
     SELECT COALESCE(a.collector_id, l.collector_id) AS collectorId, SUM(paid.amount) AS recovered
       FROM paid
      CROSS JOIN loans l INDEXED BY loans_collector_of_idx ON l.id = paid.loan_id
       LEFT JOIN collection_assignments a ON a.loan_id = l.id AND a.deleted_at IS NULL
      WHERE l.branch_id = ?
      GROUP BY 1`,
  ).all(from, to, branchId) as { collectorId: string; recovered: number }[];
}

/** Who works a loan's collection: its assignment's collector, else the loan's own. */
export function loanCollectorId(r: Handle, loanId: string): string | null {
  const row = prepared(
    r.sql,
    `SELECT COALESCE(a.collector_id, l.collector_id) AS collectorId FROM loans l
       LEFT JOIN collection_assignments a ON a.loan_id = l.id AND a.deleted_at IS NULL WHERE l.id = ?`,
  ).get(loanId) as { collectorId: string | null } | undefined;
  return row?.collectorId ?? null;
}
