// The workstation's side of anti-entropy (DESIGN.md §7): per scope, the XOR of the hashes of the
// synced rows this database holds (shared/sync/rowHash.ts), kept up to date by every write of a synced
// row (the write path, undo, pulled pages) and recomputable from scratch. Head office keeps the same
// sum over its rows; after a pull the two must agree once the work not yet accepted is taken out.
import { GLOBAL_TABLES, BRANCH_REFERENCE_TABLES, BRANCH_WORK_TABLES, isSyncedTable, type SyncedTable } from '../../shared/sync/tables';
import { hashRow, hashText, hexToHash, hashToHex, rowText, xorHash, ZERO_HASH, type Hash64 } from '../../shared/sync/rowHash';
import { branchScope } from '../../shared/sync/protocol';
import type { ReadHandle, WriteHandle } from './store';
import { prepared } from './prepared';
import { getSyncValue, setSyncValue, type SyncStateKey } from './syncState';

type Row = Record<string, unknown>;

const isGlobal = (table: string) => (GLOBAL_TABLES as readonly string[]).includes(table);

/** The scope a local row travels in, or null for a row no scope holds. */
function scopeOfRow(table: string, row: Row): string | null {
  if (isGlobal(table)) return 'global';
  return typeof row['branch_id'] === 'string' ? branchScope(row['branch_id']) : null;
}

function tablesOf(scope: string): readonly SyncedTable[] {
  return scope === 'global' ? GLOBAL_TABLES : [...BRANCH_REFERENCE_TABLES, ...BRANCH_WORK_TABLES];
}

const sumKey = (scope: string): SyncStateKey => `rowsum:${scope}`;

/** Per-scope deltas of one batch of writes, stored with one statement per scope. */
export class RowSumDelta {
  private readonly byScope = new Map<string, Hash64>();

  /** A row of `table` went from `before` to `after` (undefined: absent), both as this database holds them. */
  change(table: string, before: Row | null | undefined, after: Row | null | undefined): void {
    if (!isSyncedTable(table)) return;
    for (const row of [before, after]) if (row) this.add(table, row, 'text');
  }

  /** One row's hash in (or out: XOR is its own inverse), `form` saying how its JSON columns are given. */
  add(table: SyncedTable, row: Row, form: 'text' | 'value'): void {
    const scope = scopeOfRow(table, row);
    if (scope === null) return;
    this.byScope.set(scope, xorHash(this.byScope.get(scope) ?? ZERO_HASH, hashRow(table, row, form)));
  }

  flush(w: WriteHandle): void {
    for (const [scope, delta] of this.byScope) {
      if (delta.hi === 0 && delta.lo === 0) continue;
      setStoredRowSum(w, scope, xorHash(storedRowSum(w, scope) ?? ZERO_HASH, delta));
    }
    this.byScope.clear();
  }
}

/** Records one row write in the scope sums (the write path's single-row writes). */
export function trackRowWrite(w: WriteHandle, table: string, before: Row | null | undefined, after: Row | null | undefined): void {
  const delta = new RowSumDelta();
  delta.change(table, before, after);
  delta.flush(w);
}

/** The kept sum of a scope; undefined before the first pull or recomputation. */
export function storedRowSum(r: ReadHandle | WriteHandle, scope: string): Hash64 | undefined {
  const value = getSyncValue(r, sumKey(scope));
  return value === undefined ? undefined : hexToHash(value);
}

export function setStoredRowSum(w: WriteHandle, scope: string, sum: Hash64): void {
  setSyncValue(w, sumKey(scope), hashToHex(sum));
}

/** The scope's sum computed from every row this database holds (a full read of the scope's tables). */
export function computeRowSum(r: ReadHandle | WriteHandle, scope: string): Hash64 {
  let sum = ZERO_HASH;
  for (const table of tablesOf(scope)) {
    // Not the shared statement cache: raw mode is a property of the statement.
    const stmt = r.sql.prepare(isGlobal(table) ? `SELECT * FROM ${table}` : `SELECT * FROM ${table} WHERE branch_id = ?`);
    const names = stmt.columns().map((c) => c.name);
    const order = names.map((_, i) => i).sort((a, b) => ((names[a] as string) < (names[b] as string) ? -1 : 1));
    const sorted = order.map((i) => names[i] as string);
    const args = isGlobal(table) ? [] : [scope.slice('branch:'.length)];
    for (const values of stmt.raw(true).iterate(...args) as IterableIterator<unknown[]>) {
      sum = xorHash(sum, hashText(rowText(table, sorted, 'text', (_c, i) => values[order[i] as number])));
    }
  }
  return sum;
}

/**
 * What the sum would be without the work head office has not accepted yet: for each row a pending
 * outbox entry wrote, its current state goes out and the state before the first such entry (its undo
 * record, refreshed on every rebase) goes in. `pending` lists undo records in seq order.
 */
export function sumWithoutPending(
  r: ReadHandle | WriteHandle,
  scope: string,
  localSum: Hash64,
  pending: readonly { table: string; id: string; before: Row | null }[],
): Hash64 {
  let sum = localSum;
  const seen = new Set<string>();
  for (const u of pending) {
    const key = `${u.table}:${u.id}`;
    if (seen.has(key) || !isSyncedTable(u.table)) continue;
    seen.add(key);
    const current = prepared(r.sql, `SELECT * FROM ${u.table} WHERE id = ?`).get(u.id) as Row | undefined;
    if (current && scopeOfRow(u.table, current) === scope) sum = xorHash(sum, hashRow(u.table, current, 'text'));
    if (u.before && scopeOfRow(u.table, u.before) === scope) sum = xorHash(sum, hashRow(u.table, u.before, 'text'));
  }
  return sum;
}

export interface DivergenceStatus {
  /** Scope differences found since this workstation was enrolled. */
  detected: number;
  lastDetectedAt: string | null;
  /** Scopes still different after a repair; shown until a later check matches. */
  unresolved: string[];
  lastVerifiedAt: string | null;
}

/** For sync.status. */
export function divergenceStatus(r: ReadHandle | WriteHandle): DivergenceStatus {
  return {
    detected: Number(getSyncValue(r, 'rowsum_detected') ?? 0),
    lastDetectedAt: getSyncValue(r, 'rowsum_last_detected_at') ?? null,
    unresolved: JSON.parse(getSyncValue(r, 'rowsum_unresolved') ?? '[]') as string[],
    lastVerifiedAt: getSyncValue(r, 'rowsum_last_verified_at') ?? null,
  };
}
