// The audit log's reads: a branch's entries, newest first, filtered in SQL (actions, person, period),
// each with the mutation's own arguments and the before-image of the rows it wrote (the outbox entry
// of the same id), and the records the entries name (loans, customers, cases, people, templates).
import type { ReadHandle, WriteHandle } from '../store';
import { prepared } from '../prepared';

type Handle = ReadHandle | WriteHandle;

export interface AuditQuery {
  branchId: string;
  /** Only these actions; null for every action. */
  actions: readonly string[] | null;
  actorId: string | null;
  /** Entries at or after / before these instants (ISO); null for no bound. */
  since: string | null;
  until: string | null;
}

export interface AuditEntryRow {
  seq: number;
  at: string;
  actorId: string;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  /** The outbox entry's arguments and undo record (JSON text); null when the entry has none. */
  args: string | null;
  undo: string | null;
}

function whereOf(q: AuditQuery): { where: string; params: unknown[] } {
  const terms = ['a.branch_id = ?'];
  const params: unknown[] = [q.branchId];
  if (q.actions) {
    terms.push('a.action IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(q.actions));
  }
  if (q.actorId) {
    terms.push('a.actor_id = ?');
    params.push(q.actorId);
  }
  if (q.since) {
    terms.push('a.at >= ?');
    params.push(q.since);
  }
  if (q.until) {
    terms.push('a.at < ?');
    params.push(q.until);
  }
  return { where: terms.join(' AND '), params };
}

/** The entries matching `q`, newest first; `page` null for all of them (the export). */
export function listAuditEntries(r: Handle, q: AuditQuery, page: { offset: number; limit: number } | null): { entries: AuditEntryRow[]; total: number } {
  const { where, params } = whereOf(q);
  const limit = page ? 'LIMIT ? OFFSET ?' : '';
  const entries = r.sql
    .prepare(
      `SELECT a.seq, a.at, a.actor_id AS actorId, u.display_name AS actorName, a.action, a.entity_type AS entityType,
              a.entity_id AS entityId, o.args, o.undo
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id LEFT JOIN outbox o ON o.mutation_id = a.id
        WHERE ${where}
        ORDER BY a.seq DESC ${limit}`,
    )
    .all(...params, ...(page ? [page.limit, page.offset] : [])) as AuditEntryRow[];
  const total = page ? (r.sql.prepare(`SELECT COUNT(*) AS n FROM audit_log a WHERE ${where}`).get(...params) as { n: number }).n : entries.length;
  return { entries, total };
}

/** Everyone who has an entry in the branch's log, by name: the person filter's choices. */
export function auditActors(r: Handle, branchId: string): { id: string; name: string | null }[] {
  return prepared(
    r.sql,
    `SELECT x.actor_id AS id, u.display_name AS name
       FROM (SELECT DISTINCT actor_id FROM audit_log WHERE branch_id = ?) x LEFT JOIN users u ON u.id = x.actor_id
      ORDER BY u.display_name, x.actor_id`,
  ).all(branchId) as { id: string; name: string | null }[];
}

export interface AuditLoanRef {
  id: string;
  loanNo: string;
  customerId: string;
}
export interface AuditCaseRef {
  id: string;
  customerId: string;
  loanId: string | null;
  templateId: string;
  submissionNo: number;
}
export interface AuditContactRef {
  id: string;
  channel: string;
  party: string;
  startedAt: string;
  outcome: string;
  note: string | null;
}
export interface AuditCustomerRef {
  id: string;
  customerNo: string;
  name: string;
}

const inList = 'IN (SELECT value FROM json_each(?))';

/** The records a page of entries names, each read once. */
export function auditReferences(
  r: Handle,
  ids: { loans: Iterable<string>; cases: Iterable<string>; users: Iterable<string>; contacts: Iterable<string>; customers: Iterable<string> },
): {
  loans: Map<string, AuditLoanRef>;
  cases: Map<string, AuditCaseRef>;
  customers: Map<string, AuditCustomerRef>;
  users: Map<string, string>;
  contacts: Map<string, AuditContactRef>;
} {
  const loans = prepared(r.sql, `SELECT id, loan_no AS loanNo, customer_id AS customerId FROM loans WHERE id ${inList}`).all(
    JSON.stringify([...ids.loans]),
  ) as AuditLoanRef[];
  const cases = prepared(
    r.sql,
    `SELECT id, customer_id AS customerId, loan_id AS loanId, template_id AS templateId, submission_no AS submissionNo FROM dd_cases WHERE id ${inList}`,
  ).all(JSON.stringify([...ids.cases])) as AuditCaseRef[];
  const customerIds = new Set([...ids.customers, ...loans.map((l) => l.customerId), ...cases.map((c) => c.customerId)]);
  const customers = prepared(r.sql, `SELECT id, customer_no AS customerNo, name FROM customers WHERE id ${inList}`).all(
    JSON.stringify([...customerIds]),
  ) as AuditCustomerRef[];
  const users = prepared(r.sql, `SELECT id, display_name AS name FROM users WHERE id ${inList}`).all(JSON.stringify([...ids.users])) as {
    id: string;
    name: string;
  }[];
  const contacts = prepared(
    r.sql,
    `SELECT id, channel, party, started_at AS startedAt, outcome, note FROM contacts WHERE id ${inList}`,
  ).all(JSON.stringify([...ids.contacts])) as AuditContactRef[];
  return {
    contacts: new Map(contacts.map((c) => [c.id, c])),
    loans: new Map(loans.map((l) => [l.id, l])),
    cases: new Map(cases.map((c) => [c.id, c])),
    customers: new Map(customers.map((c) => [c.id, c])),
    users: new Map(users.map((u) => [u.id, u.name])),
  };
}
