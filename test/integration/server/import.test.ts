// Reference-data import from core-banking CSV files (db/seeds/README.md): the committed sample loads
// with the demo book's counts, a second import changes nothing, bad rows are rejected with their line
// and column while the rest lands, a loan moved to another branch leaves the old scope, a dry run
// writes nothing, and the CLI prints and saves its report.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminError, createBranch, importReferenceRows } from '../../../server/admin';
import type { CentralDb } from '../../../server/db';
import { CsvSplitter, csvCell, parseRecord } from '../../../server/import/csv';
import { importDirectory, type ImportReport } from '../../../server/import/importer';
import { exportSample } from '../../../server/import/sampleCsv';
import { IMPORT_NAMESPACE, stableId, uuidV5 } from '../../../server/import/stableId';
import { hashPassword } from '../../../server/passwords';
import { seedDemo } from '../../../server/seedDemo';
import { DEMO_BRANCHES, DEMO_USERS, generateDemo } from '../../../shared/demo/generate';
import { branchScope } from '../../../shared/sync/protocol';
import { centralBackends, openTestCentralDb } from '../../helpers/central';

const run = promisify(execFile);
const SAMPLE = path.resolve('db/seeds/sample');
const tmpDirs: string[] = [];
afterAll(() => tmpDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bcw-import-'));
  tmpDirs.push(dir);
  return dir;
}

let staffHash: string | undefined;

/**
 * The demo branches and users the sample names, as `seed-demo --loans 0` makes them but with one
 * password hash for all (scrypt is slow on purpose; the import only needs usernames and roles).
 */
async function addDemoStaff(db: CentralDb): Promise<void> {
  const ids = new Map<string, string>();
  for (const b of DEMO_BRANCHES) ids.set(b.code, (await createBranch(db, b)).id);
  staffHash ??= hashPassword('not-used-here');
  const users = DEMO_USERS.map((u) => ({
    id: uuidv7(),
    branch_id: ids.get(u.branchCode) as string,
    username: u.username,
    display_name: u.displayName,
    roles: u.roles,
    password_hash: staffHash,
    active: true,
  }));
  for (const code of ids.keys()) {
    await importReferenceRows(db, 'users', users.filter((u) => u.branch_id === ids.get(code)));
  }
}

function writeFiles(dir: string, files: Record<string, string[]>, eol = '\n'): string {
  for (const [name, lines] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), lines.join(eol) + eol);
  return dir;
}

/** The sample's rows as field arrays (header first), read with the importer's own record parser. */
function sampleRows(file: string): string[][] {
  const splitter = new CsvSplitter();
  const lines = fs.readFileSync(path.join(SAMPLE, file), 'utf8').split('\n');
  return lines.flatMap((l, i) => splitter.push(l, i + 1)).flatMap((item) => (item.kind === 'record' ? [item.fields] : []));
}

const rejectedAt = (report: ImportReport) =>
  report.rejectedRows.map((r) => `${r.file}:${r.line}:${r.errors.map((e) => e.column ?? '-').join('+')}`).sort();

const demoTotals = (() => {
  const t = { customers: 0, loans: 0, installments: 0, payments: 0, principal: 0, paid: 0 };
  for (const b of generateDemo({ loans: 200 }).loans()) {
    if (b.customer) t.customers++;
    t.loans++;
    t.installments += b.installments.length;
    t.payments += b.payments.length;
    t.principal += b.loan.principal;
    t.paid += b.payments.reduce((s, p) => s + p.amount, 0);
  }
  return t;
})();

describe('CSV reading and stable ids', () => {
  it('parses RFC 4180 records and recovers after a broken one', () => {
    expect(parseRecord('a,"b,c","say ""hi""",')).toEqual({ status: 'complete', fields: ['a', 'b,c', 'say "hi"', ''] });
    expect(parseRecord('a,"open')).toEqual({ status: 'incomplete' });
    expect(parseRecord('a,"x"y').status).toBe('error');
    expect(parseRecord('a,b"c').status).toBe('error');
    const s = new CsvSplitter();
    const items = [...s.push('1,"multi', 1), ...s.push('line",2', 2), ...s.push('3,"never closed', 3), ...s.push('4,ok', 4), ...s.end()];
    expect(items).toEqual([
      { kind: 'record', line: 1, fields: ['1', 'multi\nline', '2'] },
      expect.objectContaining({ kind: 'error', line: 3 }),
      { kind: 'record', line: 4, fields: ['4', 'ok'] },
    ]);
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
  });

  it('derives RFC version-5 ids from the business key', () => {
    const ns = Buffer.from(IMPORT_NAMESPACE.replace(/-/g, ''), 'hex');
    expect(uuidV5(ns, 'loans:LN1')).toBe(uuidv5('loans:LN1', IMPORT_NAMESPACE));
    expect(stableId('loans', 'LN1')).toBe(stableId('loans', 'LN1'));
    expect(stableId('loans', 'LN1')).not.toBe(stableId('customers', 'LN1'));
  });

  it('the committed sample is what export-sample writes', async () => {
    const dir = tmpDir();
    const counts = await exportSample(dir, { loans: 200 });
    expect(counts).toEqual({ customers: demoTotals.customers, loans: 200, installments: demoTotals.installments, payments: demoTotals.payments });
    for (const f of ['customers.csv', 'loans.csv', 'installments.csv', 'payments.csv']) {
      expect(fs.readFileSync(path.join(dir, f), 'utf8'), f).toBe(fs.readFileSync(path.join(SAMPLE, f), 'utf8'));
    }
  });
});

describe.each(centralBackends())('reference import on $name', ({ open }) => {
  let db: CentralDb;
  const versions = async () => db.query<{ scope: string; version: number }>('SELECT scope, version FROM scope_versions ORDER BY scope');
  const branchId = async (code: string) => (await db.query<{ id: string }>('SELECT id FROM branches WHERE code = $1', [code]))[0]?.id as string;

  beforeAll(async () => {
    db = await open();
    await addDemoStaff(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('imports the sample set with the demo book’s counts, every row in its branch’s change log', async () => {
    const report = await importDirectory(db, { dir: SAMPLE });
    const byFile = Object.fromEntries(report.files.map((f) => [f.file, f]));
    expect(byFile['customers.csv']).toMatchObject({ read: demoTotals.customers, inserted: demoTotals.customers, rejected: 0 });
    expect(byFile['loans.csv']).toMatchObject({ read: 200, inserted: 200, rejected: 0 });
    expect(byFile['installments.csv']).toMatchObject({ read: demoTotals.installments, inserted: demoTotals.installments, rejected: 0 });
    expect(byFile['payments.csv']).toMatchObject({ read: demoTotals.payments, inserted: demoTotals.payments, rejected: 0 });
    expect(report.changeLogEntries).toBe(demoTotals.customers + 200 + demoTotals.installments + demoTotals.payments);
    const [sums] = await db.query<{ principal: number; paid: number; loans: number }>(
      'SELECT (SELECT sum(principal)::bigint FROM loans) AS principal, (SELECT sum(amount)::bigint FROM payments) AS paid, (SELECT count(*)::int FROM loans) AS loans',
    );
    expect(sums).toEqual({ principal: demoTotals.principal, paid: demoTotals.paid, loans: 200 });
    const logged = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM change_log c JOIN loans l ON l.id = c.row_id
       WHERE c.table_name = 'loans' AND c.scope = 'branch:' || l.branch_id AND c.op = 'upsert' AND c.version = l.row_version`,
    );
    expect(logged[0]?.n).toBe(200);
  });

  it('a second import of the same files changes nothing and records no versions', async () => {
    const before = await versions();
    const report = await importDirectory(db, { dir: SAMPLE });
    expect(report.files.every((f) => f.inserted === 0 && f.updated === 0 && f.rejected === 0 && f.unchanged === f.read)).toBe(true);
    expect(report.changeLogEntries).toBe(0);
    expect(await versions()).toEqual(before);
  });

  it('rejects bad rows with their line and column and imports the rest', async () => {
    const dir = tmpDir();
    const cHead = 'customer_no,branch_code,name,type,segment,id_number_masked,phone,address,contact_points';
    // CRLF and a BOM, as a spreadsheet saves it.
    fs.writeFileSync(
      path.join(dir, 'customers.csv'),
      '\uFEFF' +
        [
          cHead,
          'CNEW0001,B001,"张三, 个体",individual,retail_mass,,13800000000,"杭州市""老街""1号",', // 2 ok: quoted comma, doubled quotes
          'CNEW0002,B999,李四,individual,retail_mass,,,,', // 3 unknown branch
          'CNEW0001,B001,张三,individual,retail_mass,,,,', // 4 duplicate key
          'CNEW0003,B001,王五,individual,retail_mass,,', // 5 wrong column count
          'CNEW0004,B001,"赵六,individual,retail_mass,,,,', // 6 quote never closed
          'CNEW0005,B002,"多行', // 7 ok: a line break inside a quoted field
          '地址",micro,individual_business,,,,',
          'CNEW0006,B001,孙"七,individual,retail_mass,,,,', // 9 quote inside an unquoted field
          'CNEW0007,B001,周八,person,retail_mass,,,,', // 10 bad type
        ].join('\r\n') +
        '\r\n',
    );
    type Over = Partial<Record<'principal' | 'disbursed' | 'officer' | 'collector', string>>;
    // Empty rounding and status take their defaults (half_up, active).
    const loan = (no: string, branch: string, customer: string, over: Over = {}) =>
      [
        ...[no, branch, customer, 'consumer_credit', 'consumer', over.principal ?? '1000000', '6.00', '12', 'equal_installment', ''],
        ...[over.disbursed ?? '2026-01-01', '2026-02-01', '2027-01-01', over.officer ?? 'officer1', over.collector ?? 'collector1'],
        ...['low', 'normal', '', ''],
      ].join(',');
    writeFiles(dir, {
      'loans.csv': [
        'loan_no,branch_code,customer_no,product,purpose,principal_fen,annual_rate,term_months,method,rounding,disbursed_on,first_due_date,maturity_date,officer_username,collector_username,risk_grade,five_class,restructured_until,status',
        loan('LNEW0001', 'B001', 'CNEW0001'), // 2 ok
        loan('LNEW0002', 'B001', 'CNEW0001', { disbursed: '2025-02-30' }), // 3 bad date
        loan('LNEW0003', 'B001', 'CNEW0001', { principal: '-500' }), // 4 negative amount
        loan('LNEW0004', 'B001', 'CNOPE'), // 5 unknown customer
        loan('LNEW0005', 'B001', 'CNEW0001', { officer: 'officer2' }), // 6 officer of another branch
        loan('LNEW0006', 'B002', 'CNEW0005', { officer: 'officer2', collector: 'collector2' }), // 7 ok
        loan('LNEW0007', 'B002', 'CNEW0001', { officer: 'officer2', collector: 'collector2' }), // 8 customer at another branch
      ],
      'installments.csv': [
        'loan_no,seq,due_date,principal_due_fen,interest_due_fen',
        'LNEW0001,1,2026-02-01,80000,5000', // 2 ok
        'LNEW0001,2,2026-03-01,80000,-1', // 3 negative amount
        'LNOPE,1,2026-02-01,1,1', // 4 unknown loan
        'LNEW0001,1,2026-02-01,80000,5000', // 5 duplicate key
        'LNEW0001,3,2026-04-01,80000,4000', // 6 ok
      ],
      'payments.csv': [
        'loan_no,payment_no,paid_on,amount_fen,channel,reference',
        'LNEW0001,T1,2026-02-01,85000,counter,GT-1', // 2 ok
        'LNEW0001,T2,2026-13-01,85000,counter,', // 3 bad date
        'LNEW0404,T1,2026-02-01,1,counter,', // 4 unknown loan
        'LNEW0001,T3,2026-03-01,0,counter,', // 5 zero amount
      ],
    });
    const report = await importDirectory(db, { dir });
    expect(rejectedAt(report)).toEqual(
      [
        'customers.csv:3:branch_code', 'customers.csv:4:-', 'customers.csv:5:-', 'customers.csv:6:-', 'customers.csv:9:-', 'customers.csv:10:type',
        'loans.csv:3:disbursed_on', 'loans.csv:4:principal_fen', 'loans.csv:5:customer_no', 'loans.csv:6:officer_username', 'loans.csv:8:customer_no',
        'installments.csv:3:interest_due_fen', 'installments.csv:4:loan_no', 'installments.csv:5:-',
        'payments.csv:3:paid_on', 'payments.csv:4:loan_no', 'payments.csv:5:amount_fen',
      ].sort(),
    );
    const reason = (file: string, line: number) => report.rejectedRows.find((r) => r.file === file && r.line === line)?.errors[0];
    expect(reason('loans.csv', 4)).toMatchObject({ en: 'must not be negative', zh: expect.stringContaining('负数') });
    expect(reason('customers.csv', 3)).toMatchObject({ en: 'unknown branch code B999' });
    expect(reason('customers.csv', 4)?.en).toMatch(/duplicate key CNEW0001 \(first on line 2\)/);
    expect(reason('customers.csv', 5)?.en).toBe('expected 9 columns, found 7');
    expect(reason('loans.csv', 6)?.en).toBe('user officer2 works at branch B002');
    expect(report.files.map((f) => [f.file, f.read, f.inserted, f.rejected])).toEqual([
      ['customers.csv', 8, 2, 6],
      ['loans.csv', 7, 2, 5],
      ['installments.csv', 5, 2, 3],
      ['payments.csv', 4, 1, 3],
    ]);
    const customers = await db.query<{ customer_no: string; name: string; address: string | null }>(
      `SELECT customer_no, name, address FROM customers WHERE customer_no LIKE 'CNEW%' ORDER BY customer_no`,
    );
    expect(customers).toEqual([
      { customer_no: 'CNEW0001', name: '张三, 个体', address: '杭州市"老街"1号' },
      { customer_no: 'CNEW0005', name: '多行\n地址', address: null },
    ]);
    const [l] = await db.query<Record<string, unknown>>(`SELECT id, rounding, status, principal FROM loans WHERE loan_no = 'LNEW0001'`);
    expect(l).toEqual({ id: stableId('loans', 'LNEW0001'), rounding: 'half_up', status: 'active', principal: 1_000_000 });
  });

  it('moves a loan, its schedule and its payments out of the old branch scope when the export moves it', async () => {
    const loans = sampleRows('loans.csv');
    const customers = sampleRows('customers.csv');
    const [lHead, ...lRows] = loans as [string[], ...string[][]];
    const col = (name: string) => lHead.indexOf(name);
    const borrower = col('customer_no');
    const once = lRows.filter((r) => r[col('branch_code')] === 'B001' && lRows.filter((o) => o[borrower] === r[borrower]).length === 1);
    const moved = [...(once.find((r) => Number(r[col('term_months')]) >= 12) as string[])];
    const customer = [...(customers.find((c) => c[0] === moved[col('customer_no')]) as string[])];
    customer[1] = 'B002';
    Object.assign(moved, { [col('branch_code')]: 'B002', [col('officer_username')]: 'officer2', [col('collector_username')]: 'collector2' });
    const dir = writeFiles(tmpDir(), {
      'customers.csv': [(customers[0] as string[]).join(','), customer.map(csvCell).join(',')],
      'loans.csv': [lHead.join(','), moved.map(csvCell).join(',')],
    });
    const [loan] = await db.query<{ id: string }>('SELECT id FROM loans WHERE loan_no = $1', [moved[0]]);
    const [counts] = await db.query<{ i: number; p: number }>(
      'SELECT (SELECT count(*)::int FROM installments WHERE loan_id = $1) AS i, (SELECT count(*)::int FROM payments WHERE loan_id = $1) AS p',
      [loan?.id],
    );
    const report = await importDirectory(db, { dir });
    expect(report.files.map((f) => [f.file, f.updated, f.rejected])).toEqual([['customers.csv', 1, 0], ['loans.csv', 1, 0]]);
    expect(report.movedWithLoan).toEqual({ installments: counts?.i, payments: counts?.p });
    expect(report.warnings).toEqual([]);

    const [b1, b2] = [await branchId('B001'), await branchId('B002')];
    const entries = await db.query<{ scope: string; table_name: string; op: string }>(
      `SELECT c.scope, c.table_name, c.op FROM change_log c
       WHERE c.row_id = $1 OR c.row_id IN (SELECT id FROM installments WHERE loan_id = $1 UNION ALL SELECT id FROM payments WHERE loan_id = $1)
          OR c.row_id = (SELECT customer_id FROM loans WHERE id = $1)`,
      [loan?.id],
    );
    const count = (scope: string, table: string, op: string) => entries.filter((e) => e.scope === scope && e.table_name === table && e.op === op).length;
    expect(count(branchScope(b1), 'loans', 'remove')).toBe(1);
    expect(count(branchScope(b1), 'customers', 'remove')).toBe(1);
    expect(count(branchScope(b1), 'installments', 'remove')).toBe(counts?.i);
    expect(count(branchScope(b2), 'loans', 'upsert')).toBe(1);
    expect(count(branchScope(b2), 'installments', 'upsert')).toBe(counts?.i);
    expect(count(branchScope(b1), 'loans', 'upsert') + count(branchScope(b1), 'installments', 'upsert')).toBe(0);
    const [row] = await db.query<{ branch_id: string }>('SELECT branch_id FROM loans WHERE id = $1', [loan?.id]);
    expect(row?.branch_id).toBe(b2);
  });

  it('a dry run reports what would change and writes nothing', async () => {
    const [head, ...rows] = sampleRows('loans.csv') as [string[], ...string[][]];
    // A loan of B002, which the previous test left alone.
    const changed = [...(rows.find((r) => r[head.indexOf('branch_code')] === 'B002') as string[])];
    const grade = head.indexOf('risk_grade');
    changed[grade] = changed[grade] === 'high' ? 'low' : 'high';
    const dir = writeFiles(tmpDir(), { 'loans.csv': [head.join(','), changed.join(',')] });
    const snapshot = async () =>
      JSON.stringify([
        await versions(),
        await db.query('SELECT count(*)::int AS n, max(updated_at) AS at FROM loans'),
        await db.query('SELECT count(*)::int AS n FROM change_log'),
      ]);
    const before = await snapshot();
    const report = await importDirectory(db, { dir, dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(report.files[0]).toMatchObject({ updated: 1, rejected: 0 });
    expect(report.changeLogEntries).toBe(1);
    expect(await snapshot()).toBe(before);
  });

  it('refuses a file set whose header is wrong, importing nothing', async () => {
    const dir = writeFiles(tmpDir(), {
      'customers.csv': ['customer_no,branch_code,name,type,segment,id_number_masked,phone,address,contact_points', 'CHDR0001,B001,x,individual,retail_mass,,,,'],
      'loans.csv': ['loan_no,branch_code,extra', 'L,B001,x'],
    });
    const err = await importDirectory(db, { dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdminError);
    expect(String((err as Error).message)).toMatch(/loans\.csv: .*missing columns: customer_no.*\n.*unknown columns: extra/s);
    expect(await db.query(`SELECT 1 FROM customers WHERE customer_no = 'CHDR0001'`)).toEqual([]);
  });
});

// Backend-independent: checks the sample format against the demo seed, so PGlite is enough. 40 loans:
// the first test of this file already proves the committed sample is export-sample's output.
describe('the sample against the demo seed', () => {
  it('over seed-demo an exported sample matches row for row, and payments are refused, not doubled', async () => {
    const dir = tmpDir();
    const counts = await exportSample(dir, { loans: 40 });
    const other = await openTestCentralDb();
    try {
      await seedDemo(other, { loans: 40 });
      const report = await importDirectory(other, { dir });
      expect(report.files.map((f) => [f.file, f.unchanged, f.rejected])).toEqual([
        ['customers.csv', counts.customers, 0],
        ['loans.csv', 40, 0],
        ['installments.csv', counts.installments, 0],
        ['payments.csv', 0, counts.payments],
      ]);
      expect(report.changeLogEntries).toBe(0);
    } finally {
      await other.close();
    }
  });
});

describe('the import CLI', () => {
  it('prints the report, saves it next to the input and exits 3 when rows were rejected', async () => {
    const dataDir = tmpDir();
    const dir = writeFiles(tmpDir(), { 'payments.csv': ['loan_no,payment_no,paid_on,amount_fen,channel,reference', 'LN-NOPE,P1,2026-01-01,100,counter,'] });
    const failed = await run(process.execPath, ['--import', 'tsx', 'server/main.ts', 'import', '--dir', dir], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
    }).catch((e: { code: number; stdout: string }) => e);
    expect(failed).toMatchObject({ code: 3 });
    const stdout = (failed as { stdout: string }).stdout;
    expect(stdout).toMatch(/payments\.csv\s+1\s+0\s+0\s+0\s+1/);
    expect(stdout).toContain('payments.csv:2 [LN-NOPE#P1] loan_no: 未知贷款号 LN-NOPE / unknown loan_no LN-NOPE');
    const saved = fs.readdirSync(dir).filter((f) => /^import-report-.*\.json$/.test(f));
    expect(saved).toHaveLength(1);
    const json = JSON.parse(fs.readFileSync(path.join(dir, saved[0] as string), 'utf8')) as ImportReport;
    expect(json.rejectedRows).toEqual([{ file: 'payments.csv', line: 2, key: 'LN-NOPE#P1', errors: [expect.objectContaining({ column: 'loan_no' })] }]);
  });
});
