// One loan: terms, risk metrics, repayment schedule, payments and notes.
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Result, Skeleton, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiCallError, errorText } from '../../api/transport';
import { goBack } from '../../app/router';
import { useLiveQuery } from '../../ui/useLiveQuery';
import { BucketTag } from '../../ui/DomainTags';
import { LoanMetrics, LoanTerms } from './LoanSummary';
import { LoanNotes } from './LoanNotes';
import { PaymentsTable, ScheduleTable } from './ScheduleTable';

export function LoanDetailPage({ loanId }: { loanId: string }) {
  const { t } = useTranslation();
  // Head office's changes (a reassignment, new payments) show up as soon as a sync round brings them.
  const { data: detail, error, reload: load } = useLiveQuery('loan.get', { loanId }, loanId);

  // Escape goes back to the list, but never from a field or a dialog (the lock prompt): leaving
  // the page there would throw away what was typed.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = document.activeElement;
      const inField = !!el && (/^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || !!el.closest('[role="dialog"]'));
      if (e.key === 'Escape' && !e.defaultPrevented && !inField) goBack();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => goBack()} data-testid="loan-back">
      {t('loan.back')}
    </Button>
  );

  if (!detail) {
    if (error) {
      const notFound = error instanceof ApiCallError && error.code === 'NOT_FOUND';
      return (
        <Result status={notFound ? '404' : 'error'} title={t('loan.loadFailed')} subTitle={errorText(error)} extra={back} />
      );
    }
    return <Skeleton active paragraph={{ rows: 10 }} />;
  }

  const { loan, customer } = detail;
  return (
    <Flex vertical gap={16} data-testid="loan-detail" data-loan-id={loan.id}>
      <Flex align="center" gap={12} wrap>
        {back}
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="loan-title">
          {loan.loanNo}
        </Typography.Title>
        <Typography.Text style={{ fontSize: 16 }}>{customer.name}</Typography.Text>
        <BucketTag value={detail.metrics.bucket} />
        <div style={{ flex: 1 }} />
        <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label="reload" />
      </Flex>
      {error && <Alert type="warning" showIcon title={errorText(error)} />}
      <LoanMetrics detail={detail} />
      <Card size="small" title={t('loan.terms')}>
        <LoanTerms detail={detail} />
      </Card>
      <Card size="small" title={t('loan.schedule')} data-testid="schedule-card">
        <ScheduleTable schedule={detail.schedule} />
      </Card>
      <Flex gap={16} wrap align="flex-start">
        <Card size="small" title={t('loan.payments')} style={{ flex: '1 1 360px' }}>
          <PaymentsTable payments={detail.payments} />
        </Card>
        <Card size="small" title={t('loan.notes')} style={{ flex: '1 1 420px' }}>
          <LoanNotes loanId={loan.id} notes={detail.notes} onSaved={load} />
        </Card>
      </Flex>
    </Flex>
  );
}
