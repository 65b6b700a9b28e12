// Writes a generated demo book (shared/demo/generate.ts) into an empty branch database.
//
// Speed matters: 100,000 loans are ~4 M installment rows. Drizzle's per-row overhead is far too
// high for that, so rows go through a handful of prepared statements reused for every row, inside
// ONE transaction (one fsync at commit even with synchronous = FULL, and all-or-nothing: a failed
// seed leaves the database as it was). Ids from the generator grow in creation order, so every
// index is appended to rather than split at random.
import { SHIPPED_TEMPLATES } from '../seeds/templates';
import { GLOBAL_BRANCH_ID, publishedRowId } from '../../shared/forms/publishedId';
import type Database from 'better-sqlite3';
import type { DemoData, DemoUser } from '../../shared/demo/generate';
import { metricsWriter } from './metrics';
import type { LocalStore, WriteHandle } from './store';

export interface SeedOptions {
  /** Hash for a user's demo password (scrypt lives in main; db code does not hash). */
  readonly passwordHash: (user: DemoUser) => string;
  /** Called every `progressEvery` loans and once at the end. */
  readonly onProgress?: (loansDone: number, loansTotal: number) => void;
  readonly progressEvery?: number;
}

export interface SeedCounts {
  readonly branches: number;
  readonly users: number;
  readonly customers: number;
  readonly loans: number;
  readonly installments: number;
  readonly payments: number;
  readonly contacts: number;
  readonly promises: number;
}

/**
 * Seeded rows stand for head-office reference data as of the demo date: created_at = updated_at =
 * `now`, updated_by 'system', row_version 1. Parameters: id, branch_id, then the table's columns.
 * `now` is the same for millions of rows, so it is a SQL literal rather than two bound strings
 * per row (binding a string copies it; this was measurable at 100k loans).
 */
function insertSql(table: string, columns: readonly string[], now: string, rows = 1): string {
  const at = `'${now.replace(/'/g, "''")}'`;
  const one = `(?, ?, ${at}, ${at}, 'system', 1, ${columns.map(() => '?').join(', ')})`;
  return `INSERT INTO ${table} (id, branch_id, created_at, updated_at, updated_by, row_version, ${columns.join(', ')})
    VALUES ${Array.from({ length: rows }, () => one).join(', ')}`;
}

/**
 * Seeded branch work (the collection contact log) was made by a collector when the contact happened,
 * so its created_at, updated_at and updated_by are the row's own; row_version 1 as if head office
 * already has it. Parameters: id, branch_id, created_at, updated_at, updated_by, then the table's columns.
 */
function workInsertSql(table: string, columns: readonly string[], rows = 1): string {
  const one = `(?, ?, ?, ?, ?, 1, ${columns.map(() => '?').join(', ')})`;
  return `INSERT INTO ${table} (id, branch_id, created_at, updated_at, updated_by, row_version, ${columns.join(', ')})
    VALUES ${Array.from({ length: rows }, () => one).join(', ')}`;
}

/**
 * Collects rows and inserts them BATCH at a time with one multi-row statement: SQLite's work per
 * row is unchanged, but the per-call cost of binding and stepping a statement is paid once per
 * batch (about a tenth off the seeding time). The tail goes through the single-row statement.
 */
const BATCH = 64;
class BatchInsert {
  private readonly many: Database.Statement;
  private readonly one: Database.Statement;
  private readonly width: number;
  private readonly buf: unknown[];
  private used = 0;

  /** `sqlOf(rows)` is the INSERT of that many rows, each taking `width` parameters. */
  constructor(db: Database.Database, sqlOf: (rows: number) => string, width: number) {
    this.many = db.prepare(sqlOf(BATCH));
    this.one = db.prepare(sqlOf(1));
    this.width = width;
    this.buf = new Array<unknown>(this.width * BATCH);
  }
  /** Appends one row's parameters. */
  push(...values: unknown[]): void {
    for (let i = 0; i < values.length; i++) this.buf[this.used++] = values[i];
    if (this.used === this.buf.length) {
      this.many.run(this.buf);
      this.used = 0;
    }
  }
  flush(): void {
    for (let at = 0; at < this.used; at += this.width) this.one.run(this.buf.slice(at, at + this.width));
    this.used = 0;
  }
}

function assertEmpty(db: Database.Database, demo: DemoData): void {
  if (db.prepare('SELECT 1 FROM loans LIMIT 1').get() !== undefined) {
    throw new Error('seedDemo: the database already has loans; demo data is only loaded into an empty database');
  }
  const codes = JSON.stringify(demo.branches.map((b) => b.code));
  const clashBranch = db.prepare('SELECT code FROM branches WHERE code IN (SELECT value FROM json_each(?))').get(codes);
  const names = JSON.stringify(demo.users.map((u) => u.username));
  const clashUser = db.prepare('SELECT username FROM users WHERE username IN (SELECT value FROM json_each(?))').get(names);
  if (clashBranch !== undefined || clashUser !== undefined) {
    throw new Error(`seedDemo: branches or users of the demo already exist (${JSON.stringify(clashBranch ?? clashUser)})`);
  }
}

/** The shipped checklist templates, as head office would publish them to the global scope (idempotent). */
export function seedShippedTemplates(w: WriteHandle, now: string): void {
  insertShippedTemplates(w.sql, now);
}

function insertShippedTemplates(db: Database.Database, now: string): void {
  const ins = db.prepare(insertSql('form_templates', ['code', 'version', 'title_zh', 'title_en', 'applies_to', 'body', 'published_at'], now));
  for (const t of SHIPPED_TEMPLATES) {
    const id = publishedRowId('form_templates', t.code, t.version);
    if (db.prepare('SELECT 1 FROM form_templates WHERE id = ?').get(id)) continue;
    ins.run(id, GLOBAL_BRANCH_ID, t.code, t.version, t.title_zh, t.title_en, JSON.stringify(t.applies_to), JSON.stringify(t.body), now);
  }
}

function seedInTransaction(w: WriteHandle, demo: DemoData, hashes: ReadonlyMap<string, string>, opts: SeedOptions): SeedCounts {
  const db = w.sql;
  assertEmpty(db, demo);
  const now = demo.createdAt;
  const insBranch = db.prepare(insertSql('branches', ['code', 'name_zh', 'name_en', 'time_zone', 'phone', 'address'], now));
  const insUser = db.prepare(insertSql('users', ['username', 'display_name', 'roles', 'password_hash', 'active'], now));
  const insCustomer = db.prepare(
    insertSql(
      'customers',
      ['customer_no', 'name', 'type', 'segment', 'id_number_masked', 'phone', 'address', 'contact_points'],
      now,
    ),
  );
  const insLoan = db.prepare(
    insertSql('loans', [
      'loan_no', 'customer_id', 'product', 'purpose', 'principal', 'annual_rate', 'term_months', 'method', 'rounding',
      'disbursed_on', 'first_due_date', 'maturity_date', 'officer_id', 'collector_id', 'risk_grade', 'five_class',
      'restructured_until', 'status',
    ], now),
  );
  const reference = (table: string, columns: readonly string[]) => new BatchInsert(db, (n) => insertSql(table, columns, now, n), columns.length + 2);
  const work = (table: string, columns: readonly string[]) => new BatchInsert(db, (n) => workInsertSql(table, columns, n), columns.length + 5);
  const insInstallment = reference('installments', ['loan_id', 'seq', 'due_date', 'principal_due', 'interest_due']);
  const insPayment = reference('payments', ['loan_id', 'paid_on', 'amount', 'channel', 'reference']);
  const insContact = work('contacts', [
    'loan_id', 'channel', 'party', 'party_relation', 'address_used', 'started_at', 'duration_seconds', 'outcome', 'note',
    'next_action_on', 'collector_id', 'consent_late', 'complaint', 'override_ids',
  ]);
  const insPromise = work('promises_to_pay', ['loan_id', 'contact_id', 'amount', 'promised_on', 'status']);
  const insConsent = work('contact_consents', ['customer_id', 'loan_id', 'given_via', 'given_on', 'valid_until', 'note', 'withdraws_id']);
  const writeMetrics = metricsWriter(w);

  for (const b of demo.branches) insBranch.run(b.id, b.id, b.code, b.nameZh, b.nameEn, b.timeZone, b.phone, b.address);
  insertShippedTemplates(db, now);
  for (const u of demo.users) {
    const hash = hashes.get(u.username) as string;
    insUser.run(u.id, u.branchId, u.username, u.displayName, JSON.stringify(u.roles), hash, 1);
  }

  const every = opts.progressEvery ?? 5000;
  let customers = 0;
  let loans = 0;
  let installments = 0;
  let payments = 0;
  let contacts = 0;
  let promises = 0;
  for (const { customer: c, loan: l, installments: inst, payments: pays, metrics: m, contacts: log = [], promises: promised = [], consents = [] } of demo.loans()) {
    const br = l.branchId;
    if (c) {
      const points = JSON.stringify(c.contactPoints);
      insCustomer.run(c.id, br, c.customerNo, c.name, c.type, c.segment, c.idNumberMasked, c.phone, c.address, points);
      customers++;
    }
    insLoan.run(
      l.id, br, l.loanNo, l.customerId, l.product, l.purpose, l.principal, l.annualRate, l.termMonths, l.method,
      l.rounding, l.disbursedOn, l.firstDueDate, l.maturityDate, l.officerId, l.collectorId, l.riskGrade, l.fiveClass,
      l.restructuredUntil, l.status,
    );
    for (const i of inst) insInstallment.push(i.id, br, l.id, i.seq, i.dueDate, i.principal, i.interest);
    for (const p of pays) insPayment.push(p.id, br, l.id, p.date, p.amount, p.channel, p.reference);
    for (const k of log) {
      const overrides = k.overrideIds === null ? null : JSON.stringify(k.overrideIds);
      insContact.push(
        k.id, br, k.startedAt, k.startedAt, k.collectorId, l.id, k.channel, k.party, k.partyRelation, k.addressUsed, k.startedAt,
        k.durationSeconds, k.outcome, k.note, k.nextActionOn, k.collectorId, k.consentLate ? 1 : 0, k.complaint ? 1 : 0, overrides,
      );
    }
    for (const p of promised) {
      // Written by whoever took it on the contact.
      const by = log.find((k) => k.id === p.contactId)?.collectorId ?? l.collectorId;
      insPromise.push(p.id, br, p.madeAt, p.madeAt, by, l.id, p.contactId, p.amount, p.promisedOn, p.status);
    }
    for (const k of consents) {
      const at = `${k.givenOn}T02:00:00.000Z`;
      insConsent.push(k.id, br, at, at, k.recordedBy ?? l.collectorId ?? l.officerId, k.customerId, k.loanId, k.givenVia, k.givenOn, k.validUntil, k.note, k.withdrawsId);
    }
    contacts += log.length;
    promises += promised.length;
    // The generator derived these with the shared delinquency functions; no need to read the rows back.
    writeMetrics({ loanId: l.id, asOf: demo.asOf, ...m });
    installments += inst.length;
    payments += pays.length;
    loans++;
    if (opts.onProgress && loans % every === 0) opts.onProgress(loans, demo.loanCount);
  }
  insInstallment.flush();
  insPayment.flush();
  insContact.flush();
  insPromise.flush();
  insConsent.flush();
  if (opts.onProgress && loans % every !== 0) opts.onProgress(loans, demo.loanCount);
  return { branches: demo.branches.length, users: demo.users.length, customers, loans, installments, payments, contacts, promises };
}

/**
 * Loads `demo` into `store` in one transaction. Throws, writing nothing, when the database already
 * holds loans or any of the demo's branches or usernames.
 */
export function seedDemo(store: LocalStore, demo: DemoData, opts: SeedOptions): SeedCounts {
  // Hash first: scrypt is ~50 ms per user and need not hold the write lock.
  const hashes = new Map(demo.users.map((u) => [u.username, opts.passwordHash(u)]));
  return store.transaction((w) => {
    // A 16 MB page cache (default 2 MB) spills fewer half-filled pages to the WAL mid-transaction;
    // measured ~2 s faster at 100k loans. Restored so the app's connection keeps its usual size.
    const previous = w.sql.pragma('cache_size', { simple: true }) as number;
    w.sql.pragma('cache_size = -16384');
    try {
      return seedInTransaction(w, demo, hashes, opts);
    } finally {
      w.sql.pragma(`cache_size = ${previous}`);
    }
  });
}
