// The supervisor's collections work on the workbench: loans a dispute or the borrower's stop request
// holds until a supervisor clears it (on the loan's collection screen, with a written reason).
import { Alert, Card, Table, Tag, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/api/contract';
import { errorText, invoke } from '../../api/transport';
import { hrefOf, navigate } from '../../app/router';
import { useCodeText } from '../collections/common';
import { formatTime } from '../../ui/formatTime';

type HoldRow = OutputOf<'workbench.holds'>['rows'][number];

export function HoldSection({ version }: { version: number }) {
  const { t } = useTranslation();
  const codeText = useCodeText();
  const [data, setData] = useState<OutputOf<'workbench.holds'> | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    invoke('workbench.holds', {})
      .then((out) => {
        if (!current) return;
        setData(out);
        setError(null);
      })
      .catch((err: unknown) => {
        if (current) setError(errorText(err));
      });
    return () => {
      current = false;
    };
  }, [version]);

  const columns = useMemo<TableColumnsType<HoldRow>>(
    () => [
      {
        key: 'loanNo',
        title: t('workbench.holds.loanNo'),
        render: (_, row) => (
          <a
            href={hrefOf({ name: 'collectionLoan', loanId: row.loanId })}
            className="num"
            style={{ whiteSpace: 'nowrap' }}
            data-testid={`wb-hold-${row.loanId}`}
            onClick={(e) => {
              e.preventDefault();
              navigate({ name: 'collectionLoan', loanId: row.loanId });
            }}
          >
            {row.loanNo}
          </a>
        ),
      },
      { key: 'customer', title: t('workbench.holds.customer'), dataIndex: 'customerName' },
      { key: 'hold', title: t('workbench.holds.kind'), render: (_, row) => codeText('holds', row.hold) },
      { key: 'since', title: t('workbench.holds.since'), render: (_, row) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(row.since)}</span> },
    ],
    [t, codeText],
  );

  return (
    <Card
      size="small"
      data-testid="wb-holds"
      title={
        <span>
          {t('workbench.holds.title')} <Tag data-testid="wb-holds-total">{data?.total ?? 0}</Tag>
        </span>
      }
    >
      {error && <Alert type="error" showIcon title={t('workbench.loadFailed', { msg: error })} style={{ marginBottom: 8 }} />}
      <Table<HoldRow>
        size="small"
        rowKey="loanId"
        columns={columns}
        dataSource={data?.rows ?? []}
        loading={data === null && !error}
        pagination={false}
        locale={{ emptyText: t('workbench.nothingWaiting') }}
        scroll={{ x: 'max-content' }}
      />
      {data && data.total > data.rows.length && (
        <div style={{ marginTop: 6, color: 'rgba(0,0,0,0.45)' }}>{t('workbench.holds.more', { shown: data.rows.length, total: data.total })}</div>
      )}
    </Card>
  );
}
