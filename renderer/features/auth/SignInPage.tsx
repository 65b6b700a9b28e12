// Sign-in. The service's message is shown as is: it is already in the user's language and says how
// many tries are left or until when the account is locked.
import { BankOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/api/contract';
import { errorText, invoke } from '../../api/transport';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { useLocale } from '../../i18n/useLocale';

interface Props {
  initialUsername?: string;
  notice?: string;
  onSignedIn(out: OutputOf<'auth.signIn'>): void;
}

interface Fields {
  username: string;
  password: string;
}

export function SignInPage({ initialUsername, notice, onSignedIn }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Fields>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const locale = useLocale();

  // The service worded the error in the language of the attempt; after a switch it would not match.
  useEffect(() => setError(null), [locale]);

  // Back to the password after a failed try; only once the form is enabled again, or focus is lost.
  useEffect(() => {
    if (error && !busy) form.focusField('password');
  }, [error, busy, form]);

  const submit = async (values: Fields) => {
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await invoke('auth.signIn', { username: values.username.trim(), password: values.password }));
    } catch (err) {
      setError(errorText(err));
      form.setFieldValue('password', '');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100vh', background: '#f5f7fa', padding: 24 }}>
      <Card style={{ width: 400 }} data-testid="signin-card">
        <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            <BankOutlined style={{ color: '#1f5fa8', marginRight: 8 }} />
            {t('app.title')}
          </Typography.Title>
          <LanguageSwitch />
        </Flex>
        <Typography.Paragraph type="secondary">{t('signIn.subtitle')}</Typography.Paragraph>
        {notice && !error && <Alert type="info" showIcon title={notice} style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="signin-error" />}
        <Form<Fields>
          form={form}
          layout="vertical"
          initialValues={{ username: initialUsername ?? '', password: '' }}
          onFinish={(v) => void submit(v)}
          disabled={busy}
          requiredMark={false}
        >
          <Form.Item name="username" label={t('signIn.username')} rules={[{ required: true, whitespace: true, message: t('signIn.usernameRequired') }]}>
            <Input
              prefix={<UserOutlined />}
              autoComplete="username"
              autoFocus={!initialUsername}
              data-testid="signin-username"
            />
          </Form.Item>
          <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true, message: t('signIn.passwordRequired') }]}>
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              autoFocus={Boolean(initialUsername)}
              data-testid="signin-password"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="signin-submit">
            {t('signIn.submit')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
