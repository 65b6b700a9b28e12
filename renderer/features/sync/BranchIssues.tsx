// For a supervisor: the whole branch's refused work as head office recorded it, from every
// workstation of the branch (the inbox above only knows this PC's). Loaded on demand: it needs head office.
import { CloudDownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/api/contract';
import { errorText, invoke } from '../../api/transport';
import { useMutationLabel } from './mutationLabel';
import { formatTime } from '../../ui/formatTime';

type BranchIssue = OutputOf<'sync.branchIssues'>['issues'][number];

export function BranchIssues() {
  const { t } = useTranslation();
  const mutationLabel = useMutationLabel();
  const [issues, setIssues] = useState<BranchIssue[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    setLoading(true);
    setError(null);
    try {
      setIssues((await invoke('sync.branchIssues', {})).issues);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoading(false);
    }
  };

  const columns: TableColumnsType<BranchIssue> = [
    { title: t('syncInbox.time'), dataIndex: 'receivedAt', width: 170, render: (v: string) => formatTime(v, true) },
    { title: t('syncInbox.device'), dataIndex: 'deviceName', width: 160 },
    { title: t('syncInbox.user'), key: 'user', width: 140, render: (_: unknown, i) => i.userName ?? <Typography.Text code>{i.userId}</Typography.Text> },
    {
      title: t('syncInbox.kind'),
      dataIndex: 'kind',
      width: 100,
      render: (kind: string) => <Tag color={kind === 'rejected' ? 'red' : 'orange'}>{t(`syncInbox.kinds.${kind}`)}</Tag>,
    },
    {
      title: t('syncInbox.operation'),
      dataIndex: 'mutationName',
      width: 180,
      render: (name: string) => <Tooltip title={name}>{mutationLabel(name)}</Tooltip>,
    },
    { title: t('syncInbox.reason'), key: 'reason', render: (_: unknown, i) => i.reason?.message ?? '—' },
  ];

  return (
    <Card
      size="small"
      style={{ marginTop: 16 }}
      title={t('syncInbox.branchTitle')}
      data-testid="branch-issues"
      extra={
        <Button icon={<CloudDownloadOutlined />} loading={loading} onClick={() => void load()} data-testid="branch-issues-load">
          {issues ? t('syncInbox.reload') : t('syncInbox.branchLoad')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('syncInbox.branchIntro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {issues && (
        <Table<BranchIssue>
          rowKey="mutationId"
          size="small"
          columns={columns}
          dataSource={issues}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: t('syncInbox.empty') }}
          expandable={{
            expandedRowRender: (i) => <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify(i.args, null, 2)}</pre>,
            expandRowByClick: true,
          }}
        />
      )}
    </Card>
  );
}
