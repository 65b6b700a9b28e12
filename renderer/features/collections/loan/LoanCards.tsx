// The read-only cards at the top of a loan's collection screen: what is owed (delinquency), where the
// loan stands on the escalation ladder (and the letters that step allows), and whom to contact.
import { FileTextOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, List, Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../../app/router';
import { BucketTag } from '../../../ui/DomainTags';
import { useBilingual } from '../../../i18n/bilingual';
import { useMoney } from '../../../i18n/useLocale';
import { useFitColumns } from '../../../ui/useFitColumns';
import { LETTER_KINDS, allowedLetter, useCodeText, type LoanCollection } from '../common';

export function DelinquencyCard({ data }: { data: LoanCollection }) {
  const { t } = useTranslation();
  const money = useMoney();
  const d = data.delinquency;
  const fit = useFitColumns(300, 2);
  return (
    <Card size="small" title={t('collections.loan.delinquency')} extra={t('collections.loan.asOf', { d: data.asOf })} data-testid="col-delinquency">
      <div ref={fit.ref}>
      <Descriptions size="small" column={fit.columns}>
        <Descriptions.Item label={t('collections.loan.dpd')}>
          <span className="num" data-testid="col-dpd">
            {t('collections.loan.days', { n: d.dpd })}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('collections.loan.bucket')}>
          <BucketTag value={d.bucket} />
        </Descriptions.Item>
        <Descriptions.Item label={t('collections.loan.overduePrincipal')}>
          <span className="num">{money(d.overduePrincipal)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('collections.loan.overdueInterest')}>
          <span className="num">{money(d.overdueInterest)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('collections.loan.penaltyInterest')}>
          <span className="num">{money(d.penaltyInterest)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('collections.loan.totalToCure')}>
          <Typography.Text strong className="num" data-testid="col-total-to-cure">
            {money(d.totalToCure)}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      </div>
    </Card>
  );
}

export function EscalationCard({ data }: { data: LoanCollection }) {
  const { t } = useTranslation();
  const inUiLanguage = useBilingual();
  const code = useCodeText();
  const e = data.escalation;
  return (
    <Card size="small" title={t('collections.loan.escalation')} data-testid="col-escalation" data-step={e.step}>
      <Typography.Paragraph strong style={{ marginBottom: 6 }}>
        {t('collections.loan.step', { n: e.step, label: inUiLanguage(e.labelZh, e.labelEn) })}
      </Typography.Paragraph>
      <div style={{ marginBottom: 6 }}>
        <Typography.Text type="secondary">{t('collections.loan.allowedChannels')}</Typography.Text>
        {e.allowedChannels.map((c) => (
          <Tag key={c} color="blue">
            {code('channels', c)}
          </Tag>
        ))}
      </div>
      {e.expected.length > 0 && (
        <ul style={{ margin: '0 0 8px', paddingInlineStart: 18 }} data-testid="col-expected">
          {e.expected.map((x) => (
            // The service sends these already in the caller's language.
            <li key={x}>{x}</li>
          ))}
        </ul>
      )}
      <Space wrap>
        {LETTER_KINDS.map((kind) => {
          const allowed = allowedLetter(kind, data) !== undefined;
          const button = (
            <Button
              key={kind}
              icon={<FileTextOutlined />}
              disabled={!allowed}
              onClick={() => navigate({ name: 'collectionLetter', loanId: data.loan.id, kind })}
              data-testid={`col-letter-${kind}`}
            >
              {t(`collections.letter.kinds.${kind}`)}
            </Button>
          );
          return allowed ? (
            button
          ) : (
            <Tooltip key={kind} title={t(`collections.letter.notYet.${kind}`)}>
              <span>{button}</span>
            </Tooltip>
          );
        })}
      </Space>
    </Card>
  );
}

export function ContactPointsCard({ data }: { data: LoanCollection }) {
  const { t } = useTranslation();
  const code = useCodeText();
  return (
    <Card size="small" title={t('collections.loan.contactPoints')} data-testid="col-points">
      <List
        size="small"
        dataSource={data.contactPoints}
        locale={{ emptyText: t('collections.loan.noPoints') }}
        renderItem={(p) => (
          <List.Item key={p.index} data-testid={`col-point-${p.index}`} style={{ paddingInline: 0 }}>
            <Space size={4} wrap>
              <Tag>{code('parties', p.party)}</Tag>
              {p.relation && <Typography.Text type="secondary">{t(`collections.relations.${p.relation}`, { defaultValue: p.relation })}</Typography.Text>}
              <span>{p.name ?? ''}</span>
              <Typography.Text className="num" copyable={!p.masked}>
                {p.value}
              </Typography.Text>
              {p.masked && <Tag color="default">{t('collections.loan.masked')}</Tag>}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
