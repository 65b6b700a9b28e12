// The case status tag and the decision clock, the same on the list, the case page and the memo.
import { ClockCircleOutlined } from '@ant-design/icons';
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DdStatus } from '../../../shared/api/ddSchemas';
import { SLA_COLORS, slaClock } from './ddFormat';
import { useServerNow } from './serverClock';

const STATUS_COLORS: Record<DdStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  approved: 'success',
  returned: 'warning',
  withdrawn: 'default',
};

export function DdStatusTag({ status }: { status: DdStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-status={status}>
      {t(`dd.status.${status}`)}
    </Tag>
  );
}

/** "剩余 5 小时" / "已超时 3 小时", red when overdue, orange from the policy's due-soon point; ticks every 30 s. */
export function SlaText({ dueAt, dueSoonAt, testId, icon }: { dueAt: string | null; dueSoonAt: string | null; testId?: string; icon?: boolean }) {
  const { t } = useTranslation();
  const now = useServerNow();
  const clock = slaClock(dueAt, dueSoonAt, now);
  if (!clock) return <span data-testid={testId}>—</span>;
  const amount = clock.hours > 0 ? t('dd.sla.hours', { n: clock.hours }) : t('dd.sla.minutes', { n: clock.minutes });
  const text = clock.state === 'overdue' ? t('dd.sla.overdue', { amount }) : t('dd.sla.left', { amount });
  const color = SLA_COLORS[clock.state];
  return (
    <Typography.Text
      strong={clock.state !== 'ok'}
      style={{ color, whiteSpace: 'nowrap' }}
      data-testid={testId}
      data-sla={clock.state}
      title={dueAt ?? undefined}
    >
      {icon && <ClockCircleOutlined style={{ marginInlineEnd: 4 }} />}
      {text}
    </Typography.Text>
  );
}
