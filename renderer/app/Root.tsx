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
import { landingRoute } from '../features/workbench/landing';
import { useBilingual } from '../i18n/bilingual';
import { BRAND_COLOR, FONT_STACK, MUTED_TEXT } from '../ui/theme';
import { hrefOf } from './router';
import { Shell } from './Shell';

// auth.me does not say the lock time; this only paces the lock probe in SyncStatus until the next
// sign-in reports the real value.

type Phase =
  | { kind: 'boot' }
  | { kind: 'bootFailed'; message: string }
  | { kind: 'firstStart'; status: OutputOf<'app.status'> }
  | { kind: 'signIn'; username?: string; notice?: string }
  | { kind: 'app'; user: SessionUser; locked: boolean };

/**
 * antd's secondary, label and placeholder greys (45 % and 25 % black) read at about 2.5:1 and 1.6:1 on
 * white: below WCAG AA's 4.5:1 for text. These keep the hierarchy (lighter than body text) at AA or
 * better on white and on the light greys of card and table headers.
 */
const AA_GREYS = {
  colorTextTertiary: MUTED_TEXT,
  colorTextDescription: MUTED_TEXT,
  colorTextPlaceholder: 'rgba(0, 0, 0, 0.58)',
};

const THEME = {
  token: {
    colorPrimary: BRAND_COLOR,
    // Links in the brand blue too: antd's default link blue reads at 4.1:1 on white.
    colorLink: BRAND_COLOR,
    fontFamily: FONT_STACK,
    ...AA_GREYS,
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
            // A fresh sign-in starts on the user's own workbench, not on whatever the last user had open.
            const landing = hrefOf(landingRoute(out.user.roles));
            if (window.location.hash !== landing) window.location.replace(landing);
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
