// Scope versions and the compacted change log (DESIGN.md §7).
//
// A version is taken with `UPDATE scope_versions SET version = version + n ... RETURNING` inside the
// writing transaction. The UPDATE holds the scope row's lock until commit, so a later transaction
// gets a higher version only after the earlier one committed: version order equals commit order, and
// a puller that has seen version v can never later find a newly committed entry at or below v.
// Callers take the lock as the LAST step of their writes (after the row writes), so the serialised
// stretch per scope is short and lock order is always rows -> scope (no cycles through the scope row).
import { v7 as uuidv7 } from 'uuid';
import type { ScopeName } from '../../shared/sync/protocol';
import { hashRow, hashToBigInt, xorHash, ZERO_HASH, ROW_HASH_VERSION, type Hash64 } from '../../shared/sync/rowHash';
import type { SyncedTable } from '../../shared/sync/tables';
import type { Queryable } from '../db';
import { encodeValue, ident, placeholder, tableInfo } from './rows';

export interface ScopeState {
  scope: ScopeName;
  epoch: string;
  version: number;
}

/** The scope's epoch and current version, creating the scope (fresh epoch, version 0) on first use. */
export async function ensureScope(q: Queryable, scope: ScopeName): Promise<ScopeState> {
  const read = () => q.query<{ epoch: string; version: number }>('SELECT epoch, version FROM scope_versions WHERE scope = $1', [scope]);
  let [row] = await read();
  if (!row) {
    // Only when missing: an INSERT ... ON CONFLICT against a row a writer holds locked waits for that
    // writer's commit, and readers (hello, pull) must never queue behind writers.
    await q.query(
      'INSERT INTO scope_versions (scope, epoch, version, row_sum, row_sum_version) VALUES ($1, $2, 0, 0, $3) ON CONFLICT (scope) DO NOTHING',
      [scope, uuidv7(), ROW_HASH_VERSION],
    );
    [row] = await read();
  }
  if (!row) throw new Error(`scope ${scope} vanished`);
  return { scope, epoch: row.epoch, version: row.version };
}

/** Reserves n consecutive versions [first, last] in the scope; locks the scope row until commit. */
async function bumpScope(
  tx: Queryable,
  scope: ScopeName,
  n: number,
): Promise<{ epoch: string; first: number; last: number }> {
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`bumpScope needs n >= 1, got ${n}`);
  const bump = () =>
    tx.query<{ epoch: string; version: number }>(
      'UPDATE scope_versions SET version = version + $2 WHERE scope = $1 RETURNING epoch, version',
      [scope, n],
    );
  let [row] = await bump();
  if (!row) {
    await ensureScope(tx, scope);
    [row] = await bump();
  }
  if (!row) throw new Error(`cannot bump scope ${scope}`);
  return { epoch: row.epoch, first: row.version - n + 1, last: row.version };
}

export interface ChangeRef {
  table: SyncedTable;
  id: string;
  /** upsert: the row's current state travels; remove: the row left this scope (e.g. loan moved branch). */
  op: 'upsert' | 'remove';
}

const UPSERT_LOG = `ON CONFLICT (scope, table_name, row_id)
  DO UPDATE SET version = EXCLUDED.version, op = EXCLUDED.op, data = EXCLUDED.data, client_id = EXCLUDED.client_id`;

/**
 * Records already-written rows in the scope's change log: reserves one version per row, stamps
 * row_version on the real row and upserts its change-log entry with the row's full state, one
 * statement per table. `clientId` names the client whose pushed mutations wrote them (null: head
 * office itself), so a later draft edit can tell its own earlier write from someone else's. Returns
 * the versions given, by `${table}:${id}`.
 */
export async function recordChanges(
  tx: Queryable,
  scope: ScopeName,
  changes: readonly ChangeRef[],
  clientId: string | null = null,
): Promise<Map<string, number>> {
  // The same row twice in one call is one change: the log keeps only the latest state anyway.
  const unique = new Map<string, ChangeRef>();
  for (const c of changes) unique.set(`${c.table}:${c.id}`, c);
  const versions = new Map<string, number>();
  if (unique.size === 0) return versions;
  const { first } = await bumpScope(tx, scope, unique.size);
  const byTable = new Map<string, { upserts: { id: string; version: number }[]; removes: { id: string; version: number }[] }>();
  let next = first;
  let sum = ZERO_HASH;
  for (const [key, c] of unique) {
    versions.set(key, next);
    let group = byTable.get(c.table);
    if (!group) byTable.set(c.table, (group = { upserts: [], removes: [] }));
    (c.op === 'upsert' ? group.upserts : group.removes).push({ id: c.id, version: next++ });
  }
  for (const [table, group] of byTable) {
    const t = ident(tableInfo(table).name);
    if (group.upserts.length > 0) {
      const done = await tx.query<LoggedRow>(
        `WITH v AS (SELECT * FROM jsonb_to_recordset($1::text::jsonb) AS v(id text, version bigint)),
              ${OLD_STATE('SELECT id FROM v')},
              u AS (UPDATE ${t} SET row_version = v.version FROM v WHERE ${t}.id = v.id RETURNING ${t}.*)
         INSERT INTO change_log (scope, table_name, row_id, version, op, data, client_id)
         SELECT $2, $3, u.id, u.row_version, 'upsert', to_jsonb(u), $4::text FROM u
         ${UPSERT_LOG} ${RETURNING_STATES}`,
        [JSON.stringify(group.upserts), scope, table, clientId],
      );
      if (done.length !== group.upserts.length) {
        throw new Error(`recordChanges: ${group.upserts.length - done.length} ${table} rows to record do not exist`);
      }
      sum = xorHash(sum, rowSumDelta(table as SyncedTable, done));
    }
    if (group.removes.length > 0) {
      const done = await tx.query<LoggedRow>(
        `WITH v AS (SELECT * FROM jsonb_to_recordset($1::text::jsonb) AS v(id text, version bigint)),
              ${OLD_STATE('SELECT id FROM v')}
         INSERT INTO change_log (scope, table_name, row_id, version, op, data)
         SELECT $2, $3, v.id, v.version, 'remove', NULL FROM v
         ${UPSERT_LOG} ${RETURNING_STATES}`,
        [JSON.stringify(group.removes), scope, table],
      );
      sum = xorHash(sum, rowSumDelta(table as SyncedTable, done));
    }
  }
  await addToRowSum(tx, scope, sum);
  return versions;
}

/** A change-log entry's state before and after a statement wrote it (null: absent from the scope). */
interface LoggedRow {
  data: Record<string, unknown> | null;
  old_data: Record<string, unknown> | null;
}

/** The log entries a statement is about to overwrite, read in the same snapshot ($2 scope, $3 table). */
const OLD_STATE = (ids: string) =>
  `old AS (SELECT row_id, data FROM change_log WHERE scope = $2 AND table_name = $3 AND op = 'upsert' AND row_id IN (${ids}))`;
const RETURNING_STATES = `RETURNING data, (SELECT old.data FROM old WHERE old.row_id = change_log.row_id) AS old_data`;

/** What these log writes do to the scope's row sum: each old state's hash out, each new one's in. */
function rowSumDelta(table: SyncedTable, rows: readonly LoggedRow[]): Hash64 {
  let sum = ZERO_HASH;
  for (const r of rows) {
    if (r.old_data) sum = xorHash(sum, hashRow(table, r.old_data, 'value'));
    if (r.data) sum = xorHash(sum, hashRow(table, r.data, 'value'));
  }
  return sum;
}

/** XORs a delta into the scope's row sum; the caller holds the scope row's lock (bumpScope). NULL stays NULL. */
async function addToRowSum(tx: Queryable, scope: ScopeName, delta: Hash64): Promise<void> {
  if (delta.hi === 0 && delta.lo === 0) return;
  await tx.query('UPDATE scope_versions SET row_sum = row_sum # $2::bigint WHERE scope = $1', [scope, hashToBigInt(delta).toString()]);
}

/** Parameters per statement stay well under PostgreSQL's 65,535. */
const MAX_PARAMS = 30_000;

/**
 * Inserts new rows of one table into one scope and records them in the change log in the same
 * statements: versions are reserved first, each row is written once with its row_version, and the
 * log entry is built from the INSERT's RETURNING. Used for bulk loads (demo seed, reference feeds).
 * `rows` hold every column the caller sets, including the bookkeeping ones except row_version.
 */
export async function insertRecorded(
  tx: Queryable,
  scope: ScopeName,
  table: SyncedTable,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  if (rows.length === 0) return;
  const info = tableInfo(table);
  for (const c of columns) if (!info.columns.has(c) || c === 'row_version') throw new Error(`insertRecorded: bad column ${table}.${c}`);
  const allColumns = [...columns, 'row_version'];
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / allColumns.length));
  const { first } = await bumpScope(tx, scope, rows.length);
  let sum = ZERO_HASH;
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: unknown[] = [scope, table];
    const tuples = chunk.map((row, i) => {
      if (row.length !== columns.length) throw new Error(`insertRecorded: row has ${row.length} values for ${columns.length} columns`);
      const marks = columns.map((c, j) => {
        params.push(encodeValue(info, c, row[j]));
        return placeholder(info, c, params.length);
      });
      params.push(first + start + i);
      marks.push(`$${params.length}::bigint`);
      return `(${marks.join(', ')})`;
    });
    const done = await tx.query<LoggedRow>(
      `WITH ins AS (INSERT INTO ${ident(table)} (${allColumns.map(ident).join(', ')}) VALUES ${tuples.join(', ')} RETURNING *),
            old AS (SELECT row_id, data FROM change_log WHERE scope = $1 AND table_name = $2 AND op = 'upsert' AND row_id IN (SELECT id FROM ins))
       INSERT INTO change_log (scope, table_name, row_id, version, op, data)
       SELECT $1, $2, ins.id, ins.row_version, 'upsert', to_jsonb(ins) FROM ins
       ${UPSERT_LOG} ${RETURNING_STATES}`,
      params,
    );
    sum = xorHash(sum, rowSumDelta(table, done));
  }
  await addToRowSum(tx, scope, sum);
}

/**
 * The scope's row sum from its change log, for a scope whose sum is unknown (created before sums
 * existed) or was made by another hash version. Takes the scope row's lock, so no write interleaves.
 */
export async function recomputeRowSum(tx: Queryable, scope: ScopeName): Promise<Hash64> {
  await ensureScope(tx, scope);
  await tx.query('SELECT 1 FROM scope_versions WHERE scope = $1 FOR UPDATE', [scope]);
  let sum = ZERO_HASH;
  let after = ['', ''];
  for (;;) {
    // Keyset pages along the primary key, so a large scope is never held in memory at once.
    const rows = await tx.query<{ table_name: string; row_id: string; op: string; data: Record<string, unknown> | null }>(
      `SELECT table_name, row_id, op, data FROM change_log WHERE scope = $1 AND (table_name, row_id) > ($2, $3)
        ORDER BY table_name, row_id LIMIT 2000`,
      [scope, ...after],
    );
    for (const r of rows) if (r.op === 'upsert' && r.data) sum = xorHash(sum, hashRow(r.table_name as SyncedTable, r.data, 'value'));
    if (rows.length < 2000) break;
    const last = rows[rows.length - 1] as { table_name: string; row_id: string };
    after = [last.table_name, last.row_id];
  }
  await tx.query('UPDATE scope_versions SET row_sum = $2::bigint, row_sum_version = $3 WHERE scope = $1', [
    scope,
    hashToBigInt(sum).toString(),
    ROW_HASH_VERSION,
  ]);
  return sum;
}
