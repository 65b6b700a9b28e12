// Column definitions of the case list. Sorting is the service's (by deadline or by last change, chosen
// in the toolbar), so the headers are not sortable.
import type { ColDef, ICellRendererParams, ValueFormatterParams } from 'ag-grid-community';
import { formatTime } from '../../ui/formatTime';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { Locale } from '../../../shared/api/envelope';
import type { ddListRow } from '../../../shared/api/ddSchemas';
import { formatFen } from '../../../shared/domain/money';
import { PURPOSE_LABELS, label } from '../../../shared/i18n/labels';
import { bilingual } from '../../i18n/bilingual';
import { columnMaker } from '../../ui/grid';
import { GridRowLink, rowLinkColumn } from '../../ui/GridRowLink';
import { DdStatusTag, RiskTags, SlaText } from './DdTags';
import { decimalToPercent } from './ddFormat';

export type DdListRow = z.infer<typeof ddListRow>;
type Col = ColDef<DdListRow>;

export function caseListColumns(t: TFunction, locale: Locale): Col[] {
  const base = columnMaker<DdListRow>(t, 'dd.col.');
  const time = (p: ValueFormatterParams<DdListRow>) => formatTime(p.value as string | null);
  return [
    base('customerName', 170, {
      field: 'customerName',
      ...rowLinkColumn<DdListRow>((row) => (
        <GridRowLink route={{ name: 'ddCase', caseId: row.id }} attrs={{ 'data-testid': `dd-row-${row.id}` }}>
          {row.customerName}
        </GridRowLink>
      )),
    }),
    base('customerNo', 140, { field: 'customerNo' }),
    base('caseNo', 170, { field: 'caseNo', cellClass: 'num' }),
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
    // What the supervisor weighs first: the red flags, the checklist score and the debt-service ratio.
    base('risk', 150, {
      cellRenderer: (p: ICellRendererParams<DdListRow>) => (p.data ? <RiskTags risk={p.data.risk} /> : null),
    }),
    base('score', 80, {
      type: 'rightAligned',
      cellClass: 'num',
      valueGetter: (p) => (p.data?.risk?.scorePct == null ? '' : `${p.data.risk.scorePct}%`),
    }),
    base('dsr', 100, {
      type: 'rightAligned',
      cellClass: 'num',
      cellStyle: (p) => (p.data?.risk?.dsrOverLimit ? { color: '#cf1322', fontWeight: 600 } : null),
      valueGetter: (p) => (p.data?.risk?.dsr ? `${decimalToPercent(p.data.risk.dsr)}%` : ''),
      tooltipValueGetter: (p) => (p.data?.risk?.dsrOverLimit ? t('dd.risk.overLimit') : undefined),
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
