// Column knowledge of the synced tables, taken from the central drizzle schema, so table and column
// names are checked against a fixed list before they reach SQL, and values are encoded the one way
// each column type needs (jsonb via text, booleans as booleans). Also the SQL of a pushed mutation's
// row writes: one row at a time, or many mutations' rows in multi-row statements.
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import * as schema from '../../db/central/schema';
import { GLOBAL_TABLES, isAppendOnlyTable, SYNCED_TABLES, type SyncedTable } from '../../shared/sync/tables';
import { branchScope, type ScopeName } from '../../shared/sync/protocol';
import { MutationRefused, WRITABLE_TABLES, type RowWrite } from '../../shared/mutations/types';
import type { Queryable } from '../db';

export interface TableInfo {
  readonly name: SyncedTable;
  readonly columns: ReadonlySet<string>;
  readonly json: ReadonlySet<string>;
  readonly bool: ReadonlySet<string>;
}

function collectTables(): Map<string, TableInfo> {
  const out = new Map<string, TableInfo>();
  for (const value of Object.values(schema)) {
    if (!is(value, PgTable)) continue;
    const config = getTableConfig(value);
    if (!(SYNCED_TABLES as readonly string[]).includes(config.name)) continue;
    out.set(config.name, {
      name: config.name as SyncedTable,
      columns: new Set(config.columns.map((c) => c.name)),
      json: new Set(config.columns.filter((c) => c.columnType === 'PgJsonb').map((c) => c.name)),
      bool: new Set(config.columns.filter((c) => c.columnType === 'PgBoolean').map((c) => c.name)),
    });
  }
  for (const t of SYNCED_TABLES) if (!out.has(t)) throw new Error(`central schema lacks synced table ${t}`);
  return out;
}

const TABLES = collectTables();

export function tableInfo(table: string): TableInfo {
  const info = TABLES.get(table);
  if (!info) throw new Error(`${table} is not a synced table`);
  return info;
}

/** The scope a row of this table travels in. */
export function scopeOf(table: SyncedTable, branchId: string): ScopeName {
  return (GLOBAL_TABLES as readonly string[]).includes(table) ? 'global' : branchScope(branchId);
}

/** SQL placeholder for a parameter bound to this column: jsonb goes in as text so both drivers agree. */
export function placeholder(info: TableInfo, column: string, n: number): string {
  return info.json.has(column) ? `$${n}::text::jsonb` : `$${n}`;
}

/**
 * A JS value as the parameter for this column. A JSON column takes any value; a string there is
 * taken as JSON text when it parses (the branch keeps JSON columns as text, so a mutation that copies
 * a read value hands us text), otherwise as a JSON string.
 */
export function encodeValue(info: TableInfo, column: string, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (info.json.has(column)) {
    if (typeof value === 'string') {
      try {
        JSON.parse(value);
        return value;
      } catch {
        return JSON.stringify(value);
      }
    }
    return JSON.stringify(value);
  }
  if (info.bool.has(column)) return value === true || value === 1 || value === '1' || value === 'true';
  return value;
}

/**
 * A row as the branch's SQLite holds it (JSON columns as text, booleans as 0/1), so a mutation's
 * pure apply() sees the same shapes at head office as on the device that first ran it.
 */
export function toBranchShape(info: TableInfo, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...row };
  for (const c of info.json) if (out[c] !== null && out[c] !== undefined) out[c] = JSON.stringify(out[c]);
  for (const c of info.bool) if (typeof out[c] === 'boolean') out[c] = out[c] ? 1 : 0;
  return out;
}

/** Double-quoted identifier; names are checked against the schema first, this is belt and braces. */
export function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad identifier ${name}`);
  return `"${name}"`;
}

// ---------- a mutation's row writes (server/sync/runMutation.ts) ----------

/** Columns the server sets itself; a mutation's values may not touch them. */
const MANAGED = new Set(['id', 'branch_id', 'created_at', 'updated_at', 'updated_by', 'row_version']);

/** Parameters per multi-row statement stay well under PostgreSQL's 65,535. */
const MAX_PARAMS = 30_000;

const isWritable = (table: string) => (WRITABLE_TABLES as readonly string[]).includes(table);

export interface WriteMeta {
  branchId: string;
  userId: string;
  now: string;
}

/** Why this write may not happen (a table or column a mutation may not touch), or null. */
export function checkWrite(w: RowWrite): MutationRefused | null {
  if (!isWritable(w.table)) return new MutationRefused('DOMAIN_RULE', 'invalid_write', `a mutation may not write ${w.table}`);
  if (w.op !== 'insert' && isAppendOnlyTable(w.table)) return new MutationRefused('DOMAIN_RULE', 'invalid_write', `${w.table} rows are never changed; a correction is a new row`);
  const info = tableInfo(w.table);
  for (const c of Object.keys(w.values).sort()) {
    if (MANAGED.has(c) || !info.columns.has(c)) return new MutationRefused('DOMAIN_RULE', 'invalid_write', `${w.table}.${c} cannot be written`);
  }
  return null;
}

/** An insert's columns (the server-set ones first) and values, in one order. */
function insertRow(w: RowWrite, meta: WriteMeta): { columns: string[]; values: unknown[] } {
  const columns = Object.keys(w.values).sort();
  return {
    columns: ['id', 'branch_id', 'created_at', 'updated_at', 'updated_by', ...columns],
    values: [w.id, meta.branchId, meta.now, meta.now, meta.userId, ...columns.map((c) => w.values[c])],
  };
}

/**
 * The pending writes as few statements as their order allows. True when every row landed; false when
 * an insert met an existing id or an update found no row (the caller then decides per mutation).
 */
export async function writeBatch(
  tx: Queryable,
  batch: readonly { writes: readonly RowWrite[]; userId: string }[],
  meta: Omit<WriteMeta, 'userId'>,
): Promise<boolean> {
  type Group = { table: string; columns: string[]; rows: { id: string; values: unknown[] }[] };
  const groups: (Group | { update: RowWrite; userId: string })[] = [];
  for (const { writes, userId } of batch) {
    for (const w of writes) {
      if (w.op !== 'insert') {
        groups.push({ update: w, userId });
        continue;
      }
      const row = insertRow(w, { ...meta, userId });
      const last = groups[groups.length - 1];
      const shape = `${w.table}|${row.columns.join(',')}`;
      const fits = last && 'rows' in last && `${last.table}|${last.columns.join(',')}` === shape;
      if (fits && (last.rows.length + 1) * row.columns.length <= MAX_PARAMS) last.rows.push({ id: w.id, values: row.values });
      else groups.push({ table: w.table, columns: row.columns, rows: [{ id: w.id, values: row.values }] });
    }
  }
  for (const g of groups) {
    if ('update' in g) {
      const done = await updateRow(tx, g.update, { ...meta, userId: g.userId });
      if (!done) return false;
      continue;
    }
    const info = tableInfo(g.table);
    const params: unknown[] = [];
    const tuples = g.rows.map(({ values }) => {
      const marks = g.columns.map((c, i) => {
        params.push(encodeValue(info, c, values[i]));
        return placeholder(info, c, params.length);
      });
      return `(${marks.join(', ')})`;
    });
    const done = await tx.query(
      `INSERT INTO ${ident(info.name)} (${g.columns.map(ident).join(', ')}) VALUES ${tuples.join(', ')}
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      params,
    );
    if (done.length !== g.rows.length) return false;
  }
  return true;
}

export async function writeRow(tx: Queryable, w: RowWrite, meta: WriteMeta): Promise<void> {
  const refused = checkWrite(w);
  if (refused) throw refused;
  if (w.op === 'update') {
    if (!(await updateRow(tx, w, meta))) throw new MutationRefused('NOT_FOUND', 'row_exists', `${w.table} ${w.id} does not exist in this branch`);
    return;
  }
  const info = tableInfo(w.table);
  const { columns, values } = insertRow(w, meta);
  const params = columns.map((c, i) => encodeValue(info, c, values[i]));
  // DO NOTHING rather than an error: an id that exists (a racing device, or a tombstoned row the
  // read could not see) is a conflict to report, and must not abort the transaction.
  const done = await tx.query(
    `INSERT INTO ${ident(info.name)} (${columns.map(ident).join(', ')}) VALUES (${columns.map((c, i) => placeholder(info, c, i + 1)).join(', ')})
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    params,
  );
  if (done.length === 0) throw new MutationRefused('CONFLICT', 'id_exists', `${w.table} ${w.id} already exists`);
}

/** An update of a row of this branch; false when there is no such row. */
async function updateRow(tx: Queryable, w: RowWrite, meta: WriteMeta): Promise<boolean> {
  const info = tableInfo(w.table);
  const params: unknown[] = [];
  const bind = (column: string, value: unknown): string => {
    params.push(encodeValue(info, column, value));
    return placeholder(info, column, params.length);
  };
  const sets = [
    ...Object.keys(w.values)
      .sort()
      .map((c) => `${ident(c)} = ${bind(c, w.values[c])}`),
    `updated_at = ${bind('updated_at', meta.now)}`,
    `updated_by = ${bind('updated_by', meta.userId)}`,
  ];
  const idMark = bind('id', w.id);
  const branchMark = bind('branch_id', meta.branchId);
  const done = await tx.query(`UPDATE ${ident(info.name)} SET ${sets.join(', ')} WHERE id = ${idMark} AND branch_id = ${branchMark} RETURNING id`, params);
  return done.length > 0;
}
