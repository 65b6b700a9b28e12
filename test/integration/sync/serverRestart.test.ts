// Head office stopped in the middle of a large push and started again: the workstation's retry loop
// finishes the job, every mutation is applied exactly once, and the branch equals head office.
// On PostgreSQL (TEST_DATABASE_URL) the server process is SIGKILLed; on the embedded PGlite it is
// restarted with SIGTERM (a graceful stop: PGlite keeps its database inside the server process, so a
// kill would test PGlite's own file recovery rather than our protocol).
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSchedule } from '../../../shared/domain/schedule';
import { createBranch, createEnrollmentCode, createUser, importReferenceRows } from '../../../server/admin';
import { openCentralDb, type CentralDb } from '../../../server/db';
import { tempDir } from '../../helpers/fixtures';
import { testTls } from '../../helpers/tls';
import { openTestWorkstation } from '../../helpers/workstation';

const ROOT = path.resolve(__dirname, '../../..');
const DATABASE_URL = process.env['TEST_DATABASE_URL'];

interface Backend {
  name: string;
  signal: NodeJS.Signals;
  env: Record<string, string>;
  open(): Promise<CentralDb>;
  cleanup(db: CentralDb): Promise<void>;
}

function backends(): Backend[] {
  const dataDir = tempDir('ho-restart-');
  const list: Backend[] = [
    { name: 'pglite', signal: 'SIGTERM', env: { DATA_DIR: dataDir }, open: () => openCentralDb({ dataDir }), cleanup: async () => undefined },
  ];
  if (DATABASE_URL) {
    const schema = `t_restart_${uuidv7().replace(/-/g, '').slice(-16)}`;
    list.push({
      name: 'postgres',
      signal: 'SIGKILL',
      env: { DATABASE_URL, DATABASE_SCHEMA: schema },
      open: () => openCentralDb({ databaseUrl: DATABASE_URL, schema }),
      cleanup: async (db) => void (await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)),
    });
  }
  return list;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

function startServer(env: Record<string, string>, port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/main.ts')], {
      cwd: ROOT,
      // HTTPS as in production, the certificate from the environment (server/main.ts).
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', TLS_CERT_FILE: testTls().server.certFile, TLS_KEY_FILE: testTls().server.keyFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('listening')) resolve(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${out.slice(-500)}`)));
  });
}

function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** A branch, an officer and a loan, as head office would hold them; returns the enrollment code. */
async function seed(db: CentralDb): Promise<{ officer: string; loan: string; code: string }> {
  const branch = await createBranch(db, { code: 'B001', nameZh: '城东支行', nameEn: 'East City Branch' });
  const officer = (await createUser(db, { branchCode: 'B001', username: 'officer1', displayName: '王', roles: ['officer'], password: 'Branch#2026' })).id;
  const customer = uuidv7();
  const loan = uuidv7();
  await importReferenceRows(db, 'customers', [
    { id: customer, branch_id: branch.id, customer_no: 'C1', name: '张三', type: 'individual', segment: 'retail', contact_points: [] },
  ]);
  const terms = { principal: 1_000_000, annualRate: '4.35', termMonths: 6, method: 'equal_principal' as const, firstDueDate: '2026-06-01' };
  await importReferenceRows(db, 'loans', [
    {
      id: loan, branch_id: branch.id, loan_no: 'LN-R-1', customer_id: customer, product: 'consumer_credit', purpose: 'consumer',
      principal: terms.principal, annual_rate: terms.annualRate, term_months: 6, method: terms.method, rounding: 'half_up',
      disbursed_on: '2026-05-01', first_due_date: terms.firstDueDate, maturity_date: '2026-11-01', officer_id: officer,
      collector_id: null, risk_grade: 'low', five_class: 'normal', status: 'active',
    },
  ]);
  await importReferenceRows(
    db,
    'installments',
    buildSchedule(terms).map((r) => ({ id: uuidv7(), branch_id: branch.id, loan_id: loan, seq: r.seq, due_date: r.dueDate, principal_due: r.principal, interest_due: r.interest })),
  );
  return { officer, loan, code: (await createEnrollmentCode(db, { branchCode: 'B001' })).code };
}

const servers: ChildProcess[] = [];
afterAll(async () => {
  for (const s of servers) await stop(s, 'SIGKILL');
});

describe.each(backends())('head office restarted mid-batch on $name', (backend) => {
  it('applies every mutation exactly once after the restart', { timeout: 90_000 }, async () => {
    let db = await backend.open();
    const { officer, loan, code } = await seed(db);
    // PGlite is one process's database: head office gets it to itself while it runs.
    if (backend.name === 'pglite') await db.close();
    const port = await freePort();
    const url = `https://127.0.0.1:${port}`;
    let server = await startServer(backend.env, port);
    servers.push(server);

    const ws = openTestWorkstation();
    await ws.sync.enroll(url, code, 'restart', testTls().server.pin);
    await ws.sync.syncNow();
    const written: string[] = [];
    for (let i = 0; i < 3000; i++) written.push(ws.addNote(officer, loan, `restart ${i}`));
    const applied = () => (ws.store.read().sql.prepare("SELECT COUNT(*) AS n FROM outbox WHERE status = 'applied'").get() as { n: number }).n;
    const round = ws.sync.syncNow().then(
      () => 'finished',
      () => 'failed',
    );
    // Stop head office once the first batches are acknowledged and the rest are on their way.
    while (applied() === 0) await new Promise((r) => setTimeout(r, 5));
    await stop(server, backend.signal);
    expect(await round).toBe('failed');
    expect(applied()).toBeLessThan(written.length);

    server = await startServer(backend.env, port);
    servers.push(server);
    let ok = false;
    for (let attempt = 0; attempt < 5 && !ok; attempt++) ok = await ws.sync.syncNow().then(() => true, () => false);
    expect(ok).toBe(true);
    const outbox = ws.store.read().sql.prepare('SELECT status FROM outbox').all() as { status: string }[];
    expect(outbox.filter((o) => o.status !== 'applied')).toEqual([]);
    await ws.sync.stop();

    if (backend.name === 'pglite') {
      await stop(server, 'SIGTERM');
      db = await backend.open();
    }
    const serverNotes = await db.query<{ id: string; row_version: number }>('SELECT id, row_version FROM loan_notes ORDER BY id');
    expect(serverNotes.map((n) => n.id)).toEqual([...written].sort());
    const [log] = await db.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM mutation_log');
    expect(log!.n).toBe(written.length);
    expect(ws.store.read().sql.prepare('SELECT id, row_version FROM loan_notes ORDER BY id').all()).toEqual(serverNotes);
    ws.store.close();
    await backend.cleanup(db);
    await db.close();
  });
});
