// A supervisor's override of a contact rule for one loan: which rule (one of those blocking now), a
// written reason, and how long it stands. The service audits it with the reason (DOMAIN.md: "A
// blocked contact can be overridden only by a supervisor with a written reason").
import { App, Form, Input, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../../api/transport';
import type { RuleReason } from '../CheckResult';
import { formatTime } from '../../../ui/formatTime';
import { useRequiredRule } from '../../../ui/requiredRule';
import { ConfirmDialog, useDialogAction } from '../ConfirmDialog';

interface Props {
  open: boolean;
  loanId: string;
  reasons: RuleReason[];
  onClose(done: boolean): void;
}

interface Values {
  ruleCode: string;
  reason: string;
  validHours: number;
}

const MIN_REASON = 5;

export function OverrideDialog({ open, loanId, reasons, onClose }: Props) {
  const { t } = useTranslation();
  const required = useRequiredRule();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { busy, run } = useDialogAction('collections.override.failed');

  const save = (v: Values) =>
    run(async () => {
      const out = await invoke('collections.override', { loanId, ruleCode: v.ruleCode, reason: v.reason.trim(), validHours: v.validHours });
      void message.success(t('collections.override.done', { until: formatTime(out.validUntil) }));
      onClose(true);
    });

  return (
    <ConfirmDialog
      open={open}
      title={t('collections.override.title')}
      confirmLabel={t('collections.override.save')}
      confirmTestId="col-override-save"
      busy={busy}
      danger
      onConfirm={() => form.submit()}
      onCancel={() => onClose(false)}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ ruleCode: reasons[0]?.code, reason: '', validHours: 2 }}
        onFinish={(v) => void save(v)}
        data-testid="col-override-form"
      >
        <Form.Item name="ruleCode" label={t('collections.override.rule')} rules={[{ required: true, message: t('collections.override.ruleRequired') }]}>
          <Select options={reasons.map((r) => ({ value: r.code, label: r.message || r.code }))} data-testid="col-override-rule" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('collections.override.reason')}
          rules={[
            { required: true, whitespace: true, message: t('collections.override.reasonRequired') },
            { min: MIN_REASON, transform: (v: string) => v?.trim(), message: t('collections.override.reasonShort', { n: MIN_REASON }) },
          ]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount autoFocus data-testid="col-override-reason" />
        </Form.Item>
        <Form.Item name="validHours" label={t('collections.override.hours')} rules={[required('enter', t('collections.override.hours'))]}>
          <InputNumber min={0.25} max={72} step={0.5} suffix={t('collections.override.hoursUnit')} data-testid="col-override-hours" />
        </Form.Item>
      </Form>
    </ConfirmDialog>
  );
}
