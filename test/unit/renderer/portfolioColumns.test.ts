import type { ColumnState } from 'ag-grid-community';
import { describe, expect, it } from 'vitest';
import { readStoredColumns } from '../../../renderer/features/portfolio/columnPrefs';
import { EMPTY_FILTERS } from '../../../renderer/features/portfolio/query';
import { columnStateOf, viewOf } from '../../../renderer/features/portfolio/viewState';
import { portfolioView } from '../../../shared/api/portfolioViewSchemas';

describe('stored portfolio columns', () => {
  it('reads an earlier release state: widths, visibility and sort kept; its order and pinning left to the new defaults', () => {
    const earlier = {
      v: 1,
      columns: [
        { colId: 'loanNo', width: 170, hide: false, pinned: 'left', sort: null, sortIndex: null, flex: null },
        { colId: 'customerName', width: 220, hide: false, pinned: null, sort: 'asc', sortIndex: 0, flex: null },
        { colId: 'officerName', width: 120, hide: true, pinned: null, sort: null, sortIndex: null, flex: null },
      ],
    };
    expect(readStoredColumns(earlier)).toEqual({
      state: [
        { colId: 'loanNo', width: 170, hide: false, sort: null, sortIndex: null },
        { colId: 'customerName', width: 220, hide: false, sort: 'asc', sortIndex: 0 },
        { colId: 'officerName', width: 120, hide: true, sort: null, sortIndex: null },
      ],
      applyOrder: false,
    });
  });

  it('applies the current form as stored, order included', () => {
    const columns: ColumnState[] = [{ colId: 'dpd', width: 90, pinned: null }, { colId: 'loanNo', pinned: 'left' }];
    expect(readStoredColumns({ v: 2, columns })).toEqual({ state: columns, applyOrder: true });
  });

  it('ignores what it cannot read', () => {
    for (const value of [null, 'x', { v: 3, columns: [] }, { v: 2, columns: 'no' }, { v: 1, columns: [{ width: 3 }] }]) {
      expect(readStoredColumns(value)).toBeNull();
    }
  });
});

describe('portfolio view from and to the grid', () => {
  const state: ColumnState[] = [
    { colId: 'loanNo', width: 170, pinned: 'left', hide: false, sort: null },
    { colId: 'customerName', width: 170.4, pinned: 'left', hide: false, sort: null },
    { colId: 'dpd', width: 100, hide: false, sort: 'desc', sortIndex: 0 },
    { colId: 'officerName', width: 120, hide: true, sort: null },
    { colId: 'ag-Grid-AutoColumn', width: 50 },
  ];
  const filters = { ...EMPTY_FILTERS, overdue: true, buckets: ['M3' as const] };

  it('keeps the filters, the sort and the columns in order, as the service schema accepts', () => {
    const view = viewOf(filters, state);
    expect(view).toEqual({
      filters,
      sort: { field: 'dpd', dir: 'desc' },
      columns: [
        { colId: 'loanNo', width: 170, hide: false },
        { colId: 'customerName', width: 170, hide: false },
        { colId: 'dpd', width: 100, hide: false },
        { colId: 'officerName', width: 120, hide: true },
      ],
    });
    expect(portfolioView.safeParse(view).success).toBe(true);
  });

  it('shows a view again with its one sorted column', () => {
    expect(columnStateOf(viewOf(filters, state))).toEqual([
      { colId: 'loanNo', width: 170, hide: false, sort: null, sortIndex: null },
      { colId: 'customerName', width: 170, hide: false, sort: null, sortIndex: null },
      { colId: 'dpd', width: 100, hide: false, sort: 'desc', sortIndex: 0 },
      { colId: 'officerName', width: 120, hide: true, sort: null, sortIndex: null },
    ]);
  });
});
