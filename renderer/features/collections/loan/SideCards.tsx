// Promises to pay with their status (kept when payments reach the amount by the date plus grace),
// supervisor overrides on this loan, and the banner of an active dispute / stop hold.
import { Alert, App, Button, Card, Input, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../../api/transport';
import { useMoney } from '../../../i18n/useLocale';
import { ConfirmDialog, useDialogAction } from '../ConfirmDialog';
import { PromiseTag, useCodeText, type LoanCollection } from '../common';
import { formatTime } from '../../../ui/formatTime';

type PromiseRow = LoanCollection['promises'][number];
type OverrideRow = LoanCollection['overrides'][number];

export function PromisesCard({ promises }: { promises: PromiseRow[] }) {
  const { t } = useTranslation();
  const money = useMoney();
  const rows = [...promises].sort((a, b) => (a.madeOn < b.madeOn ? 1 : a.madeOn > b.madeOn ? -1 : b.promisedOn.localeCompare(a.promisedOn)));
  return (
    <Card size="small" title={t('collections.promises.title')} data-testid="col-promises" data-count={rows.length}>
      <Table<PromiseRow>
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={rows}
        locale={{ emptyText: t('collections.promises.empty') }}
        onRow={(p) => ({ 'data-testid': `col-promise-${p.id}`, 'data-status': p.status, 'data-amount': p.amount, 'data-promised-on': p.promisedOn }) as object}
        columns={[
          { key: 'amount', title: t('collections.promises.amount'), align: 'right', render: (_v, p) => <span className="num">{money(p.amount, false)}</span> },
          { key: 'promisedOn', title: t('collections.promises.promisedOn'), render: (_v, p) => <span className="num">{p.promisedOn}</span> },
          { key: 'madeOn', title: t('collections.promises.madeOn'), render: (_v, p) => <span className="num">{p.madeOn}</span> },
          { key: 'paid', title: t('collections.promises.paid'), align: 'right', render: (_v, p) => <span className="num">{money(p.paid, false)}</span> },
          { key: 'status', title: t('collections.promises.status'), render: (_v, p) => <PromiseTag status={p.status} /> },
        ]}
      />
    </Card>
  );
}

export function OverridesCard({ overrides }: { overrides: OverrideRow[] }) {
  const { t } = useTranslation();
  const code = useCodeText();
  if (overrides.length === 0) return null;
  return (
    <Card size="small" title={t('collections.overrides.title')} data-testid="col-overrides">
      <Table<OverrideRow>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={overrides}
        onRow={(o) => ({ 'data-testid': `col-override-row-${o.id}`, 'data-rule': o.ruleCode }) as object}
        columns={[
          { key: 'rule', title: t('collections.overrides.rule'), render: (_v, o) => code('ruleCodes', o.ruleCode) },
          { key: 'reason', title: t('collections.overrides.reason'), dataIndex: 'reason' },
          { key: 'by', title: t('collections.overrides.by'), width: 80, render: (_v, o) => <span style={{ whiteSpace: 'nowrap' }}>{o.approvedByName ?? ''}</span> },
          { key: 'until', title: t('collections.overrides.until'), width: 130, render: (_v, o) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(o.validUntil)}</span> },
        ]}
      />
    </Card>
  );
}

const MIN_REASON = 5;

/** Records of this loan left out of the screen because one of their dates is impossible. */
export function UnreadableBanner({ data }: { data: LoanCollection }) {
  const { t } = useTranslation();
  if (data.unreadable.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="col-unreadable"
      title={t('collections.unreadable.title', { n: data.unreadable.length })}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {data.unreadable.map((u) => (
            <li key={`${u.table}:${u.id}`}>
              {t(`collections.unreadable.${u.table === 'contacts' ? 'contact' : 'promise'}`, { field: u.field })} <code>{u.id}</code>
            </li>
          ))}
        </ul>
      }
    />
  );
}

/** A dispute or stop request holds every contact until a supervisor clears it, with a reason. */
export function HoldBanner({ data, onCleared }: { data: LoanCollection; onCleared(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const code = useCodeText();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const { busy, run } = useDialogAction('collections.hold.failed');
  const hold = data.hold;
  if (!hold) return null;
  const tooShort = reason.trim().length < MIN_REASON;

  const clear = () => {
    if (tooShort) return;
    void run(async () => {
      await invoke('collections.clearHold', { loanId: data.loan.id, reason: reason.trim() });
      void message.success(t('collections.hold.cleared'));
      setOpen(false);
      setReason('');
      onCleared();
    });
  };

  return (
    <>
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        data-testid="col-hold"
        data-code={hold.code}
        title={t('collections.hold.title', { what: code('holds', hold.code), since: formatTime(hold.since) })}
        description={t('collections.hold.body')}
        action={
          data.canOverride ? (
            <Button onClick={() => setOpen(true)} data-testid="col-hold-clear">
              {t('collections.hold.clear')}
            </Button>
          ) : undefined
        }
      />
      <ConfirmDialog
        open={open}
        title={t('collections.hold.clear')}
        confirmLabel={t('collections.hold.confirm')}
        confirmTestId="col-hold-save"
        busy={busy}
        confirmDisabled={tooShort}
        onConfirm={clear}
        onCancel={() => setOpen(false)}
      >
        <Typography.Paragraph>{t('collections.hold.reasonHint', { n: MIN_REASON })}</Typography.Paragraph>
        <Input.TextArea rows={3} maxLength={2000} showCount autoFocus value={reason} onChange={(e) => setReason(e.target.value)} data-testid="col-hold-reason" />
      </ConfirmDialog>
    </>
  );
}
