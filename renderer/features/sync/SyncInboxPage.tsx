// The sync inbox: work saved here that head office rejected or found in conflict. Each row opens to
// show everything that was entered (the mutation's args), so nothing typed is lost from sight even
// though it did not take effect. A supervisor sees every user's items, others their own.
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Flex, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useEffect, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../shared/api/schemas';
import { useSyncState, type SyncIssue } from '../../app/syncState';
import { BranchIssues } from './BranchIssues';
import { useMutationLabel } from './mutationLabel';
import { formatTime } from '../../ui/formatTime';

interface Props {
  user: SessionUser;
}

export function SyncInboxPage({ user }: Props) {
  const { t } = useTranslation();
  const { issues, issuesError, issuesLoading, reloadIssues } = useSyncState();
  const mutationLabel = useMutationLabel();
  const everyone = user.roles.includes('supervisor');

  // Fresh on every visit, besides the reloads when the rejected count moves.
  useEffect(() => {
    void reloadIssues();
  }, [reloadIssues]);

  const columns: TableColumnsType<SyncIssue> = [
    {
      title: t('syncInbox.time'),
      dataIndex: 'createdAt',
      width: 170,
      sorter: (a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0),
      defaultSortOrder: 'descend',
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(v, true)}</span>,
    },
    {
      title: t('syncInbox.kind'),
      dataIndex: 'kind',
      width: 100,
      render: (kind: string) => <KindTag kind={kind} />,
    },
    {
      title: t('syncInbox.operation'),
      dataIndex: 'mutationName',
      width: 200,
      render: (name: string | null) => (name ? <Tooltip title={name}>{mutationLabel(name)}</Tooltip> : '—'),
    },
    {
      title: t('syncInbox.reason'),
      key: 'reason',
      render: (_: unknown, issue) => (
        <span data-testid="sync-issue-reason">
          {issue.kind === 'divergence' ? t(`syncInbox.divergence.${issue.reason.code === 'scope_repaired' ? 'repaired' : 'unresolved'}`) : issue.reason.message || issue.reason.code}
        </span>
      ),
    },
  ];
  if (everyone) {
    columns.push({
      title: t('syncInbox.user'),
      dataIndex: 'userId',
      width: 160,
      // The contract gives user ids only; the signed-in user is at least named as such.
      render: (id: string | null) =>
        id === null ? '—' : id === user.id ? t('syncInbox.me') : <Typography.Text code ellipsis={{ tooltip: id }} style={{ maxWidth: 140 }}>{id}</Typography.Text>,
    });
  }

  return (
    <div data-testid="sync-inbox-page">
      <Flex align="center" justify="space-between" gap={12} style={{ marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="sync-inbox-title">
          {t('syncInbox.title')}
        </Typography.Title>
        <Flex align="center" gap={12}>
          {issues && (
            <Typography.Text type="secondary" data-testid="sync-inbox-count" data-count={issues.length}>
              {t('syncInbox.count', { n: issues.length })}
            </Typography.Text>
          )}
          <Button icon={<ReloadOutlined />} loading={issuesLoading} onClick={() => void reloadIssues()} data-testid="sync-inbox-reload">
            {t('syncInbox.reload')}
          </Button>
        </Flex>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginBottom: everyone ? 12 : 4 }}>
        {t('syncInbox.intro')}
      </Typography.Paragraph>
      {!everyone && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          {t('syncInbox.ownOnly')}
        </Typography.Paragraph>
      )}
      {issuesError && <Alert type="error" showIcon title={t('syncInbox.loadFailed', { msg: issuesError })} style={{ marginBottom: 12 }} />}
      <div data-testid="sync-inbox-table">
        <Table<SyncIssue>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={issues ?? []}
          loading={issues === null && issuesLoading}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: t('syncInbox.empty') }}
          expandable={{
            expandedRowRender: (issue) => <IssueDetails issue={issue} />,
            expandRowByClick: true,
          }}
          onRow={(issue) => ({ 'data-testid': 'sync-issue-row', 'data-issue-id': issue.id }) as HTMLAttributes<HTMLElement>}
        />
      </div>
      {everyone && <BranchIssues />}
    </div>
  );
}

function KindTag({ kind }: { kind: string }) {
  const { t } = useTranslation();
  if (kind === 'rejected') return <Tag color="red">{t('syncInbox.kinds.rejected')}</Tag>;
  if (kind === 'conflict') return <Tag color="orange">{t('syncInbox.kinds.conflict')}</Tag>;
  if (kind === 'divergence') return <Tag color="purple">{t('syncInbox.kinds.divergence')}</Tag>;
  return <Tag>{kind}</Tag>;
}

function IssueDetails({ issue }: { issue: SyncIssue }) {
  const { t } = useTranslation();
  const hasArgs = issue.args !== null && issue.args !== undefined;
  const json = hasArgs ? JSON.stringify(issue.args, null, 2) : '';
  return (
    <Flex vertical gap={8} data-testid="sync-issue-details">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { key: 'name', label: t('syncInbox.rawName'), children: <Typography.Text code>{issue.mutationName ?? '—'}</Typography.Text> },
          { key: 'code', label: t('syncInbox.reasonCode'), children: <Typography.Text code>{issue.reason.code}</Typography.Text> },
          { key: 'id', label: t('syncInbox.mutationId'), children: <Typography.Text copyable>{issue.mutationId ?? '—'}</Typography.Text> },
        ]}
      />
      <Typography.Text strong>{t('syncInbox.details')}</Typography.Text>
      {hasArgs ? (
        <Typography.Paragraph copyable={{ text: json }} style={{ margin: 0 }}>
          <pre
            data-testid="sync-issue-args"
            style={{ margin: 0, maxHeight: 320, overflow: 'auto', whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
          >
            {json}
          </pre>
        </Typography.Paragraph>
      ) : (
        <Typography.Text type="secondary">{t('syncInbox.noArgs')}</Typography.Text>
      )}
    </Flex>
  );
}
