// Repayment schedule and payments. A schedule is at most a few hundred rows, so antd Table is enough.
import { Table, Tag } from 'antd';
import type { ColumnsType, TablePaginationConfig } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { LoanDetail } from '../../../shared/api/loanSchemas';
import { useMoney } from '../../i18n/useLocale';

type Installment = LoanDetail['schedule'][number];
type Payment = LoanDetail['payments'][number];

const STATUS_COLORS: Record<Installment['status'], string> = {
  paid: 'green',
  partial: 'blue',
  overdue: 'red',
  due: 'orange',
  future: 'default',
};

/** Pages only when there is more than a page of rows, at a fixed size. */
function pagesOf(rows: number, pageSize: number, defaultCurrent = 1): TablePaginationConfig | false {
  return rows > pageSize ? { pageSize, defaultCurrent, showSizeChanger: false } : false;
}

export function ScheduleTable({ schedule }: { schedule: Installment[] }) {
  const { t } = useTranslation();
  const money = useMoney();
  const amount = (key: keyof Installment, title: string) => ({
    key,
    title,
    dataIndex: key,
    align: 'right' as const,
    className: 'num',
    render: (v: number) => money(v, false),
  });
  const columns: ColumnsType<Installment> = [
    { key: 'seq', title: t('loan.seq'), dataIndex: 'seq', width: 70, align: 'right' },
    { key: 'dueDate', title: t('loan.dueDate'), dataIndex: 'dueDate', width: 120 },
    amount('principal', t('loan.sPrincipal')),
    amount('interest', t('loan.sInterest')),
    amount('total', t('loan.sTotal')),
    amount('principalPaid', t('loan.principalPaid')),
    amount('interestPaid', t('loan.interestPaid')),
    {
      key: 'status',
      title: t('loan.sStatus'),
      dataIndex: 'status',
      width: 110,
      render: (s: Installment['status']) => (
        <Tag color={STATUS_COLORS[s]} data-status={s}>
          {t(`loan.scheduleStatus.${s}`)}
        </Tag>
      ),
    },
  ];
  // The first unpaid installment is where the user's eye should go; start the page there.
  const firstOpen = schedule.findIndex((i) => i.status !== 'paid');
  const pageSize = 12;
  return (
    <div data-testid="schedule-table">
      <Table<Installment>
        size="small"
        rowKey="seq"
        columns={columns}
        dataSource={schedule}
        pagination={pagesOf(schedule.length, pageSize, firstOpen > 0 ? Math.floor(firstOpen / pageSize) + 1 : 1)}
        rowClassName={(r) => `schedule-${r.status}`}
      />
    </div>
  );
}

export function PaymentsTable({ payments }: { payments: Payment[] }) {
  const { t } = useTranslation();
  const money = useMoney();
  const columns: ColumnsType<Payment> = [
    { key: 'paidOn', title: t('loan.paidOn'), dataIndex: 'paidOn', width: 120 },
    { key: 'amount', title: t('loan.amount'), dataIndex: 'amount', align: 'right', className: 'num', render: (v: number) => money(v) },
    {
      key: 'channel',
      title: t('loan.channel'),
      dataIndex: 'channel',
      render: (c: string) => t(`loan.channels.${c}`, { defaultValue: c }),
    },
  ];
  return (
    <div data-testid="payments-table">
      <Table<Payment>
        size="small"
        rowKey="id"
        columns={columns}
        // Newest first: the latest payment is what a caller asks about.
        dataSource={[...payments].sort((a, b) => (a.paidOn < b.paidOn ? 1 : a.paidOn > b.paidOn ? -1 : 0))}
        pagination={pagesOf(payments.length, 10)}
        locale={{ emptyText: t('loan.noPayments') }}
      />
    </div>
  );
}
