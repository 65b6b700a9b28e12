// From validated file rows to table rows: business keys become ids (the existing row's id when the
// key is already known, a name-based id otherwise), branch codes and usernames become ids, and a row
// naming a branch, user, customer or loan head office does not know is rejected with the reason.
// Lookups are one query per batch, never per row; they run inside the import's transaction, so a
// loan sees the customers imported from customers.csv a moment earlier.
import type { SyncedTable } from '../../shared/sync/tables';
import type { Queryable } from '../db';
import { importReason, type Reason } from './messages';
import type { CustomerRow, ImportFile, InstallmentRow, LoanRow, PaymentRow } from './schemas';
import { stableId } from './stableId';

export interface Parsed<T> {
  readonly line: number;
  readonly key: string;
  readonly data: T;
}
/** A row ready to write: `values` are the table's own columns (not id, branch_id or bookkeeping). */
export interface Resolved {
  readonly line: number;
  readonly key: string;
  readonly id: string;
  readonly branchId: string;
  readonly values: Record<string, unknown>;
}
export interface Rejection {
  readonly line: number;
  readonly key: string | null;
  readonly errors: readonly { readonly column: string | null; readonly reason: Reason }[];
}
interface Outcome {
  resolved: Resolved[];
  rejected: Rejection[];
}

interface User {
  id: string;
  branchId: string;
  roles: string[];
  active: boolean;
}

/** Branches and users: small tables, read once per import. */
export class Directory {
  private constructor(
    private readonly branchByCode: ReadonlyMap<string, string>,
    private readonly codeById: ReadonlyMap<string, string>,
    private readonly users: ReadonlyMap<string, User>,
  ) {}

  static async load(tx: Queryable): Promise<Directory> {
    const branches = await tx.query<{ id: string; code: string }>('SELECT id, code FROM branches WHERE deleted_at IS NULL');
    const users = await tx.query<{ id: string; username: string; branch_id: string; roles: unknown; active: boolean }>(
      'SELECT id, username, branch_id, roles, active FROM users WHERE deleted_at IS NULL',
    );
    return new Directory(
      new Map(branches.map((b) => [b.code, b.id])),
      new Map(branches.map((b) => [b.id, b.code])),
      new Map(users.map((u) => [u.username, { id: u.id, branchId: u.branch_id, roles: Array.isArray(u.roles) ? (u.roles as string[]) : [], active: u.active }])),
    );
  }

  branch(code: string): string | undefined {
    return this.branchByCode.get(code);
  }
  codeOf(branchId: string): string {
    return this.codeById.get(branchId) ?? branchId;
  }
  /** The user's id, or why this user cannot hold `role` on a loan of `branchId`. */
  staff(username: string, branchId: string, role: 'officer' | 'collector'): { id: string } | { reason: Reason } {
    const u = this.users.get(username);
    if (!u) return { reason: importReason('unknownUser', { username }) };
    if (!u.active) return { reason: importReason('userInactive', { username }) };
    if (u.branchId !== branchId) return { reason: importReason('userAtOtherBranch', { username, branch: this.codeOf(u.branchId) }) };
    if (!u.roles.includes(role)) return { reason: importReason('userLacksRole', { username, role }) };
    return { id: u.id };
  }
}

const json = (values: readonly unknown[]) => JSON.stringify(values);
// `= ANY(ARRAY(...))` rather than `IN (SELECT ...)`: the planner cannot size a set-returning function and
// may hash-join against a whole table; an array makes it an index scan per key.
const IN_KEYS = '= ANY(ARRAY(SELECT jsonb_array_elements_text($1::text::jsonb)))';

async function idsBy(tx: Queryable, table: 'customers' | 'loans', column: string, keys: readonly string[]) {
  const rows = await tx.query<{ id: string; k: string; branch_id: string }>(
    `SELECT id, ${column} AS k, branch_id FROM ${table} WHERE ${column} ${IN_KEYS}`,
    [json([...new Set(keys)])],
  );
  return new Map(rows.map((r) => [r.k, r]));
}

const unknownBranch = (code: string) => ({ column: 'branch_code', reason: importReason('unknownBranch', { code }) });
const unknownLoan = (loanNo: string) => ({ column: 'loan_no', reason: importReason('unknownLoan', { loanNo }) });

export async function resolveCustomers(tx: Queryable, dir: Directory, rows: readonly Parsed<CustomerRow>[]): Promise<Outcome> {
  const existing = await idsBy(tx, 'customers', 'customer_no', rows.map((r) => r.data.customer_no));
  const out: Outcome = { resolved: [], rejected: [] };
  for (const { line, key, data: d } of rows) {
    const branchId = dir.branch(d.branch_code);
    if (!branchId) {
      out.rejected.push({ line, key, errors: [unknownBranch(d.branch_code)] });
      continue;
    }
    const { branch_code: _code, ...values } = d;
    out.resolved.push({ line, key, branchId, id: existing.get(d.customer_no)?.id ?? stableId('customers', key), values });
  }
  return out;
}

export async function resolveLoans(tx: Queryable, dir: Directory, rows: readonly Parsed<LoanRow>[]): Promise<Outcome> {
  const customers = await idsBy(tx, 'customers', 'customer_no', rows.map((r) => r.data.customer_no));
  const existing = await idsBy(tx, 'loans', 'loan_no', rows.map((r) => r.data.loan_no));
  const out: Outcome = { resolved: [], rejected: [] };
  for (const { line, key, data: d } of rows) {
    const errors: { column: string; reason: Reason }[] = [];
    const branchId = dir.branch(d.branch_code);
    if (!branchId) errors.push(unknownBranch(d.branch_code));
    const customer = customers.get(d.customer_no);
    if (!customer) {
      errors.push({ column: 'customer_no', reason: importReason('unknownCustomer', { customerNo: d.customer_no }) });
    } else if (branchId && customer.branch_id !== branchId) {
      // Customers travel in their branch's scope: a loan whose customer is elsewhere would reach its
      // branch without the borrower.
      const reason = importReason('customerAtOtherBranch', { customerNo: d.customer_no, customerBranch: dir.codeOf(customer.branch_id), loanBranch: d.branch_code });
      errors.push({ column: 'customer_no', reason });
    }
    let officerId: string | null = null;
    let collectorId: string | null = null;
    if (branchId) {
      const officer = dir.staff(d.officer_username, branchId, 'officer');
      if ('reason' in officer) errors.push({ column: 'officer_username', reason: officer.reason });
      else officerId = officer.id;
      if (d.collector_username !== null) {
        const collector = dir.staff(d.collector_username, branchId, 'collector');
        if ('reason' in collector) errors.push({ column: 'collector_username', reason: collector.reason });
        else collectorId = collector.id;
      }
    }
    if (errors.length > 0 || !branchId || !customer) {
      out.rejected.push({ line, key, errors });
      continue;
    }
    out.resolved.push({
      line,
      key,
      branchId,
      id: existing.get(d.loan_no)?.id ?? stableId('loans', key),
      values: {
        loan_no: d.loan_no,
        customer_id: customer.id,
        product: d.product,
        purpose: d.purpose,
        principal: d.principal_fen,
        annual_rate: d.annual_rate,
        term_months: d.term_months,
        method: d.method,
        rounding: d.rounding,
        disbursed_on: d.disbursed_on,
        first_due_date: d.first_due_date,
        maturity_date: d.maturity_date,
        officer_id: officerId,
        collector_id: collectorId,
        risk_grade: d.risk_grade,
        five_class: d.five_class,
        restructured_until: d.restructured_until,
        status: d.status,
      },
    });
  }
  return out;
}

export async function resolveInstallments(tx: Queryable, rows: readonly Parsed<InstallmentRow>[]): Promise<Outcome> {
  const loans = await idsBy(tx, 'loans', 'loan_no', rows.map((r) => r.data.loan_no));
  // An installment keeps the id it already has, whoever wrote it (the demo seed, an earlier import).
  const wanted = rows.flatMap((r) => {
    const loan = loans.get(r.data.loan_no);
    return loan ? [{ loan_id: loan.id, seq: r.data.seq }] : [];
  });
  const known = await tx.query<{ id: string; loan_id: string; seq: number }>(
    `SELECT i.id, i.loan_id, i.seq FROM installments i
     JOIN jsonb_to_recordset($1::text::jsonb) AS k(loan_id text, seq int) ON i.loan_id = k.loan_id AND i.seq = k.seq`,
    [json(wanted)],
  );
  const existing = new Map(known.map((i) => [`${i.loan_id}#${i.seq}`, i.id]));
  const out: Outcome = { resolved: [], rejected: [] };
  for (const { line, key, data: d } of rows) {
    const loan = loans.get(d.loan_no);
    if (!loan) {
      out.rejected.push({ line, key, errors: [unknownLoan(d.loan_no)] });
      continue;
    }
    out.resolved.push({
      line,
      key,
      branchId: loan.branch_id, // a schedule travels with its loan
      id: existing.get(`${loan.id}#${d.seq}`) ?? stableId('installments', key),
      values: { loan_id: loan.id, seq: d.seq, due_date: d.due_date, principal_due: d.principal_due_fen, interest_due: d.interest_due_fen },
    });
  }
  return out;
}

export async function resolvePayments(tx: Queryable, rows: readonly Parsed<PaymentRow>[]): Promise<Outcome> {
  const loans = await idsBy(tx, 'loans', 'loan_no', rows.map((r) => r.data.loan_no));
  // Payments have no number column, so rows that did not come from a file (the demo seed writes
  // version-7 ids) cannot be matched; adding file rows next to them would count money twice.
  const foreign = await tx.query<{ loan_id: string }>(
    `SELECT DISTINCT loan_id FROM payments WHERE loan_id ${IN_KEYS} AND substr(id, 15, 1) <> '5'`,
    [json([...new Set([...loans.values()].map((l) => l.id))])],
  );
  const mixed = new Set(foreign.map((f) => f.loan_id));
  const out: Outcome = { resolved: [], rejected: [] };
  for (const { line, key, data: d } of rows) {
    const loan = loans.get(d.loan_no);
    if (!loan) {
      out.rejected.push({ line, key, errors: [unknownLoan(d.loan_no)] });
      continue;
    }
    if (mixed.has(loan.id)) {
      out.rejected.push({
        line,
        key,
        errors: [{ column: 'loan_no', reason: importReason('paymentsNotFromFile', { loanNo: d.loan_no }) }],
      });
      continue;
    }
    out.resolved.push({
      line,
      key,
      branchId: loan.branch_id,
      id: stableId('payments', key),
      values: { loan_id: loan.id, paid_on: d.paid_on, amount: d.amount_fen, channel: d.channel, reference: d.reference },
    });
  }
  return out;
}

/** Per file: its table, the business key of a row, and how its rows resolve. */
export const FILE_TABLE: Record<ImportFile, SyncedTable> = {
  'customers.csv': 'customers',
  'loans.csv': 'loans',
  'installments.csv': 'installments',
  'payments.csv': 'payments',
};
