// One list of due-diligence cases on the workbench: the first rows dd.list gives for the section's
// filters, each a link to the case, and a link to the full case list with the same filters.
import { Alert, Button, Card, Table, Tag, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputOf } from '../../../shared/api/contract';
import type { SessionUser } from '../../../shared/api/schemas';
import { formatFen } from '../../../shared/domain/money';
import { errorText, invoke } from '../../api/transport';
import { hrefOf, navigate } from '../../app/router';
import { type DdListRow } from '../dd/caseListColumns';
import { formatTime } from '../../ui/formatTime';
import { DdStatusTag, RiskTags, SlaText } from '../dd/DdTags';
import { rememberFilters, type DdFilters } from '../dd/listQuery';
import { setServerNow } from '../dd/serverClock';
import { useLocale } from '../../i18n/useLocale';

/** Rows shown per section; the rest are one click away in the full list. */
const SECTION_ROWS = 20;

export type CaseQuery = Omit<InputOf<'dd.list'>, 'offset' | 'limit'>;

interface Props {
  user: SessionUser;
  testId: string;
  title: string;
  query: CaseQuery;
  /** The case list's filters for "view all". */
  listFilters: DdFilters;
  /** Review sections show the officer and the decision clock; an officer's own show the last change. */
  kind: 'review' | 'own';
  /** Changes whenever the counts were refreshed: the rows are read again with them. */
  version: number;
}

export function CaseSection({ user, testId, title, query, listFilters, kind, version }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [rows, setRows] = useState<DdListRow[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const queryKey = JSON.stringify(query);

  useEffect(() => {
    let current = true;
    invoke('dd.list', { ...(JSON.parse(queryKey) as CaseQuery), offset: 0, limit: SECTION_ROWS })
      .then((out) => {
        if (!current) return;
        setServerNow(out.now);
        setRows(out.rows);
        setTotal(out.total);
        setError(null);
      })
      .catch((err: unknown) => {
        if (current) setError(errorText(err));
      });
    return () => {
      current = false;
    };
  }, [queryKey, version]);

  const columns = useMemo<TableColumnsType<DdListRow>>(() => {
    const cols: TableColumnsType<DdListRow> = [
      {
        key: 'customer',
        title: t('dd.col.customerName'),
        render: (_, row) => (
          <a
            href={hrefOf({ name: 'ddCase', caseId: row.id })}
            data-testid={`wb-row-${row.id}`}
            data-status={row.status}
            onClick={(e) => {
              e.preventDefault();
              navigate({ name: 'ddCase', caseId: row.id });
            }}
          >
            {row.customerName}
          </a>
        ),
      },
      { key: 'caseNo', title: t('dd.col.caseNo'), dataIndex: 'caseNo', className: 'num', render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span> },
      {
        key: 'amount',
        title: t('dd.col.amount'),
        align: 'right',
        className: 'num',
        render: (_, row) => <span style={{ whiteSpace: 'nowrap' }}>{formatFen(row.amount, locale, { symbol: false })}</span>,
      },
      { key: 'risk', title: t('dd.col.risk'), render: (_, row) => <RiskTags risk={row.risk} /> },
    ];
    if (kind === 'review') {
      cols.push(
        { key: 'officer', title: t('dd.col.officer'), render: (_, row) => row.officerName ?? row.officerId },
        { key: 'dueAt', title: t('dd.col.dueAt'), render: (_, row) => <SlaText dueAt={row.dueAt} dueSoonAt={row.dueSoonAt} /> },
      );
    } else {
      cols.push(
        { key: 'status', title: t('dd.col.status'), render: (_, row) => <DdStatusTag status={row.status} /> },
        { key: 'updatedAt', title: t('dd.col.updatedAt'), render: (_, row) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(row.updatedAt)}</span> },
      );
    }
    return cols;
  }, [t, locale, kind]);

  return (
    <Card
      size="small"
      data-testid={testId}
      data-total={rows ? total : undefined}
      title={
        <span>
          {title} <Tag data-testid={`${testId}-total`}>{total}</Tag>
        </span>
      }
      extra={
        <Button
          type="link"
          size="small"
          data-testid={`${testId}-all`}
          onClick={() => {
            rememberFilters(user.id, listFilters);
            navigate({ name: 'dd' });
          }}
        >
          {t('workbench.viewAll')}
        </Button>
      }
    >
      {error && <Alert type="error" showIcon title={t('workbench.loadFailed', { msg: error })} style={{ marginBottom: 8 }} />}
      <Table<DdListRow>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={rows ?? []}
        loading={rows === null && !error}
        pagination={false}
        locale={{ emptyText: t('workbench.nothingWaiting') }}
        scroll={{ x: 'max-content' }}
      />
      {rows !== null && total > rows.length && (
        <div style={{ marginTop: 6, color: 'rgba(0,0,0,0.45)' }}>{t('workbench.moreInList', { shown: rows.length, total })}</div>
      )}
    </Card>
  );
}
