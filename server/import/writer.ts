// Writes resolved import rows and records them in the change log, inside the import's transaction.
//
// - A row whose content did not change is not written at all, so importing the same files twice
//   gives no new change-log versions and branches pull nothing.
// - Changed and new rows go in with multi-row INSERT ... ON CONFLICT (id) DO UPDATE statements.
// - Which rows changed (and which left a scope because their branch changed) is kept in a temporary
//   table, not in memory, and recorded through recordChanges once every file is written: scope
//   versions are taken as the LAST step of the transaction, in scope-name order, as the change-log
//   code asks of every writer (server/sync/versions.ts), and memory stays flat for any file size.
// - Business keys already seen in this run are kept in a temporary table too, so a key that appears
//   twice in a file is caught however far apart the two lines are.
import { canonicalJson } from '../../shared/canonicalJson';
import type { ScopeName } from '../../shared/sync/protocol';
import type { SyncedTable } from '../../shared/sync/tables';
import type { Queryable } from '../db';
import { encodeValue, ident, placeholder, scopeOf, tableInfo } from '../sync/rows';
import { recordChanges, type ChangeRef } from '../sync/versions';
import type { Resolved } from './resolve';

export type WriteOutcome = 'inserted' | 'updated' | 'unchanged';

/** Parameters per statement, well under PostgreSQL's 65,535. */
const MAX_PARAMS = 30_000;
/** Change-log entries recorded per recordChanges call. */
const RECORD_CHUNK = 5_000;

const BOOKKEEPING = ['id', 'branch_id', 'created_at', 'updated_at', 'updated_by', 'deleted_at'] as const;

interface Note {
  scope: ScopeName;
  table: SyncedTable;
  id: string;
  op: 'upsert' | 'remove';
}

export class ImportWriter {
  private constructor(
    private readonly tx: Queryable,
    private readonly by: string,
    private readonly nowIso: string,
  ) {}

  /** Temporary tables live until the transaction ends (ON COMMIT DROP; a rollback removes them too). */
  static async start(tx: Queryable, by: string, now: Date): Promise<ImportWriter> {
    // One import at a time: two runs locking overlapping rows in different orders could deadlock.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('bcw-import'))`);
    await tx.query(`CREATE TEMP TABLE import_seen (table_name text NOT NULL, key text NOT NULL, line int NOT NULL,
      PRIMARY KEY (table_name, key)) ON COMMIT DROP`);
    await tx.query(`CREATE TEMP TABLE import_changes (ord bigserial NOT NULL, scope text NOT NULL, table_name text NOT NULL,
      row_id text NOT NULL, op text NOT NULL, PRIMARY KEY (scope, table_name, row_id)) ON COMMIT DROP`);
    await tx.query('CREATE INDEX ON pg_temp.import_changes (scope, ord)'); // recordAll pages through a scope in ord order
    return new ImportWriter(tx, by, now.toISOString());
  }

  /** Claims the keys for this run; answers the keys seen before, with the line that first had them. */
  async claimKeys(table: SyncedTable, items: readonly { key: string; line: number }[]): Promise<Map<string, number>> {
    if (items.length === 0) return new Map();
    const claimed = await this.tx.query<{ key: string }>(
      `INSERT INTO pg_temp.import_seen (table_name, key, line)
       SELECT $1, k.key, k.line FROM jsonb_to_recordset($2::text::jsonb) AS k(key text, line int)
       ON CONFLICT DO NOTHING RETURNING key`,
      [table, JSON.stringify(items)],
    );
    const fresh = new Set(claimed.map((c) => c.key));
    const again = items.filter((i) => !fresh.has(i.key)).map((i) => i.key);
    if (again.length === 0) return new Map();
    const first = await this.tx.query<{ key: string; line: number }>(
      `SELECT key, line FROM pg_temp.import_seen WHERE table_name = $1 AND key = ANY(ARRAY(SELECT jsonb_array_elements_text($2::text::jsonb)))`,
      [table, JSON.stringify(again)],
    );
    return new Map(first.map((f) => [f.key, f.line]));
  }

  /**
   * Inserts new rows, updates changed ones, leaves identical ones alone. A row that moved branch is
   * noted as a `remove` in its old scope. Returns each row's outcome and the rows that moved.
   */
  async write(table: SyncedTable, rows: readonly Resolved[]): Promise<{ outcomes: WriteOutcome[]; moved: { id: string; branchId: string }[] }> {
    if (rows.length === 0) return { outcomes: [], moved: [] };
    const info = tableInfo(table);
    const existing = await this.tx.query<Record<string, unknown>>(
      `SELECT * FROM ${ident(table)} WHERE id = ANY(ARRAY(SELECT jsonb_array_elements_text($1::text::jsonb))) FOR UPDATE`,
      [JSON.stringify(rows.map((r) => r.id))],
    );
    const before = new Map(existing.map((r) => [String(r['id']), r]));
    const valueColumns = Object.keys((rows[0] as Resolved).values);
    const columns = [...BOOKKEEPING, ...valueColumns];
    for (const c of columns) if (!info.columns.has(c)) throw new Error(`import: ${table} has no column ${c}`);

    const outcomes: WriteOutcome[] = [];
    const moved: { id: string; branchId: string }[] = [];
    const writes: unknown[][] = [];
    const notes: Note[] = [];
    for (const row of rows) {
      const old = before.get(row.id);
      const same =
        old !== undefined &&
        old['branch_id'] === row.branchId &&
        old['deleted_at'] === null &&
        valueColumns.every((c) => canonicalJson(old[c] ?? null) === canonicalJson(row.values[c] ?? null));
      if (same) {
        outcomes.push('unchanged');
        continue;
      }
      outcomes.push(old ? 'updated' : 'inserted');
      const createdAt = old ? old['created_at'] : this.nowIso;
      writes.push([row.id, row.branchId, createdAt, this.nowIso, this.by, null, ...valueColumns.map((c) => row.values[c] ?? null)]);
      notes.push({ scope: scopeOf(table, row.branchId), table, id: row.id, op: 'upsert' });
      const oldBranch = old?.['branch_id'];
      if (typeof oldBranch === 'string' && oldBranch !== row.branchId) {
        moved.push({ id: row.id, branchId: row.branchId });
        const oldScope = scopeOf(table, oldBranch);
        if (oldScope !== scopeOf(table, row.branchId)) notes.push({ scope: oldScope, table, id: row.id, op: 'remove' });
      }
    }
    await this.upsert(table, columns, writes);
    await this.note(notes);
    return { outcomes, moved };
  }

  private async upsert(table: SyncedTable, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
    const info = tableInfo(table);
    const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
    const updates = columns.filter((c) => c !== 'id' && c !== 'created_at').map((c) => `${ident(c)} = EXCLUDED.${ident(c)}`);
    for (let start = 0; start < rows.length; start += perStatement) {
      const params: unknown[] = [];
      const tuples = rows.slice(start, start + perStatement).map((row) => {
        const marks = columns.map((c, j) => {
          params.push(encodeValue(info, c, row[j]));
          return placeholder(info, c, params.length);
        });
        return `(${marks.join(', ')})`;
      });
      await this.tx.query(
        `INSERT INTO ${ident(table)} (${columns.map(ident).join(', ')}) VALUES ${tuples.join(', ')}
         ON CONFLICT (id) DO UPDATE SET ${updates.join(', ')}`,
        params,
      );
    }
  }

  /**
   * A loan that moved branch takes its schedule and payments along, including rows not in this run's
   * files: they travel in the loan's scope, and a branch must not keep a schedule of a loan it lost.
   */
  async moveChildren(loans: readonly { id: string; branchId: string }[]): Promise<{ installments: number; payments: number }> {
    const counts = { installments: 0, payments: 0 };
    if (loans.length === 0) return counts;
    for (const table of ['installments', 'payments'] as const) {
      const t = ident(table);
      const movedRows = await this.tx.query<{ id: string; old_branch: string; new_branch: string }>(
        `WITH m AS (SELECT * FROM jsonb_to_recordset($1::text::jsonb) AS m(id text, "branchId" text)),
              old AS (SELECT c.id, c.branch_id AS old_branch, m."branchId" AS new_branch
                      FROM ${t} c JOIN m ON c.loan_id = m.id WHERE c.branch_id <> m."branchId" FOR UPDATE OF c),
              upd AS (UPDATE ${t} c SET branch_id = old.new_branch, updated_at = $2, updated_by = $3 FROM old WHERE c.id = old.id RETURNING c.id)
         SELECT old.id, old.old_branch, old.new_branch FROM old JOIN upd ON upd.id = old.id`,
        [JSON.stringify(loans), this.nowIso, this.by],
      );
      counts[table] = movedRows.length;
      await this.note(
        movedRows.flatMap((r): Note[] => [
          { scope: scopeOf(table, r.old_branch), table, id: r.id, op: 'remove' },
          { scope: scopeOf(table, r.new_branch), table, id: r.id, op: 'upsert' },
        ]),
      );
    }
    return counts;
  }

  private async note(notes: readonly Note[]): Promise<void> {
    for (let start = 0; start < notes.length; start += RECORD_CHUNK) {
      // ord keeps the first position of a row, so parents (written first) stay before children.
      await this.tx.query(
        `INSERT INTO pg_temp.import_changes (scope, table_name, row_id, op)
         SELECT n.v->>'scope', n.v->>'table', n.v->>'id', n.v->>'op'
         FROM jsonb_array_elements($1::text::jsonb) WITH ORDINALITY AS n(v, i)
         ORDER BY n.i
         ON CONFLICT (scope, table_name, row_id) DO UPDATE SET op = EXCLUDED.op`,
        [JSON.stringify(notes.slice(start, start + RECORD_CHUNK))],
      );
    }
  }

  /** Records every noted change, scope by scope in name order; returns how many entries were written. */
  async recordAll(): Promise<number> {
    const scopes = await this.tx.query<{ scope: ScopeName }>('SELECT DISTINCT scope FROM pg_temp.import_changes ORDER BY scope');
    let total = 0;
    for (const { scope } of scopes) {
      let after = 0;
      for (;;) {
        const page = await this.tx.query<{ ord: number; table_name: SyncedTable; row_id: string; op: 'upsert' | 'remove' }>(
          `SELECT ord, table_name, row_id, op FROM pg_temp.import_changes WHERE scope = $1 AND ord > $2 ORDER BY ord LIMIT ${RECORD_CHUNK}`,
          [scope, after],
        );
        if (page.length === 0) break;
        await recordChanges(this.tx, scope, page.map((p): ChangeRef => ({ table: p.table_name, id: p.row_id, op: p.op })));
        total += page.length;
        after = (page[page.length - 1] as { ord: number }).ord;
      }
    }
    return total;
  }

  /** Loans whose customer now sits in another branch because this run moved one but not the other. */
  async splitBorrowers(): Promise<{ customerNo: string; customerBranch: string; loanNo: string; loanBranch: string }[]> {
    return this.tx.query(
      `SELECT c.customer_no AS "customerNo", coalesce(cb.code, c.branch_id) AS "customerBranch",
              l.loan_no AS "loanNo", coalesce(lb.code, l.branch_id) AS "loanBranch"
       FROM loans l JOIN customers c ON c.id = l.customer_id
       LEFT JOIN branches cb ON cb.id = c.branch_id LEFT JOIN branches lb ON lb.id = l.branch_id
       WHERE l.branch_id <> c.branch_id AND l.deleted_at IS NULL
         AND (c.id IN (SELECT row_id FROM pg_temp.import_changes WHERE table_name = 'customers')
              OR l.id IN (SELECT row_id FROM pg_temp.import_changes WHERE table_name = 'loans'))
       ORDER BY l.loan_no LIMIT 100`,
    );
  }
}
