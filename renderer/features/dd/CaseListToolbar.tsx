// Views, filters, search and count above the case list.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Segmented, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { DD_STATUSES, SLA_STATES } from '../../../shared/api/ddSchemas';
import { matchingView, viewFilters, type DdFilters, type DdSort, type DdView } from './listQuery';
import { GridSearchBox, GridToolbar, GridTotal, MultiFilter } from '../../ui/GridToolbar';
interface Props {
  filters: DdFilters;
  onChange(next: DdFilters): void;
  views: DdView[];
  /** Supervisors choose among the branch's officers; officers only ever see their own cases. */
  officers: { id: string; name: string }[] | null;
  total: number | null;
  canOpen: boolean;
  onNew(): void;
  onEnterGrid(): void;
}

export function CaseListToolbar({ filters, onChange, views, officers, total, canOpen, onNew, onEnterGrid }: Props) {
  const { t } = useTranslation();
  const view = matchingView(filters, views);

  return (
    <GridToolbar
      filters={
        <>
          <Segmented<DdView | 'custom'>
            value={view ?? 'custom'}
            options={[
              ...views.map((v) => ({ value: v, label: <span data-testid={`dd-view-${v}`}>{t(`dd.list.views.${v}`)}</span> })),
              ...(view ? [] : [{ value: 'custom' as const, label: t('dd.list.views.custom'), disabled: true }]),
            ]}
            onChange={(v) => v !== 'custom' && onChange(viewFilters(v))}
          />
          <GridSearchBox filters={filters} onChange={onChange} onEnterGrid={onEnterGrid} label={t('dd.list.search')} width={220} testId="dd-search" />
          <MultiFilter
            label={t('dd.col.status')}
            value={filters.statuses}
            onChange={(statuses) => onChange({ ...filters, statuses })}
            options={DD_STATUSES.map((s) => ({ value: s, label: t(`dd.status.${s}`) }))}
            width={200}
            testId="dd-filter-status"
          />
          <MultiFilter
            label={t('dd.list.slaFilter')}
            value={filters.slaStates}
            onChange={(slaStates) => onChange({ ...filters, slaStates })}
            options={SLA_STATES.map((s) => ({ value: s, label: t(`dd.sla.state.${s}`) }))}
            width={180}
            testId="dd-filter-sla"
          />
          {officers && (
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 150 }}
              placeholder={t('dd.col.officer')}
              aria-label={t('dd.col.officer')}
              value={filters.officerId ?? undefined}
              onChange={(officerId?: string) => onChange({ ...filters, officerId: officerId ?? null })}
              options={officers.map((o) => ({ value: o.id, label: o.name }))}
              data-testid="dd-filter-officer"
            />
          )}
          <Select<DdSort>
            style={{ width: 150 }}
            aria-label={t('dd.list.sort')}
            value={filters.sort}
            onChange={(sort) => onChange({ ...filters, sort })}
            options={[
              { value: 'sla', label: t('dd.list.sortSla') },
              { value: 'updated', label: t('dd.list.sortUpdated') },
            ]}
            data-testid="dd-sort"
          />
        </>
      }
      status={
        <>
          <GridTotal total={total} testId="dd-total" format={(n) => t('dd.list.total', { n })} />
          {canOpen && (
            <Button type="primary" icon={<PlusOutlined />} onClick={onNew} data-testid="dd-new">
              {t('dd.list.new')}
            </Button>
          )}
        </>
      }
    />
  );
}
