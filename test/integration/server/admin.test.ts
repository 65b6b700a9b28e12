// Head-office administration: users with branch-verifiable password hashes, the demo book seeded
// with change-log entries (so a branch can pull it), and the CLI end to end.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../server/app';
import { AdminError, createBranch, createUser } from '../../../server/admin';
import { openCentralDb } from '../../../server/db';
import { seedDemo } from '../../../server/seedDemo';
import { DEMO_PASSWORD, generateDemo } from '../../../shared/demo/generate';
import { branchScope } from '../../../shared/sync/protocol';
import { centralBackends, enrollTestDevice, pullAll, uniqueCode } from '../../helpers/central';
import { serverTestBed } from '../../helpers/serverTestBed';
import { verifyPassword as branchVerify } from '../../../main/services/passwords';

const run = promisify(execFile);

describe.each(centralBackends())('administration on $name', ({ open }) => {
  const { db, app } = serverTestBed(open);

  it('seeds the demo book with change-log entries a branch pulls parent-first', async () => {
    const counts = await seedDemo(db, { loans: 40 });
    expect(counts).toMatchObject({ branches: 2, users: 14, loans: 40 });
    await expect(seedDemo(db, { loans: 1 })).rejects.toThrow(AdminError);

    const device = await enrollTestDevice(db, 'B001');
    const [branch] = await db.query<{ id: string }>(`SELECT id FROM branches WHERE code = 'B001'`);
    const pages = await pullAll(app, device.token, branchScope(branch?.id ?? ''), { epoch: null, cursor: 0 });
    const changes = pages.flatMap((p) => p.changes);
    const [loans] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM loans WHERE branch_id = $1', [branch?.id]);
    expect(changes.filter((c) => c.table === 'loans')).toHaveLength(loans?.n ?? -1);
    // Every loan arrives after its customer, every installment and payment after its loan.
    const seen = new Set<string>();
    for (const c of changes) {
      const row = c.row ?? {};
      if (c.table === 'loans') expect(seen.has(String(row['customer_id']))).toBe(true);
      if (c.table === 'installments' || c.table === 'payments') expect(seen.has(String(row['loan_id']))).toBe(true);
      seen.add(c.id);
    }
    const user = changes.find((c) => c.table === 'users')?.row;
    // The branch verifies this hash offline with its own code.
    expect(branchVerify(DEMO_PASSWORD, String(user?.['password_hash']))).toBe(true);
    const customer = changes.find((c) => c.table === 'customers')?.row;
    expect(Array.isArray(customer?.['contact_points'])).toBe(true);
  });

  it('seeds the collection contact history with the book, each contact after its loan and each promise after its contact', async () => {
    // A fresh head office (the first test's holds a book already), with a book big enough for every kind of entry.
    const fresh = await open();
    try {
      const demo = generateDemo({ loans: 300 });
      const expected = { contacts: 0, promises: 0 };
      for (const b of demo.loans()) {
        expected.contacts += b.contacts?.length ?? 0;
        expected.promises += b.promises?.length ?? 0;
      }
      const counts = await seedDemo(fresh, { loans: 300 });
      expect(counts).toMatchObject(expected);
      expect(expected.contacts).toBeGreaterThan(20);
      expect(expected.promises).toBeGreaterThan(2);
      const [stored] = await fresh.query<{ contacts: number; promises: number; bad: number }>(
        `SELECT (SELECT count(*)::int FROM contacts) AS contacts, (SELECT count(*)::int FROM promises_to_pay) AS promises,
                (SELECT count(*)::int FROM contacts c LEFT JOIN loans l ON l.id = c.loan_id
                  WHERE l.id IS NULL OR l.branch_id <> c.branch_id OR c.updated_by <> c.collector_id OR c.created_at <> c.started_at) AS bad`,
      );
      expect(stored).toEqual({ ...expected, bad: 0 });

      const freshApp = buildServer({ db: fresh });
      try {
        const device = await enrollTestDevice(fresh, 'B001');
        const [branch] = await fresh.query<{ id: string }>(`SELECT id FROM branches WHERE code = 'B001'`);
        const pages = await pullAll(freshApp, device.token, branchScope(branch?.id ?? ''), { epoch: null, cursor: 0 });
        const changes = pages.flatMap((p) => p.changes);
        const seen = new Set<string>();
        for (const c of changes) {
          const row = c.row ?? {};
          if (c.table === 'contacts') expect(seen.has(String(row['loan_id']))).toBe(true);
          if (c.table === 'promises_to_pay') expect(seen.has(String(row['contact_id']))).toBe(true);
          seen.add(c.id);
        }
        const contact = changes.find((c) => c.table === 'contacts' && c.row?.['outcome'] === 'promise_to_pay')?.row;
        expect(contact).toMatchObject({ channel: 'phone', party: 'borrower', consent_late: false, override_ids: [] });
        const [inBranch] = await fresh.query<{ n: number }>('SELECT count(*)::int AS n FROM contacts WHERE branch_id = $1', [branch?.id]);
        expect(changes.filter((c) => c.table === 'contacts')).toHaveLength(inBranch?.n ?? -1);
      } finally {
        await freshApp.close();
      }
    } finally {
      await fresh.close();
    }
  });

  it('creates branches and users with clear refusals', async () => {
    const code = uniqueCode('A');
    await createBranch(db, { code, nameZh: '城东支行', nameEn: 'East City Branch' });
    await expect(createBranch(db, { code, nameZh: 'x', nameEn: 'x' })).rejects.toThrow(/already exists/);
    const username = `u${code}`.toLowerCase();
    const { id } = await createUser(db, { branchCode: code, username, displayName: '名字', roles: ['officer', 'supervisor'], password: 'pässwörd-１' });
    const [row] = await db.query<{ roles: string[]; active: boolean; password_hash: string }>('SELECT roles, active, password_hash FROM users WHERE id = $1', [id]);
    expect(row).toMatchObject({ roles: ['officer', 'supervisor'], active: true });
    expect(row?.password_hash).toMatch(/^scrypt\$65536\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(branchVerify('pässwörd-1', row?.password_hash ?? '')).toBe(true); // NFKC: the full-width digit is a 1
    expect(branchVerify('pässwörd-１', row?.password_hash ?? '')).toBe(true);
    await expect(createUser(db, { branchCode: code, username, displayName: 'x', roles: ['officer'], password: 'long enough' })).rejects.toThrow(/already exists/);
    await expect(createUser(db, { branchCode: code, username: 'x2', displayName: 'x', roles: ['boss'], password: 'long enough' })).rejects.toThrow(/roles/);
    await expect(createUser(db, { branchCode: 'NOPE', username: 'x3', displayName: 'x', roles: ['officer'], password: 'long enough' })).rejects.toThrow(/no branch/);
  });
});

describe('the server CLI', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bcw-headoffice-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('creates a branch and prints a one-time enrollment code that enrolls a device', async () => {
    const cli = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' } });
    await cli('create-branch', '--code', 'B777', '--name-zh', '测试支行', '--name-en', 'Test Branch');
    const { stdout } = await cli('enroll-code', '--branch', 'B777', '--ttl-hours', '2');
    const code = stdout.trim();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await expect(cli('enroll-code', '--branch', 'B777', '--bogus', '1')).rejects.toMatchObject({ code: 2 });

    const db = await openCentralDb({ dataDir });
    const app = buildServer({ db });
    try {
      const res = await app.inject({ method: 'POST', url: '/enroll', payload: { code, deviceName: 'CLI PC' } });
      expect(res.statusCode).toBe(200);
    } finally {
      await app.close();
      await db.close();
    }
  });
});
