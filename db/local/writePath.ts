// SQL behind the one write path (DESIGN.md §6): generic row reads/writes for named mutations, the
// outbox and the hash-chained audit log. Statements are prepared once per connection and shape.
import { CONTACT_STICKY_OUTCOMES, OWNED_TABLES, OWNER_COLUMN, READABLE_TABLES, WRITABLE_TABLES, type OwnedRef, type Row, type RowRef, type RowWrite } from '../../shared/mutations/types';
import type { ReadHandle, WriteHandle } from './store';
import { prepared } from './prepared';
import { trackRowWrite } from './rowSums';

export { prepared };
export { getSyncValue, setSyncValue } from './syncState';

const COLUMN_NAME = /^[a-z][a-z0-9_]*$/;

function assertTable(table: string, allowed: readonly string[]): void {
  // Table names come from mutation definitions, never from user input; still, never interpolate blindly.
  if (!allowed.includes(table)) throw new Error(`table ${table} is not allowed here`);
}

/** Live (not tombstoned) rows for the refs, keyed `${table}:${id}`. */
function readRows(w: ReadHandle | WriteHandle, refs: readonly RowRef[]): Map<string, Row> {
  const out = new Map<string, Row>();
  for (const ref of refs) {
    assertTable(ref.table, READABLE_TABLES);
    const row = prepared(w.sql, `SELECT * FROM ${ref.table} WHERE id = ? AND deleted_at IS NULL`).get(ref.id) as
      | Row
      | undefined;
    if (row) out.set(`${ref.table}:${ref.id}`, row);
  }
  return out;
}

/** The declared rows plus every live child row of the owned refs, all keyed `${table}:${id}`. */
export function readMutationRows(w: ReadHandle | WriteHandle, refs: readonly RowRef[], owned: readonly OwnedRef[] = []): Map<string, Row> {
  const out = readRows(w, refs);
  for (const ref of owned) {
    assertTable(ref.table, OWNED_TABLES);
    const rows = ref.window ? readContactWindow(w, ref.ownerId, ref.window) : (prepared(w.sql, `SELECT * FROM ${ref.table} WHERE ${OWNER_COLUMN[ref.table]} = ? AND deleted_at IS NULL ORDER BY id`).all(
      ref.ownerId,
    ) as Row[]);
    for (const row of rows) out.set(`${ref.table}:${String(row['id'])}`, row);
  }
  return out;
}

const inList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
/** Literal lists (constants, not input), so each branch matches its partial index term for term. */
const STICKY_INVALID = inList(CONTACT_STICKY_OUTCOMES.invalidNumber);
const STICKY_HOLD = inList(CONTACT_STICKY_OUTCOMES.hold);

/** A loan's contacts the rules read: a union of index lookups, never a scan of years of history. */
function readContactWindow(w: ReadHandle | WriteHandle, loanId: string, win: NonNullable<OwnedRef['window']>): Row[] {
  return prepared(
    w.sql,
    `SELECT * FROM contacts WHERE deleted_at IS NULL AND id IN (
       SELECT id FROM contacts WHERE loan_id = @loan AND started_at >= @since
       UNION SELECT id FROM (SELECT id FROM contacts WHERE loan_id = @loan ORDER BY started_at DESC LIMIT @latest)
       UNION SELECT id FROM contacts WHERE loan_id = @loan AND outcome IN (${STICKY_INVALID})
       UNION SELECT id FROM contacts WHERE loan_id = @loan AND outcome IN (${STICKY_HOLD}))
     ORDER BY id`,
  ).all({ loan: loanId, since: win.since, latest: win.latest }) as Row[];
}

export interface WriteMeta {
  branchId: string;
  userId: string;
  now: string;
}

export function applyWrite(w: WriteHandle, write: RowWrite, meta: WriteMeta): void {
  assertTable(write.table, WRITABLE_TABLES);
  const columns = Object.keys(write.values).sort();
  for (const c of columns) if (!COLUMN_NAME.test(c)) throw new Error(`bad column name ${c}`);
  const values = columns.map((c) => toSqlValue(write.values[c]));
  const before = write.op === 'insert' ? undefined : readRowById(w, write.table, write.id);
  if (write.op === 'insert') {
    const all = ['id', 'branch_id', 'created_at', 'updated_at', 'updated_by', ...columns];
    const stmt = prepared(
      w.sql,
      `INSERT INTO ${write.table} (${all.join(', ')}) VALUES (${all.map(() => '?').join(', ')})`,
    );
    stmt.run(write.id, meta.branchId, meta.now, meta.now, meta.userId, ...values);
  } else {
    const sets = [...columns.map((c) => `${c} = ?`), 'updated_at = ?', 'updated_by = ?'];
    const stmt = prepared(w.sql, `UPDATE ${write.table} SET ${sets.join(', ')} WHERE id = ?`);
    const info = stmt.run(...values, meta.now, meta.userId, write.id);
    if (info.changes !== 1) throw new Error(`update of ${write.table}:${write.id} matched ${info.changes} rows`);
  }
  trackRowWrite(w, write.table, before, readRowById(w, write.table, write.id));
}

function toSqlValue(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return v;
}

export function readRowById(w: ReadHandle | WriteHandle, table: string, id: string): Row | undefined {
  assertTable(table, READABLE_TABLES);
  return prepared(w.sql, `SELECT * FROM ${table} WHERE id = ?`).get(id) as Row | undefined;
}

/** A row as it was before a mutation wrote it; null: the mutation inserted it. */
export interface UndoEntry {
  table: string;
  id: string;
  before: Row | null;
}

/**
 * Puts rows back as they were before a mutation head office refused: its inserts go (they never
 * existed anywhere else), its updates are reverted. Entries are undone last-written first.
 */
export function restoreRows(w: WriteHandle, undo: readonly UndoEntry[]): void {
  for (const u of [...undo].reverse()) {
    assertTable(u.table, WRITABLE_TABLES);
    const current = readRowById(w, u.table, u.id);
    if (u.before === null) {
      prepared(w.sql, `DELETE FROM ${u.table} WHERE id = ?`).run(u.id);
      trackRowWrite(w, u.table, current, undefined);
      continue;
    }
    const columns = Object.keys(u.before).filter((c) => c !== 'id').sort();
    for (const c of columns) if (!COLUMN_NAME.test(c)) throw new Error(`bad column name ${c}`);
    prepared(w.sql, `UPDATE ${u.table} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(
      ...columns.map((c) => u.before?.[c] ?? null),
      u.id,
    );
    trackRowWrite(w, u.table, current, readRowById(w, u.table, u.id));
  }
}

export interface OutboxEntry {
  clientId: string;
  mutationId: string;
  name: string;
  args: unknown;
  baseVersions: Record<string, number>;
  userId: string;
  deviceTime: string;
  /** The audit chain head this mutation's entry made. */
  auditHead: { seq: number; hash: string };
  undo: UndoEntry[];
}

/**
 * Appends the mutation to the outbox; returns its client seq (strictly increasing, never reused).
 * `sign` gives the user's signature over the entry once its seq is known (none: stays unsigned).
 */
export function appendOutbox(w: WriteHandle, e: OutboxEntry, sign?: (seq: number) => string): number {
  const info = prepared(
    w.sql,
    `INSERT INTO outbox (client_id, mutation_id, name, args, base_versions, user_id, device_time, status, undo, audit_seq, audit_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
  ).run(
    e.clientId, e.mutationId, e.name, JSON.stringify(e.args), JSON.stringify(e.baseVersions), e.userId, e.deviceTime,
    JSON.stringify(e.undo), e.auditHead.seq, e.auditHead.hash,
  );
  const seq = Number(info.lastInsertRowid);
  if (sign) prepared(w.sql, 'UPDATE outbox SET signature = ? WHERE seq = ?').run(sign(seq), seq);
  return seq;
}

export interface AuditRow {
  seq: number;
  id: string;
  branch_id: string;
  at: string;
  actor_id: string;
  device_id: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before_digest: string | null;
  after_digest: string | null;
  prev_hash: string;
  hash: string;
}

export function lastAudit(w: WriteHandle): { seq: number; hash: string } | undefined {
  return prepared(w.sql, 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
}

/** Appends an entry; returns its seq. */
export function appendAudit(w: WriteHandle, row: Omit<AuditRow, 'seq'>): number {
  const info = prepared(
    w.sql,
    `INSERT INTO audit_log (id, branch_id, at, actor_id, device_id, action, entity_type, entity_id,
       before_digest, after_digest, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    row.id, row.branch_id, row.at, row.actor_id, row.device_id, row.action, row.entity_type, row.entity_id,
    row.before_digest, row.after_digest, row.prev_hash, row.hash,
  );
  return Number(info.lastInsertRowid);
}

export function iterateAudit(r: ReadHandle): IterableIterator<AuditRow> {
  return r.sql.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRow>;
}

/** The chain's hash at each of the given seqs that exist. */
export function auditHashesAt(r: ReadHandle, seqs: readonly number[]): { seq: number; hash: string }[] {
  return prepared(r.sql, 'SELECT seq, hash FROM audit_log WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY seq').all(
    JSON.stringify(seqs),
  ) as { seq: number; hash: string }[];
}

export function outboxCounts(r: ReadHandle): Record<string, number> {
  const rows = prepared(r.sql, 'SELECT status, COUNT(*) AS n FROM outbox GROUP BY status').all() as {
    status: string;
    n: number;
  }[];
  return Object.fromEntries(rows.map((x) => [x.status, x.n]));
}
