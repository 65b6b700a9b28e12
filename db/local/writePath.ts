// SQL behind the one write path (DESIGN.md §6): the generic row reads and writes of named mutations
// and the undo records that take them back. The outbox is outbox.ts, the audit chain auditChain.ts;
// statements are prepared once per connection and shape.
import { CONTACT_RULE_COLUMNS, CONTACT_STICKY_OUTCOMES, OWNED_TABLES, OWNER_COLUMN, READABLE_TABLES, WRITABLE_TABLES, type ByOwnerRef, type OwnedRef, type Row, type RowRef, type RowWrite } from '../../shared/mutations/types';
import type { ReadHandle, WriteHandle } from './store';
import { perConnection, prepared } from './prepared';
import { isAppendOnlyTable } from '../../shared/sync/tables';
import { trackRowWrite } from './rowSums';


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
    for (const row of readOwnedRows(w, ref)) out.set(`${ref.table}:${String(row['id'])}`, row);
  }
  return out;
}

function readOwnedRows(w: ReadHandle | WriteHandle, ref: OwnedRef): Row[] {
  if ('toNumber' in ref) {
    return prepared(w.sql, `SELECT ${RULE_COLUMNS} FROM contacts WHERE address_used = ? AND started_at >= ? AND deleted_at IS NULL ORDER BY id`).all(ref.toNumber, ref.since) as Row[];
  }
  if (ref.window) return readContactWindow(w, ref.ownerId, ref.window);
  return prepared(w.sql, `SELECT * FROM ${ref.table} WHERE ${OWNER_COLUMN[ref.table]} = ? AND deleted_at IS NULL ORDER BY id`).all(ref.ownerId) as Row[];
}

const RULE_COLUMNS = CONTACT_RULE_COLUMNS.join(', ');
const inList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
/** Literal lists (constants, not input), so each branch matches its partial index term for term. */
const STICKY_INVALID = inList(CONTACT_STICKY_OUTCOMES.invalidNumber);
const STICKY_HOLD = inList(CONTACT_STICKY_OUTCOMES.hold);

/** The same statements in array mode: a window's rows are built below without per-column property sets. */
const preparedRaw = perConnection((db, sqlText) => db.prepare(sqlText).raw(true));

const LIVE_OF_LOAN = `SELECT ${RULE_COLUMNS} FROM contacts WHERE loan_id = @loan AND deleted_at IS NULL`;
/**
 * A loan's contacts the rules read: one range of the loan's index from the earlier of `since` and the
 * `latest`-th most recent start, and the sticky outcomes through their partial indexes — never a scan
 * of years of history. Three statements merged here rather than one UNION, which sorted each branch
 * into a temporary b-tree to remove the duplicates a map removes for free.
 */
const CONTACT_WINDOW_READS = [
  `${LIVE_OF_LOAN} AND started_at >= min(@since, COALESCE(
     (SELECT started_at FROM contacts WHERE loan_id = @loan ORDER BY started_at DESC LIMIT 1 OFFSET @latest - 1), @since))`,
  `${LIVE_OF_LOAN} AND outcome IN (${STICKY_INVALID})`,
  `${LIVE_OF_LOAN} AND outcome IN (${STICKY_HOLD})`,
] as const;

const ID_AT = CONTACT_RULE_COLUMNS.indexOf('id');

function readContactWindow(w: ReadHandle | WriteHandle, loanId: string, win: NonNullable<ByOwnerRef['window']>): Row[] {
  const params = { loan: loanId, since: win.since, latest: win.latest };
  const byId = new Map<string, Row>();
  for (const sqlText of CONTACT_WINDOW_READS) {
    for (const values of preparedRaw(w.sql, sqlText).all(params) as unknown[][]) {
      const id = values[ID_AT] as string;
      if (byId.has(id)) continue;
      const row: Row = {};
      for (let i = 0; i < CONTACT_RULE_COLUMNS.length; i++) row[CONTACT_RULE_COLUMNS[i] as string] = values[i];
      byId.set(id, row);
    }
  }
  // Ids are ASCII (uuids): code-unit order is SQLite's binary order, as head office's read sorts them.
  return [...byId.values()].sort((a, b) => (String(a['id']) < String(b['id']) ? -1 : String(a['id']) > String(b['id']) ? 1 : 0));
}

export interface WriteMeta {
  branchId: string;
  userId: string;
  now: string;
}

export function applyWrite(w: WriteHandle, write: RowWrite, meta: WriteMeta): void {
  assertTable(write.table, WRITABLE_TABLES);
  if (write.op !== 'insert' && isAppendOnlyTable(write.table)) throw new Error(`${write.table} rows are never changed: ${write.table}:${write.id} is corrected by a new row`);
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
