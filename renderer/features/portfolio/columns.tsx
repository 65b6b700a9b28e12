// Column definitions of the portfolio grid. Headers and code labels come from shared/i18n/labels.ts
// (the same words as the CSV export); only the service's sort fields are sortable. The loan number and
// the customer's name stay pinned on the left (a found customer is never scrolled away), and delinquency
// comes right after them: days past due, bucket and class before the descriptive columns.
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

  const pinned: Partial<Col> = { pinned: 'left', lockPinned: true, suppressMovable: true };

  return [
    base('loanNo', 170, {
      ...pinned,
      cellRenderer: (p: ICellRendererParams<PortfolioRow>) =>
        p.data ? <span data-testid="loan-no">{p.data.loanNo}</span> : null,
    }),
    base('customerName', 170, {
      ...pinned,
      tooltipField: 'customerName',
      cellRenderer: (p: ICellRendererParams<PortfolioRow>) =>
        p.data ? <span data-testid="customer-name">{p.data.customerName}</span> : null,
    }),
    base('dpd', 100, numeric),
    base('bucket', 175, {
      cellRenderer: (p: ICellRendererParams<PortfolioRow>) => (p.data ? <BucketTag value={p.data.bucket} /> : null),
    }),
    base('fiveClass', 130, {
      cellRenderer: (p: ICellRendererParams<PortfolioRow>) => (p.data ? <FiveClassTag value={p.data.fiveClass} /> : null),
    }),
    base('overdueAmount', 140, { ...numeric, valueFormatter: money }),
    base('outstandingPrincipal', 150, { ...numeric, valueFormatter: money }),
    base('principal', 150, { ...numeric, valueFormatter: money }),
    base('customerType', 100, { valueFormatter: coded(CUSTOMER_TYPE_LABELS) }),
    base('product', 170, { valueFormatter: coded(PRODUCT_LABELS) }),
    base('purpose', 90, { valueFormatter: coded(PURPOSE_LABELS) }),
    base('method', 150, { valueFormatter: coded(METHOD_LABELS) }),
    base('annualRate', 115, numeric),
    base('disbursedOn', 115),
    base('maturityDate', 115),
    base('officerName', 120),
  ];
}

/** Columns the user cannot hide: the pinned ones that say which loan a row is. */
export const REQUIRED_COLUMNS: ReadonlySet<string> = new Set(['loanNo', 'customerName']);
