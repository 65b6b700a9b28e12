// Shown over the current page when the service reports the session locked. The page underneath stays
// mounted, so forms keep what was typed; calls that hit the lock are retried after unlocking.
import { LockOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../shared/api/schemas';
import { ApiCallError, errorText, invoke } from '../api/transport';

interface Props {
  open: boolean;
  user: SessionUser;
  onUnlocked(user: SessionUser): void;
  /** The account got locked or the user chose to leave: end the session. */
  onSignOut(notice?: string): void;
}

export function LockModal({ open, user, onUnlocked, onSignOut }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ password: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Back to the password after a wrong one, once the form is enabled again.
  useEffect(() => {
    if (error && !busy) form.focusField('password');
  }, [error, busy, form]);

  const submit = async ({ password }: { password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const out = await invoke('auth.unlock', { password });
      form.resetFields();
      onUnlocked(out.user);
    } catch (err) {
      form.setFieldValue('password', '');
      // A lockout ends the session on the service side; only a new sign-in can follow.
      if (err instanceof ApiCallError && (err.code === 'ACCOUNT_LOCKED' || err.code === 'UNAUTHENTICATED')) {
        onSignOut(err.message);
      } else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={
        <Space>
          <LockOutlined />
          {t('lock.title')}
        </Space>
      }
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={null}
      destroyOnHidden
      data-testid="lock-modal"
    >
      <Typography.Paragraph>{t('lock.body')}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('lock.user', { name: `${user.displayName} (${user.username})` })}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="lock-error" />}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={busy}>
        <Form.Item name="password" label={t('lock.password')} rules={[{ required: true, message: t('signIn.passwordRequired') }]}>
          <Input.Password autoFocus autoComplete="current-password" data-testid="lock-password" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="lock-submit">
            {t('lock.unlock')}
          </Button>
          <Button onClick={() => onSignOut()} data-testid="lock-signout">
            {t('lock.signOutInstead')}
          </Button>
        </Space>
      </Form>
    </Modal>
  );
}
