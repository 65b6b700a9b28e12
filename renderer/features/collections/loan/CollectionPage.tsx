// One loan's collection screen: what is owed, the escalation step, whom to call, the contact log
// form with the rules' live verdict, promises, overrides and the full contact history.
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Result, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../api/transport';
import { goBack } from '../../../app/router';
import { useLiveQuery } from '../../../ui/useLiveQuery';
import type { ContactEntry } from '../common';
import { ContactForm } from './ContactForm';
import { ContactHistory } from './ContactHistory';
import { ContactPointsCard, DelinquencyCard, EscalationCard } from './LoanCards';
import { HoldBanner, OverridesCard, PromisesCard, UnreadableBanner } from './SideCards';
import { ConsentsCard } from './ConsentsCard';

export function CollectionPage({ loanId }: { loanId: string }) {
  const { t } = useTranslation();
  const [correcting, setCorrecting] = useState<ContactEntry | null>(null);
  const formRef = useRef<HTMLDivElement>(null);

  // A sync round may bring a payment (promise kept) or a reassignment: reload in place.
  const { data, error: loadError, reload: load } = useLiveQuery('collections.loan', { loanId }, loanId);
  const error = loadError ? errorText(loadError) : null;

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => goBack({ name: 'collections' })} data-testid="col-back">
      {t('collections.loan.back')}
    </Button>
  );

  if (!data) {
    return error ? <Result status="error" title={t('collections.loan.loadFailed')} subTitle={error} extra={back} /> : <Skeleton active />;
  }

  const l = data.loan;
  return (
    <div data-testid="col-loan" data-loan-id={l.id}>
      <Flex align="center" gap={12} wrap style={{ marginBottom: 12 }}>
        {back}
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">
          {l.customerName}
        </Typography.Title>
        <Typography.Text className="num" data-testid="col-loan-no">
          {l.loanNo}
        </Typography.Text>
        <Tag>{t('collections.loan.customerNo', { no: l.customerNo })}</Tag>
        <Tag color="geekblue" data-testid="col-collector">
          {t('collections.loan.collector', { name: l.collectorName ?? t('collections.queue.unassigned') })}
        </Tag>
        <div style={{ flex: 1 }} />
        <Button icon={<ReloadOutlined />} onClick={() => void load()} data-testid="col-reload">
          {t('collections.loan.reload')}
        </Button>
      </Flex>
      <UnreadableBanner data={data} />
      <HoldBanner data={data} onCleared={() => void load()} />
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={8}>
          <DelinquencyCard data={data} />
        </Col>
        <Col xs={24} xl={8}>
          <EscalationCard data={data} />
        </Col>
        <Col xs={24} xl={8}>
          <ContactPointsCard data={data} />
        </Col>
        <Col xs={24} xl={14}>
          <div ref={formRef}>
            <Card size="small" title={correcting ? t('collections.form.titleCorrect') : t('collections.form.title')}>
              <ContactForm data={data} correcting={correcting} onCancelCorrection={() => setCorrecting(null)} onSaved={load} />
            </Card>
          </div>
        </Col>
        <Col xs={24} xl={10}>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <PromisesCard promises={data.promises} />
            <ConsentsCard data={data} onChanged={() => void load()} />
            <OverridesCard overrides={data.overrides} />
          </Space>
        </Col>
        <Col span={24}>
          <Card size="small" title={t('collections.history.title')}>
            <ContactHistory
              contacts={data.contacts}
              canCorrect={data.canLog}
              onCorrect={(e) => {
                setCorrecting(e);
                formRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
              }}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
