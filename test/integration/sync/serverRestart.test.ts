// Head office killed (SIGKILL) in the middle of a large push and started again: the workstation's
// retry loop finishes the job, every mutation is applied exactly once, and the branch equals head
// office. Needs PostgreSQL (a killed PGlite process could leave its files half-written, which is not
// what this test is about): runs when TEST_DATABASE_URL is set.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchedule } from '../../../shared/domain/schedule';
import { createBranch, createEnrollmentCode, createUser, importReferenceRows } from '../../../server/admin';
import { openCentralDb, type CentralDb } from '../../../server/db';
import { openTestWorkstation } from '../../helpers/workstation';

const ROOT = path.resolve(__dirname, '../../..');
const DATABASE_URL = process.env['TEST_DATABASE_URL'];
const schema = `t_restart_${uuidv7().replace(/-/g, '').slice(-16)}`;
let db: CentralDb;
let port = 0;
let server: ChildProcess | null = null;
const ids = { officer: '', loan: '' };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

function startServer(): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/main.ts')], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL, DATABASE_SCHEMA: schema, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('listening') || out.includes('Server listening')) resolve(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${out.slice(-500)}`)));
  });
}

describe.runIf(DATABASE_URL)('head office restarted mid-batch', () => {
  beforeAll(async () => {
    db = await openCentralDb({ databaseUrl: DATABASE_URL, schema });
    await createBranch(db, { code: 'B001', nameZh: '城东支行', nameEn: 'East City Branch' });
    ids.officer = (await createUser(db, { branchCode: 'B001', username: 'officer1', displayName: '王', roles: ['officer'], password: 'Branch#2026' })).id;
    const [branch] = await db.query<{ id: string }>("SELECT id FROM branches WHERE code = 'B001'");
    const customer = uuidv7();
    ids.loan = uuidv7();
    await importReferenceRows(db, 'customers', [
      { id: customer, branch_id: branch!.id, customer_no: 'C1', name: '张三', type: 'individual', segment: 'retail', contact_points: [] },
    ]);
    const terms = { principal: 1_000_000, annualRate: '4.35', termMonths: 6, method: 'equal_principal' as const, firstDueDate: '2026-06-01' };
    await importReferenceRows(db, 'loans', [
      {
        id: ids.loan, branch_id: branch!.id, loan_no: 'LN-R-1', customer_id: customer, product: 'consumer_credit', purpose: 'consumer',
        principal: terms.principal, annual_rate: terms.annualRate, term_months: 6, method: terms.method, rounding: 'half_up',
        disbursed_on: '2026-05-01', first_due_date: terms.firstDueDate, maturity_date: '2026-11-01', officer_id: ids.officer,
        collector_id: null, risk_grade: 'low', five_class: 'normal', status: 'active',
      },
    ]);
    await importReferenceRows(
      db,
      'installments',
      buildSchedule(terms).map((r) => ({ id: uuidv7(), branch_id: branch!.id, loan_id: ids.loan, seq: r.seq, due_date: r.dueDate, principal_due: r.principal, interest_due: r.interest })),
    );
    port = await freePort();
    server = await startServer();
  });
  afterAll(async () => {
    server?.kill('SIGKILL');
    await db?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db?.close();
  });

  it('applies every mutation exactly once after the restart', async () => {
    const ws = openTestWorkstation();
    const url = `http://127.0.0.1:${port}`;
    await ws.sync.enroll(url, (await createEnrollmentCode(db, { branchCode: 'B001' })).code, 'restart');
    const written: string[] = [];
    for (let i = 0; i < 1500; i++) written.push(ws.addNote(ids.officer, ids.loan, `restart ${i}`));
    const round = ws.sync.syncNow();
    // Kill head office once it has committed part of the batch.
    for (;;) {
      const [row] = await db.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM loan_notes');
      if ((row?.n ?? 0) > 0) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    server!.kill('SIGKILL');
    await expect(round).rejects.toThrow();
    const [partial] = await db.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM loan_notes');
    expect(partial!.n).toBeLessThan(written.length);

    server = await startServer();
    let ok = false;
    for (let attempt = 0; attempt < 5 && !ok; attempt++) ok = await ws.sync.syncNow().then(() => true, () => false);
    expect(ok).toBe(true);
    const outbox = ws.store.read().sql.prepare('SELECT status FROM outbox').all() as { status: string }[];
    expect(outbox.filter((o) => o.status !== 'applied')).toEqual([]);
    const server_notes = await db.query<{ id: string; row_version: number }>('SELECT id, row_version FROM loan_notes ORDER BY id');
    expect(server_notes.map((n) => n.id)).toEqual([...written].sort());
    const [log] = await db.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM mutation_log');
    expect(log!.n).toBe(written.length);
    expect(ws.store.read().sql.prepare('SELECT id, row_version FROM loan_notes ORDER BY id').all()).toEqual(server_notes);
    await ws.close();
  });
});
