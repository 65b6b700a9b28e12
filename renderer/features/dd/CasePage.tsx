// One due-diligence case: the loan applied for, the decision clock and trail, the checklist (the case
// editor), and for a supervisor the review: the answers shown read-only beside red flags and evidence,
// then the decision panel after them (a header button jumps there).
import { ArrowDownOutlined, ArrowLeftOutlined, PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Result, Row, Skeleton, Tag, Typography } from 'antd';
import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_TYPE_LABELS } from '../../../shared/i18n/labels';
import { ApiCallError, errorText } from '../../api/transport';
import { goBack, hrefOf, navigate } from '../../app/router';
import { useLiveQuery } from '../../ui/useLiveQuery';
import { useLabel } from '../../i18n/useLocale';
import { ApplicationSummary, DecisionTrail } from './CaseOverview';
import { DdStatusTag, SlaText } from './DdTags';
import { CaseEditor } from './editor/CaseEditor';
import { REVIEW_PANEL_ID, ReviewPanel } from './ReviewPanel';
import { setServerNow } from './serverClock';
import { WithdrawButton } from './WithdrawButton';

/** dd.get kept current; the server's clock comes with it, so the SLA countdown does not trust this PC's. */
function useCase(caseId: string) {
  const { data, error, reload: load } = useLiveQuery('dd.get', { caseId }, caseId);
  useEffect(() => {
    if (data) setServerNow(data.now);
  }, [data]);
  return { data, error, load };
}

export function CasePage({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const lbl = useLabel();
  const { data, error, load } = useCase(caseId);
  const reload = useCallback(() => void load(), [load]);

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => goBack({ name: 'dd' })} data-testid="dd-back">
      {t('dd.back')}
    </Button>
  );

  if (!data) {
    if (error) {
      const notFound = error instanceof ApiCallError && error.code === 'NOT_FOUND';
      return <Result status={notFound ? '404' : 'error'} title={t('dd.case.loadFailed')} subTitle={errorText(error)} extra={back} />;
    }
    return <Skeleton active paragraph={{ rows: 10 }} />;
  }

  const c = data.case;
  const canWithdraw = data.canEdit && (c.status === 'draft' || c.status === 'returned');
  const memoRoute = { name: 'ddMemo', caseId: c.id } as const;
  const lastReturn = [...data.trail].reverse().find((e) => e.action === 'returned');

  return (
    <Flex vertical gap={16} data-testid="dd-case" data-case-id={c.id} data-status={c.status}>
      <Flex align="center" gap={12} wrap>
        {back}
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="dd-case-title">
          {data.customer.name}
        </Typography.Title>
        <Typography.Text type="secondary">{data.customer.customerNo}</Typography.Text>
        <Typography.Text type="secondary" className="num" data-testid="dd-case-no">
          {t('dd.case.caseNo')}: {c.caseNo}
        </Typography.Text>
        <Tag>{lbl(CUSTOMER_TYPE_LABELS, data.customer.type)}</Tag>
        <DdStatusTag status={c.status} />
        {c.status === 'submitted' && <SlaText dueAt={c.dueAt} dueSoonAt={c.dueSoonAt} testId="dd-sla" icon />}
        <div style={{ flex: 1 }} />
        {canWithdraw && <WithdrawButton caseId={c.id} onDone={reload} />}
        {data.canDecide && (
          <Button
            type="primary"
            ghost
            icon={<ArrowDownOutlined />}
            onClick={() => document.getElementById(REVIEW_PANEL_ID)?.scrollIntoView({ behavior: 'smooth', block: 'start' })}
            data-testid="dd-go-review"
          >
            {t('dd.review.goTo')}
          </Button>
        )}
        <Button
          icon={<PrinterOutlined />}
          href={hrefOf(memoRoute)}
          onClick={(e) => {
            e.preventDefault();
            navigate(memoRoute);
          }}
          data-testid="dd-memo-link"
        >
          {t('dd.case.memo')}
        </Button>
        <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('dd.case.reload')} data-testid="dd-reload" />
      </Flex>
      {error && <Alert type="warning" showIcon title={errorText(error)} />}
      {c.status === 'returned' && lastReturn?.comment && data.canEdit && (
        <Alert type="warning" showIcon title={t('dd.case.returnedBecause')} description={lastReturn.comment} data-testid="dd-returned-alert" />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('dd.case.application')} style={{ height: '100%' }}>
            <ApplicationSummary data={data} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('dd.case.trail')} style={{ height: '100%' }}>
            <DecisionTrail trail={data.trail} />
          </Card>
        </Col>
      </Row>
      {/* For the review the editor shows the answers read-only beside its summary of red flags, score,
          debt-service ratio and evidence; the officer edits the same screen while the case is theirs.
          The decision comes after what it decides on. */}
      <CaseEditor caseId={c.id} data={data} onChanged={reload} readOnly={data.canDecide || !data.canEdit} />
      {data.canDecide && (
        <ReviewPanel key={c.submissionNo} caseId={c.id} submissionNo={c.submissionNo} requestedFen={c.application.amount} onDecided={reload} />
      )}
    </Flex>
  );
}
