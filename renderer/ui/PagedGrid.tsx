// A grid over a service list that pages on its side (infinite row model, fed by useInfiniteRows):
// rows are asked for a page at a time as the user scrolls, and a row's record opens on a
// double-click or on Enter, so the keyboard never needs the mouse.
import type { CellKeyDownEvent, RowDoubleClickedEvent } from 'ag-grid-community';
import type { AgGridReactProps } from 'ag-grid-react';
import { AppGrid } from './AppGrid';

/** Rows per request: the service's list methods page by this many. */
const PAGE_SIZE = 100;

interface Props<Row> extends AgGridReactProps<Row> {
  /** Pages kept in memory before the oldest is dropped (and asked for again when scrolled back to). */
  maxBlocksInCache: number;
  onOpen(row: Row, rowIndex: number | null): void;
}

export function PagedGrid<Row extends { id: string }>({ onOpen, ...props }: Props<Row>) {
  const open = (row: Row | undefined, rowIndex: number | null) => {
    if (row) onOpen(row, rowIndex);
  };
  return (
    <AppGrid<Row>
      rowModelType="infinite"
      cacheBlockSize={PAGE_SIZE}
      infiniteInitialRowCount={1}
      getRowId={(p) => p.data.id}
      onRowDoubleClicked={(e: RowDoubleClickedEvent<Row>) => open(e.data, e.rowIndex)}
      onCellKeyDown={(e: CellKeyDownEvent<Row>) => {
        if ((e.event as KeyboardEvent | null)?.key === 'Enter') open(e.data, e.rowIndex);
      }}
      {...props}
    />
  );
}
