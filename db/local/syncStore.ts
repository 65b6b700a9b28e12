// SQL of the branch sync client: the outbox queue, scope cursors, applying pulled pages and the sync
// inbox. Pulled rows are written here directly (head office is their authority), never through mutate.
import { restoreRows, type UndoEntry } from './writePath';
import type Database from 'better-sqlite3';
import type { ChangeEntry, PushResult } from '../../shared/sync/protocol';
import { BRANCH_REFERENCE_TABLES, BRANCH_WORK_TABLES, GLOBAL_TABLES, isSyncedTable } from '../../shared/sync/tables';
import type { ReadHandle, WriteHandle } from './store';
import { prepared } from './writePath';

export interface OutboxRow {
  seq: number;
  clientId: string;
  mutationId: string;
  name: string;
  args: unknown;
  baseVersions: Record<string, number>;
  userId: string;
  deviceTime: string;
  status: string;
}

export function pendingOutbox(r: ReadHandle | WriteHandle, limit: number): OutboxRow[] {
  const rows = r.sql
    .prepare(
      `SELECT seq, client_id AS clientId, mutation_id AS mutationId, name, args, base_versions AS baseVersions,
              user_id AS userId, device_time AS deviceTime, status
         FROM outbox WHERE status IN ('pending', 'in_flight') ORDER BY seq LIMIT ?`,
    )
    .all(limit) as (Omit<OutboxRow, 'args' | 'baseVersions'> & { args: string; baseVersions: string })[];
  return rows.map((row) => ({ ...row, args: JSON.parse(row.args) as unknown, baseVersions: JSON.parse(row.baseVersions) }));
}

export function setOutboxStatus(w: WriteHandle, seqs: readonly number[], status: 'pending' | 'in_flight'): void {
  const stmt = w.sql.prepare(`UPDATE outbox SET status = ? WHERE seq = ? AND status IN ('pending', 'in_flight')`);
  for (const seq of seqs) stmt.run(status, seq);
}

/** Nothing stays in flight across a restart: an unanswered push is simply sent again (head office dedups by seq). */
export function resetInFlight(w: WriteHandle): number {
  return w.sql.prepare("UPDATE outbox SET status = 'pending' WHERE status = 'in_flight'").run().changes;
}

/**
 * Records head office's verdict per mutation; rejected and conflicting ones also land in the sync
 * inbox, and the rows they wrote optimistically are put back as they were (their values stay in the
 * inbox entry's arguments). Returns the keys (`table:id`) of the rows put back.
 */
export function recordPushResults(w: WriteHandle, results: readonly PushResult[], now: string): Set<string> {
  const restored = new Set<string>();
  const undoOf = w.sql.prepare('SELECT undo FROM outbox WHERE seq = ?');
  const update = w.sql.prepare('UPDATE outbox SET status = ?, result = ? WHERE seq = ?');
  const issue = w.sql.prepare(
    `INSERT INTO sync_issues (id, mutation_id, kind, reason, payload, created_at)
     SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM sync_issues WHERE mutation_id = ?)`,
  );
  const outboxRow = w.sql.prepare('SELECT name, args, user_id AS userId FROM outbox WHERE seq = ?');
  for (const r of results) {
    const status = r.status === 'duplicate' ? (r.originalStatus ?? 'applied') : r.status;
    update.run(status, JSON.stringify({ status: r.status, reason: r.reason ?? null }), r.seq);
    if (status === 'rejected' || status === 'conflict') {
      const row = outboxRow.get(r.seq) as { name: string; args: string; userId: string } | undefined;
      issue.run(
        `issue-${r.mutationId}`,
        r.mutationId,
        status,
        JSON.stringify(r.reason ?? { code: 'unknown', message: '' }),
        JSON.stringify({ name: row?.name, args: row ? (JSON.parse(row.args) as unknown) : null, userId: row?.userId }),
        now,
        r.mutationId,
      );
      // A duplicate answer repeats a verdict already acted on; undoing again would revert later work.
      if (r.status !== 'duplicate') {
        const undo = JSON.parse((undoOf.get(r.seq) as { undo: string | null } | undefined)?.undo ?? '[]') as UndoEntry[];
        restoreRows(w, undo);
        for (const u of undo) restored.add(`${u.table}:${u.id}`);
      }
    }
  }
  return restored;
}

const columnCache = new WeakMap<Database.Database, Map<string, Set<string>>>();

function tableColumns(db: Database.Database, table: string): Set<string> {
  let byTable = columnCache.get(db);
  if (!byTable) {
    byTable = new Map();
    columnCache.set(db, byTable);
  }
  let cols = byTable.get(table);
  if (!cols) {
    cols = new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
    byTable.set(table, cols);
  }
  return cols;
}

function toSqlite(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

/**
 * Applies pulled changes. Upserts are guarded by row version, so applying a page twice equals once and
 * an older version never overwrites a newer one. A remove means the row left this scope (e.g. a loan
 * moved to another branch); it is dropped locally, while head office keeps it.
 */
export function applyChanges(w: WriteHandle, changes: readonly ChangeEntry[]): { applied: number } {
  let applied = 0;
  for (const change of changes) {
    if (!isSyncedTable(change.table)) throw new Error(`pulled change for unknown table ${change.table}`);
    if (change.op === 'remove') {
      applied += prepared(w.sql, `DELETE FROM ${change.table} WHERE id = ?`).run(change.id).changes;
      continue;
    }
    const known = tableColumns(w.sql, change.table);
    const row = change.row ?? {};
    const columns = Object.keys(row).filter((c) => known.has(c) && c !== 'row_version');
    const values = columns.map((c) => toSqlite(row[c]));
    applied += upsertStatement(w.sql, change.table, columns).run(...values, change.version).changes;
  }
  return { applied };
}

function upsertStatement(db: Database.Database, table: string, columns: readonly string[]): Database.Statement {
  const all = [...columns, 'row_version'];
  const sets = columns.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`);
  return prepared(
    db,
    `INSERT INTO ${table} (${all.join(', ')}) VALUES (${all.map(() => '?').join(', ')})
     ON CONFLICT(id) DO UPDATE SET ${[...sets, 'row_version = excluded.row_version'].join(', ')}
     WHERE excluded.row_version > ${table}.row_version`,
  );
}

/** Drops every row of a scope before a reset re-downloads it. The outbox is kept. */
export function clearScope(w: WriteHandle, scope: string): void {
  if (scope === 'global') {
    for (const t of GLOBAL_TABLES) w.sql.prepare(`DELETE FROM ${t}`).run();
    return;
  }
  const branchId = scope.slice('branch:'.length);
  for (const t of [...BRANCH_WORK_TABLES, ...BRANCH_REFERENCE_TABLES].reverse()) {
    w.sql.prepare(`DELETE FROM ${t} WHERE branch_id = ?`).run(branchId);
  }
}

export interface SyncIssueRow {
  id: string;
  mutationId: string | null;
  kind: string;
  reason: { code: string; message: string };
  payload: { name?: string; args?: unknown; userId?: string } | null;
  createdAt: string;
  resolvedAt: string | null;
}

export function listSyncIssues(r: ReadHandle, userId: string | null): SyncIssueRow[] {
  const rows = r.sql
    .prepare(
      `SELECT id, mutation_id AS mutationId, kind, reason, payload, created_at AS createdAt, resolved_at AS resolvedAt
         FROM sync_issues ORDER BY created_at DESC, id`,
    )
    .all() as (Omit<SyncIssueRow, 'reason' | 'payload'> & { reason: string; payload: string | null })[];
  return rows
    .map((row) => ({
      ...row,
      reason: JSON.parse(row.reason) as SyncIssueRow['reason'],
      payload: row.payload ? (JSON.parse(row.payload) as SyncIssueRow['payload']) : null,
    }))
    .filter((row) => userId === null || row.payload?.userId === userId);
}
