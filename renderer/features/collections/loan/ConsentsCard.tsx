// The customer's recorded consents to late contact: how each was given, from and until when, who
// recorded it and whether it holds today. Recording one is the only way a quiet-hours contact goes ahead
// without a supervisor's override; withdrawing one is a new record, never an edit.
import { App, Button, Card, DatePicker, Form, Input, Select, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSENT_WAYS, type ConsentWay } from '../../../../shared/domain/vocabulary';
import { invoke } from '../../../api/transport';
import { fieldsNamed, placeFieldErrors } from '../../../ui/fieldErrors';
import { useRequiredRule } from '../../../ui/requiredRule';
import { ConfirmDialog, useDialogAction } from '../ConfirmDialog';
import type { LoanCollection } from '../common';

type ConsentRow = LoanCollection['consents'][number];

interface Values {
  givenVia: ConsentWay;
  givenOn: Dayjs;
  validUntil: Dayjs;
  note: string;
}

const CONSENT_FIELDS = fieldsNamed(new Set(['givenVia', 'givenOn', 'validUntil', 'note']));
const STATE_COLORS: Record<ConsentRow['state'], string> = { active: 'green', not_yet: 'blue', expired: 'default', withdrawn: 'default' };
const MIN_NOTE = 5;

export function ConsentsCard({ data, onChanged }: { data: LoanCollection; onChanged(): void }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const [withdrawing, setWithdrawing] = useState<ConsentRow | null>(null);
  return (
    <Card
      size="small"
      title={t('collections.consents.title')}
      data-testid="col-consents"
      extra={
        data.canLog ? (
          <Button size="small" onClick={() => setAdding(true)} data-testid="col-consent-add">
            {t('collections.consents.add')}
          </Button>
        ) : undefined
      }
    >
      <Table<ConsentRow>
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={data.consents}
        locale={{ emptyText: t('collections.consents.empty') }}
        onRow={(c) => ({ 'data-testid': `col-consent-row-${c.id}`, 'data-state': c.state }) as object}
        columns={[
          { key: 'via', title: t('collections.consents.givenVia'), render: (_v, c) => t(`collections.consents.ways.${c.givenVia}`) },
          { key: 'from', title: t('collections.consents.givenOn'), render: (_v, c) => <span className="num">{c.givenOn}</span> },
          { key: 'until', title: t('collections.consents.validUntil'), render: (_v, c) => <span className="num">{c.validUntil ?? ''}</span> },
          { key: 'by', title: t('collections.consents.recordedBy'), render: (_v, c) => c.recordedByName ?? '' },
          {
            key: 'state',
            title: t('collections.consents.state'),
            render: (_v, c) => <Tag color={STATE_COLORS[c.state]}>{t(`collections.consents.states.${c.state}`, { on: c.withdrawnOn ?? '' })}</Tag>,
          },
          {
            key: 'actions',
            title: '',
            render: (_v, c) =>
              data.canLog && (c.state === 'active' || c.state === 'not_yet') ? (
                <Button size="small" type="link" onClick={() => setWithdrawing(c)} data-testid={`col-consent-withdraw-${c.id}`}>
                  {t('collections.consents.withdraw')}
                </Button>
              ) : null,
          },
        ]}
        expandable={{ expandedRowRender: (c) => c.note, rowExpandable: (c) => c.note.length > 0 }}
      />
      <RecordConsentDialog loanId={data.loan.id} open={adding} onClose={() => setAdding(false)} onSaved={onChanged} />
      <WithdrawConsentDialog loanId={data.loan.id} consent={withdrawing} onClose={() => setWithdrawing(null)} onSaved={onChanged} />
    </Card>
  );
}

function RecordConsentDialog({ loanId, open, onClose, onSaved }: { loanId: string; open: boolean; onClose(): void; onSaved(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const required = useRequiredRule();
  const { busy, run } = useDialogAction('collections.consents.failed');
  const save = (v: Values) =>
    run(async () => {
      try {
        await invoke('collections.recordConsent', {
          loanId,
          givenVia: v.givenVia,
          givenOn: v.givenOn.format('YYYY-MM-DD'),
          validUntil: v.validUntil.format('YYYY-MM-DD'),
          note: v.note.trim(),
        });
      } catch (err) {
        // A refusal about a field is shown under it; anything else goes to the dialog's toast.
        if (placeFieldErrors(form, err, CONSENT_FIELDS).all) return;
        throw err;
      }
      void message.success(t('collections.consents.saved'));
      form.resetFields();
      onClose();
      onSaved();
    });
  return (
    <ConfirmDialog
      open={open}
      title={t('collections.consents.addTitle')}
      confirmLabel={t('collections.consents.save')}
      confirmTestId="col-consent-save"
      busy={busy}
      onConfirm={() => form.submit()}
      onCancel={onClose}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ givenVia: 'written', givenOn: dayjs() }}
        onFinish={(v) => void save(v)}
        data-testid="col-consent-form"
      >
        <Form.Item name="givenVia" label={t('collections.consents.givenVia')} rules={[required('choose', t('collections.consents.givenVia'))]}>
          <Select data-testid="col-consent-via" options={CONSENT_WAYS.map((w) => ({ value: w, label: t(`collections.consents.ways.${w}`) }))} />
        </Form.Item>
        <Form.Item name="givenOn" label={t('collections.consents.givenOn')} rules={[required('choose', t('collections.consents.givenOn'))]}>
          <DatePicker format="YYYY-MM-DD" disabledDate={(d: Dayjs) => d.isAfter(dayjs(), 'day')} data-testid="col-consent-given-on" />
        </Form.Item>
        <Form.Item name="validUntil" label={t('collections.consents.validUntil')} rules={[required('choose', t('collections.consents.validUntil'))]}>
          <DatePicker format="YYYY-MM-DD" disabledDate={(d: Dayjs) => d.isBefore(dayjs(), 'day')} data-testid="col-consent-until" />
        </Form.Item>
        <Form.Item name="note" label={t('collections.consents.note')} rules={[{ required: true, min: MIN_NOTE, whitespace: true }]}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('collections.consents.notePlaceholder')} data-testid="col-consent-note" />
        </Form.Item>
      </Form>
    </ConfirmDialog>
  );
}

function WithdrawConsentDialog({ loanId, consent, onClose, onSaved }: { loanId: string; consent: ConsentRow | null; onClose(): void; onSaved(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const { busy, run } = useDialogAction('collections.consents.withdrawFailed');
  const withdraw = () =>
    consent &&
    run(async () => {
      await invoke('collections.withdrawConsent', { loanId, consentId: consent.id, note: note.trim() });
      void message.success(t('collections.consents.withdrawn'));
      setNote('');
      onClose();
      onSaved();
    });
  return (
    <ConfirmDialog
      open={consent !== null}
      title={t('collections.consents.withdrawTitle')}
      confirmLabel={t('collections.consents.withdraw')}
      confirmTestId="col-consent-withdraw-save"
      confirmDisabled={note.trim().length < MIN_NOTE}
      danger
      busy={busy}
      onConfirm={() => void withdraw()}
      onCancel={onClose}
    >
      <Input.TextArea rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('collections.consents.withdrawNote')} data-testid="col-consent-withdraw-note" />
    </ConfirmDialog>
  );
}
