// Opening a due-diligence case: the customer, the loan applied for, and the checklist template that
// fits the customer type and purpose. The service re-checks all of it; its field errors land on fields.
import { ArrowLeftOutlined, FileAddOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, InputNumber, Select, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/api/contract';
import { METHOD_VALUES, PURPOSE_VALUES } from '../../../shared/api/schemas';
import { parseYuan } from '../../../shared/domain/money';
import { CUSTOMER_TYPE_LABELS, METHOD_LABELS, PURPOSE_LABELS } from '../../../shared/i18n/labels';
import { errorText, invoke } from '../../api/transport';
import { fieldsNamed, placeFieldErrors } from '../../ui/fieldErrors';
import { goBack, hrefOf } from '../../app/router';
import { yuanAmountRule } from '../../ui/yuanAmountRule';
import { useRequiredRule } from '../../ui/requiredRule';
import { useBilingual } from '../../i18n/bilingual';
import { useLabel } from '../../i18n/useLocale';
import { percentToDecimal } from './ddFormat';

type Customer = OutputOf<'dd.searchCustomers'>['customers'][number];
type Template = OutputOf<'dd.templates'>['templates'][number];
type Purpose = (typeof PURPOSE_VALUES)[number];
type Method = (typeof METHOD_VALUES)[number];

interface Values {
  customerId?: string;
  purpose?: Purpose;
  amount?: string;
  termMonths?: number;
  rate?: string;
  method?: Method;
  templateId?: string;
}

const SEARCH_DEBOUNCE_MS = 250;
const MIN_FEN = 100;
const MAX_FEN = 100_000_000_000;

// The service names fields by their path in dd.open's input; the form by its own names.
const FIELD_OF: Record<string, keyof Values> = {
  customerId: 'customerId',
  templateId: 'templateId',
  'application.purpose': 'purpose',
  'application.amount': 'amount',
  'application.termMonths': 'termMonths',
  'application.annualRate': 'rate',
  'application.method': 'method',
};

export function NewCasePage() {
  const { t } = useTranslation();
  const required = useRequiredRule();
  const lbl = useLabel();
  const inUiLanguage = useBilingual();
  const [form] = Form.useForm<Values>();
  const [search, setSearch] = useState('');
  const [customers, setCustomers] = useState<Customer[]>([]);
  const [searching, setSearching] = useState(false);
  const [templates, setTemplates] = useState<Template[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const chosen = useRef<Customer | null>(null);
  const customerId = Form.useWatch('customerId', form);
  const purpose = Form.useWatch('purpose', form);

  // Search on the service as the user types (by name or customer number), newest answer wins.
  useEffect(() => {
    let live = true;
    const timer = window.setTimeout(() => {
      setSearching(true);
      invoke('dd.searchCustomers', { q: search.trim().slice(0, 64) })
        .then((out) => live && setCustomers(out.customers))
        .catch((err: unknown) => live && setError(errorText(err)))
        .finally(() => live && setSearching(false));
    }, search ? SEARCH_DEBOUNCE_MS : 0);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [search]);

  // The templates that apply to this customer's type and the purpose; one fitting template is chosen for the user.
  useEffect(() => {
    setTemplates(null);
    if (!customerId || !purpose) return;
    let live = true;
    invoke('dd.templates', { customerId, purpose })
      .then((out) => {
        if (!live) return;
        setTemplates(out.templates);
        const current = form.getFieldValue('templateId') as string | undefined;
        if (out.templates.length === 1) form.setFieldValue('templateId', out.templates[0]?.id);
        else if (current && !out.templates.some((x) => x.id === current)) form.setFieldValue('templateId', undefined);
      })
      .catch((err: unknown) => live && setError(errorText(err)));
    return () => {
      live = false;
    };
  }, [customerId, purpose, form]);

  const customerOptions = useMemo(() => {
    const list = [...customers];
    // Keep the chosen customer selectable (and labelled) when a later search no longer lists it.
    if (chosen.current && !list.some((c) => c.id === chosen.current?.id)) list.unshift(chosen.current);
    return list.map((c) => ({
      value: c.id,
      label: t('dd.open.customerOption', { name: c.name, no: c.customerNo, type: lbl(CUSTOMER_TYPE_LABELS, c.type) }),
    }));
  }, [customers, lbl, t]);

  const submit = async (v: Values) => {
    setError(null);
    const annualRate = percentToDecimal(v.rate ?? '');
    if (!v.customerId || !v.purpose || !v.method || !v.templateId || v.termMonths == null || !v.amount || !annualRate) return;
    setBusy(true);
    try {
      const out = await invoke('dd.open', {
        customerId: v.customerId,
        templateId: v.templateId,
        application: { purpose: v.purpose, amount: parseYuan(v.amount), termMonths: v.termMonths, annualRate, method: v.method },
      });
      // Replace the form in the history, so Back from the new case returns to the list.
      window.location.replace(hrefOf({ name: 'ddCase', caseId: out.caseId }));
    } catch (err) {
      if (!placeFieldErrors(form, err, fieldsNamed(FIELD_OF)).all) setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const amountRule = yuanAmountRule(t('dd.open.amountInvalid'), (fen) => fen >= MIN_FEN && fen <= MAX_FEN, t('dd.open.amountRange'));
  const rateRule = {
    validator: async (_: unknown, value?: string) => {
      if (value && !percentToDecimal(value)) throw new Error(t('dd.open.rateInvalid'));
    },
  };

  return (
    <Flex vertical gap={16} data-testid="dd-new-page">
      <Flex align="center" gap={12}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => goBack({ name: 'dd' })} data-testid="dd-new-back">
          {t('dd.back')}
        </Button>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">
          {t('dd.open.title')}
        </Typography.Title>
      </Flex>
      <Card style={{ maxWidth: 720 }}>
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ method: 'equal_installment', termMonths: 12 }}
          onFinish={(v) => void submit(v)}
          onValuesChange={() => setError(null)}
          disabled={busy}
        >
          <Form.Item name="customerId" label={t('dd.open.customer')} rules={[required('choose', t('dd.open.customer'))]} extra={t('dd.open.customerHint')}>
            <Select
              showSearch={{ filterOption: false, onSearch: setSearch }}
              loading={searching}
              placeholder={t('dd.open.customerPlaceholder')}
              options={customerOptions}
              notFoundContent={searching ? t('app.loading') : t('dd.open.noCustomer')}
              onChange={(id: string) => {
                chosen.current = customers.find((c) => c.id === id) ?? chosen.current;
              }}
              data-testid="dd-customer"
            />
          </Form.Item>
          <Flex gap={16} wrap>
            <Form.Item name="purpose" label={t('dd.open.purpose')} rules={[required('choose', t('dd.open.purpose'))]} style={{ flex: '1 1 200px' }}>
              <Select
                options={PURPOSE_VALUES.map((p) => ({ value: p, label: lbl(PURPOSE_LABELS, p) }))}
                data-testid="dd-purpose"
              />
            </Form.Item>
            <Form.Item
              name="amount"
              label={t('dd.open.amount')}
              rules={[required('enter', t('dd.open.amount')), amountRule]}
              style={{ flex: '1 1 200px' }}
            >
              <Input suffix={t('dd.open.yuan')} inputMode="decimal" maxLength={20} className="num" data-testid="dd-amount" />
            </Form.Item>
          </Flex>
          <Flex gap={16} wrap>
            <Form.Item
              name="termMonths"
              label={t('dd.open.term')}
              rules={[required('enter', t('dd.open.term')), { type: 'integer', min: 1, max: 360 }]}
              style={{ flex: '1 1 140px' }}
            >
              <InputNumber min={1} max={360} precision={0} suffix={t('dd.open.months')} style={{ width: '100%' }} data-testid="dd-term" />
            </Form.Item>
            <Form.Item name="rate" label={t('dd.open.rate')} rules={[required('enter', t('dd.open.rate')), rateRule]} style={{ flex: '1 1 140px' }}>
              <Input suffix="%" inputMode="decimal" maxLength={8} className="num" placeholder="4.35" data-testid="dd-rate" />
            </Form.Item>
            <Form.Item name="method" label={t('dd.open.method')} rules={[required('choose', t('dd.open.method'))]} style={{ flex: '1 1 200px' }}>
              <Select options={METHOD_VALUES.map((m) => ({ value: m, label: lbl(METHOD_LABELS, m) }))} data-testid="dd-method" />
            </Form.Item>
          </Flex>
          <Form.Item
            name="templateId"
            label={t('dd.open.template')}
            rules={[required('choose', t('dd.open.template'))]}
            extra={templates && templates.length === 0 ? t('dd.open.noTemplate') : !templates ? t('dd.open.templateHint') : undefined}
          >
            <Select
              disabled={!templates || templates.length === 0}
              options={(templates ?? []).map((x) => ({
                value: x.id,
                label: t('dd.open.templateVersion', { title: inUiLanguage(x.titleZh, x.titleEn), version: x.version }),
              }))}
              data-testid="dd-template"
            />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="dd-open-error" />}
          <Button type="primary" htmlType="submit" icon={<FileAddOutlined />} loading={busy} data-testid="dd-open">
            {t('dd.open.submit')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
