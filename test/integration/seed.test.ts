import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStore } from '../../db/local/store';
import { openTestStore } from '../helpers/fixtures';
import { seedDemo } from '../../db/local/seed';
import { generateDemo } from '../../shared/demo/generate';
import { bucketOf, classificationFloor, daysPastDue, overdueAmounts } from '../../shared/domain/delinquency';
import { loadDemo } from '../../main/services/demo';
import { refreshLoanMetrics } from '../../main/services/metrics';
import { verifyPassword } from '../../main/services/passwords';
import { SessionStore } from '../../main/services/session';
import { createDispatcher } from '../../main/api/dispatcher';
import type { Envelope } from '../../shared/api/envelope';
import type { OutputOf } from '../../shared/api/contract';
import { DEMO_PASSWORD } from '../../shared/demo/generate';
import { addDays, localDateOf } from '../../shared/domain/dates';

const LOANS = 2000;
const ASOF = '2026-11-26';

let dir: string;
let store: LocalStore;
let result: ReturnType<typeof loadDemo>;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-test-'));
  store = openTestStore(path.join(dir, 'workstation.db'));
  result = loadDemo(store, { loans: LOANS });
});

afterAll(() => {
  store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const count = (table: string): number =>
  (store.read().sql.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

interface MetricsRow {
  loan_id: string;
  as_of: string;
  dpd: number;
  bucket: string;
  class_floor: string;
  outstanding_principal: number;
  overdue_principal: number;
  overdue_interest: number;
  next_due_date: string | null;
}
const allMetrics = (): MetricsRow[] =>
  store.read().sql.prepare('SELECT * FROM loan_metrics ORDER BY loan_id').all() as MetricsRow[];

describe('seedDemo / loadDemo', () => {
  it('writes every generated row', () => {
    let customers = 0;
    let installments = 0;
    let payments = 0;
    let contacts = 0;
    let promises = 0;
    const demo = generateDemo({ loans: LOANS });
    for (const b of demo.loans()) {
      if (b.customer) customers++;
      installments += b.installments.length;
      payments += b.payments.length;
      contacts += b.contacts?.length ?? 0;
      promises += b.promises?.length ?? 0;
    }
    expect(result.loans).toBe(LOANS);
    expect(result.counts).toEqual({ branches: 2, users: demo.users.length, customers, loans: LOANS, installments, payments, contacts, promises });
    expect(contacts).toBeGreaterThan(300);
    expect(promises).toBeGreaterThan(30);
    expect(count('contacts')).toBe(contacts);
    expect(count('promises_to_pay')).toBe(promises);
    expect(count('branches')).toBe(2);
    expect(count('users')).toBe(demo.users.length);
    expect(count('customers')).toBe(customers);
    expect(count('loans')).toBe(LOANS);
    expect(count('installments')).toBe(installments);
    expect(count('payments')).toBe(payments);
    expect(count('loan_metrics')).toBe(LOANS);
    expect(result.users.map((u) => u.username)).toContain('officer1');
  });

  it('sets the synced bookkeeping columns and keeps foreign keys valid', () => {
    const sql = store.read().sql;
    for (const table of ['branches', 'users', 'customers', 'loans', 'installments', 'payments']) {
      const bad = sql
        .prepare(
          `SELECT COUNT(*) AS n FROM ${table} WHERE updated_by <> 'system' OR row_version <> 1 OR deleted_at IS NOT NULL
             OR created_at <> updated_at OR branch_id NOT IN (SELECT id FROM branches)`,
        )
        .get() as { n: number };
      expect(bad.n, table).toBe(0);
    }
    expect(sql.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    const branchOfLoan = sql
      .prepare('SELECT COUNT(*) AS n FROM installments i JOIN loans l ON l.id = i.loan_id WHERE i.branch_id <> l.branch_id')
      .get() as { n: number };
    expect(branchOfLoan.n).toBe(0);
    // The contact log is branch work: written by its collector when the contact was made, on the loan's branch.
    const badContacts = sql
      .prepare(
        `SELECT COUNT(*) AS n FROM contacts c LEFT JOIN loans l ON l.id = c.loan_id
          WHERE l.id IS NULL OR c.branch_id <> l.branch_id OR c.row_version <> 1 OR c.deleted_at IS NOT NULL
             OR c.created_at <> c.started_at OR c.updated_at <> c.created_at OR c.updated_by <> c.collector_id`,
      )
      .get() as { n: number };
    expect(badContacts.n).toBe(0);
    const badPromises = sql
      .prepare(
        `SELECT COUNT(*) AS n FROM promises_to_pay p LEFT JOIN contacts c ON c.id = p.contact_id
          WHERE c.id IS NULL OR c.loan_id <> p.loan_id OR c.outcome <> 'promise_to_pay' OR p.created_at <> c.started_at
             OR p.branch_id <> c.branch_id OR p.status <> 'pending' OR p.row_version <> 1`,
      )
      .get() as { n: number };
    expect(badPromises.n).toBe(0);
  });

  it('shows the contact history in the collections queue, through the service, right after loading', async () => {
    // Ten in the morning of the demo's date in the branch's zone; the queue is as of the metrics date.
    const dispatch = createDispatcher({ store, deviceId: 'seed-test', clientId: 'seed-test', clock: () => new Date(`${ASOF}T02:00:00Z`) });
    const session = new SessionStore().slot('seed-test');
    const ok = <T>(env: Envelope<unknown>): T => {
      if (!env.ok) throw new Error(`${env.error.code}: ${env.error.message}`);
      return env.data as T;
    };
    ok(await dispatch(session, 'auth.signIn', { username: 'supervisor1', password: DEMO_PASSWORD }, 'zh-CN'));
    const queue = ok<OutputOf<'collections.queue'>>(await dispatch(session, 'collections.queue', { collectorId: 'all', limit: 1000 }, 'zh-CN'));
    const sql = store.read().sql;
    const delinquent = sql
      .prepare(`SELECT COUNT(*) AS n FROM loan_metrics m JOIN loans l ON l.id = m.loan_id JOIN branches b ON b.id = l.branch_id WHERE m.dpd > 0 AND b.code = 'B001'`)
      .get() as { n: number };
    expect(queue.asOf).toBe(ASOF);
    expect(queue.total).toBe(delinquent.n);
    expect(queue.rows).toHaveLength(queue.total);
    const rows = queue.rows;
    const statuses = new Set(rows.map((r) => r.promise?.status ?? 'none'));
    for (const status of ['pending', 'kept', 'broken', 'none']) expect(statuses, status).toContain(status);
    expect(rows.some((r) => r.brokenPromises > 0)).toBe(true);
    // Contacted within the last three days, contacted longer ago, and never tried.
    const lastDay = (r: (typeof rows)[number]) => (r.lastContactAt ? localDateOf(r.lastContactAt, 'Asia/Shanghai') : null);
    expect(rows.filter((r) => (lastDay(r) ?? '') >= addDays(ASOF, -3)).length).toBeGreaterThan(rows.length / 10);
    expect(rows.some((r) => lastDay(r) !== null && (lastDay(r) as string) < addDays(ASOF, -3))).toBe(true);
    expect(rows.some((r) => r.lastContactAt === null)).toBe(true);
    expect(rows.every((r) => r.lastOutcome !== 'blocked' && r.lastOutcome !== 'cleared_by_supervisor')).toBe(true);
    // The promise filter is SQL over the same summary.
    const broken = ok<OutputOf<'collections.queue'>>(
      await dispatch(session, 'collections.queue', { collectorId: 'all', promiseStatuses: ['broken'], limit: 1000 }, 'zh-CN'),
    );
    expect(broken.total).toBe(rows.filter((r) => r.promise?.status === 'broken').length);
    expect(broken.total).toBeGreaterThan(0);
  });

  it('stores signable demo users with salted scrypt hashes', () => {
    const rows = store.read().sql.prepare('SELECT username, roles, password_hash FROM users').all() as {
      username: string;
      roles: string;
      password_hash: string;
    }[];
    const officer = rows.find((r) => r.username === 'officer1');
    expect(officer && JSON.parse(officer.roles)).toEqual(['officer']);
    expect(officer && verifyPassword('demo1234', officer.password_hash)).toBe(true);
    expect(officer && verifyPassword('wrong', officer.password_hash)).toBe(false);
    expect(new Set(rows.map((r) => r.password_hash)).size).toBe(rows.length); // a salt per user
  });

  it('writes loan_metrics equal to a recomputation from the stored rows', () => {
    const sql = store.read().sql;
    const loans = sql.prepare('SELECT id, restructured_until AS ru FROM loans ORDER BY id').all() as {
      id: string;
      ru: string | null;
    }[];
    const inst = sql.prepare(
      'SELECT seq, due_date AS dueDate, principal_due AS principal, interest_due AS interest FROM installments WHERE loan_id = ? ORDER BY seq',
    );
    const pays = sql.prepare('SELECT paid_on AS date, amount FROM payments WHERE loan_id = ? ORDER BY paid_on');
    const metric = sql.prepare('SELECT * FROM loan_metrics WHERE loan_id = ?');
    // Every 7th loan plus every delinquent one: a sample that covers all buckets.
    const delinquent = new Set(
      (sql.prepare('SELECT loan_id FROM loan_metrics WHERE dpd > 0').all() as { loan_id: string }[]).map((r) => r.loan_id),
    );
    const sample = loans.filter((l, i) => i % 7 === 0 || delinquent.has(l.id));
    expect(delinquent.size).toBeGreaterThan(100);
    for (const l of sample) {
      const installments = inst.all(l.id) as { seq: number; dueDate: string; principal: number; interest: number }[];
      const payments = pays.all(l.id) as { date: string; amount: number }[];
      const dpd = daysPastDue(installments, payments, ASOF);
      const amounts = overdueAmounts(installments, payments, ASOF);
      expect(metric.get(l.id)).toEqual({
        loan_id: l.id,
        as_of: ASOF,
        dpd,
        bucket: bucketOf(dpd),
        class_floor: classificationFloor(dpd, { restructured: l.ru !== null && l.ru >= ASOF }),
        outstanding_principal: amounts.outstandingPrincipal,
        overdue_principal: amounts.overduePrincipal,
        overdue_interest: amounts.overdueInterest,
        next_due_date: installments.find((i) => i.dueDate >= ASOF)?.dueDate ?? null,
      });
    }
  });

  it('never stores a confirmed class better than the floor', () => {
    const rank = `CASE %s WHEN 'normal' THEN 0 WHEN 'special_mention' THEN 1 WHEN 'substandard' THEN 2 WHEN 'doubtful' THEN 3 ELSE 4 END`;
    const n = store
      .read()
      .sql.prepare(
        `SELECT COUNT(*) AS n FROM loans l JOIN loan_metrics m ON m.loan_id = l.id
          WHERE ${rank.replace('%s', 'l.five_class')} < ${rank.replace('%s', 'm.class_floor')}`,
      )
      .get() as { n: number };
    expect(n.n).toBe(0);
  });

  it('refreshLoanMetrics reproduces the seeded metrics, for all loans and for a subset', () => {
    const before = allMetrics();
    expect(refreshLoanMetrics(store, ASOF)).toEqual({ loans: LOANS });
    expect(allMetrics()).toEqual(before);

    const some = before.filter((_, i) => i % 50 === 0).map((m) => m.loan_id);
    store.transaction((w) => w.sql.prepare('DELETE FROM loan_metrics WHERE loan_id IN (SELECT value FROM json_each(?))').run(JSON.stringify(some)));
    expect(count('loan_metrics')).toBe(LOANS - some.length);
    expect(refreshLoanMetrics(store, ASOF, some)).toEqual({ loans: some.length });
    expect(allMetrics()).toEqual(before);
  });

  it('refreshLoanMetrics moves DPD forward with the as-of date', () => {
    const later = '2026-12-26';
    refreshLoanMetrics(store, later);
    const rows = allMetrics();
    expect(rows.every((r) => r.as_of === later)).toBe(true);
    const delinquentNow = rows.filter((r) => r.dpd > 0).length;
    expect(delinquentNow).toBeGreaterThan(0);
    refreshLoanMetrics(store, ASOF); // restore for the other tests
  });

  it('refuses to seed a database that already has loans, writing nothing', () => {
    const loansBefore = count('loans');
    expect(() => loadDemo(store, { loans: 10, seed: 99 })).toThrow(/already has loans/);
    expect(() => seedDemo(store, generateDemo({ loans: 5 }), { passwordHash: () => 'x' })).toThrow(/already has loans/);
    expect(count('loans')).toBe(loansBefore);
    expect(count('users')).toBe(result.users.length);
  });
});
