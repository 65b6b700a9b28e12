// Loan terms (Descriptions) and risk metrics (Statistic cards) of the loan page.
import { Alert, Card, Col, Descriptions, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LoanDetail } from '../../../shared/api/loanSchemas';
import {
  CUSTOMER_TYPE_LABELS,
  METHOD_LABELS,
  PRODUCT_LABELS,
  PURPOSE_LABELS,
} from '../../../shared/i18n/labels';
import { useLabel, useMoney } from '../../i18n/useLocale';
import { BucketTag, FIVE_CLASS_RANK, FiveClassTag } from '../../ui/DomainTags';

export function LoanTerms({ detail }: { detail: LoanDetail }) {
  const { t } = useTranslation();
  const lbl = useLabel();
  const money = useMoney();
  const { loan, customer } = detail;
  const items = [
    { key: 'customer', label: t('loan.customer'), children: customer.name },
    { key: 'customerNo', label: t('loan.customerNo'), children: customer.customerNo },
    { key: 'customerType', label: t('loan.customerType'), children: lbl(CUSTOMER_TYPE_LABELS, customer.type) },
    { key: 'segment', label: t('loan.segment'), children: t(`loan.segments.${customer.segment}`, { defaultValue: customer.segment }) },
    { key: 'phone', label: t('loan.phone'), children: customer.phoneMasked ?? '—' },
    { key: 'product', label: t('loan.product'), children: lbl(PRODUCT_LABELS, loan.product) },
    { key: 'purpose', label: t('loan.purpose'), children: lbl(PURPOSE_LABELS, loan.purpose) },
    { key: 'principal', label: t('loan.principal'), children: <span className="num">{money(loan.principal)}</span> },
    { key: 'rate', label: t('loan.rate'), children: `${loan.annualRate}%` },
    { key: 'term', label: t('loan.term'), children: t('loan.termMonths', { n: loan.termMonths }) },
    { key: 'method', label: t('loan.method'), children: lbl(METHOD_LABELS, loan.method) },
    { key: 'disbursedOn', label: t('loan.disbursedOn'), children: loan.disbursedOn },
    { key: 'firstDueDate', label: t('loan.firstDueDate'), children: loan.firstDueDate },
    { key: 'maturityDate', label: t('loan.maturityDate'), children: loan.maturityDate },
    { key: 'officer', label: t('loan.officer'), children: loan.officerName ?? '—' },
    { key: 'collector', label: t('loan.collector'), children: loan.collectorName ?? '—' },
    { key: 'riskGrade', label: t('loan.riskGrade'), children: t(`loan.riskGrades.${loan.riskGrade}`, { defaultValue: loan.riskGrade }) },
    { key: 'status', label: t('loan.status'), children: t(`loan.loanStatus.${loan.status}`, { defaultValue: loan.status }) },
  ];
  return <Descriptions size="small" column={{ xs: 1, md: 2, lg: 3, xxl: 4 }} items={items} data-testid="loan-terms" />;
}

export function LoanMetrics({ detail }: { detail: LoanDetail }) {
  const { t } = useTranslation();
  const money = useMoney();
  const { metrics, loan } = detail;
  // A confirmed class better than the DPD floor breaks the regulatory floor; say so plainly.
  const belowFloor = (FIVE_CLASS_RANK[loan.fiveClass] ?? 0) < (FIVE_CLASS_RANK[metrics.classFloor] ?? 0);
  // Red only for amounts actually overdue, so the eye is not drawn to zeros.
  const alarm = (n: number) => ({ content: { color: n > 0 ? '#cf1322' : undefined } });
  const cards = [
    { key: 'dpd', node: <Statistic title={t('loan.dpd')} value={metrics.dpd} suffix={t('loan.dpdUnit')} styles={alarm(metrics.dpd)} /> },
    { key: 'bucket', node: <Statistic title={t('loan.bucket')} valueRender={() => <BucketTag value={metrics.bucket} />} /> },
    { key: 'classFloor', node: <Statistic title={t('loan.classFloor')} valueRender={() => <FiveClassTag value={metrics.classFloor} />} /> },
    { key: 'fiveClass', node: <Statistic title={t('loan.fiveClass')} valueRender={() => <FiveClassTag value={loan.fiveClass} />} /> },
    { key: 'outstanding', node: <Statistic title={t('loan.outstanding')} value={money(metrics.outstandingPrincipal)} /> },
    { key: 'overduePrincipal', node: <Statistic title={t('loan.overduePrincipal')} value={money(metrics.overduePrincipal)} styles={alarm(metrics.overduePrincipal)} /> },
    { key: 'overdueInterest', node: <Statistic title={t('loan.overdueInterest')} value={money(metrics.overdueInterest)} styles={alarm(metrics.overdueInterest)} /> },
    { key: 'asOf', node: <Statistic title={t('loan.asOf')} value={detail.asOf} /> },
  ];
  return (
    <>
      <Row gutter={[12, 12]} data-testid="loan-metrics">
        {cards.map((c) => (
          <Col key={c.key} xs={12} md={6} xxl={3}>
            <Card size="small" style={{ height: '100%' }}>
              {c.node}
            </Card>
          </Col>
        ))}
      </Row>
      {belowFloor && <Alert type="warning" showIcon title={t('loan.classBelowFloor')} data-testid="class-below-floor" />}
    </>
  );
}
