// The parts of the case page around the checklist: the loan applied for and the decision trail.
import { useFitColumns } from '../../ui/useFitColumns';
import { Descriptions, Empty, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/api/contract';
import { METHOD_LABELS, PURPOSE_LABELS } from '../../../shared/i18n/labels';
import { useBilingual } from '../../i18n/bilingual';
import { useLabel, useMoney } from '../../i18n/useLocale';
import { formatTime } from '../../ui/formatTime';
import { decimalToPercent } from './ddFormat';

export type CaseData = OutputOf<'dd.get'>;
type TrailEntry = CaseData['trail'][number];

const TRAIL_COLORS: Record<TrailEntry['action'], string> = {
  opened: 'gray',
  submitted: 'blue',
  returned: 'orange',
  approved: 'green',
  withdrawn: 'gray',
};

export function ApplicationSummary({ data }: { data: CaseData }) {
  const { t } = useTranslation();
  const lbl = useLabel();
  const money = useMoney();
  const fit = useFitColumns(320, 3);
  const inUiLanguage = useBilingual();
  const c = data.case;
  const a = c.application;
  const items = [
    { key: 'purpose', label: t('dd.open.purpose'), children: lbl(PURPOSE_LABELS, a.purpose) },
    { key: 'amount', label: t('dd.case.amount'), children: <span className="num">{money(a.amount)}</span> },
    { key: 'term', label: t('dd.open.term'), children: t('dd.case.termMonths', { n: a.termMonths }) },
    { key: 'rate', label: t('dd.case.rate'), children: <span className="num">{decimalToPercent(a.annualRate)}%</span> },
    { key: 'method', label: t('dd.open.method'), children: lbl(METHOD_LABELS, a.method) },
    { key: 'monthly', label: t('dd.case.monthlyPayment'), children: <span className="num">{money(c.monthlyPayment)}</span> },
    { key: 'template', label: t('dd.open.template'), children: t('dd.open.templateVersion', { title: inUiLanguage(data.template.titleZh, data.template.titleEn), version: data.template.version }) },
    { key: 'officer', label: t('dd.col.officer'), children: c.officerName ?? c.officerId },
    { key: 'opened', label: t('dd.case.openedAt'), children: formatTime(c.createdAt) },
    ...(c.status === 'approved'
      ? [
          {
            key: 'approvedAmount',
            label: t('dd.case.approvedAmount'),
            children: (
              <span className={c.approvedAmountFen === null ? undefined : 'num'} data-testid="dd-approved-amount-shown">
                {c.approvedAmountFen === null ? t('dd.case.notRecorded') : money(c.approvedAmountFen)}
              </span>
            ),
          },
          {
            key: 'conditions',
            label: t('dd.case.approvalConditions'),
            span: 'filled' as const,
            children: (
              <span style={{ whiteSpace: 'pre-wrap' }} data-testid="dd-conditions-shown">
                {c.approvalConditions ?? t('dd.case.noConditions')}
              </span>
            ),
          },
        ]
      : []),
  ];
  return (
    <div ref={fit.ref}>
      <Descriptions size="small" column={fit.columns} items={items} data-testid="dd-application" />
    </div>
  );
}

/** Who did what and when: opened, submitted, returned (with the supervisor's comment), approved. */
export function DecisionTrail({ trail }: { trail: CaseData['trail'] }) {
  const { t } = useTranslation();
  if (trail.length === 0) {
    return (
      <div data-testid="dd-trail">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dd.trail.empty')} />
      </div>
    );
  }
  return (
    <div data-testid="dd-trail">
      <Timeline
        items={trail.map((e, i) => ({
          key: `${e.action}-${e.at}-${i}`,
          color: TRAIL_COLORS[e.action],
          content: (
            <div data-testid="dd-trail-item" data-action={e.action}>
              <Typography.Text strong>{t(`dd.trail.${e.action}`)}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                {e.byName ?? e.byId} · {formatTime(e.at)}
              </Typography.Text>
              {e.comment && (
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} data-testid="dd-trail-comment">
                  {e.comment}
                </Typography.Paragraph>
              )}
            </div>
          ),
        }))}
      />
    </div>
  );
}
