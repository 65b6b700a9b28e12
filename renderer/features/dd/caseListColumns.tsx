// Column definitions of the case list. Sorting is the service's (by deadline or by last change, chosen
// in the toolbar), so the headers are not sortable.
import type { ColDef, ICellRendererParams, ValueFormatterParams } from 'ag-grid-community';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { Locale } from '../../../shared/api/envelope';
import type { ddListRow } from '../../../shared/api/ddSchemas';
import { formatFen } from '../../../shared/domain/money';
import { PURPOSE_LABELS, label } from '../../../shared/i18n/labels';
import { hrefOf, navigate } from '../../app/router';
import { bilingual } from '../../i18n/bilingual';
import { DdStatusTag, SlaText } from './DdTags';

export type DdListRow = z.infer<typeof ddListRow>;
type Col = ColDef<DdListRow>;

export function formatTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '';
}

export function caseListColumns(t: TFunction, locale: Locale): Col[] {
  const base = (colId: string, width: number, extra: Partial<Col> = {}): Col => {
    const headerName = t(`dd.col.${colId}`);
    return { colId, headerName, headerTooltip: headerName, width, sortable: false, ...extra };
  };
  const time = (p: ValueFormatterParams<DdListRow>) => formatTime(p.value as string | null);
  return [
    base('customerName', 170, {
      field: 'customerName',
      pinned: 'left',
      lockPinned: true,
      // A link as well as Enter / double-click: a mouse user expects the name to open the case. It is
      // kept out of the tab order so the keyboard stays on the grid's cells.
      cellRenderer: (p: ICellRendererParams<DdListRow>) => {
        const row = p.data;
        if (!row) return null;
        const route = { name: 'ddCase', caseId: row.id } as const;
        return (
          <a
            href={hrefOf(route)}
            tabIndex={-1}
            data-testid={`dd-row-${row.id}`}
            onClick={(e) => {
              e.preventDefault();
              navigate(route);
            }}
          >
            {row.customerName}
          </a>
        );
      },
    }),
    base('customerNo', 140, { field: 'customerNo' }),
    base('purpose', 90, { field: 'purpose', valueFormatter: (p) => (p.value ? label(PURPOSE_LABELS, String(p.value), locale) : '') }),
    base('amount', 140, {
      field: 'amount',
      type: 'rightAligned',
      cellClass: 'num',
      valueFormatter: (p) => (typeof p.value === 'number' ? formatFen(p.value, locale, { symbol: false }) : ''),
    }),
    base('template', 200, { valueGetter: (p) => (p.data ? bilingual(locale, p.data.templateTitleZh, p.data.templateTitleEn) : '') }),
    base('status', 100, {
      field: 'status',
      cellRenderer: (p: ICellRendererParams<DdListRow>) => (p.data ? <DdStatusTag status={p.data.status} /> : null),
    }),
    base('officer', 110, { valueGetter: (p) => p.data?.officerName ?? p.data?.officerId ?? '' }),
    base('submittedAt', 140, { field: 'submittedAt', valueFormatter: time }),
    base('dueAt', 140, {
      field: 'dueAt',
      // Only a submitted case waits for a decision; for the others the deadline is history.
      cellRenderer: (p: ICellRendererParams<DdListRow>) =>
        p.data && p.data.status === 'submitted' ? <SlaText dueAt={p.data.dueAt} dueSoonAt={p.data.dueSoonAt} /> : null,
    }),
    base('updatedAt', 140, { field: 'updatedAt', valueFormatter: time }),
  ];
}
