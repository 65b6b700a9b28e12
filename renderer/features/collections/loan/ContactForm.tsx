// The contact log form. The Tab order follows a call as it happens: channel, party, number, start
// time, duration, outcome (type-ahead), note, next action. The contact rules are asked live as the
// who/when fields change; a blocked contact cannot be saved by an agent, and a supervisor can
// override the rule with a written reason. A correction is a new entry pointing at the old one.
import { Alert, App, Button, Checkbox, DatePicker, Flex, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONTACT_CHANNELS, CONTACT_PARTIES } from '../../../../shared/api/collectionSchemas';
import type { ContactChannel, ContactParty } from '../../../../shared/domain/contactOutcomes';
import { parseYuan } from '../../../../shared/domain/money';
import { errorText, invoke } from '../../../api/transport';
import { yuanAmountRule } from '../../../ui/yuanAmountRule';
import { fieldErrorsOf, fieldsNamed, placeFieldErrors } from '../../../ui/fieldErrors';
import { CheckResult, blockReasons, overriddenCodes } from '../CheckResult';
import { outcomesFor, useCodeText, useOutcomeLabel, useWithRelation, type ContactEntry, type ContactPoint, type LoanCollection } from '../common';
import { formatTime } from '../../../ui/formatTime';
import { OverrideDialog } from './OverrideDialog';
import { useContactCheck, type CheckInput } from './useContactCheck';

const PTP = 'promise_to_pay';
/** The service's input paths (collections.check / logContact) → this form's fields. */
const CONTACT_FIELDS = fieldsNamed({
  channel: 'channel',
  party: 'party',
  contactPoint: 'contactPoint',
  address: 'address',
  startedAt: 'startedAt',
  durationSeconds: 'durationSeconds',
  outcome: 'outcome',
  note: 'note',
  nextActionOn: 'nextActionOn',
  'promise.amount': 'promiseAmount',
  'promise.promisedOn': 'promiseDate',
});
const NEEDS_ADDRESS: readonly ContactChannel[] = ['letter', 'visit', 'legal'];

interface Values {
  channel: ContactChannel;
  party: ContactParty;
  contactPoint?: number;
  address?: string;
  startedAt: Dayjs | null;
  durationSeconds?: number | null;
  outcome?: string;
  promiseAmount?: string;
  promiseDate?: Dayjs | null;
  note?: string;
  nextActionOn?: Dayjs | null;
  complaint: boolean;
}

interface Props {
  data: LoanCollection;
  correcting: ContactEntry | null;
  onCancelCorrection(): void;
  /** A contact or an override was saved: reload the loan. */
  onSaved(): Promise<void>;
}

const firstPointOf = (points: ContactPoint[], party: ContactParty) => points.find((p) => p.party === party)?.index;

function defaults(points: ContactPoint[]): Values {
  return { channel: 'phone', party: 'borrower', contactPoint: firstPointOf(points, 'borrower'), startedAt: dayjs(), complaint: false };
}

/** The contact point a past entry used: same party and the same last four digits (entries hold masked numbers). */
function pointOf(entry: ContactEntry, points: ContactPoint[]): number | undefined {
  const tail = entry.addressMasked?.replace(/\D/g, '').slice(-4);
  if (!tail) return undefined;
  return points.find((p) => p.party === entry.party && p.value.replace(/\D/g, '').endsWith(tail))?.index;
}

export function ContactForm({ data, correcting, onCancelCorrection, onSaved }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const code = useCodeText();
  const outcomeLabel = useOutcomeLabel();
  const withRelation = useWithRelation();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [overriding, setOverriding] = useState(false);
  const loanId = data.loan.id;
  const points = data.contactPoints;

  const channel = Form.useWatch('channel', form) ?? 'phone';
  const party = Form.useWatch('party', form) ?? 'borrower';
  const contactPoint = Form.useWatch('contactPoint', form);
  const address = Form.useWatch('address', form);
  const startedAt = Form.useWatch('startedAt', form);
  const outcome = Form.useWatch('outcome', form);
  const usesAddress = NEEDS_ADDRESS.includes(channel);

  // Only a complete "who and when" is worth asking about.
  const checkInput: CheckInput | null =
    startedAt && startedAt.isValid() && (usesAddress || contactPoint !== undefined)
      ? {
          loanId,
          channel,
          party,
          ...(usesAddress ? (address?.trim() ? { address: address.trim() } : {}) : { contactPoint }),
          startedAt: startedAt.format(),
        }
      : null;
  const { check, loading, error: checkError, failure: checkFailure, recheck, setBlocked } = useContactCheck(data.canLog ? checkInput : null);
  // The loan's data reloaded (a consent recorded, an override granted, a hold cleared): the same
  // attempt may now be judged differently, so ask again.
  const loadedData = useRef(data);
  useEffect(() => {
    if (loadedData.current === data) return;
    loadedData.current = data;
    recheck();
  }, [data, recheck]);
  // A check refused for its input (a start in the future) marks the field, and saving waits for a
  // correction. Blocking is derived in render, not in an effect, so Save is never enabled for a frame
  // beside a stale mark (or disabled beside an allowed verdict).
  const checkFieldErrors = useMemo(() => fieldErrorsOf(checkFailure, CONTACT_FIELDS), [checkFailure]);
  const fieldBlocked = checkFieldErrors.length > 0;
  useEffect(() => {
    if (!fieldBlocked) return;
    form.setFields(checkFieldErrors as Parameters<typeof form.setFields>[0]);
    return () => form.setFields(checkFieldErrors.map(({ name }) => ({ name: name as keyof Values, errors: [] })));
  }, [checkFieldErrors, fieldBlocked, form]);
  const blocked = (check !== null && !check.allowed) || fieldBlocked;
  const overrideRules = useMemo(() => Object.fromEntries(data.overrides.map((o) => [o.id, o.ruleCode])), [data.overrides]);
  const covered = check ? overriddenCodes(check, overrideRules) : new Set<string>();
  const openReasons = (check?.reasons ?? []).filter((r) => !covered.has(r.code));

  // A correction starts from the entry being corrected.
  useEffect(() => {
    if (!correcting) return;
    form.setFieldsValue({
      channel: correcting.channel as ContactChannel,
      party: correcting.party as ContactParty,
      contactPoint: pointOf(correcting, points),
      address: NEEDS_ADDRESS.includes(correcting.channel as ContactChannel) ? (correcting.addressMasked ?? undefined) : undefined,
      startedAt: dayjs(correcting.startedAt),
      durationSeconds: correcting.durationSeconds,
      outcome: correcting.outcome,
      note: correcting.note ?? undefined,
      nextActionOn: correcting.nextActionOn ? dayjs(correcting.nextActionOn) : null,
      complaint: correcting.complaint,
    });
  }, [correcting, form, points]);

  const pointOptions = useMemo(
    () =>
      points
        .filter((p) => p.party === party)
        .map((p) => ({ value: p.index, label: `${withRelation(p.name ?? '', p.relation)} ${p.value}` })),
    [points, party, withRelation],
  );

  const onValuesChange = (changed: Partial<Values>) => {
    // A new party means a different person: start from their first number.
    if ('party' in changed && changed.party) form.setFieldValue('contactPoint', firstPointOf(points, changed.party));
    // An outcome that does not fit the new channel would be refused; clear it.
    if ('channel' in changed && changed.channel) {
      const o = form.getFieldValue('outcome') as string | undefined;
      if (o && !outcomesFor(changed.channel).includes(o as never)) form.setFieldValue('outcome', undefined);
    }
  };

  const reset = () => {
    form.resetFields();
    form.setFieldsValue(defaults(points));
  };

  const save = async (v: Values) => {
    if (blocked || !v.startedAt) return;
    setSaving(true);
    const point = points.find((p) => p.index === v.contactPoint);
    try {
      await invoke('collections.logContact', {
        loanId,
        channel: v.channel,
        party: v.party,
        ...(NEEDS_ADDRESS.includes(v.channel) ? (v.address?.trim() ? { address: v.address.trim() } : {}) : { contactPoint: v.contactPoint }),
        ...(point?.relation ? { partyRelation: point.relation } : {}),
        startedAt: v.startedAt.format(),
        ...(typeof v.durationSeconds === 'number' ? { durationSeconds: v.durationSeconds } : {}),
        outcome: v.outcome ?? '',
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        ...(v.nextActionOn ? { nextActionOn: v.nextActionOn.format('YYYY-MM-DD') } : {}),
        complaint: v.complaint,
        ...(correcting ? { correctsId: correcting.id } : {}),
        ...(v.outcome === PTP && v.promiseAmount && v.promiseDate
          ? { promise: { amount: parseYuan(v.promiseAmount), promisedOn: v.promiseDate.format('YYYY-MM-DD') } }
          : {}),
      });
      void message.success(t('collections.form.saved', { outcome: outcomeLabel(v.outcome) }));
      reset();
      onCancelCorrection();
      await onSaved();
    } catch (err) {
      const reasons = blockReasons(err);
      if (reasons) setBlocked(reasons);
      else if (!placeFieldErrors(form, err, CONTACT_FIELDS).all) void message.error(t('collections.form.failed', { msg: errorText(err) }));
    } finally {
      setSaving(false);
    }
  };

  if (!data.canLog) return <Alert type="info" showIcon title={t('collections.form.cannotLog')} data-testid="col-form-readonly" />;

  const req = (msg: string) => [{ required: true, message: msg }];
  return (
    <>
      <Form<Values>
        form={form}
        layout="vertical"
        size="middle"
        initialValues={defaults(points)}
        onValuesChange={onValuesChange}
        onFinish={(v) => void save(v)}
        onKeyDown={(e) => {
          if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
          // Enter confirms a date or picks an option; it must not also save an append-only log entry
          // half filled. Ctrl/Cmd+Enter saves from anywhere in the form.
          if (e.ctrlKey || e.metaKey) {
            e.preventDefault();
            form.submit();
          } else if (e.target instanceof HTMLInputElement) e.preventDefault();
        }}
        disabled={saving}
        data-testid="col-form"
        data-correcting={correcting?.id ?? ''}
      >
        {correcting && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('collections.form.correcting', { time: formatTime(correcting.startedAt), outcome: outcomeLabel(correcting.outcome) })}
            action={
              <Button
                size="small"
                onClick={() => {
                  reset();
                  onCancelCorrection();
                }}
                data-testid="col-correct-cancel"
              >
                {t('collections.cancel')}
              </Button>
            }
          />
        )}
        <Flex gap={12} wrap>
          <Form.Item name="channel" label={t('collections.form.channel')} rules={req(t('collections.form.required'))} style={{ width: 130 }}>
            <Select options={CONTACT_CHANNELS.map((c) => ({ value: c, label: code('channels', c) }))} data-testid="col-channel" />
          </Form.Item>
          <Form.Item name="party" label={t('collections.form.party')} rules={req(t('collections.form.required'))} style={{ width: 130 }}>
            <Select options={CONTACT_PARTIES.map((p) => ({ value: p, label: code('parties', p) }))} data-testid="col-party" />
          </Form.Item>
          {usesAddress ? (
            <Form.Item name="address" label={t('collections.form.address')} style={{ flex: 1, minWidth: 220 }}>
              <Input maxLength={200} placeholder={t('collections.form.addressPlaceholder')} data-testid="col-address" />
            </Form.Item>
          ) : (
            <Form.Item name="contactPoint" label={t('collections.form.point')} rules={req(t('collections.form.pointRequired'))} style={{ flex: 1, minWidth: 220 }}>
              <Select options={pointOptions} notFoundContent={t('collections.form.noPoint')} data-testid="col-point" />
            </Form.Item>
          )}
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="startedAt" label={t('collections.form.startedAt')} rules={req(t('collections.form.required'))}>
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              needConfirm={false}
              allowClear={false}
              disabledDate={(d: Dayjs) => d.isAfter(dayjs(), 'day')}
              data-testid="col-started-at"
            />
          </Form.Item>
          <Form.Item name="durationSeconds" label={t('collections.form.duration')} style={{ width: 140 }}>
            <InputNumber min={0} max={6 * 3600} precision={0} suffix={t('collections.form.seconds')} style={{ width: '100%' }} data-testid="col-duration" />
          </Form.Item>
          <Form.Item name="outcome" label={t('collections.form.outcome')} rules={req(t('collections.form.outcomeRequired'))} style={{ flex: 1, minWidth: 200 }}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('collections.form.outcomePlaceholder')}
              options={outcomesFor(channel).map((o) => ({ value: o, label: outcomeLabel(o) }))}
              data-testid="col-outcome"
            />
          </Form.Item>
        </Flex>
        {outcome === PTP && (
          <Flex gap={12} wrap data-testid="col-promise-fields">
            <Form.Item
              name="promiseAmount"
              label={t('collections.form.promiseAmount')}
              rules={[
                { required: true, message: t('collections.form.promiseAmountRequired') },
                yuanAmountRule(t('collections.form.promiseAmountBad'), (fen) => fen > 0),
              ]}
              style={{ width: 200 }}
            >
              <Input suffix={t('collections.form.yuan')} inputMode="decimal" data-testid="col-promise-amount" />
            </Form.Item>
            <Form.Item name="promiseDate" label={t('collections.form.promiseDate')} rules={req(t('collections.form.promiseDateRequired'))}>
              <DatePicker format="YYYY-MM-DD" disabledDate={(d: Dayjs) => d.isBefore(dayjs(), 'day')} data-testid="col-promise-date" />
            </Form.Item>
          </Flex>
        )}
        <Form.Item name="note" label={t('collections.form.note')}>
          <Input.TextArea rows={2} maxLength={2000} data-testid="col-note" />
        </Form.Item>
        <Flex gap={16} wrap align="center">
          <Form.Item name="nextActionOn" label={t('collections.form.nextAction')}>
            <DatePicker format="YYYY-MM-DD" disabledDate={(d: Dayjs) => d.isBefore(dayjs(), 'day')} data-testid="col-next-action" />
          </Form.Item>
          <Form.Item name="complaint" valuePropName="checked" style={{ marginTop: 22 }}>
            <Checkbox data-testid="col-complaint">{t('collections.form.complaint')}</Checkbox>
          </Form.Item>
        </Flex>
        <div style={{ marginBottom: 12 }}>
          {checkInput ? <CheckResult check={check} loading={loading} error={checkError} overrideRules={overrideRules} /> : <Alert type="info" title={t('collections.check.incomplete')} data-testid="col-check" data-allowed="" />}
        </div>
        <Space>
          <Button type="primary" htmlType="submit" loading={saving} disabled={blocked} data-testid="col-log-save">
            {correcting ? t('collections.form.saveCorrection') : t('collections.form.save')}
          </Button>
          {blocked && (
            <Typography.Text type="danger" data-testid="col-save-blocked">
              {fieldBlocked ? t('collections.form.fixMarked') : t('collections.form.rulesBlock')}
            </Typography.Text>
          )}
          {blocked && !fieldBlocked && data.canOverride && openReasons.length > 0 && (
            <Button danger onClick={() => setOverriding(true)} data-testid="col-override">
              {t('collections.override.button')}
            </Button>
          )}
        </Space>
      </Form>
      <OverrideDialog
        open={overriding}
        loanId={loanId}
        reasons={openReasons}
        onClose={(done) => {
          setOverriding(false);
          if (!done) return;
          recheck();
          void onSaved();
        }}
      />
    </>
  );
}
