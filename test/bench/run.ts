// `npm run bench`: one JSON object per line { name, value, unit }. Not a test: figures to read, with the
// physical floor printed beside the write-path figure.
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { buildSchedule, type ScheduleTerms } from '../../shared/domain/schedule';
import { loanNoteAdd } from '../../shared/mutations/loanNote';
import Database from 'better-sqlite3';
import { configureConnection } from '../../db/local/store';
import { createDispatcher } from '../../main/api/dispatcher';
import { loadDemo } from '../../main/services/demo';
import { mutate } from '../../main/services/mutate';
import { SessionStore } from '../../main/services/session';
import { createFixture, openRawTestConnection, openTestStore, serviceContext, tempDir } from '../helpers/fixtures';
import { DEMO_PASSWORD } from '../../shared/demo/generate';
import { runSyncBenchmarks } from './sync';

function emit(name: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ name, value: Number(value.toFixed(4)), unit, ...extra }));
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function benchLocalWrite(): void {
  const N = 10_000;
  const fx = createFixture();
  const ctx = serviceContext(fx, 'officerA');
  const samples: number[] = [];
  for (let i = 0; i < N + 200; i++) {
    const t0 = performance.now();
    mutate(ctx, loanNoteAdd, { id: uuidv7(), loanId: fx.loanA, body: `bench note ${i}` });
    if (i >= 200) samples.push(performance.now() - t0); // the first 200 warm up caches and the JIT
  }
  fx.store.close();

  // The floor: the same three rows (note, outbox, audit) with raw prepared statements, one transaction
  // each, same file settings and key, same run — what encrypted SQLite itself costs for this write.
  const floorFx = createFixture();
  floorFx.store.close();
  const floor = rawWriteSamples(openRawTestConnection(floorFx.file), N);
  // And without encryption, to say what the cipher costs: the same fixture decrypted in place.
  const plainFx = createFixture();
  plainFx.store.close();
  const decrypting = openRawTestConnection(plainFx.file);
  decrypting.pragma('journal_mode = DELETE');
  decrypting.pragma("rekey = ''");
  decrypting.close();
  const plainFloor = rawWriteSamples(new Database(plainFx.file), N);
  const p99 = percentile(samples, 99);
  const floorP99 = percentile(floor, 99);
  const plainP99 = percentile(plainFloor, 99);
  emit('local.write.p99_ms', p99, 'ms', { n: N, p50: Number(percentile(samples, 50).toFixed(4)), encrypted: true });
  emit('local.write.floor_p99_ms', floorP99, 'ms', { n: N, p50: Number(percentile(floor, 50).toFixed(4)), encrypted: true });
  emit('local.write.plain_floor_p99_ms', plainP99, 'ms', { n: N, p50: Number(percentile(plainFloor, 50).toFixed(4)), encrypted: false });
  emit('local.write.encryption_cost_x', floorP99 / plainP99, 'x', { of: 'floor p99, encrypted / plain' });
  emit('local.write.p99_ratio', p99 / floorP99, 'x', { target: '< 4' });
}

/** Latencies of the raw three-row write (note, outbox, audit) on a connection; closes it. */
function rawWriteSamples(db: Database.Database, n: number): number[] {
  configureConnection(db);
  const insNote = db.prepare(
    'INSERT INTO loan_notes (id, branch_id, created_at, updated_at, updated_by, loan_id, body) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insOutbox = db.prepare(
    `INSERT INTO outbox (client_id, mutation_id, name, args, base_versions, user_id, device_time, status)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')`,
  );
  const insAudit = db.prepare(
    `INSERT INTO audit_log (id, branch_id, at, actor_id, device_id, action, entity_type, entity_id, before_digest,
       after_digest, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const writeOne = db.transaction((i: number) => {
    const id = uuidv7();
    const now = new Date().toISOString();
    insNote.run(id, 'branch-A', now, now, 'u', 'loan-A', `bench note ${i}`);
    insOutbox.run('c', id, 'loanNote.add@1', `{"id":"${id}"}`, '{}', 'u', now);
    insAudit.run(id, 'branch-A', now, 'u', 'd', 'loanNote.add', 'loan_note', id, null, 'x'.repeat(64), 'y'.repeat(64), 'z'.repeat(64));
  });
  const samples: number[] = [];
  for (let i = 0; i < n + 200; i++) {
    const t0 = performance.now();
    writeOne.immediate(i);
    if (i >= 200) samples.push(performance.now() - t0);
  }
  db.close();
  return samples;
}

function benchSchedule(): void {
  const terms: ScheduleTerms = { principal: 100_000_000, annualRate: '4.9', termMonths: 360, method: 'equal_installment', firstDueDate: '2026-01-31' };
  const rates = ['3.1', '3.45', '4.2', '4.9', '5.88', '6.15'];
  const methods: ScheduleTerms['method'][] = ['equal_installment', 'equal_principal', 'interest_only'];
  for (let i = 0; i < 500; i++) buildSchedule({ ...terms, principal: terms.principal + i });
  const N = 6_000;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    buildSchedule({ ...terms, principal: terms.principal + i * 137, annualRate: rates[i % rates.length] ?? '4.9', method: methods[i % 3] ?? 'equal_installment' });
  }
  emit('schedule.build.per_loan_us', ((performance.now() - t0) * 1000) / N, 'us', { termMonths: 360, loans: N });
}

async function benchSeedAndPortfolio(): Promise<void> {
  const dir = tempDir('bench-100k-');
  const store = openTestStore(path.join(dir, 'workstation.db'));
  const t0 = performance.now();
  loadDemo(store, { loans: 100_000 });
  emit('demo.seed.100k_s', (performance.now() - t0) / 1000, 's', { loans: 100_000 });

  const dispatch = createDispatcher({ store, deviceId: 'bench', clientId: 'bench' });
  const session = new SessionStore().slot('bench');
  const signIn = await dispatch(session, 'auth.signIn', { username: 'officer1', password: DEMO_PASSWORD }, 'zh-CN');
  if (!signIn.ok) throw new Error(`sign-in failed: ${JSON.stringify(signIn.error)}`);
  const queries = [
    { buckets: ['M1', 'M2', 'M3'], sort: { field: 'dpd', dir: 'desc' } },
    { purposes: ['business'], sort: { field: 'outstandingPrincipal', dir: 'desc' } },
    { q: '王', sort: { field: 'customerName', dir: 'asc' } },
    { fiveClasses: ['normal'], sort: { field: 'maturityDate', dir: 'asc' } },
  ];
  const samples: number[] = [];
  for (let round = 0; round < 8; round++) {
    for (const q of queries) {
      const t = performance.now();
      const res = await dispatch(session, 'portfolio.list', { ...q, offset: 0, limit: 100 }, 'zh-CN');
      if (!res.ok) throw new Error(JSON.stringify(res.error));
      if (round > 0) samples.push(performance.now() - t);
    }
  }
  const count = (sql: string) => (store.read().sql.prepare(sql).get() as { n: number }).n;
  const branchLoans = count("SELECT COUNT(*) AS n FROM loans WHERE branch_id = (SELECT branch_id FROM users WHERE username = 'officer1')");
  emit('portfolio.query.ms', percentile(samples, 50), 'ms', {
    p95: Number(percentile(samples, 95).toFixed(2)),
    loans: count('SELECT COUNT(*) AS n FROM loans'),
    branchLoans,
  });
  store.close();
}

// BENCH_ONLY=local.write,sync (comma-separated section names) runs only those sections.
const only = process.env['BENCH_ONLY']?.split(',').map((x) => x.trim()) ?? null;
const wanted = (section: string) => only === null || only.includes(section);
if (wanted('forms')) (await import('./forms')).runFormBenchmarks((line) => console.log(JSON.stringify(line))); // form engine: fast, pure
if (wanted('dd')) await (await import('./dd')).runDdBenchmarks((line) => console.log(JSON.stringify(line))); // due diligence through the API
if (wanted('inspections')) (await import('./inspections')).runInspectionBenchmarks((line) => console.log(JSON.stringify(line))); // planner: pure
if (wanted('local.write')) benchLocalWrite();
if (wanted('schedule')) benchSchedule();
if (wanted('portfolio')) await benchSeedAndPortfolio();
if (wanted('collections')) {
  // collections through the API; BENCH_BOOK and BENCH_COLLECTIONS narrow it while working on it
  const parts = process.env['BENCH_COLLECTIONS']?.split(',').map((x) => x.trim()) as ('queue' | 'log' | 'kpi')[] | undefined;
  await (await import('./collections')).runCollectionBenchmarks((line) => console.log(JSON.stringify(line)), {
    ...(process.env['BENCH_BOOK'] ? { bookFile: process.env['BENCH_BOOK'] } : {}),
    ...(parts ? { parts: new Set(parts) } : {}),
  });
}
// Head-office sync (PostgreSQL when TEST_DATABASE_URL is set, else PGlite); see sync.ts.
if (wanted('sync')) await runSyncBenchmarks(emit);
