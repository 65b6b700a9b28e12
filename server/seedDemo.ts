// Loads the deterministic demo book (shared/demo/generate.ts) into the central tables, with change-log
// entries so enrolled branches receive it on their next pull. One transaction: a failed seed leaves
// head office as it was. Rows go in with multi-row INSERTs that also write their change-log entries
// (insertRecorded), a few thousand rows per statement, never one round trip per row.
import { SHIPPED_TEMPLATES } from '../db/seeds/templates';
import { publishVersion } from './publish';
import { generateDemo, type DemoData } from '../shared/demo/generate';
import { branchScope, type ScopeName } from '../shared/sync/protocol';
import type { SyncedTable } from '../shared/sync/tables';
import type { CentralDb, Queryable } from './db';
import { AdminError, SYSTEM_USER } from './admin';
import { hashPassword } from './passwords';
import { newSigningKey, type UserSigningKey } from './signingKeys';
import { insertRecorded } from './sync/versions';

export interface SeedDemoOptions {
  loans?: number;
  seed?: number;
  asOf?: string;
  onProgress?: (loansDone: number, loansTotal: number) => void;
}

export interface SeedDemoCounts {
  branches: number;
  users: number;
  customers: number;
  loans: number;
  installments: number;
  payments: number;
  contacts: number;
  promises: number;
}

const COMMON = ['id', 'branch_id', 'created_at', 'updated_at', 'updated_by'] as const;
const COLUMNS: Partial<Record<SyncedTable, readonly string[]>> = {
  branches: [...COMMON, 'code', 'name_zh', 'name_en', 'time_zone', 'phone', 'address'],
  users: [...COMMON, 'username', 'display_name', 'roles', 'password_hash', 'active', 'signing_public_key', 'signing_key_sealed'],
  customers: [...COMMON, 'customer_no', 'name', 'type', 'segment', 'id_number_masked', 'phone', 'address', 'contact_points'],
  loans: [
    ...COMMON, 'loan_no', 'customer_id', 'product', 'purpose', 'principal', 'annual_rate', 'term_months', 'method', 'rounding',
    'disbursed_on', 'first_due_date', 'maturity_date', 'officer_id', 'collector_id', 'risk_grade', 'five_class',
    'restructured_until', 'status',
  ],
  installments: [...COMMON, 'loan_id', 'seq', 'due_date', 'principal_due', 'interest_due'],
  payments: [...COMMON, 'loan_id', 'paid_on', 'amount', 'channel', 'reference'],
  contacts: [
    ...COMMON, 'loan_id', 'channel', 'party', 'party_relation', 'address_used', 'started_at', 'duration_seconds', 'outcome', 'note',
    'next_action_on', 'collector_id', 'consent_late', 'complaint', 'override_ids',
  ],
  promises_to_pay: [...COMMON, 'loan_id', 'contact_id', 'amount', 'promised_on', 'status'],
  contact_consents: [...COMMON, 'customer_id', 'loan_id', 'given_via', 'given_on', 'valid_until', 'note', 'withdraws_id'],
};

const PARENT_FIRST: readonly SyncedTable[] = ['branches', 'users', 'customers', 'loans', 'installments', 'payments', 'contacts', 'promises_to_pay', 'contact_consents'];

/** Rows buffered per table and scope, flushed FLUSH_ROWS at a time. */
const FLUSH_ROWS = 2000;

class Buffers {
  private readonly buffers = new Map<string, { scope: ScopeName; table: SyncedTable; rows: unknown[][] }>();
  constructor(private readonly tx: Queryable) {}

  async add(table: SyncedTable, branchId: string, values: unknown[]): Promise<void> {
    const scope = branchScope(branchId);
    const key = `${table}|${scope}`;
    let buffer = this.buffers.get(key);
    if (!buffer) this.buffers.set(key, (buffer = { scope, table, rows: [] }));
    buffer.rows.push(values);
    if (buffer.rows.length >= FLUSH_ROWS) await this.flushUpTo(table, scope);
  }
  async flush(): Promise<void> {
    for (const table of PARENT_FIRST) for (const b of this.buffers.values()) if (b.table === table) await this.flushOne(b);
  }
  /**
   * Parents are flushed before children (customers before loans before installments), so a fresh
   * seed's versions put every parent before its children and a branch pulling it page by page never
   * receives an installment whose loan it has not seen yet.
   */
  private async flushUpTo(table: SyncedTable, scope: ScopeName): Promise<void> {
    for (const t of PARENT_FIRST.slice(0, PARENT_FIRST.indexOf(table) + 1)) {
      const b = this.buffers.get(`${t}|${scope}`);
      if (b) await this.flushOne(b);
    }
  }
  private async flushOne(buffer: { scope: ScopeName; table: SyncedTable; rows: unknown[][] }): Promise<void> {
    if (buffer.rows.length === 0) return;
    const rows = buffer.rows;
    buffer.rows = [];
    await insertRecorded(this.tx, buffer.scope, buffer.table, COLUMNS[buffer.table] as readonly string[], rows);
  }
}

export async function seedDemo(db: CentralDb, options: SeedDemoOptions = {}): Promise<SeedDemoCounts> {
  const demo = generateDemo({ loans: options.loans, seed: options.seed, asOf: options.asOf });
  // scrypt is slow on purpose (~50 ms per user); hash before the transaction takes any lock.
  const hashes = new Map(demo.users.map((u) => [u.username, hashPassword(u.password)]));
  const keys = new Map(demo.users.map((u) => [u.username, newSigningKey(u.password)]));
  const counts = await db.transaction((tx) => seedInTransaction(tx, demo, { hashes, keys }, options));
  // The shipped checklists, so demo branches can open due-diligence cases (idempotent: same content, no new version).
  for (const t of SHIPPED_TEMPLATES) await publishVersion(db, 'template', t);
  return counts;
}

async function assertEmpty(tx: Queryable, demo: DemoData): Promise<void> {
  const [loan] = await tx.query('SELECT 1 FROM loans LIMIT 1');
  if (loan) throw new AdminError('head office already has loans; the demo book is only loaded into an empty database');
  const clash = await tx.query<{ code: string }>(
    `SELECT code FROM branches WHERE code IN (SELECT jsonb_array_elements_text($1::text::jsonb))
     UNION ALL SELECT username FROM users WHERE username IN (SELECT jsonb_array_elements_text($2::text::jsonb))`,
    [JSON.stringify(demo.branches.map((b) => b.code)), JSON.stringify(demo.users.map((u) => u.username))],
  );
  if (clash.length > 0) throw new AdminError(`demo branches or users already exist: ${clash.map((c) => c.code).join(', ')}`);
}

async function seedInTransaction(
  tx: Queryable,
  demo: DemoData,
  secrets: { hashes: ReadonlyMap<string, string>; keys: ReadonlyMap<string, UserSigningKey> },
  options: SeedDemoOptions,
): Promise<SeedDemoCounts> {
  await assertEmpty(tx, demo);
  const at = demo.createdAt;
  const common = (id: string, branchId: string) => [id, branchId, at, at, SYSTEM_USER];
  const out = new Buffers(tx);
  for (const b of demo.branches) await out.add('branches', b.id, [...common(b.id, b.id), b.code, b.nameZh, b.nameEn, b.timeZone, b.phone, b.address]);
  for (const u of demo.users) {
    const key = secrets.keys.get(u.username);
    await out.add('users', u.branchId, [
      ...common(u.id, u.branchId), u.username, u.displayName, u.roles, secrets.hashes.get(u.username), true, key?.publicKey, key?.sealed,
    ]);
  }
  const counts: SeedDemoCounts = {
    branches: demo.branches.length, users: demo.users.length, customers: 0, loans: 0, installments: 0, payments: 0, contacts: 0, promises: 0,
  };
  const every = Math.max(1, Math.min(5000, Math.ceil(demo.loanCount / 10)));
  for (const { customer: c, loan: l, installments, payments, contacts = [], promises = [], consents = [] } of demo.loans()) {
    const br = l.branchId;
    if (c) {
      await out.add('customers', br, [
        ...common(c.id, br), c.customerNo, c.name, c.type, c.segment, c.idNumberMasked, c.phone, c.address, c.contactPoints,
      ]);
      counts.customers++;
    }
    await out.add('loans', br, [
      ...common(l.id, br), l.loanNo, l.customerId, l.product, l.purpose, l.principal, l.annualRate, l.termMonths, l.method,
      l.rounding, l.disbursedOn, l.firstDueDate, l.maturityDate, l.officerId, l.collectorId, l.riskGrade, l.fiveClass,
      l.restructuredUntil, l.status,
    ]);
    for (const i of installments) {
      await out.add('installments', br, [...common(i.id, br), l.id, i.seq, i.dueDate, i.principal, i.interest]);
    }
    for (const p of payments) await out.add('payments', br, [...common(p.id, br), l.id, p.date, p.amount, p.channel, p.reference]);
    // Branch work: made by its collector when the contact happened, not by the system at seeding.
    for (const k of contacts) {
      await out.add('contacts', br, [
        k.id, br, k.startedAt, k.startedAt, k.collectorId, l.id, k.channel, k.party, k.partyRelation, k.addressUsed, k.startedAt,
        k.durationSeconds, k.outcome, k.note, k.nextActionOn, k.collectorId, k.consentLate, k.complaint, k.overrideIds,
      ]);
    }
    for (const p of promises) {
      const by = contacts.find((k) => k.id === p.contactId)?.collectorId ?? l.collectorId;
      await out.add('promises_to_pay', br, [p.id, br, p.madeAt, p.madeAt, by, l.id, p.contactId, p.amount, p.promisedOn, p.status]);
    }
    for (const k of consents) {
      const at = `${k.givenOn}T02:00:00.000Z`;
      await out.add('contact_consents', br, [k.id, br, at, at, k.recordedBy ?? l.collectorId ?? l.officerId, k.customerId, k.loanId, k.givenVia, k.givenOn, k.validUntil, k.note, k.withdrawsId]);
    }
    counts.loans++;
    counts.installments += installments.length;
    counts.payments += payments.length;
    counts.contacts += contacts.length;
    counts.promises += promises.length;
    if (options.onProgress && counts.loans % every === 0) options.onProgress(counts.loans, demo.loanCount);
  }
  await out.flush();
  if (options.onProgress && counts.loans % every !== 0) options.onProgress(counts.loans, demo.loanCount);
  return counts;
}
