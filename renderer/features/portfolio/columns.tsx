// Column definitions of the portfolio grid. Headers and code labels come from shared/i18n/labels.ts
// (the same words as the CSV export); only the service's sort fields are sortable.
import type { ColDef, ICellRendererParams, ValueFormatterParams } from 'ag-grid-community';
import type { Locale } from '../../../shared/api/envelope';
import type { PortfolioRow } from '../../../shared/api/schemas';
import { formatFen } from '../../../shared/domain/money';
import {
  CUSTOMER_TYPE_LABELS,
  METHOD_LABELS,
  PORTFOLIO_COLUMN_LABELS,
  PRODUCT_LABELS,
  PURPOSE_LABELS,
  label,
} from '../../../shared/i18n/labels';
import { BucketTag, FiveClassTag } from '../../ui/DomainTags';
import { isSortField } from './query';

type Col = ColDef<PortfolioRow>;
type Labels = Parameters<typeof label>[0];

export function portfolioColumns(locale: Locale): Col[] {
  const header = (field: keyof PortfolioRow) => label(PORTFOLIO_COLUMN_LABELS, field, locale);
  const base = (field: keyof PortfolioRow, width: number, extra: Partial<Col> = {}): Col => ({
    colId: field,
    field,
    headerName: header(field),
    headerTooltip: header(field),
    width,
    sortable: isSortField(field),
    ...extra,
  });
  const coded = (labels: Labels) => (p: ValueFormatterParams<PortfolioRow>) =>
    p.value == null ? '' : label(labels, String(p.value), locale);
  // The header already names the unit (元 / CNY), so amounts are shown without a currency marker.
  const money = (p: ValueFormatterParams<PortfolioRow>) =>
    typeof p.value === 'number' ? formatFen(p.value, locale, { symbol: false }) : '';
  const numeric: Partial<Col> = { type: 'rightAligned', cellClass: ['num', 'ag-right-aligned-cell'] };

  return [
    base('loanNo', 170, {
      pinned: 'left',
      lockPinned: true,
      cellRenderer: (p: ICellRendererParams<PortfolioRow>) =>
        p.data ? <span data-testid="loan-no">{p.data.loanNo}</span> : null,
    }),
    base('customerName', 190),
    base('customerType', 100, { valueFormatter: coded(CUSTOMER_TYPE_LABELS) }),
    base('product', 170, { valueFormatter: coded(PRODUCT_LABELS) }),
    base('purpose', 90, { valueFormatter: coded(PURPOSE_LABELS) }),
    base('method', 150, { valueFormatter: coded(METHOD_LABELS) }),
    base('principal', 150, { ...numeric, valueFormatter: money }),
    base('outstandingPrincipal', 150, { ...numeric, valueFormatter: money }),
    base('overdueAmount', 140, { ...numeric, valueFormatter: money }),
    base('annualRate', 115, numeric),
    base('dpd', 115, numeric),
    base('bucket', 175, {
      cellRenderer: (p: ICellRendererParams<PortfolioRow>) => (p.data ? <BucketTag value={p.data.bucket} /> : null),
    }),
    base('fiveClass', 130, {
      cellRenderer: (p: ICellRendererParams<PortfolioRow>) => (p.data ? <FiveClassTag value={p.data.fiveClass} /> : null),
    }),
    base('disbursedOn', 115),
    base('maturityDate', 115),
    base('officerName', 120),
  ];
}
