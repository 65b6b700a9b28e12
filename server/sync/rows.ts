// Column knowledge of the synced tables, taken from the central drizzle schema, so table and column
// names are checked against a fixed list before they reach SQL, and values are encoded the one way
// each column type needs (jsonb via text, booleans as booleans).
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import * as schema from '../../db/central/schema';
import { GLOBAL_TABLES, SYNCED_TABLES, type SyncedTable } from '../../shared/sync/tables';
import { branchScope, type ScopeName } from '../../shared/sync/protocol';

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

export function assertColumn(info: TableInfo, column: string): void {
  if (!info.columns.has(column)) throw new Error(`${info.name} has no column ${column}`);
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
