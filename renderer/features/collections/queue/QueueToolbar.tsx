// Search and filters above the collections queue; a supervisor also picks whose queue to look at.
import { Select, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PROMISE_STATUSES } from '../../../../shared/api/collectionSchemas';
import { BUCKET_VALUES } from '../../../../shared/api/schemas';
import { BUCKET_LABELS } from '../../../../shared/i18n/labels';
import { useLabel } from '../../../i18n/useLocale';
import { attemptOutcomes, useOutcomeLabel } from '../common';
import { GridSearchBox, GridToolbar, GridTotal, MultiFilter } from '../../../ui/GridToolbar';

export const ALL_AGENTS = 'all';

type Bucket = (typeof BUCKET_VALUES)[number];
type PromiseFilter = (typeof PROMISE_STATUSES)[number] | 'none';

export interface QueueFilters {
  buckets: Bucket[];
  promiseStatuses: PromiseFilter[];
  lastOutcomes: string[];
  q: string;
  /** Supervisors only: an agent's id, or 'all'. */
  agent: string;
}

export const EMPTY_FILTERS: QueueFilters = { buckets: [], promiseStatuses: [], lastOutcomes: [], q: '', agent: ALL_AGENTS };

interface Props {
  filters: QueueFilters;
  onChange(next: QueueFilters): void;
  /** null for a collector (always their own queue). */
  agents: { id: string; name: string }[] | null;
  total: number | null;
  shown: number;
  asOf: string;
  /** ArrowDown / Enter in the search box moves into the grid. */
  onEnterGrid(): void;
  extra?: ReactNode;
}

export function QueueToolbar({ filters, onChange, agents, total, shown, asOf, onEnterGrid, extra }: Props) {
  const { t } = useTranslation();
  const lbl = useLabel();
  const outcomeLabel = useOutcomeLabel();
  const multi = <K extends 'buckets' | 'promiseStatuses' | 'lastOutcomes'>(
    key: K,
    options: { value: QueueFilters[K][number]; label: string }[],
    testId: string,
    width: number,
  ) => (
    <MultiFilter<QueueFilters[K][number]>
      searchByLabel
      label={t(`collections.queue.filter.${key}`)}
      value={filters[key]}
      onChange={(v) => onChange({ ...filters, [key]: v })}
      options={options}
      width={width}
      testId={testId}
    />
  );

  return (
    <GridToolbar
      filters={
        <>
          <GridSearchBox filters={filters} onChange={onChange} onEnterGrid={onEnterGrid} label={t('collections.queue.search')} width={240} testId="col-search" />
          {multi('buckets', BUCKET_VALUES.filter((b) => b !== 'current').map((b) => ({ value: b, label: lbl(BUCKET_LABELS, b) })), 'col-filter-bucket', 170)}
          {multi(
            'promiseStatuses',
            [...PROMISE_STATUSES, 'none' as const].map((s) => ({ value: s, label: t(`collections.promiseStatus.${s}`) })),
            'col-filter-promise',
            170,
          )}
          {multi('lastOutcomes', attemptOutcomes().map((o) => ({ value: o, label: outcomeLabel(o) })), 'col-filter-outcome', 190)}
          {agents && (
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 150 }}
              aria-label={t('collections.queue.filter.agent')}
              value={filters.agent}
              onChange={(v: string) => onChange({ ...filters, agent: v })}
              options={[{ value: ALL_AGENTS, label: t('collections.queue.allAgents') }, ...agents.map((a) => ({ value: a.id, label: a.name }))]}
              data-testid="col-filter-agent"
            />
          )}
        </>
      }
      status={
        <>
          {extra}
          <GridTotal
            total={total}
            testId="col-total"
            format={(n) => (n > shown ? t('collections.queue.totalShown', { n, shown }) : t('collections.queue.total', { n }))}
          />
          {asOf && <Typography.Text type="secondary">{t('collections.queue.asOf', { d: asOf })}</Typography.Text>}
        </>
      }
    />
  );
}
