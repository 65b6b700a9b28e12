// Every active filter as a tag under the toolbar, each with its own close (a button reachable by Tab),
// and one "clear all": a collapsed "+ 7 …" in a select never hides what narrows the list.
import { CloseOutlined } from '@ant-design/icons';
import { Button, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  BUCKET_LABELS,
  CUSTOMER_TYPE_LABELS,
  FIVE_CLASS_LABELS,
  PORTFOLIO_COLUMN_LABELS,
  PURPOSE_LABELS,
} from '../../../shared/i18n/labels';
import { useLabel } from '../../i18n/useLocale';
import { EMPTY_FILTERS, hasFilters, type PortfolioFilters } from './query';

type ListKey = 'buckets' | 'fiveClasses' | 'purposes' | 'customerTypes';

const LISTS: { key: ListKey; column: string; labels: Parameters<ReturnType<typeof useLabel>>[0] }[] = [
  { key: 'buckets', column: 'bucket', labels: BUCKET_LABELS },
  { key: 'fiveClasses', column: 'fiveClass', labels: FIVE_CLASS_LABELS },
  { key: 'purposes', column: 'purpose', labels: PURPOSE_LABELS },
  { key: 'customerTypes', column: 'customerType', labels: CUSTOMER_TYPE_LABELS },
];

interface ActiveFilter {
  id: string;
  text: string;
  remove(f: PortfolioFilters): PortfolioFilters;
}

export function FilterTags({ filters, onChange }: { filters: PortfolioFilters; onChange(next: PortfolioFilters): void }) {
  const { t } = useTranslation();
  const lbl = useLabel();
  if (!hasFilters(filters)) return null;

  const active: ActiveFilter[] = [];
  if (filters.overdue) active.push({ id: 'overdue', text: t('portfolio.quickOverdue'), remove: (f) => ({ ...f, overdue: false }) });
  if (filters.watchOrWorse) active.push({ id: 'watchOrWorse', text: t('portfolio.quickWatch'), remove: (f) => ({ ...f, watchOrWorse: false }) });
  if (filters.q.trim()) active.push({ id: 'q', text: t('portfolio.tagSearch', { q: filters.q.trim() }), remove: (f) => ({ ...f, q: '' }) });
  for (const { key, column, labels } of LISTS) {
    for (const value of filters[key]) {
      active.push({
        id: `${key}-${value}`,
        text: t('portfolio.tagValue', { field: lbl(PORTFOLIO_COLUMN_LABELS, column), value: lbl(labels, value) }),
        remove: (f) => ({ ...f, [key]: (f[key] as string[]).filter((v) => v !== value) }),
      });
    }
  }

  return (
    <Flex wrap gap={6} align="center" style={{ marginBottom: 8 }} role="group" aria-label={t('portfolio.activeFilters')} data-testid="filter-tags">
      <Typography.Text type="secondary">{t('portfolio.activeFilters')}</Typography.Text>
      {active.map((a) => (
        <Tag
          key={a.id}
          closable
          closeIcon={<CloseOutlined aria-label={t('portfolio.removeFilter', { name: a.text })} />}
          onClose={(e) => {
            e.preventDefault(); // the list is rebuilt from the filters; antd need not hide the tag itself
            onChange(a.remove(filters));
          }}
          data-testid={`filter-tag-${a.id}`}
          style={{ marginInlineEnd: 0 }}
        >
          {a.text}
        </Tag>
      ))}
      <Button size="small" type="link" onClick={() => onChange(EMPTY_FILTERS)} data-testid="filter-reset">
        {t('portfolio.resetFilters')}
      </Button>
    </Flex>
  );
}
