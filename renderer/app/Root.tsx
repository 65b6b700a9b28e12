// Top level: antd/dayjs locale, and which phase the workstation is in (first start, sign-in, signed in).
import { App as AntApp, Button, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../shared/api/contract';
import type { SessionUser } from '../../shared/api/schemas';
import { errorText, invoke } from '../api/transport';
import { SignInPage } from '../features/auth/SignInPage';
import { FirstStartPage } from '../features/onboarding/FirstStartPage';
import { useBilingual } from '../i18n/bilingual';
import { BRAND_COLOR, FONT_STACK } from '../ui/theme';
import { Shell } from './Shell';

// auth.me does not say the lock time; this only paces the lock probe in SyncStatus until the next
// sign-in reports the real value.

type Phase =
  | { kind: 'boot' }
  | { kind: 'bootFailed'; message: string }
  | { kind: 'firstStart'; status: OutputOf<'app.status'> }
  | { kind: 'signIn'; username?: string; notice?: string }
  | { kind: 'app'; user: SessionUser; locked: boolean };

const THEME = {
  token: {
    colorPrimary: BRAND_COLOR,
    fontFamily: FONT_STACK,
  },
};

export function Root() {
  const inUiLanguage = useBilingual();
  return (
    <ConfigProvider locale={inUiLanguage(zhCN, enUS)} theme={THEME}>
      <AntApp style={{ height: '100%' }}>
        <Phases />
      </AntApp>
    </ConfigProvider>
  );
}

function Phases() {
  const { t } = useTranslation();
  const [phase, setPhase] = useState<Phase>({ kind: 'boot' });

  const boot = useCallback(async () => {
    setPhase({ kind: 'boot' });
    try {
      const [status, me] = await Promise.all([invoke('app.status', {}), invoke('auth.me', {})]);
      if (me.user) setPhase({ kind: 'app', user: me.user, locked: me.locked });
      else if (!status.hasData) setPhase({ kind: 'firstStart', status });
      else setPhase({ kind: 'signIn' });
    } catch (err) {
      setPhase({ kind: 'bootFailed', message: errorText(err) });
    }
  }, []);

  useEffect(() => {
    void boot();
  }, [boot]);

  switch (phase.kind) {
    case 'boot':
      return (
        <div style={{ height: '100vh', display: 'grid', placeItems: 'center' }}>
          <Spin size="large" description={t('app.loading')} />
        </div>
      );
    case 'bootFailed':
      return (
        <Result
          status="error"
          title={t('app.bootFailed')}
          subTitle={phase.message}
          extra={
            <Button type="primary" onClick={() => void boot()}>
              {t('app.retry')}
            </Button>
          }
        />
      );
    case 'firstStart':
      return (
        <FirstStartPage status={phase.status} onSignIn={(username, notice) => setPhase({ kind: 'signIn', username, notice })} />
      );
    case 'signIn':
      return (
        <SignInPage
          initialUsername={phase.username}
          notice={phase.notice}
          onSignedIn={(out) => {
            // A fresh sign-in starts on the portfolio, not on whatever the last user had open.
            if (window.location.hash !== '#/portfolio') window.location.replace('#/portfolio');
            setPhase({ kind: 'app', user: out.user, locked: false });
          }}
        />
      );
    case 'app':
      return (
        <Shell
          key={phase.user.id}
          user={phase.user}
          lockedAtStart={phase.locked}
          onSignedOut={(notice) => setPhase({ kind: 'signIn', notice })}
        />
      );
  }
}
