// Supervisor KPIs per agent for a period (this month so far by default): contact quality, promises,
// money recovered, and compliance (rule blocks, overrides, complaints) side by side, with the
// complaint-rate target beside the actual.
import { type ColDef, type ValueFormatterParams } from 'ag-grid-community';
import { Alert, Card, Col, DatePicker, Flex, Row, Statistic, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../shared/domain/money';
import { errorText } from '../../../api/transport';
import { useLiveQuery } from '../../../ui/useLiveQuery';
import { useLocale } from '../../../i18n/useLocale';
import { KpiChart } from './KpiChart';
import { COMPLAINT_RATE_TARGET, complaintRate, percent, type KpiRow } from './kpiFormat';
import { AppGrid } from '../../../ui/AppGrid';
import { compactGridTheme } from '../../../ui/grid';

type GridRow = KpiRow;

// Unlike the paged lists, the figures sort in the grid (a handful of rows, all loaded).
const KPI_COL_DEF = { resizable: true, sortable: true, suppressHeaderMenuButton: true };

export function KpiPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('month'), dayjs()]);
  // Payments and other agents' work arrive with a sync round: recount in place.
  const period = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') };
  const { data, error: loadError } = useLiveQuery('collections.kpis', period, `${period.from}/${period.to}`);
  const error = loadError ? errorText(loadError) : null;

  const columnDefs = useMemo((): ColDef<GridRow>[] => {
    const h = (id: string) => t(`collections.kpi.col.${id}`);
    const num = (field: keyof GridRow, width = 100): ColDef<GridRow> => ({ colId: field, field, headerName: h(field), headerTooltip: h(field), width, type: 'rightAligned', cellClass: ['num', 'ag-right-aligned-cell'] });
    const rate = (field: keyof GridRow): ColDef<GridRow> => ({ ...num(field, 110), valueFormatter: (p: ValueFormatterParams<GridRow>) => percent(p.value as number | null) });
    return [
      { colId: 'name', field: 'name', headerName: h('name'), width: 110, pinned: 'left' },
      num('attempts'),
      num('rightPartyContacts', 110),
      rate('rightPartyRate'),
      num('promises'),
      rate('ptpRate'),
      num('promisesDue'),
      num('promisesKept'),
      rate('keptRate'),
      { ...num('recovered', 140), valueFormatter: (p: ValueFormatterParams<GridRow>) => (typeof p.value === 'number' ? formatFen(p.value, locale, { symbol: false }) : '') },
      num('blocks'),
      num('overrides'),
      num('complaints'),
      {
        colId: 'complaintRate',
        headerName: h('complaintRate'),
        headerTooltip: t('collections.kpi.complaintRateHint'),
        width: 130,
        type: 'rightAligned',
        valueGetter: (p) => (p.data ? complaintRate(p.data) : null),
        valueFormatter: (p) => percent(p.value as number | null),
        cellClass: ['num', 'ag-right-aligned-cell'],
        cellStyle: (p) => ((p.value as number | null) !== null && (p.value as number) > COMPLAINT_RATE_TARGET ? { color: '#cf1322', fontWeight: 600 } : null),
      },
    ];
  }, [t, locale]);

  const totalsRow: GridRow[] = data ? [{ ...data.totals, collectorId: '__total', name: t('collections.kpi.total') }] : [];
  const totalComplaintRate = data ? complaintRate(data.totals) : null;
  const overTarget = totalComplaintRate !== null && totalComplaintRate > COMPLAINT_RATE_TARGET;

  // The branch's totals in figures above the grid; the complaint rate, against its target, follows.
  const summary = data
    ? [
        { col: 'rightPartyRate', span: 5, value: percent(data.totals.rightPartyRate) },
        { col: 'ptpRate', span: 5, value: percent(data.totals.ptpRate) },
        { col: 'keptRate', span: 5, value: percent(data.totals.keptRate) },
        { col: 'recovered', span: 4, value: formatFen(data.totals.recovered, locale) },
      ]
    : [];

  return (
    <div data-testid="col-kpi" style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      <Flex align="center" gap={12} wrap>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">
          {t('collections.kpi.title')}
        </Typography.Title>
        <DatePicker.RangePicker
          value={range}
          allowClear={false}
          disabledDate={(d: Dayjs) => d.isAfter(dayjs(), 'day')}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
          data-testid="col-kpi-period"
        />
        <Typography.Text type="secondary">{t('collections.kpi.note')}</Typography.Text>
      </Flex>
      {error && <Alert type="error" showIcon title={t('collections.kpi.loadFailed', { msg: error })} />}
      {data && (
        <Row gutter={12} data-testid="col-kpi-summary">
          {summary.map(({ col, span, value }) => (
            <Col span={span} key={col}>
              <Card size="small">
                <Statistic title={t(`collections.kpi.col.${col}`)} value={value} />
              </Card>
            </Col>
          ))}
          <Col span={5}>
            <Card size="small" data-testid="col-kpi-complaint" data-over={overTarget ? '1' : '0'}>
              <Statistic
                title={t('collections.kpi.col.complaintRate')}
                value={percent(totalComplaintRate)}
                styles={{ content: { color: overTarget ? '#cf1322' : '#389e0d' } }}
                suffix={
                  <Tag color={overTarget ? 'red' : 'green'} style={{ marginInlineStart: 8 }}>
                    {t('collections.kpi.target', { v: percent(COMPLAINT_RATE_TARGET) })}
                  </Tag>
                }
              />
            </Card>
          </Col>
        </Row>
      )}
      <div data-testid="col-kpi-grid" data-rows={data?.rows.length ?? ''}>
        <AppGrid<GridRow>
          theme={compactGridTheme}
          columnDefs={columnDefs}
          rowData={data?.rows ?? []}
          pinnedBottomRowData={totalsRow}
          getRowId={(p) => p.data.collectorId}
          defaultColDef={KPI_COL_DEF}
          // A branch has a handful of agents: the grid takes their height and the page's width.
          domLayout="autoHeight"
          autoSizeStrategy={{ type: 'fitGridWidth', defaultMinWidth: 80 }}
        />
      </div>
      {data && (
        <Card size="small" title={t('collections.kpi.chart')}>
          <KpiChart rows={data.rows} />
        </Card>
      )}
    </div>
  );
}
