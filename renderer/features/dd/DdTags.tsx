// The case status tag, the red-flag counts and the decision clock, the same on the list, the case page
// and the memo.
import { ClockCircleOutlined } from '@ant-design/icons';
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DdStatus, ddListRow } from '../../../shared/api/ddSchemas';
import type { z } from 'zod';
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

const RISK_COLORS = { high: 'red', medium: 'orange', low: 'default' } as const;

/** A case's red flags by severity ("高 2 中 1"), or none; the template's figures could not be read when null. */
export function RiskTags({ risk }: { risk: z.infer<typeof ddListRow>['risk'] }) {
  const { t } = useTranslation();
  if (!risk) return <Typography.Text type="secondary">{t('dd.risk.unknown')}</Typography.Text>;
  const shown = (['high', 'medium', 'low'] as const).filter((s) => risk[s] > 0);
  if (shown.length === 0) return <span data-testid="dd-risk-none">{t('dd.risk.none')}</span>;
  return (
    <span data-high={risk.high}>
      {shown.map((s) => (
        <Tag key={s} color={RISK_COLORS[s]} data-severity={s}>
          {t(`dd.risk.${s}`, { n: risk[s] })}
        </Tag>
      ))}
    </span>
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
