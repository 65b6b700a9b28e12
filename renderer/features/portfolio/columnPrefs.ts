// The stored form of the portfolio's column choices (prefs 'portfolio.columns') and how an earlier
// release's form is read. Pure, so the upgrade is tested without a grid.
import type { ColumnState } from 'ag-grid-community';

/** Version 2: the grid's column state since the name was pinned and delinquency moved first. */
export interface StoredColumns {
  v: 2;
  columns: ColumnState[];
}

/** What to apply to the grid: the state, and whether its order is the user's own. */
export interface ColumnChoices {
  state: ColumnState[];
  applyOrder: boolean;
}

function columnStates(columns: unknown): ColumnState[] | null {
  if (!Array.isArray(columns)) return null;
  const ok = columns.every((c: unknown) => !!c && typeof c === 'object' && typeof (c as ColumnState).colId === 'string');
  return ok ? (columns as ColumnState[]) : null;
}

/**
 * Stored values come from an older app version or another device; anything unexpected is ignored.
 * Version 1 (before the name was pinned) keeps each column's width, visibility and sort, but not its
 * order or pinning: nearly every stored order is the old default that put delinquency off-screen, so
 * the new default order and pinned name take over.
 */
export function readStoredColumns(value: unknown): ColumnChoices | null {
  if (!value || typeof value !== 'object') return null;
  const { v, columns } = value as { v?: unknown; columns?: unknown };
  const state = columnStates(columns);
  if (!state) return null;
  if (v === 2) return { state, applyOrder: true };
  if (v !== 1) return null;
  return {
    state: state.map(({ colId, width, hide, sort, sortIndex }) => ({ colId, width, hide, sort, sortIndex })),
    applyOrder: false,
  };
}
