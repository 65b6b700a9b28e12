// Menu entries with the number of items waiting behind them (the counts of counts.tsx). The number is
// also the entry's data-count, and the badge's title says what it counts for a screen reader's user.
import { Badge } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkbenchCounts, workbenchTotal } from './counts';

function CountedLabel({ testId, text, count, title }: { testId: string; text: ReactNode; count: number | null; title: string }) {
  return (
    <span data-testid={testId} data-count={count ?? undefined}>
      {text}
      {count !== null && <Badge count={count} size="small" overflowCount={999} title={title} style={{ marginInlineStart: 6 }} />}
    </span>
  );
}

/** The workbench: the officer's cases to work on, the supervisor's reviews and holds. */
export function WorkbenchMenuLabel() {
  const { t } = useTranslation();
  const { counts } = useWorkbenchCounts();
  const n = counts ? workbenchTotal(counts) : null;
  return <CountedLabel testId="menu-workbench" text={t('workbench.menu')} count={n} title={t('workbench.badgeTitle', { n: n ?? 0 })} />;
}

/** The collections queue, with the collector's own loans counted (a supervisor's entry has no count). */
export function CollectionsMenuLabel() {
  const { t } = useTranslation();
  const { counts } = useWorkbenchCounts();
  const n = counts?.collector?.queue ?? null;
  return <CountedLabel testId="menu-collections" text={t('collections.menu')} count={n} title={t('workbench.queueBadgeTitle', { n: n ?? 0 })} />;
}
