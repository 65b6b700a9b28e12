// The local audit log, newest first, as an auditor reads it: when, who, the event in words, the
// customer, loan and case it concerns, what it did and the values before and after. Every word of an
// entry comes from the service (the same words the CSV export holds); filters by area, event, person
// and period are applied in the service's query.
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Flex, Select, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputOf, OutputOf } from '../../../shared/api/contract';
import { errorText, invoke } from '../../api/transport';
import { downloadText } from '../../ui/download';

type Listed = OutputOf<'audit.list'>;
type Entry = Listed['entries'][number];
type Filter = InputOf<'audit.exportCsv'>;
type Family = NonNullable<Filter['family']>;
type Action = NonNullable<Filter['action']>;

const PAGE_SIZE = 50;

function Subject({ e }: { e: Entry }) {
  const { t } = useTranslation();
  const parts = [
    e.customerName ? (
      <span key="c">
        {e.customerName}
        {e.customerNo && (
          <Typography.Text type="secondary" className="num" style={{ marginInlineStart: 4 }}>
            {e.customerNo}
          </Typography.Text>
        )}
      </span>
    ) : null,
    e.loanNo ? (
      <span key="l">
        {t('collections.auditLog.loanNo')} <span className="num">{e.loanNo}</span>
      </span>
    ) : null,
    e.caseNo ? (
      <span key="d">
        {t('collections.auditLog.caseNo')} <span className="num">{e.caseNo}</span>
      </span>
    ) : null,
  ].filter(Boolean);
  return <Flex vertical>{parts}</Flex>;
}

function Changes({ e }: { e: Entry }) {
  if (e.changes.length === 0) return null;
  return (
    <table className="audit-changes" data-testid={`audit-changes-${e.seq}`} style={{ borderCollapse: 'collapse', fontSize: 12 }}>
      <tbody>
        {e.changes.map((c, i) => (
          <tr key={i}>
            <th style={{ textAlign: 'start', fontWeight: 'normal', color: 'rgba(0,0,0,0.55)', paddingInlineEnd: 8, verticalAlign: 'top', whiteSpace: 'nowrap' }}>{c.field}</th>
            <td style={{ verticalAlign: 'top' }}>
              {c.before !== null && (
                <>
                  <Typography.Text delete type="secondary">
                    {c.before}
                  </Typography.Text>
                  {' → '}
                </>
              )}
              {c.after ?? ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AuditLogList() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [family, setFamily] = useState<Family | undefined>(undefined);
  const [action, setAction] = useState<Action | undefined>(undefined);
  const [actorId, setActorId] = useState<string | undefined>(undefined);
  const [period, setPeriod] = useState<[Dayjs, Dayjs] | null>(null);
  const [data, setData] = useState<Listed | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [exporting, setExporting] = useState(false);

  const filter = useMemo<Filter>(
    () => ({
      ...(family ? { family } : {}),
      ...(action ? { action } : {}),
      ...(actorId ? { actorId } : {}),
      ...(period ? { from: period[0].format('YYYY-MM-DD'), to: period[1].format('YYYY-MM-DD') } : {}),
    }),
    [family, action, actorId, period],
  );

  // The service words each entry in the caller's language (invoke sends it): a language switch loads them again.
  const language = i18n.language;
  const load = useCallback(async () => {
    setBusy(true);
    try {
      setData(await invoke('audit.list', { ...filter, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }));
      setError(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }, [filter, page, language]);

  useEffect(() => {
    void load();
  }, [load]);

  const exportCsv = async () => {
    setExporting(true);
    try {
      const out = await invoke('audit.exportCsv', filter);
      downloadText(out.csv, out.fileName);
      void message.success(t('collections.auditLog.exported', { n: out.rows, file: out.fileName }));
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setExporting(false);
    }
  };

  const choices = data?.choices;
  const actionOptions = (choices?.actions ?? []).filter((a) => !family || a.family === family);
  const narrow = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };

  return (
    <Card
      title={t('collections.auditLog.title')}
      style={{ marginTop: 16 }}
      extra={
        <Flex gap={8}>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportCsv()} data-testid="audit-log-export">
            {t('collections.auditLog.export')}
          </Button>
          <Button icon={<ReloadOutlined />} loading={busy} onClick={() => void load()} data-testid="audit-log-reload">
            {t('collections.auditLog.reload')}
          </Button>
        </Flex>
      }
    >
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Select<Family>
          allowClear
          style={{ width: 170 }}
          placeholder={t('collections.auditLog.allFamilies')}
          aria-label={t('collections.auditLog.family')}
          value={family}
          onChange={narrow((v: Family | undefined) => {
            setFamily(v);
            // An event of another area would match nothing: the event follows the area.
            if (v && action && choices?.actions.find((a) => a.value === action)?.family !== v) setAction(undefined);
          })}
          options={(choices?.families ?? []).map((f) => ({ value: f.value as Family, label: f.label }))}
          data-testid="audit-log-family"
        />
        <Select<Action>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 200 }}
          placeholder={t('collections.auditLog.allActions')}
          aria-label={t('collections.auditLog.action')}
          value={action}
          onChange={narrow(setAction)}
          options={actionOptions.map((a) => ({ value: a.value as Action, label: a.label }))}
          data-testid="audit-log-action"
        />
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 170 }}
          placeholder={t('collections.auditLog.allPeople')}
          aria-label={t('collections.auditLog.actor')}
          value={actorId}
          onChange={narrow(setActorId)}
          options={choices?.people ?? []}
          data-testid="audit-log-person"
        />
        <DatePicker.RangePicker
          value={period}
          format="YYYY-MM-DD"
          onChange={(v) => narrow(setPeriod)(v?.[0] && v[1] ? [v[0], v[1]] : null)}
          aria-label={t('collections.auditLog.period')}
          data-testid="audit-log-period"
        />
      </Flex>
      {error && <Alert type="error" showIcon title={t('collections.auditLog.loadFailed', { msg: error })} style={{ marginBottom: 8 }} />}
      <div data-testid="audit-log" data-total={data?.total ?? ''} data-loaded={busy ? '0' : '1'}>
        <Table<Entry>
          size="small"
          rowKey="seq"
          loading={busy && !data}
          dataSource={data?.entries ?? []}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
          onRow={(e) => ({ 'data-testid': `audit-row-${e.seq}`, 'data-action': e.action, 'data-family': e.family ?? '' }) as object}
          columns={[
            { key: 'at', title: t('collections.auditLog.at'), width: 160, render: (_v, e) => <span className="num">{e.atText}</span> },
            { key: 'actor', title: t('collections.auditLog.actor'), width: 100, render: (_v, e) => e.actorName ?? e.actorId },
            { key: 'event', title: t('collections.auditLog.action'), width: 150, render: (_v, e) => <span data-testid={`audit-event-${e.seq}`}>{e.event}</span> },
            { key: 'subject', title: t('collections.auditLog.subject'), width: 190, render: (_v, e) => <Subject e={e} /> },
            { key: 'detail', title: t('collections.auditLog.detail'), render: (_v, e) => <span data-testid={`audit-detail-${e.seq}`}>{e.description}</span> },
            { key: 'changes', title: t('collections.auditLog.changes'), width: 300, render: (_v, e) => <Changes e={e} /> },
          ]}
        />
      </div>
    </Card>
  );
}
