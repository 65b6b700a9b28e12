// First start on an empty workstation: offer the demo branch when the service allows it, and, while the
// workstation is not enrolled, a card to connect it to head office with a one-time code.
import { BankOutlined, DatabaseOutlined, LoginOutlined, ReloadOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, InputNumber, Result, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/api/contract';
// Shown so trainees can sign in; the demo generator gives every demo user this password.
import { DEMO_PASSWORD } from '../../../shared/demo/generate';
import { errorText, invoke } from '../../api/transport';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { EnrollCard } from './EnrollCard';
import { useElapsedSeconds } from '../../ui/useElapsedSeconds';

const DEFAULT_DEMO_LOANS = 5_000;

interface Props {
  status: OutputOf<'app.status'>;
  onSignIn(username?: string, notice?: string): void;
}

type Busy = 'demo' | 'enroll' | null;

export function FirstStartPage({ status: initialStatus, onSignIn }: Props) {
  const { t } = useTranslation();
  const [status, setStatus] = useState(initialStatus);
  const [busy, setBusy] = useState<Busy>(null);
  const [demoLoaded, setDemoLoaded] = useState(false);
  // Enrolled, but the first download failed: the service's message, shown with the waiting notice.
  const [firstSyncError, setFirstSyncError] = useState<string | null>(null);

  const recheck = async (): Promise<OutputOf<'app.status'> | null> => {
    try {
      const next = await invoke('app.status', {});
      setStatus(next);
      return next;
    } catch {
      return null;
    }
  };

  const enrollFailed = async (message: string) => {
    // The enrollment itself may have gone through with only the first download failing; then the code
    // is used up and the form must not be offered again.
    const next = await recheck();
    if (next?.serverConfigured) setFirstSyncError(message);
  };

  const showEnroll = !status.serverConfigured && !status.hasData && !demoLoaded;

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
          {status.serverConfigured ? (
            <WaitingForSync
              error={firstSyncError}
              onCheck={async () => {
                const next = await recheck();
                if (next?.hasData) onSignIn();
              }}
              onSignIn={() => onSignIn()}
            />
          ) : status.demoAvailable ? (
            <DemoOffer
              disabled={busy === 'enroll'}
              onBusyChange={(b) => setBusy(b ? 'demo' : null)}
              onLoaded={() => setDemoLoaded(true)}
              onSignIn={onSignIn}
            />
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
      {showEnroll && (
        <EnrollCard
          disabled={busy === 'demo'}
          onBusyChange={(b) => setBusy(b ? 'enroll' : null)}
          onEnrolled={() => onSignIn(undefined, t('enroll.enrolledNotice'))}
          onFailed={(message) => void enrollFailed(message)}
        />
      )}
    </Flex>
  );
}

interface WaitingProps {
  error: string | null;
  onCheck(): Promise<void>;
  onSignIn(): void;
}

function WaitingForSync({ error, onCheck, onSignIn }: WaitingProps) {
  const { t } = useTranslation();
  const [checking, setChecking] = useState(false);
  return (
    <Result
      status="info"
      title={t('firstStart.waitingSyncTitle')}
      subTitle={
        <Space orientation="vertical">
          <span>{t('firstStart.waitingSyncBody')}</span>
          {error && <Alert type="warning" showIcon title={t('enroll.enrolledButSyncFailed', { msg: error })} data-testid="first-sync-error" />}
        </Space>
      }
      data-testid="waiting-sync"
      extra={[
        <Button
          key="check"
          icon={<ReloadOutlined />}
          loading={checking}
          onClick={() => {
            setChecking(true);
            void onCheck().finally(() => setChecking(false));
          }}
          data-testid="waiting-check"
        >
          {t('firstStart.checkAgain')}
        </Button>,
        <Button key="signin" type="primary" icon={<LoginOutlined />} onClick={onSignIn} data-testid="waiting-signin">
          {t('firstStart.goSignIn')}
        </Button>,
      ]}
    />
  );
}

interface DemoProps {
  disabled: boolean;
  onBusyChange(busy: boolean): void;
  onLoaded(): void;
  onSignIn(username?: string): void;
}

function DemoOffer({ disabled, onBusyChange, onLoaded, onSignIn }: DemoProps) {
  const { t } = useTranslation();
  const [loans, setLoans] = useState<number>(DEFAULT_DEMO_LOANS);
  const [busy, setBusy] = useState(false);
  const seconds = useElapsedSeconds(busy);
  const busyRef = useRef(onBusyChange);
  busyRef.current = onBusyChange;
  useEffect(() => busyRef.current(busy), [busy]);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<OutputOf<'demo.load'> | null>(null);


  const load = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await invoke('demo.load', { loans }));
      onLoaded();
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
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('firstStart.orEnroll')}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} data-testid="demo-error" />}
      <Space wrap>
        <span>{t('firstStart.loanCount')}</span>
        <InputNumber
          min={10}
          max={20_000}
          step={1000}
          value={loans}
          onChange={(v) => setLoans(typeof v === 'number' ? v : DEFAULT_DEMO_LOANS)}
          onPressEnter={() => !disabled && void load()}
          disabled={busy || disabled}
          data-testid="demo-loans"
        />
        <Button
          type="primary"
          icon={<DatabaseOutlined />}
          loading={busy}
          disabled={disabled}
          autoFocus
          onClick={() => void load()}
          data-testid="demo-load"
        >
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
