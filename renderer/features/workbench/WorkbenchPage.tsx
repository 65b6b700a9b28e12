// The landing page of supervisors and officers: what waits for them, each list a filtered view of the
// case list (dd.list) and, for a supervisor, the collections holds to clear. The counts in the menu
// come from the same refresh (counts.tsx), so a list reloads whenever its badge changes.
import { Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../shared/api/schemas';
import { viewFilters } from '../dd/listQuery';
import { CaseSection } from './CaseSection';
import { useWorkbenchCounts } from './counts';
import { HoldSection } from './HoldSection';

const QUEUE = viewFilters('queue');
const TODO = viewFilters('todo');

export function WorkbenchPage({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const { counts, version } = useWorkbenchCounts();
  const isSupervisor = user.roles.includes('supervisor');
  const isOfficer = user.roles.includes('officer');
  const review = counts?.supervisor ?? null;
  return (
    <div data-testid="workbench" style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      <div>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">
          {t('workbench.title')}
        </Typography.Title>
        {review && (
          <Typography.Text type="secondary" data-testid="wb-review-summary">
            {t('workbench.reviewSummary', { pending: review.pending, overdue: review.overdue })}
          </Typography.Text>
        )}
      </div>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {isSupervisor && (
          <>
            <CaseSection
              user={user}
              testId="wb-overdue"
              title={t('workbench.overdue')}
              kind="review"
              query={{ statuses: ['submitted'], slaStates: ['overdue'], sort: 'sla' }}
              listFilters={{ ...QUEUE, slaStates: ['overdue'] }}
              version={version}
            />
            <CaseSection
              user={user}
              testId="wb-pending"
              title={t('workbench.pending')}
              kind="review"
              query={{ statuses: ['submitted'], slaStates: ['none', 'ok', 'due_soon'], sort: 'sla' }}
              listFilters={QUEUE}
              version={version}
            />
            {/* Collections work only when some exists: most days no hold waits. */}
            {review !== null && review.holds > 0 && <HoldSection version={version} />}
          </>
        )}
        {isOfficer && (
          <>
            <CaseSection
              user={user}
              testId="wb-returned"
              title={t('workbench.returned')}
              kind="own"
              query={{ statuses: ['returned'], sort: 'updated' }}
              listFilters={{ ...TODO, statuses: ['returned'] }}
              version={version}
            />
            <CaseSection
              user={user}
              testId="wb-drafts"
              title={t('workbench.drafts')}
              kind="own"
              query={{ statuses: ['draft'], sort: 'updated' }}
              listFilters={{ ...TODO, statuses: ['draft'] }}
              version={version}
            />
          </>
        )}
      </Space>
    </div>
  );
}
