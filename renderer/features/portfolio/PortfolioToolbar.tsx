// Search, quick filters (one-click toggles), filters, count, views, columns and export above the
// portfolio grid.
import { DownloadOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Popover, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  BUCKET_VALUES,
  CUSTOMER_TYPE_VALUES,
  FIVE_CLASS_VALUES,
  PURPOSE_VALUES,
} from '../../../shared/api/schemas';
import {
  BUCKET_LABELS,
  CUSTOMER_TYPE_LABELS,
  FIVE_CLASS_LABELS,
  PORTFOLIO_COLUMN_LABELS,
  PURPOSE_LABELS,
} from '../../../shared/i18n/labels';
import { useLabel } from '../../i18n/useLocale';
import { REQUIRED_COLUMNS } from './columns';
import type { PortfolioFilters } from './query';
import { GridSearchBox, GridToolbar, GridTotal, MultiFilter } from '../../ui/GridToolbar';

export interface ColumnChoice {
  colId: string;
  visible: boolean;
}

interface Props {
  filters: PortfolioFilters;
  onChange(next: PortfolioFilters): void;
  total: number | null;
  asOf: string;
  exporting: boolean;
  onExport(): void;
  columns: ColumnChoice[];
  onColumnVisible(colId: string, visible: boolean): void;
  onResetColumns(): void;
  /** ArrowDown / Enter in the search box moves into the grid, so the keyboard never has to leave. */
  onEnterGrid(): void;
  /** The saved views' button. */
  views: ReactNode;
}

export function PortfolioToolbar(props: Props) {
  const { t } = useTranslation();
  const lbl = useLabel();
  const { filters, onChange } = props;
  const multi = <K extends 'buckets' | 'fiveClasses' | 'purposes' | 'customerTypes'>(
    key: K,
    values: readonly PortfolioFilters[K][number][],
    labels: Parameters<typeof lbl>[0],
    placeholder: string,
    width: number,
  ) => (
    <MultiFilter<PortfolioFilters[K][number]>
      label={placeholder}
      value={filters[key]}
      onChange={(v) => onChange({ ...filters, [key]: v })}
      options={values.map((v) => ({ value: v, label: lbl(labels, v) }))}
      width={width}
      testId={`filter-${key}`}
    />
  );

  /** A quick filter: one click on, one click off; pressed while it narrows the list. */
  const quick = (key: 'overdue' | 'watchOrWorse', text: string, hint: string) => (
    <Button
      type={filters[key] ? 'primary' : 'default'}
      autoInsertSpace={false}
      aria-pressed={filters[key]}
      title={hint}
      onClick={() => onChange({ ...filters, [key]: !filters[key] })}
      data-testid={`quick-${key}`}
    >
      {text}
    </Button>
  );

  const columnChooser = (
    <Flex vertical gap={4} style={{ maxHeight: 360, overflow: 'auto' }} data-testid="column-chooser">
      {props.columns.map((c) => (
        <Checkbox key={c.colId} checked={c.visible} disabled={REQUIRED_COLUMNS.has(c.colId)} onChange={(e) => props.onColumnVisible(c.colId, e.target.checked)}>
          {lbl(PORTFOLIO_COLUMN_LABELS, c.colId)}
        </Checkbox>
      ))}
      <Button size="small" onClick={props.onResetColumns} style={{ marginTop: 8 }}>
        {t('portfolio.resetColumns')}
      </Button>
    </Flex>
  );

  return (
    <GridToolbar
      filters={
        <>
          <GridSearchBox filters={filters} onChange={onChange} onEnterGrid={props.onEnterGrid} label={t('portfolio.search')} width={280} testId="portfolio-search" autoFocus />
          <Flex gap={4} role="group" aria-label={t('portfolio.quickFilters')}>
            {quick('overdue', t('portfolio.quickOverdue'), t('portfolio.quickOverdueHint'))}
            {quick('watchOrWorse', t('portfolio.quickWatch'), t('portfolio.quickWatchHint'))}
          </Flex>
          {multi('buckets', BUCKET_VALUES, BUCKET_LABELS, lbl(PORTFOLIO_COLUMN_LABELS, 'bucket'), 200)}
          {multi('fiveClasses', FIVE_CLASS_VALUES, FIVE_CLASS_LABELS, lbl(PORTFOLIO_COLUMN_LABELS, 'fiveClass'), 200)}
          {multi('purposes', PURPOSE_VALUES, PURPOSE_LABELS, lbl(PORTFOLIO_COLUMN_LABELS, 'purpose'), 160)}
          {multi('customerTypes', CUSTOMER_TYPE_VALUES, CUSTOMER_TYPE_LABELS, lbl(PORTFOLIO_COLUMN_LABELS, 'customerType'), 170)}
        </>
      }
      status={
        <Space size="middle">
          <GridTotal total={props.total} testId="portfolio-total" format={(n) => t('portfolio.total', { n: n.toLocaleString() })} />
          {props.asOf && <Typography.Text type="secondary">{t('portfolio.asOf', { d: props.asOf })}</Typography.Text>}
          {props.views}
          <Popover content={columnChooser} trigger="click" placement="bottomRight" title={t('portfolio.columns')}>
            <Button icon={<SettingOutlined />} data-testid="portfolio-columns">
              {t('portfolio.columns')}
            </Button>
          </Popover>
          <Button icon={<DownloadOutlined />} loading={props.exporting} onClick={props.onExport} data-testid="portfolio-export">
            {t('portfolio.export')}
          </Button>
        </Space>
      }
    />
  );
}
