// The local audit log, newest first: who did what to which record, and the detail a reader needs
// beside the action — for a supervisor's contact-rule override, the written reason.
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Select, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/api/contract';
import { errorText, invoke } from '../../api/transport';
import { useCodeText, useOutcomeLabel } from '../collections/common';
import { useMutationLabel } from '../sync/mutationLabel';

type Entry = OutputOf<'audit.list'>['entries'][number];

const PAGE_SIZE = 50;
/** Offered as a quick filter: the actions a supervisor most often has to account for. */
const ACTION_FILTERS = ['policyOverride.grant', 'contact.log', 'contact.correct', 'contact.blocked', 'contactHold.clear', 'collection.assign', 'loanNote.add'];
/** The service's detail starts with a code (rule or outcome) and a full-width colon before free text. */
const CODED_DETAIL = /^([a-z_]+)(：([\s\S]*))?$/;

/** The detail with its leading code in words: "quiet_hours：…" -> "夜间禁止联系：…". */
function useDetailText(): (e: Entry) => string {
  const { t } = useTranslation();
  const code = useCodeText();
  const outcomeLabel = useOutcomeLabel();
  return useCallback(
    (e: Entry) => {
      const m = e.detail ? CODED_DETAIL.exec(e.detail) : null;
      if (!e.detail || !m) return e.detail ?? '';
      const words = e.entityType === 'policy_override' ? code('ruleCodes', m[1]) : e.entityType === 'contact' ? outcomeLabel(m[1]) : (m[1] ?? '');
      return m[3] !== undefined ? t('collections.auditLog.codedDetail', { code: words, text: m[3] }) : words;
    },
    [t, code, outcomeLabel],
  );
}

function useActionLabel(): (action: string) => string {
  const { t } = useTranslation();
  const mutationLabel = useMutationLabel();
  return useCallback(
    (action: string) => {
      // Keys contain dots, which i18next reads as nesting: the table is read as a whole.
      const table = t('collections.auditLog.actions', { returnObjects: true }) as unknown;
      const words = table && typeof table === 'object' ? (table as Record<string, unknown>)[action.replace(/@\d+$/, '')] : undefined;
      return typeof words === 'string' ? words : mutationLabel(action);
    },
    [t, mutationLabel],
  );
}

export function AuditLogList() {
  const { t } = useTranslation();
  const actionLabel = useActionLabel();
  const detailText = useDetailText();
  const [page, setPage] = useState(1);
  const [action, setAction] = useState<string | undefined>(undefined);
  const [data, setData] = useState<OutputOf<'audit.list'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    setBusy(true);
    try {
      setData(await invoke('audit.list', { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE, ...(action ? { action } : {}) }));
      setError(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }, [page, action]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Card
      title={t('collections.auditLog.title')}
      style={{ marginTop: 16 }}
      extra={
        <Space>
          <Select
            allowClear
            style={{ width: 200 }}
            placeholder={t('collections.auditLog.allActions')}
            aria-label={t('collections.auditLog.action')}
            value={action}
            onChange={(v: string | undefined) => {
              setAction(v);
              setPage(1);
            }}
            options={ACTION_FILTERS.map((a) => ({ value: a, label: actionLabel(a) }))}
            data-testid="audit-log-action"
          />
          <Button icon={<ReloadOutlined />} loading={busy} onClick={() => void load()} data-testid="audit-log-reload">
            {t('collections.auditLog.reload')}
          </Button>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon title={t('collections.auditLog.loadFailed', { msg: error })} style={{ marginBottom: 8 }} />}
      <div data-testid="audit-log" data-total={data?.total ?? ''}>
        <Table<Entry>
          size="small"
          rowKey="seq"
          loading={busy && !data}
          dataSource={data?.entries ?? []}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
          onRow={(e) => ({ 'data-testid': `audit-row-${e.seq}`, 'data-action': e.action }) as object}
          columns={[
            { key: 'seq', title: '#', dataIndex: 'seq', width: 70 },
            { key: 'at', title: t('collections.auditLog.at'), width: 150, render: (_v, e) => dayjs(e.at).format('YYYY-MM-DD HH:mm:ss') },
            { key: 'actor', title: t('collections.auditLog.actor'), width: 110, render: (_v, e) => e.actorName ?? e.actorId },
            { key: 'action', title: t('collections.auditLog.action'), width: 170, render: (_v, e) => <span title={e.action}>{actionLabel(e.action)}</span> },
            {
              key: 'entity',
              title: t('collections.auditLog.entity'),
              width: 220,
              render: (_v, e) => (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(`collections.auditLog.entities.${e.entityType}`, { defaultValue: e.entityType })} · <span className="num">{e.entityId}</span>
                </Typography.Text>
              ),
            },
            { key: 'detail', title: t('collections.auditLog.detail'), render: (_v, e) => <span data-testid={`audit-detail-${e.seq}`}>{detailText(e)}</span> },
          ]}
        />
      </div>
    </Card>
  );
}
