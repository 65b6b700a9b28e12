// "Connect to head office": enrolls a fresh workstation with a one-time code. The service also runs the
// first download of the branch before it answers, so this can take minutes; a running clock shows it
// is not stuck. On failure the service's message (already in the user's language) is shown and every
// input is kept.
import { ApiOutlined, CloudDownloadOutlined, KeyOutlined, LaptopOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Space, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputOf, OutputOf } from '../../../shared/api/contract';
import { errorText, invoke } from '../../api/transport';
import { fieldsNamed, placeFieldErrors } from '../../ui/fieldErrors';
import { en } from '../../i18n/en';
import { zh } from '../../i18n/zh';
import { useLocale } from '../../i18n/useLocale';
import { useElapsedSeconds } from '../../ui/useElapsedSeconds';

const DEFAULT_SERVER_URL = 'http://127.0.0.1:8787';
const DEFAULT_DEVICE_NAMES = new Set([zh.enroll.deviceNameDefault, en.enroll.deviceNameDefault]);

type Fields = InputOf<'sync.enroll'>;
const FIELD_NAMES = new Set<string>(['serverUrl', 'code', 'deviceName', 'pin']);

interface Props {
  /** Another first-start action (the demo load) is running. */
  disabled: boolean;
  onBusyChange(busy: boolean): void;
  onEnrolled(out: OutputOf<'sync.enroll'>): void;
  /** The call failed; the caller checks whether the workstation got enrolled all the same. */
  onFailed(message: string): void;
}

export function EnrollCard({ disabled, onBusyChange, onEnrolled, onFailed }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [form] = Form.useForm<Fields>();
  const [busy, setBusy] = useState(false);
  const seconds = useElapsedSeconds(busy);
  const [error, setError] = useState<string | null>(null);
  const busyRef = useRef(onBusyChange);
  busyRef.current = onBusyChange;

  useEffect(() => busyRef.current(busy), [busy]);


  // The suggested device name follows a language switch until the user types their own.
  useEffect(() => {
    const current = form.getFieldValue('deviceName') as string | undefined;
    if (!current || DEFAULT_DEVICE_NAMES.has(current)) form.setFieldValue('deviceName', t('enroll.deviceNameDefault'));
  }, [locale, form, t]);

  // The service's message was worded in the language of the attempt; after a switch it would not match.
  useEffect(() => setError(null), [locale]);

  const submit = async (values: Fields) => {
    setBusy(true);
    setError(null);
    const pin = values.pin?.trim();
    const input: Fields = { serverUrl: values.serverUrl.trim(), code: values.code.trim(), deviceName: values.deviceName.trim(), ...(pin ? { pin } : {}) };
    try {
      const out = await invoke('sync.enroll', input);
      setBusy(false);
      onEnrolled(out);
    } catch (err) {
      setBusy(false);
      // Field messages go under their field; anything else above the form. Inputs stay as typed.
      placeFieldErrors(form, err, fieldsNamed(FIELD_NAMES));
      const text = errorText(err);
      setError(text);
      onFailed(text);
    }
  };

  return (
    <Card
      style={{ width: '100%', maxWidth: 720, marginTop: 16 }}
      data-testid="enroll-card"
      title={
        <span>
          <ApiOutlined style={{ color: '#1f5fa8', marginRight: 8 }} />
          {t('enroll.title')}
        </span>
      }
    >
      <Typography.Paragraph type="secondary">{t('enroll.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={t('enroll.failed', { msg: error })} style={{ marginBottom: 16 }} data-testid="enroll-error" />}
      <Form<Fields>
        form={form}
        layout="vertical"
        requiredMark={false}
        disabled={busy || disabled}
        initialValues={{ serverUrl: DEFAULT_SERVER_URL, code: '', pin: '', deviceName: t('enroll.deviceNameDefault') }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item
          name="serverUrl"
          label={t('enroll.serverUrl')}
          rules={[
            { required: true, whitespace: true, message: t('enroll.serverUrlRequired') },
            { pattern: /^\s*https?:\/\/\S+\s*$/i, message: t('enroll.serverUrlInvalid') },
          ]}
        >
          <Input prefix={<ApiOutlined />} maxLength={200} autoComplete="url" spellCheck={false} data-testid="enroll-server-url" />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('enroll.code')}
          rules={[
            { required: true, whitespace: true, message: t('enroll.codeRequired') },
            { validator: (_, v: string | undefined) => (!v || v.trim().length >= 6 ? Promise.resolve() : Promise.reject(new Error(t('enroll.codeTooShort')))) },
          ]}
        >
          <Input prefix={<KeyOutlined />} maxLength={64} autoComplete="off" spellCheck={false} data-testid="enroll-code" />
        </Form.Item>
        <Form.Item name="pin" label={t('enroll.pin')} extra={t('enroll.pinHelp')}>
          <Input prefix={<SafetyCertificateOutlined />} maxLength={100} autoComplete="off" spellCheck={false} data-testid="enroll-pin" />
        </Form.Item>
        <Form.Item name="deviceName" label={t('enroll.deviceName')} rules={[{ required: true, whitespace: true, message: t('enroll.deviceNameRequired') }]}>
          <Input prefix={<LaptopOutlined />} maxLength={100} data-testid="enroll-device-name" />
        </Form.Item>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Button type="primary" htmlType="submit" icon={<CloudDownloadOutlined />} loading={busy} data-testid="enroll-submit">
            {t('enroll.submit')}
          </Button>
          {busy && (
            <Space>
              <Spin size="small" />
              <Typography.Text type="secondary" aria-live="polite" data-testid="enroll-progress">
                {t('enroll.running', { s: seconds })}
              </Typography.Text>
            </Space>
          )}
          {disabled && !busy && <Typography.Text type="secondary">{t('enroll.busyOther')}</Typography.Text>}
        </Space>
      </Form>
    </Card>
  );
}
