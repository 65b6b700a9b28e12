// SQL of the branch sync client: the outbox queue, scope cursors, applying pulled pages and the sync
// inbox. Pulled rows are written here directly (head office is their authority), never through mutate.
import type { UndoEntry } from './writePath';
import type Database from 'better-sqlite3';
import type { ChangeEntry, PushResult } from '../../shared/sync/protocol';
import { BRANCH_REFERENCE_TABLES, BRANCH_WORK_TABLES, GLOBAL_TABLES, JSON_COLUMNS, isSyncedTable } from '../../shared/sync/tables';
import { ZERO_HASH } from '../../shared/sync/rowHash';
import { RowSumDelta, setStoredRowSum } from './rowSums';
import type { ReadHandle, WriteHandle } from './store';
import { perConnection, prepared } from './prepared';

/** The command a mutation sends to head office, as written and as read back. */
export interface OutboxCommand {
  clientId: string;
  mutationId: string;
  name: string;
  args: unknown;
  baseVersions: Record<string, number>;
  userId: string;
  deviceTime: string;
}

export interface OutboxRow extends OutboxCommand {
  seq: number;
  status: string;
  signature: string | null;
  auditSeq: number | null;
  auditHash: string | null;
}

export function pendingOutbox(r: ReadHandle | WriteHandle, limit: number): OutboxRow[] {
  const rows = r.sql
    .prepare(
      `SELECT seq, client_id AS clientId, mutation_id AS mutationId, name, args, base_versions AS baseVersions,
              user_id AS userId, device_time AS deviceTime, status, signature, audit_seq AS auditSeq, audit_hash AS auditHash
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

/** An outbox entry not answered yet, with the record of what it overwrote (refreshed on every rebase). */
export interface PendingEntry extends OutboxRow {
  undo: UndoEntry[];
}

export function pendingWithUndo(r: ReadHandle | WriteHandle): PendingEntry[] {
  const rows = prepared(
    r.sql,
    `SELECT seq, client_id AS clientId, mutation_id AS mutationId, name, args, base_versions AS baseVersions,
            user_id AS userId, device_time AS deviceTime, status, signature, audit_seq AS auditSeq, audit_hash AS auditHash, undo
       FROM outbox WHERE status IN ('pending', 'in_flight') ORDER BY seq`,
  ).all() as (Omit<PendingEntry, 'args' | 'baseVersions' | 'undo'> & { args: string; baseVersions: string; undo: string | null })[];
  return rows.map((row) => ({
    ...row,
    args: JSON.parse(row.args) as unknown,
    baseVersions: JSON.parse(row.baseVersions) as Record<string, number>,
    undo: JSON.parse(row.undo ?? '[]') as UndoEntry[],
  }));
}

export function setOutboxUndo(w: WriteHandle, seq: number, undo: readonly UndoEntry[]): void {
  prepared(w.sql, 'UPDATE outbox SET undo = ? WHERE seq = ?').run(JSON.stringify(undo), seq);
}

function isRefusal(r: PushResult): boolean {
  const verdict = r.status === 'duplicate' ? r.originalStatus : r.status;
  return verdict === 'rejected' || verdict === 'conflict';
}

/**
 * The first seq these answers refuse among entries still waiting for an answer — from there on the
 * pending work is taken back and applied again (main/sync/rebase.ts). A refusal that arrives only as a
 * `duplicate` (its first answer was lost) counts like any other: this workstation never acted on it.
 */
export function firstRefusedSeq(r: ReadHandle | WriteHandle, results: readonly PushResult[]): number | null {
  const waiting = prepared(r.sql, "SELECT 1 FROM outbox WHERE seq = ? AND status IN ('pending', 'in_flight')");
  let first: number | null = null;
  for (const result of results) {
    if (isRefusal(result) && waiting.get(result.seq) && (first === null || result.seq < first)) first = result.seq;
  }
  return first;
}

/**
 * Records head office's verdict per mutation; rejected and conflicting ones also land in the sync
 * inbox with their arguments, so nothing entered disappears. Taking their rows back is the caller's
 * rebase (main/sync/rebase.ts), around this call.
 */
export function recordPushResults(w: WriteHandle, results: readonly PushResult[], now: string): void {
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
    }
  }
}

const tableColumns = perConnection(
  (db, table): Set<string> => new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name)),
);

function toSqlite(value: unknown, json: boolean): unknown {
  if (value === undefined || value === null) return null;
  // A JSON column always holds JSON text, even for a JSON string or number (else "123" would read back as 123).
  if (json) return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

/**
 * Applies pulled changes. Upserts are guarded by row version, so applying a page twice equals once and
 * an older version never overwrites a newer one. A remove means the row left this scope (e.g. a loan
 * moved to another branch); it is dropped locally, while head office keeps it.
 */
export function applyChanges(w: WriteHandle, changes: readonly ChangeEntry[]): { applied: number; unknownColumns: boolean } {
  let applied = 0;
  let unknownColumns = false;
  const sums = new RowSumDelta();
  for (const change of changes) {
    if (!isSyncedTable(change.table)) throw new Error(`pulled change for unknown table ${change.table}`);
    const table = change.table;
    if (change.op === 'remove') {
      const before = prepared(w.sql, `SELECT * FROM ${table} WHERE id = ?`).get(change.id) as Record<string, unknown> | undefined;
      const removed = prepared(w.sql, `DELETE FROM ${table} WHERE id = ?`).run(change.id).changes;
      if (removed > 0) sums.change(table, before, undefined);
      applied += removed;
      continue;
    }
    const known = tableColumns(w.sql, table);
    const json = JSON_COLUMNS[table] ?? [];
    const row = change.row ?? {};
    const columns = Object.keys(row).filter((c) => known.has(c) && c !== 'row_version');
    if (columns.length + 1 < Object.keys(row).length) unknownColumns = true;
    const values = columns.map((c) => toSqlite(row[c], json.includes(c)));
    // A new row (a whole bootstrap is new rows) needs no read; an existing one is read for its sum first.
    let before: Record<string, unknown> | undefined;
    let written = insertStatement(w.sql, table, columns).run(...values, change.version).changes;
    if (written === 0) {
      before = prepared(w.sql, `SELECT * FROM ${table} WHERE id = ?`).get(change.id) as Record<string, unknown> | undefined;
      const setValues = columns.flatMap((c, i) => (c === 'id' ? [] : [values[i]]));
      written = updateStatement(w.sql, table, columns).run(...setValues, change.version, change.id, change.version).changes;
    }
    if (written === 0) continue;
    if (before) sums.change(table, before, undefined);
    // The stored row is the page's row when it sets every column this table has: hash that, no read back.
    if (columns.length + 1 === known.size) sums.add(table, { ...pick(row, columns), row_version: change.version }, 'value');
    else sums.change(table, undefined, prepared(w.sql, `SELECT * FROM ${table} WHERE id = ?`).get(change.id) as Record<string, unknown>);
    applied += written;
  }
  sums.flush(w);
  return { applied, unknownColumns };
}

function pick(row: Record<string, unknown>, columns: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of columns) out[c] = row[c] ?? null;
  return out;
}

function insertStatement(db: Database.Database, table: string, columns: readonly string[]): Database.Statement {
  const all = [...columns, 'row_version'];
  return prepared(db, `INSERT INTO ${table} (${all.join(', ')}) VALUES (${all.map(() => '?').join(', ')}) ON CONFLICT(id) DO NOTHING`);
}

/** Guarded by row version: an older version never overwrites a newer one, the same one changes nothing. */
function updateStatement(db: Database.Database, table: string, columns: readonly string[]): Database.Statement {
  const sets = [...columns.filter((c) => c !== 'id').map((c) => `${c} = ?`), 'row_version = ?'];
  return prepared(db, `UPDATE ${table} SET ${sets.join(', ')} WHERE id = ? AND row_version < ?`);
}

/** Drops every row of a scope before a reset re-downloads it. The outbox is kept. */
export function clearScope(w: WriteHandle, scope: string): void {
  // Nothing of the scope is left, so its row sum starts again from zero.
  setStoredRowSum(w, scope, ZERO_HASH);
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

/** A sync issue no mutation owns (e.g. a divergence found by the row sums). */
export function insertSyncIssue(w: WriteHandle, issue: { id: string; kind: string; reason: string; payload: string; createdAt: string }): void {
  prepared(w.sql, 'INSERT INTO sync_issues (id, mutation_id, kind, reason, payload, created_at) VALUES (?, NULL, ?, ?, ?, ?)').run(
    issue.id,
    issue.kind,
    issue.reason,
    issue.payload,
    issue.createdAt,
  );
}

/** The newest outbox seq (0 when empty): the loop compares it to notice new work. */
export function lastOutboxSeq(r: ReadHandle | WriteHandle): number {
  return (prepared(r.sql, 'SELECT MAX(seq) AS seq FROM outbox').get() as { seq: number | null }).seq ?? 0;
}

/** Of the outbox entries from `fromSeq` on, those head office refused or found in conflict. */
export function refusedSeqsFrom(r: ReadHandle | WriteHandle, fromSeq: number): Set<number> {
  const rows = prepared(r.sql, `SELECT seq FROM outbox WHERE seq >= ? AND status IN ('rejected', 'conflict')`).all(fromSeq) as { seq: number }[];
  return new Set(rows.map((row) => row.seq));
}
