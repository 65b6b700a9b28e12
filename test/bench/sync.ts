// Sync benchmarks against a real head office on loopback (PostgreSQL when TEST_DATABASE_URL is set,
// else PGlite), each with its floor: the same rows written straight into the same database.
import { v7 as uuidv7 } from 'uuid';
import { startHeadOffice, type Backend, type HeadOffice } from '../helpers/headOffice';
import { openTestWorkstation } from '../helpers/workstation';

type Emit = (name: string, value: number, unit: string, extra?: Record<string, unknown>) => void;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Raw multi-row INSERTs of n loan notes into the same database: what the rows alone cost. */
async function insertFloor(ho: HeadOffice, n: number): Promise<number> {
  const t0 = performance.now();
  const batch = 500;
  for (let i = 0; i < n; i += batch) {
    const params: unknown[] = [];
    const values: string[] = [];
    for (let j = i; j < Math.min(n, i + batch); j++) {
      const now = new Date().toISOString();
      params.push(uuidv7(), ho.branchA, now, now, ho.users['officer1'], ho.loanA, `floor ${j}`);
      const b = params.length - 7;
      values.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, 1)`);
    }
    await ho.db.query(
      `INSERT INTO loan_notes (id, branch_id, created_at, updated_at, updated_by, loan_id, body, row_version) VALUES ${values.join(', ')}`,
      params,
    );
  }
  return n / ((performance.now() - t0) / 1000);
}

async function benchPush(ho: HeadOffice, emit: Emit, backend: Backend): Promise<void> {
  const N = 10_000;
  const ws = openTestWorkstation();
  await ws.sync.enroll(ho.url, await ho.enrollCode('B001'), 'bench');
  for (let i = 0; i < N; i++) ws.addNote(ho.users['officer1']!, ho.loanA, `bench ${i}`);
  const t0 = performance.now();
  await ws.sync.syncNow();
  const seconds = (performance.now() - t0) / 1000;
  const left = ws.sync.status().pending;
  await ws.close();
  if (left !== 0) throw new Error(`${left} mutations still pending after the drain`);
  const floor = await insertFloor(ho, N);
  emit('sync.push.mutations_per_s', N / seconds, 'mutations/s', { backend, mutations: N, drain_s: Number(seconds.toFixed(2)), target: 'drain < 10 s' });
  emit('sync.push.floor_rows_per_s', floor, 'rows/s', { backend, what: 'multi-row INSERT of the same rows, same database' });
}

async function benchVisible(ho: HeadOffice, emit: Emit, backend: Backend): Promise<void> {
  const ws = openTestWorkstation();
  await ws.sync.enroll(ho.url, await ho.enrollCode('B001'), 'visibility');
  // An online idle device: the loop polls head office on its idle timer.
  const { SyncController } = await import('../../main/sync/controller');
  const { fileTokenStore } = await import('../../main/sync/tokenStore');
  await ws.sync.stop();
  const live = new SyncController({ store: ws.store, tokens: fileTokenStore(ws.dir), clientId: ws.clientId, appVersion: 'bench' });
  live.start();
  const { reassignLoan } = await import('../../server/admin');
  const samples: number[] = [];
  let collector = 'collector1';
  for (let i = 0; i < 20; i++) {
    collector = collector === 'collector1' ? 'collector3' : 'collector1';
    const target = ho.users[collector]!;
    const t0 = performance.now();
    await reassignLoan(ho.db, { loanId: ho.loanA, collectorId: target });
    for (;;) {
      const row = ws.store.read().sql.prepare('SELECT collector_id FROM loans WHERE id = ?').get(ho.loanA) as { collector_id: string };
      if (row.collector_id === target) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    samples.push(performance.now() - t0);
  }
  await live.stop();
  await ws.close();
  emit('sync.visible.p95_ms', percentile(samples, 95), 'ms', { backend, p50: Number(percentile(samples, 50).toFixed(1)), idlePoll: 'default', target: '< 5000' });
}

export async function runSyncBenchmarks(emit: Emit): Promise<void> {
  const backend: Backend = process.env['TEST_DATABASE_URL'] ? 'postgres' : 'pglite';
  const ho = await startHeadOffice(backend);
  try {
    await benchPush(ho, emit, backend);
    await benchVisible(ho, emit, backend);
  } finally {
    await ho.close();
  }
}
