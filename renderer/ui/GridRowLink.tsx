// The record's name or number in a grid row, as a link: a mouse user expects it to open the record
// (Enter or a double-click on the row does the same). It is kept out of the tab order so the
// keyboard stays on the grid's cells.
import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import type { ReactNode } from 'react';
import { hrefOf, navigate, type Route } from '../app/router';

interface Props {
  route: Route;
  children: ReactNode;
  /** Test ids and data attributes for the row. */
  attrs: Record<`data-${string}`, string | number>;
}

export function GridRowLink({ route, children, attrs }: Props) {
  return (
    <a
      href={hrefOf(route)}
      tabIndex={-1}
      {...attrs}
      onClick={(e) => {
        e.preventDefault();
        navigate(route);
      }}
    >
      {children}
    </a>
  );
}

/** What makes a column the row's own: pinned left where it stays in view, its cell the link to the record. */
export function rowLinkColumn<Row>(link: (row: Row, p: ICellRendererParams<Row>) => ReactNode): Partial<ColDef<Row>> {
  return {
    pinned: 'left',
    lockPinned: true,
    cellRenderer: (p: ICellRendererParams<Row>) => (p.data ? link(p.data, p) : null),
  };
}
