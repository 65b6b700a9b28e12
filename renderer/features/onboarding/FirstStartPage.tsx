// First start on an empty workstation: offer the demo branch when the service allows it, otherwise
// explain that the workstation has to be enrolled with head office first.
import { BankOutlined, DatabaseOutlined, LoginOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, InputNumber, Result, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/api/contract';
// Shown so trainees can sign in; the demo generator gives every demo user this password.
import { DEMO_PASSWORD } from '../../../shared/demo/generate';
import { errorText, invoke } from '../../api/transport';
import { LanguageSwitch } from '../../app/LanguageSwitch';

const DEFAULT_DEMO_LOANS = 5_000;

interface Props {
  status: OutputOf<'app.status'>;
  onSignIn(username?: string): void;
}

export function FirstStartPage({ status, onSignIn }: Props) {
  const { t } = useTranslation();
  return (
    <Flex vertical align="center" style={{ minHeight: '100vh', padding: 32, background: '#f5f7fa' }}>
      <Flex style={{ width: '100%', maxWidth: 720 }} justify="flex-end">
        <LanguageSwitch />
      </Flex>
      <Card style={{ width: '100%', maxWidth: 720, marginTop: 16 }} data-testid="first-start">
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            <BankOutlined style={{ color: '#1f5fa8', marginRight: 8 }} />
            {t('firstStart.welcome')}
          </Typography.Title>
          {status.demoAvailable ? (
            <DemoOffer onSignIn={onSignIn} />
          ) : status.serverConfigured ? (
            <Result status="info" title={t('firstStart.waitingSyncTitle')} subTitle={t('firstStart.waitingSyncBody')} />
          ) : (
            <Result
              status="warning"
              title={t('firstStart.notEnrolledTitle')}
              subTitle={t('firstStart.notEnrolledBody')}
              data-testid="not-enrolled"
            />
          )}
        </Space>
      </Card>
    </Flex>
  );
}

function DemoOffer({ onSignIn }: { onSignIn(username?: string): void }) {
  const { t } = useTranslation();
  const [loans, setLoans] = useState<number>(DEFAULT_DEMO_LOANS);
  const [busy, setBusy] = useState(false);
  const [seconds, setSeconds] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<OutputOf<'demo.load'> | null>(null);

  // Loading thousands of loans takes a while; a running clock shows the app is not stuck.
  useEffect(() => {
    if (!busy) return;
    const started = Date.now();
    const timer = window.setInterval(() => setSeconds(Math.round((Date.now() - started) / 1000)), 500);
    return () => window.clearInterval(timer);
  }, [busy]);

  const load = async () => {
    setBusy(true);
    setSeconds(0);
    setError(null);
    try {
      setResult(await invoke('demo.load', { loans }));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  if (result) {
    return (
      <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="demo-loaded">
        <Alert type="success" showIcon title={t('firstStart.loaded', { loans: result.loans })} />
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('firstStart.users')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('firstStart.password', { password: DEMO_PASSWORD })}</Typography.Text>
        <Flex wrap gap={8} data-testid="demo-users">
          {result.users.map((u) => (
            <Button key={u.username} icon={<UserOutlined />} onClick={() => onSignIn(u.username)} data-testid={`demo-user-${u.username}`}>
              {u.username}
              {u.roles.map((r) => (
                <Tag key={r} style={{ marginInlineStart: 4, marginInlineEnd: 0 }}>
                  {t(`roles.${r}`, { defaultValue: r })}
                </Tag>
              ))}
            </Button>
          ))}
        </Flex>
        <Button type="primary" icon={<LoginOutlined />} autoFocus onClick={() => onSignIn()} data-testid="demo-go-signin">
          {t('firstStart.goSignIn')}
        </Button>
      </Space>
    );
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph style={{ margin: 0 }}>{t('firstStart.empty')}</Typography.Paragraph>
      <Typography.Paragraph style={{ margin: 0 }}>{t('firstStart.demoOffer')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} data-testid="demo-error" />}
      <Space wrap>
        <span>{t('firstStart.loanCount')}</span>
        <InputNumber
          min={10}
          max={20_000}
          step={1000}
          value={loans}
          onChange={(v) => setLoans(typeof v === 'number' ? v : DEFAULT_DEMO_LOANS)}
          onPressEnter={() => void load()}
          disabled={busy}
          data-testid="demo-loans"
        />
        <Button type="primary" icon={<DatabaseOutlined />} loading={busy} autoFocus onClick={() => void load()} data-testid="demo-load">
          {t('firstStart.loadDemo')}
        </Button>
      </Space>
      {busy && (
        <Space>
          <Spin size="small" />
          <Typography.Text type="secondary" data-testid="demo-progress">
            {t('firstStart.loading', { s: seconds })}
          </Typography.Text>
        </Space>
      )}
    </Space>
  );
}
