// A saved view <-> the grid: what of the grid's column state a view keeps (order, width, visibility,
// the sort) and the column state that shows a view again. Pure, so it is tested without a grid.
import type { ColumnState } from 'ag-grid-community';
import { PORTFOLIO_COLUMN_IDS, type PortfolioView, type PortfolioViewColumn } from '../../../shared/api/portfolioViewSchemas';
import { toSort, type PortfolioFilters } from './query';

const COLUMN_IDS: ReadonlySet<string> = new Set(PORTFOLIO_COLUMN_IDS);

function isColumnId(colId: string): colId is PortfolioViewColumn['colId'] {
  return COLUMN_IDS.has(colId);
}

/** The view the page shows now: its filters, the grid's sort and its columns in display order. */
export function viewOf(filters: PortfolioFilters, state: readonly ColumnState[]): PortfolioView {
  const sorted = state.filter((c) => c.sort).sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0));
  const columns = state.flatMap((c): PortfolioViewColumn[] => {
    if (!isColumnId(c.colId)) return [];
    const column: PortfolioViewColumn = { colId: c.colId, hide: !!c.hide };
    if (typeof c.width === 'number') column.width = Math.round(c.width);
    return [column];
  });
  return { filters, sort: toSort(sorted), columns };
}

/** The column state that shows `view`: its order, widths and visibility, sorted by its one column. */
export function columnStateOf(view: PortfolioView): ColumnState[] {
  return view.columns.map((c) => ({
    colId: c.colId,
    hide: c.hide ?? false,
    ...(c.width !== undefined ? { width: c.width } : {}),
    sort: c.colId === view.sort.field ? view.sort.dir : null,
    sortIndex: c.colId === view.sort.field ? 0 : null,
  }));
}
