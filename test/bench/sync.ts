// Sync benchmarks against a real head office on loopback (PostgreSQL when TEST_DATABASE_URL is set,
// else PGlite), each with its floor: the same rows written straight into the same database. Every
// line names its backend. The bulk-download ones (bootstrap, catch-up) live in syncBulk.ts.
import { v7 as uuidv7 } from 'uuid';
import type { PushMutation, PushResponse } from '../../shared/sync/protocol';
import { importReferenceRows } from '../../server/admin';
import { openSigningKey, signChange } from '../../main/services/signing';
import { STAFF_PASSWORD, startHeadOffice, type Backend, type HeadOffice } from '../helpers/headOffice';
import { openTestWorkstation } from '../helpers/workstation';
import { runBulkSyncBenchmarks } from './syncBulk';

export type Emit = (name: string, value: number, unit: string, extra?: Record<string, unknown>) => void;

export interface SyncBenchOptions {
  /** Run only the benchmarks whose name contains this (push, visible, server, bootstrap, catchup). */
  only?: string;
}

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

async function benchPush(ho: HeadOffice, emit: Emit): Promise<void> {
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
  emit('sync.push.mutations_per_s', N / seconds, 'mutations/s', { mutations: N, drain_s: Number(seconds.toFixed(2)), target: 'drain < 10 s' });
  emit('sync.push.floor_rows_per_s', floor, 'rows/s', { what: 'multi-row INSERT of the same rows, same database' });
}

async function benchVisible(ho: HeadOffice, emit: Emit): Promise<void> {
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
  emit('sync.visible.p95_ms', percentile(samples, 95), 'ms', { p50: Number(percentile(samples, 50).toFixed(1)), idlePoll: 'default', target: '< 5000' });
}

/** Loans of one branch to spread notes over, like a branch's real book (one hot loan measures lock contention instead). */
async function addLoans(ho: HeadOffice, branchId: string, officerId: string, n: number): Promise<string[]> {
  const customerId = uuidv7();
  await importReferenceRows(ho.db, 'customers', [
    { id: customerId, branch_id: branchId, customer_no: `C-${customerId}`, name: '王五', type: 'individual', segment: 'retail', contact_points: [] },
  ]);
  const loans = Array.from({ length: n }, (_, i) => ({
    id: uuidv7(), branch_id: branchId, loan_no: `LN-${customerId.slice(-8)}-${i}`, customer_id: customerId, product: 'consumer_credit',
    purpose: 'consumer', principal: 1_000_000, annual_rate: '4.35', term_months: 12, method: 'equal_installment', rounding: 'half_up',
    disbursed_on: '2026-02-10', first_due_date: '2026-03-10', maturity_date: '2027-02-10', officer_id: officerId, collector_id: null,
    risk_grade: 'low', five_class: 'normal', status: 'active',
  }));
  await importReferenceRows(ho.db, 'loans', loans);
  return loans.map((l) => l.id);
}

async function postJson<T>(url: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/**
 * 50 devices of the two branches push at once through HTTP, each its own mutations in its own batches,
 * with the server path as it is (token check, user and role, branch check, row locks, change log,
 * mutation log). The devices are plain HTTP callers, so the figure is the server's, not SQLite's.
 */
async function benchServer(ho: HeadOffice, emit: Emit): Promise<void> {
  const DEVICES = 50;
  const PER_DEVICE = 100;
  const BATCH = 20;
  const LOANS_PER_BRANCH = 20;
  const keyOf = async (userId: string) => {
    const [row] = await ho.db.query<{ sealed: string }>('SELECT signing_key_sealed AS sealed FROM users WHERE id = $1', [userId]);
    const key = openSigningKey(row?.sealed, STAFF_PASSWORD);
    if (!key) throw new Error(`no signing key for ${userId}`);
    return key;
  };
  const branches = [
    { code: 'B001' as const, userId: ho.users['officer1']!, key: await keyOf(ho.users['officer1']!), loans: await addLoans(ho, ho.branchA, ho.users['officer1']!, LOANS_PER_BRANCH) },
    { code: 'B002' as const, userId: ho.users['officer2']!, key: await keyOf(ho.users['officer2']!), loans: await addLoans(ho, ho.branchB, ho.users['officer2']!, LOANS_PER_BRANCH) },
  ];
  const devices: { token: string; clientId: string; batches: PushMutation[][] }[] = [];
  for (let d = 0; d < DEVICES; d++) {
    const branch = branches[d % 2]!;
    const { deviceToken } = await postJson<{ deviceToken: string }>(`${ho.url}/enroll`, { code: await ho.enrollCode(branch.code), deviceName: `pc-${d}` });
    const clientId = uuidv7();
    // Signed as the officer's workstation signs them: head office verifies every one.
    const mutations: PushMutation[] = Array.from({ length: PER_DEVICE }, (_, i) => {
      const m = {
        seq: i + 1,
        mutationId: uuidv7(),
        name: 'loanNote.add@1',
        args: { id: uuidv7(), loanId: branch.loans[(d * 7 + i) % branch.loans.length], body: `device ${d} note ${i}` },
        baseVersions: {},
        userId: branch.userId,
        deviceTime: new Date().toISOString(),
      };
      return { ...m, signature: signChange(branch.key, { ...m, clientId }) };
    });
    const batches: PushMutation[][] = [];
    for (let i = 0; i < PER_DEVICE; i += BATCH) batches.push(mutations.slice(i, i + BATCH));
    devices.push({ token: deviceToken, clientId, batches });
  }
  const latencies: number[] = [];
  let retries = 0;
  const drain = async (device: (typeof devices)[number]) => {
    for (let batch of device.batches) {
      for (;;) {
        const t = performance.now();
        const answer = await postJson<PushResponse>(`${ho.url}/sync/push`, { clientId: device.clientId, mutations: batch }, device.token);
        latencies.push(performance.now() - t);
        if (answer.results.some((r) => r.status !== 'applied')) throw new Error(`not applied: ${JSON.stringify(answer.results[0])}`);
        if (answer.retryFromSeq === null) break;
        // A transient failure (e.g. a deadlock victim): send the rest again, as the real client does.
        retries++;
        batch = batch.filter((m) => m.seq >= (answer.retryFromSeq as number));
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(devices.map(drain));
  const seconds = (performance.now() - t0) / 1000;
  const total = DEVICES * PER_DEVICE;
  const floor = await insertFloor(ho, total);
  emit('sync.server.mutations_per_s', total / seconds, 'mutations/s', {
    devices: DEVICES, perDevice: PER_DEVICE, batch: BATCH, loansPerBranch: LOANS_PER_BRANCH, seconds: Number(seconds.toFixed(2)),
    push_p50_ms: Number(percentile(latencies, 50).toFixed(1)), push_p95_ms: Number(percentile(latencies, 95).toFixed(1)), retries,
    target: '>= 2000',
  });
  emit('sync.server.floor_rows_per_s', floor, 'rows/s', { rows: total, what: 'multi-row INSERT of the same rows, same database' });
}

export async function runSyncBenchmarks(print: Emit, options: SyncBenchOptions = {}): Promise<void> {
  const backend: Backend = process.env['TEST_DATABASE_URL'] ? 'postgres' : 'pglite';
  const emit: Emit = (name, value, unit, extra = {}) => print(name, value, unit, { backend, ...extra });
  const wanted = (name: string) => !options.only || name.includes(options.only);
  if (wanted('push') || wanted('visible') || wanted('server')) {
    // Plain HTTP on loopback, as the earlier runs measured: the figures stay comparable (TLS costs a
    // handshake per kept-alive connection, not per request).
    const ho = await startHeadOffice(backend, { tls: null });
    try {
      if (wanted('push')) await benchPush(ho, emit);
      if (wanted('visible')) await benchVisible(ho, emit);
      if (wanted('server')) await benchServer(ho, emit);
    } finally {
      await ho.close();
    }
  }
  if (wanted('bootstrap') || wanted('catchup')) await runBulkSyncBenchmarks(emit, backend);
}
