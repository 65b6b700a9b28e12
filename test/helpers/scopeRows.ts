// Row-by-row comparison of a branch scope between head office and a workstation: every synced table,
// each row as (id, row_version, content), content in the one normalized form both sides hash
// (shared/sync/rowHash.ts). A failing comparison names the table and shows the differing rows.
import { BRANCH_REFERENCE_TABLES, BRANCH_WORK_TABLES, GLOBAL_TABLES, type SyncedTable } from '../../shared/sync/tables';
import { rowText } from '../../shared/sync/rowHash';
import type { CentralDb } from '../../server/db';
import type { LocalStore } from '../../db/local/store';

export interface ComparableRow {
  id: string;
  row_version: number;
  content: string;
}

const contentOf = (table: SyncedTable, row: Record<string, unknown>, form: 'text' | 'value') =>
  rowText(table, Object.keys(row).sort(), form, (c) => row[c]);

const tablesOf = (scope: string): readonly SyncedTable[] => (scope === 'global' ? GLOBAL_TABLES : [...BRANCH_REFERENCE_TABLES, ...BRANCH_WORK_TABLES]);

// Code-unit order on both sides (PostgreSQL's collation would order ids differently from SQLite).
const byId = (rows: ComparableRow[]) => rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** Head office's rows of the scope, by table, sorted by id. */
export async function headOfficeScopeRows(db: CentralDb, scope: string): Promise<Record<string, ComparableRow[]>> {
  const out: Record<string, ComparableRow[]> = {};
  for (const table of tablesOf(scope)) {
    const rows =
      scope === 'global'
        ? await db.query<Record<string, unknown>>(`SELECT * FROM ${table}`)
        : await db.query<Record<string, unknown>>(`SELECT * FROM ${table} WHERE branch_id = $1`, [scope.slice('branch:'.length)]);
    out[table] = byId(rows.map((r) => ({ id: String(r['id']), row_version: Number(r['row_version']), content: contentOf(table, r, 'value') })));
  }
  return out;
}

/** The workstation's rows of the scope, in the same form. */
export function workstationScopeRows(store: LocalStore, scope: string): Record<string, ComparableRow[]> {
  const out: Record<string, ComparableRow[]> = {};
  for (const table of tablesOf(scope)) {
    const sql = store.read().sql;
    const rows = (
      scope === 'global'
        ? sql.prepare(`SELECT * FROM ${table}`).all()
        : sql.prepare(`SELECT * FROM ${table} WHERE branch_id = ?`).all(scope.slice('branch:'.length))
    ) as Record<string, unknown>[];
    out[table] = byId(rows.map((r) => ({ id: String(r['id']), row_version: Number(r['row_version']), content: contentOf(table, r, 'text') })));
  }
  return out;
}
