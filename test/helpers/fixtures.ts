// Small real databases for tests: a temp SQLite file with two branches, users of every role, a
// customer and a loan per branch (with its schedule). Reference rows are written as head office would.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSchedule } from '../../shared/domain/schedule';
import Database from 'better-sqlite3';
import { applyKey, LocalStore } from '../../db/local/store';
import { keyInDataFolder, storeKeysFor } from '../../main/services/dataKey';
import { hashPassword } from '../../main/services/passwords';
import { SessionStore } from '../../main/services/session';
import type { ServiceContext } from '../../main/services/context';
import type { Role } from '../../shared/auth/roles';

export const PASSWORD = 'Secret#123';
/** The password of the staff a test head office creates (test/helpers/headOffice.ts). */
export const STAFF_PASSWORD = 'Branch#2026';
const NOW = '2026-01-01T00:00:00.000Z';

export function tempDir(prefix = 'bcw-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Opens a database file the way the dev/test host does: keys from `store.key` in its folder. */
export function openTestStore(file: string, migrationsFolder?: string): LocalStore {
  return LocalStore.open(file, storeKeysFor(file, keyInDataFolder), migrationsFolder);
}

/** A bare connection to a test store's encrypted file, for looking at it from outside the app. */
export function openRawTestConnection(file: string, opts: { readonly?: boolean } = {}): Database.Database {
  const db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: true });
  applyKey(db, storeKeysFor(file, keyInDataFolder).database);
  return db;
}

export interface Fixture {
  dir: string;
  file: string;
  store: LocalStore;
  users: Record<string, { id: string; branchId: string; roles: Role[] }>;
  loanA: string;
  loanB: string;
}

let cachedHash: string | undefined;

export function createFixture(dir = tempDir()): Fixture {
  const file = path.join(dir, 'workstation.db');
  const store = openTestStore(file);
  cachedHash ??= hashPassword(PASSWORD);
  const users: Fixture['users'] = {};
  store.transaction((w) => {
    const ins = (table: string, row: Record<string, unknown>) => {
      const full = { created_at: NOW, updated_at: NOW, updated_by: 'system', row_version: 1, ...row };
      const cols = Object.keys(full);
      w.sql.prepare(`INSERT INTO ${table} (${cols.join(',')}) VALUES (${cols.map(() => '?').join(',')})`).run(
        ...cols.map((c) => full[c as keyof typeof full]),
      );
    };
    for (const b of ['A', 'B']) {
      ins('branches', { id: `branch-${b}`, branch_id: `branch-${b}`, code: `B00${b}`, name_zh: `测试支行${b}`, name_en: `Branch ${b}` });
      const roles: [string, Role[]][] = [
        ['officer', ['officer']],
        ['inspector', ['inspector']],
        ['collector', ['collector']],
        ['supervisor', ['supervisor']],
        ['admin', ['admin']],
      ];
      for (const [name, r] of roles) {
        const id = `user-${name}-${b}`;
        ins('users', {
          id, branch_id: `branch-${b}`, username: `${name}${b}`, display_name: `${name} ${b}`,
          roles: JSON.stringify(r), password_hash: cachedHash, active: 1,
        });
        users[`${name}${b}`] = { id, branchId: `branch-${b}`, roles: r };
      }
      ins('customers', {
        id: `cust-${b}`, branch_id: `branch-${b}`, customer_no: `C00${b}`, name: `客户${b}`, type: 'individual',
        segment: 'retail', phone: '13800001234',
      });
      const terms = { principal: 12_000_000, annualRate: '4.9', termMonths: 12, method: 'equal_installment' as const, firstDueDate: '2026-02-15' };
      ins('loans', {
        id: `loan-${b}`, branch_id: `branch-${b}`, loan_no: `LN-${b}-1`, customer_id: `cust-${b}`, product: 'consumer_credit',
        purpose: 'consumer', principal: terms.principal, annual_rate: terms.annualRate, term_months: 12, method: terms.method,
        disbursed_on: '2026-01-15', first_due_date: terms.firstDueDate, maturity_date: '2027-01-15',
        officer_id: `user-officer-${b}`, collector_id: `user-collector-${b}`, risk_grade: 'low', five_class: 'normal',
      });
      for (const row of buildSchedule(terms)) {
        ins('installments', {
          id: `inst-${b}-${row.seq}`, branch_id: `branch-${b}`, loan_id: `loan-${b}`, seq: row.seq, due_date: row.dueDate,
          principal_due: row.principal, interest_due: row.interest,
        });
      }
    }
  });
  return { dir, file, store, users, loanA: 'loan-A', loanB: 'loan-B' };
}

export function serviceContext(fx: Fixture, username: string | null, clock: () => Date = () => new Date()): ServiceContext {
  const user = username ? fx.users[username] : undefined;
  return {
    store: fx.store,
    actor: user ? { userId: user.id, branchId: user.branchId, roles: user.roles, deviceId: 'device-test' } : null,
    locale: 'zh-CN',
    clock,
    deviceId: 'device-test',
    clientId: 'client-test',
    session: new SessionStore().slot('test'),
  };
}

export function tableCount(store: LocalStore, table: string): number {
  return (store.read().sql.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** A daytime instant yesterday in the branches' zone (Asia/Shanghai), e.g. for calls the contact rules allow. */
export function shanghaiYesterday(hhmm: string): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() - 86_400_000));
  return `${day}T${hhmm}:00+08:00`;
}
