// Columns of the collections queue. The service sorts by priority, so headers are not sortable: the
// order on screen is the order the work should be done in, and the score's parts say why.
import type { ColDef, ICellRendererParams, ValueFormatterParams } from 'ag-grid-community';
import { WarningOutlined } from '@ant-design/icons';
import { Tooltip } from 'antd';
import type { TFunction } from 'i18next';
import type { Locale } from '../../../../shared/api/envelope';
import { formatFen } from '../../../../shared/domain/money';
import { bilingual } from '../../../i18n/bilingual';
import { BucketTag } from '../../../ui/DomainTags';
import { columnMaker } from '../../../ui/grid';
import { GridRowLink, rowLinkColumn } from '../../../ui/GridRowLink';
import { PromiseTag, relativeTime, type QueueRow } from '../common';
import { formatTime } from '../../../ui/formatTime';

type Col = ColDef<QueueRow>;

interface Options {
  t: TFunction;
  locale: Locale;
  outcomeLabel(code: string | null): string;
  /** The collector column is only of use when more than one agent's work is shown. */
  showCollector: boolean;
}

function PriorityCell({ row, t, locale }: { row: QueueRow; t: TFunction; locale: Locale }) {
  // Parts worth nothing do not explain the order; they would only lengthen the list.
  const parts = row.priority.parts.filter((p) => p.points !== 0).sort((a, b) => b.points - a.points);
  const partLabel = (p: (typeof parts)[number]) => bilingual(locale, p.labelZh, p.labelEn);
  const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
  const list = (
    <div data-testid={`col-score-parts-${row.loanId}`}>
      <div style={{ fontWeight: 600, marginBottom: 4 }}>{t('collections.queue.scoreWhy', { score: row.priority.score })}</div>
      {parts.map((p) => (
        <div key={p.code} data-part={p.code}>
          {t('collections.queue.scorePart', { part: partLabel(p), points: signed(p.points) })}
        </div>
      ))}
    </div>
  );
  // The two biggest parts inline, so the order can be explained at a glance; the full list on hover.
  const inline = parts.slice(0, 2).map((p) => `${partLabel(p)} ${signed(p.points)}`).join(' · ');
  return (
    <Tooltip title={list} placement="right">
      <span data-testid={`col-score-${row.loanId}`} data-score={row.priority.score}>
        <b className="num">{row.priority.score}</b>
        <span className="muted" style={{ fontSize: 12, marginInlineStart: 6 }}>{inline}</span>
      </span>
    </Tooltip>
  );
}

export function queueColumns({ t, locale, outcomeLabel, showCollector }: Options): Col[] {
  const base = columnMaker<QueueRow>(t, 'collections.queue.col.');
  // cellClass replaces the type's own class, so the right alignment is named again.
  const numeric: Partial<Col> = { type: 'rightAligned', cellClass: ['num', 'ag-right-aligned-cell'] };
  const cols: Col[] = [
    base('loanNo', 190, {
      field: 'loanNo',
      ...rowLinkColumn<QueueRow>((row, p) => (
        <GridRowLink
          route={{ name: 'collectionLoan', loanId: row.loanId }}
          attrs={{ 'data-testid': `col-row-${row.loanId}`, 'data-score': row.priority.score, 'data-index': p.node.rowIndex ?? '' }}
        >
          {row.loanNo}
          {row.unreadable > 0 && (
            <WarningOutlined
              style={{ color: 'var(--ant-color-error, #ff4d4f)', marginInlineStart: 6 }}
              title={t('collections.unreadable.title', { n: row.unreadable })}
              aria-label={t('collections.unreadable.title', { n: row.unreadable })}
              data-testid={`col-unreadable-${row.loanId}`}
            />
          )}
        </GridRowLink>
      )),
    }),
    base('customerName', 150, { field: 'customerName' }),
    base('bucket', 160, { cellRenderer: (p: ICellRendererParams<QueueRow>) => (p.data ? <BucketTag value={p.data.bucket} /> : null) }),
    base('dpd', 90, { field: 'dpd', ...numeric }),
    base('overdueAmount', 130, {
      field: 'overdueAmount',
      ...numeric,
      valueFormatter: (p: ValueFormatterParams<QueueRow>) => (typeof p.value === 'number' ? formatFen(p.value, locale, { symbol: false }) : ''),
    }),
    base('priority', 260, { cellRenderer: (p: ICellRendererParams<QueueRow>) => (p.data ? <PriorityCell row={p.data} t={t} locale={locale} /> : null) }),
    base('lastContact', 110, {
      cellRenderer: (p: ICellRendererParams<QueueRow>) =>
        p.data?.lastContactAt ? <span title={formatTime(p.data.lastContactAt)}>{relativeTime(p.data.lastContactAt)}</span> : t('collections.queue.never'),
    }),
    base('lastOutcome', 120, { valueGetter: (p) => outcomeLabel(p.data?.lastOutcome ?? null) }),
    base('promise', 230, {
      cellRenderer: (p: ICellRendererParams<QueueRow>) => {
        const pr = p.data?.promise;
        if (!pr) return null;
        return (
          <span data-testid={`col-promise-cell-${p.data?.loanId ?? ''}`}>
            <PromiseTag status={pr.status} />
            <span className="num">{formatFen(pr.amount, locale, { symbol: false })}</span> · {pr.promisedOn}
          </span>
        );
      },
    }),
    base('brokenPromises', 90, { field: 'brokenPromises', ...numeric }),
    base('nextActionOn', 110, { field: 'nextActionOn' }),
  ];
  if (showCollector) cols.push(base('collector', 100, { valueGetter: (p) => p.data?.collectorName ?? p.data?.collectorId ?? t('collections.queue.unassigned') }));
  return cols;
}
