// Bulk-download benchmarks: a branch's first sync of ~500,000 rows (bootstrap) and, after a spell
// offline, its catch-up on 50,000 head-office changes. Head office is seeded with the demo book
// (server/seedDemo.ts) and served over loopback HTTP; the workstation is the real sync client with
// its real SQLite file. Each figure comes with where its time went (time inside the HTTP pull calls,
// i.e. server + transfer + JSON/zod parse, versus the client's own work) and with floors: the same
// rows moved by COPY (PostgreSQL) or multi-row INSERT (PGlite), and written into SQLite with cached
// prepared statements.
import { pipeline } from 'node:stream/promises';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type Database from 'better-sqlite3';
import { openCentralDb, type CentralDb } from '../../server/db';
import { buildServer } from '../../server/app';
import { createEnrollmentCode, findBranchByCode } from '../../server/admin';
import { seedDemo } from '../../server/seedDemo';
import { recordChanges } from '../../server/sync/versions';
import { branchScope, type ScopeName } from '../../shared/sync/protocol';
import { openWorkstation } from '../../main/services/bootstrap';
import { DATA_KEY_FILE_NAME, keyInDataFolder } from '../../main/services/dataKey';
import { SyncController } from '../../main/sync/controller';
import { fileTokenStore } from '../../main/sync/tokenStore';
import { httpTransport, type SyncTransport } from '../../main/sync/transport';
import { getSyncValue } from '../../db/local/syncState';
import { LocalStore } from '../../db/local/store';
import { openTestStore, tempDir } from '../helpers/fixtures';
import type { Backend } from '../helpers/headOffice';
import type { Emit } from './sync';
import { benchChecksumVerify } from './checksum';

/** Demo loans giving branch B001 ~500,000 rows (customers + loans + installments + payments); ~890k in all. */
const BOOTSTRAP_LOANS = Number(process.env['BENCH_BOOTSTRAP_LOANS'] ?? 16_700);
const CATCHUP_CHANGES = Number(process.env['BENCH_CATCHUP_CHANGES'] ?? 50_000);
const MB = 1024 * 1024;

interface BulkHeadOffice {
  db: CentralDb;
  url: string;
  /** PostgreSQL only: a connection string whose sessions use the bench schema. */
  pgConnect?: () => pg.Client;
  close(): Promise<void>;
}

async function openBulkHeadOffice(backend: Backend): Promise<BulkHeadOffice> {
  const databaseUrl = process.env['TEST_DATABASE_URL'];
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  // PGlite on disk, like a real head office: ~1.5 GB of rows and log would crowd its in-memory heap.
  const db = backend === 'postgres' ? await openCentralDb({ databaseUrl, schema }) : await openCentralDb({ dataDir: path.join(tempDir('bench-ho-'), 'pg') });
  const app = buildServer({ db });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    db,
    url: `http://127.0.0.1:${port}`,
    ...(backend === 'postgres' ? { pgConnect: () => new pg.Client({ connectionString: databaseUrl, options: `-c search_path="${schema}"` }) } : {}),
    close: async () => {
      await app.close();
      if (backend === 'postgres') await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await db.close();
    },
  };
}

/** A workstation on the real sync client, with the time spent inside pull calls measured. */
function openBenchWorkstation() {
  const dir = tempDir('bench-ws-');
  const ws = openWorkstation({ dataDir: dir, keyProtector: keyInDataFolder });
  const pulls = { calls: 0, ms: 0 };
  const timed = (inner: SyncTransport): SyncTransport => ({
    ...inner,
    pull: async (body) => {
      const t = performance.now();
      try {
        return await inner.pull(body);
      } finally {
        pulls.calls++;
        pulls.ms += performance.now() - t;
      }
    },
  });
  const sync = new SyncController({
    store: ws.store,
    tokens: fileTokenStore(dir),
    clientId: ws.clientId,
    appVersion: 'bench',
    transportFor: (url, token, signal) => timed(httpTransport(url, token, signal)),
    timers: { idleMs: 3_600_000, changePollMs: 3_600_000, maxBackoffMs: 50 },
  });
  return { dir, store: ws.store, sync, pulls, close: async () => (await sync.stop(), ws.store.close()) };
}

/** Peak RSS while fn runs, sampled every 50 ms (pages are applied synchronously; samples fall between them). */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ result: T; peakMb: number; startMb: number }> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakMb: Math.round(peak / MB), startMb: Math.round(start / MB) };
  } finally {
    clearInterval(timer);
  }
}

/** The scope's change-log rows, a page at a time, in version order (read for the floors, not timed). */
async function* scopeRows(db: CentralDb, scope: ScopeName, fromVersion = 0, page = 5000) {
  let after = fromVersion;
  for (;;) {
    const rows = await db.query<{ table_name: string; row_id: string; version: number; data: Record<string, unknown> }>(
      `SELECT table_name, row_id, version, data FROM change_log WHERE scope = $1 AND version > $2 AND op = 'upsert' ORDER BY version LIMIT ${page}`,
      [scope, after],
    );
    if (rows.length === 0) return;
    yield rows;
    after = (rows[rows.length - 1] as { version: number }).version;
  }
}

/**
 * The client's floor: the same rows upserted into a fresh workstation SQLite file with ONE cached
 * statement per table and column set, a transaction per page, guarded by row version as the client
 * does. Only the SQLite work is timed.
 */
async function sqliteFloor(db: CentralDb, scope: ScopeName, fromVersion: number, target?: LocalStore): Promise<{ seconds: number; rows: number }> {
  const own = target ? null : openWorkstation({ dataDir: tempDir('bench-floor-'), keyProtector: keyInDataFolder });
  const store = target ?? (own as { store: LocalStore }).store;
  const statements = new Map<string, Database.Statement>();
  const known = new Map<string, Set<string>>();
  let ms = 0;
  let rows = 0;
  for await (const page of scopeRows(db, scope, fromVersion)) {
    const t = performance.now();
    store.transactionTrustingReferences((w) => {
      for (const r of page) {
        let cols = known.get(r.table_name);
        if (!cols) {
          cols = new Set((w.sql.prepare(`PRAGMA table_info(${r.table_name})`).all() as { name: string }[]).map((c) => c.name));
          known.set(r.table_name, cols);
        }
        const columns = Object.keys(r.data).filter((c) => cols.has(c) && c !== 'row_version');
        const key = `${r.table_name}|${columns.join(',')}`;
        let stmt = statements.get(key);
        if (!stmt) {
          const all = [...columns, 'row_version'];
          const sets = [...columns.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`), 'row_version = excluded.row_version'];
          stmt = w.sql.prepare(
            `INSERT INTO ${r.table_name} (${all.join(', ')}) VALUES (${all.map(() => '?').join(', ')})
             ON CONFLICT(id) DO UPDATE SET ${sets.join(', ')} WHERE excluded.row_version > ${r.table_name}.row_version`,
          );
          statements.set(key, stmt);
        }
        stmt.run(...columns.map((c) => toSqlite(r.data[c])), r.version);
      }
    });
    ms += performance.now() - t;
    rows += page.length;
  }
  own?.store.close();
  return { seconds: ms / 1000, rows };
}

function toSqlite(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

/** The database's floor: the scope's log moved by COPY out and COPY in (PostgreSQL), or multi-row INSERTs (PGlite). */
async function databaseFloor(ho: BulkHeadOffice, scope: ScopeName): Promise<{ seconds: number; what: string }> {
  if (ho.pgConnect) {
    const [source, sink] = [ho.pgConnect(), ho.pgConnect()];
    await Promise.all([source.connect(), sink.connect()]);
    try {
      await sink.query('CREATE UNLOGGED TABLE bench_copy_floor (LIKE change_log)');
      const t = performance.now();
      // The scope name is checked by the protocol's regex; COPY takes no parameters.
      if (!/^branch:[A-Za-z0-9_-]+$/.test(scope)) throw new Error(`odd scope ${scope}`);
      const out = source.query(copyStreams.to(`COPY (SELECT * FROM change_log WHERE scope = '${scope}' ORDER BY version) TO STDOUT`));
      const into = sink.query(copyStreams.from('COPY bench_copy_floor FROM STDIN'));
      await pipeline(out, into);
      return { seconds: (performance.now() - t) / 1000, what: 'COPY TO STDOUT | COPY FROM STDIN of the scope change_log into an unlogged table' };
    } finally {
      await Promise.all([source.end(), sink.end()]);
    }
  }
  await ho.db.query('CREATE TABLE bench_insert_floor (LIKE change_log)');
  let ms = 0;
  for await (const page of scopeRows(ho.db, scope)) {
    const params: unknown[] = [scope];
    const tuples = page.map((r) => {
      params.push(r.table_name, r.row_id, r.version, JSON.stringify(r.data));
      const b = params.length - 4;
      return `($1, $${b + 1}, $${b + 2}, $${b + 3}, 'upsert', $${b + 4}::text::jsonb)`;
    });
    const t = performance.now();
    await ho.db.query(`INSERT INTO bench_insert_floor (scope, table_name, row_id, version, op, data) VALUES ${tuples.join(', ')}`, params);
    ms += performance.now() - t;
  }
  await ho.db.query('DROP TABLE bench_insert_floor');
  return { seconds: ms / 1000, what: 'multi-row INSERT (5000 rows a statement) of the scope change_log into a plain table' };
}

/** The workstation's rows of the tables head office's change log holds for the scope. */
function localScopeRows(store: LocalStore, branchId: string, tables: readonly string[]): number {
  const count = (t: string) => (store.read().sql.prepare(`SELECT COUNT(*) AS n FROM ${t} WHERE branch_id = ?`).get(branchId) as { n: number }).n;
  return tables.reduce((n, t) => n + count(t), 0);
}

/**
 * Head office reprices installments of the branch: CATCHUP_CHANGES rows updated by plain SQL and
 * recorded through recordChanges, 5,000 a transaction, as a core-banking feed would arrive.
 */
async function makeChanges(db: CentralDb, branchId: string, scope: ScopeName, n: number): Promise<void> {
  const ids = (await db.query<{ id: string }>('SELECT id FROM installments WHERE branch_id = $1 ORDER BY id LIMIT $2', [branchId, n])).map((r) => r.id);
  if (ids.length < n) throw new Error(`only ${ids.length} installments to change`);
  const now = new Date().toISOString();
  for (let i = 0; i < ids.length; i += 5000) {
    const batch = ids.slice(i, i + 5000);
    await db.transaction(async (tx) => {
      await tx.query(
        `UPDATE installments SET interest_due = interest_due + 1, updated_at = $2, updated_by = 'system' WHERE id = ANY($1::text[])`,
        [batch, now],
      );
      await recordChanges(tx, scope, batch.map((id) => ({ table: 'installments' as const, id, op: 'upsert' as const })));
    });
  }
}

export async function runBulkSyncBenchmarks(emit: Emit, backend: Backend): Promise<void> {
  const ho = await openBulkHeadOffice(backend);
  try {
    let t = performance.now();
    const counts = await seedDemo(ho.db, { loans: BOOTSTRAP_LOANS });
    const seedSeconds = (performance.now() - t) / 1000;
    const branch = await findBranchByCode(ho.db, 'B001');
    const scope = branchScope(branch.id);
    const byTable = await ho.db.query<{ table_name: string; n: number }>(
      'SELECT table_name, count(*)::int AS n FROM change_log WHERE scope = $1 GROUP BY table_name ORDER BY table_name',
      [scope],
    );
    const scopeRowCount = byTable.reduce((n, r) => n + r.n, 0);

    const ws = openBenchWorkstation();
    const code = (await createEnrollmentCode(ho.db, { branchCode: 'B001' })).code;
    t = performance.now();
    const { peakMb, startMb } = await withPeakRss(() => ws.sync.enroll(ho.url, code, 'bootstrap'));
    const seconds = (performance.now() - t) / 1000;
    const bootPulls = { ...ws.pulls };
    // Offline from here on: enroll() also queued a background round, which must not run into the
    // floors below (on PGlite they hold the one connection and it would time out).
    await ws.sync.stop();
    const status = ws.sync.status();
    if (status.lastError) throw new Error(`bootstrap failed: ${status.lastError}`);
    const local = localScopeRows(ws.store, branch.id, byTable.map((r) => r.table_name));
    if (local !== scopeRowCount) throw new Error(`bootstrap left ${local} rows locally, head office has ${scopeRowCount}`);
    await benchChecksumVerify(emit, ho.db, ws.store, scope, local);
    // The process's peak so far: the seed (and, on PGlite, head office itself) plus the bootstrap.
    const maxRssMb = Math.round((process.resourceUsage().maxRSS * 1024) / MB);

    // Catch-up: the device was offline while head office changed the branch; then it syncs once.
    const cursorBefore = Number(getSyncValue(ws.store.read(), `cursor:${scope}`));
    // A copy of the bootstrapped file for the catch-up floor, taken before the device catches up.
    const floorFile = path.join(tempDir('bench-floor-'), 'workstation.db');
    ws.store.read().sql.exec(`VACUUM INTO '${floorFile.replace(/'/g, "''")}'`);
    // The copy is encrypted with the workstation's key: it opens only with that key beside it.
    fs.copyFileSync(path.join(ws.dir, DATA_KEY_FILE_NAME), path.join(path.dirname(floorFile), DATA_KEY_FILE_NAME));
    t = performance.now();
    await makeChanges(ho.db, branch.id, scope, CATCHUP_CHANGES);
    const changeSeconds = (performance.now() - t) / 1000;
    // Back online from the event loop, as a timer would start it: PGlite work above runs as one long
    // chain of promises, and overdue keep-alive timers must close idle sockets before the next request.
    await new Promise((resolve) => setTimeout(resolve, 100));
    ws.pulls.calls = 0;
    ws.pulls.ms = 0;
    t = performance.now();
    const { peakMb: catchupPeak, startMb: catchupStart } = await withPeakRss(() => ws.sync.syncNow());
    const catchup = (performance.now() - t) / 1000;
    const [version] = await ho.db.query<{ version: number }>('SELECT version FROM scope_versions WHERE scope = $1', [scope]);
    const cursor = Number(getSyncValue(ws.store.read(), `cursor:${scope}`));
    if (cursor !== version?.version) throw new Error(`catch-up ended at cursor ${cursor}, head office is at ${version?.version}`);
    const catchupPulls = { ...ws.pulls };
    await ws.close();

    // Floors last, so nothing stands between the bootstrap, the changes and the catch-up. The scope
    // holds the same rows as at bootstrap (the log is compacted; 50k of them now carry new versions).
    const sqlite = await sqliteFloor(ho.db, scope, 0);
    const database = await databaseFloor(ho, scope);
    const floorStore = openTestStore(floorFile);
    const catchupFloor = await sqliteFloor(ho.db, scope, cursorBefore, floorStore);
    floorStore.close();

    emit('sync.bootstrap.500k_rows_s', seconds, 's', {
      rows: scopeRowCount,
      rows_per_s: Math.round(scopeRowCount / seconds),
      tables: Object.fromEntries(byTable.map((r) => [r.table_name, r.n])),
      peak_rss_mb: peakMb,
      rss_before_mb: startMb,
      max_rss_mb_process: maxRssMb,
      pull_calls: bootPulls.calls,
      in_pull_calls_s: Number((bootPulls.ms / 1000).toFixed(2)),
      client_side_s: Number((seconds - bootPulls.ms / 1000).toFixed(2)),
      seed_loans: counts.loans,
      seed_s: Number(seedSeconds.toFixed(1)),
      target: '< 60 s',
    });
    emit('sync.bootstrap.floor_sqlite_s', sqlite.seconds, 's', {
      rows: sqlite.rows,
      what: 'same rows upserted into a fresh workstation SQLite, one cached statement per table, one transaction per 5000',
    });
    emit('sync.bootstrap.floor_database_s', database.seconds, 's', { rows: scopeRowCount, what: database.what });
    emit('sync.catchup.50k_changes_s', catchup, 's', {
      changes: CATCHUP_CHANGES,
      rows_per_s: Math.round(CATCHUP_CHANGES / catchup),
      peak_rss_mb: catchupPeak,
      rss_before_mb: catchupStart,
      pull_calls: catchupPulls.calls,
      in_pull_calls_s: Number((catchupPulls.ms / 1000).toFixed(2)),
      client_side_s: Number((catchup - catchupPulls.ms / 1000).toFixed(2)),
      head_office_change_s: Number(changeSeconds.toFixed(1)),
      target: '< 15 s',
    });
    emit('sync.catchup.floor_sqlite_s', catchupFloor.seconds, 's', {
      rows: catchupFloor.rows,
      what: 'same changed rows upserted over a copy of the bootstrapped SQLite, cached statements, one transaction per 5000',
    });
  } finally {
    await ho.close();
  }
}
