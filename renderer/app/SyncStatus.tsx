// Sync state in the header: online/offline (with the last error), pending and rejected counts, when the
// last sync succeeded, the progress of a running round, a clock-skew warning, and "sync now".
// The polling lives in syncState.tsx (every 15 s, every 2 s while a round runs).
import {
  CloudOutlined,
  CloudSyncOutlined,
  ClockCircleOutlined,
  DisconnectOutlined,
  LoadingOutlined,
  SyncOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Button, Grid, Space, Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/useLocale';
import { navigate } from './router';
import { useSyncState, type SyncStatusData } from './syncState';
import { formatTime } from '../ui/formatTime';

/** DESIGN.md §7: a clock more than 5 minutes off head office is shown, never blocks anything. */
const SKEW_WARN_MS = 5 * 60_000;

export function SyncStatus() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { status, syncing, syncNow } = useSyncState();
  // The header is shared with the title, user and language; below 1600 px the less urgent words
  // (the "sync now" label, the skew minutes) move into tooltips and aria-labels.
  const wide = Grid.useBreakpoint().xxl === true;

  if (!status) {
    return (
      <span data-testid="sync-status">
        <Tag icon={<CloudSyncOutlined />}>{t('sync.unknown')}</Tag>
      </span>
    );
  }

  const running = status.running || syncing;
  const count = (n: number) => n.toLocaleString(locale);

  return (
    <span
      data-testid="sync-status"
      data-online={status.online}
      data-pending={status.pending}
      data-rejected={status.rejected}
      data-running={running}
      data-demo={!status.serverConfigured}
      style={{ display: 'inline-flex', alignItems: 'center' }}
    >
      <Space size={4} wrap={false}>
        {status.serverConfigured ? (
          <Tooltip title={<StatusTip status={status} />} trigger={['hover', 'focus']}>
            <Tag
              tabIndex={0}
              color={status.online ? (status.lastError ? 'orange' : 'green') : 'default'}
              icon={status.online ? <CloudOutlined /> : <DisconnectOutlined />}
              data-testid="sync-online"
              style={{ marginInlineEnd: 0 }}
            >
              {status.online ? t('sync.online') : t('sync.offline')}
              <span data-testid="sync-last">
                {' · '}
                {status.lastSuccessAt ? t('sync.lastSuccessRelative', { t: dayjs(status.lastSuccessAt).fromNow() }) : t('sync.neverShort')}
              </span>
              {status.lastError && <WarningOutlined style={{ marginInlineStart: 4 }} aria-label={t('sync.lastError', { msg: status.lastError })} />}
            </Tag>
          </Tooltip>
        ) : (
          // Without a head office nothing is ever pushed: a count "waiting to sync" would wait forever.
          <Tooltip title={t('sync.demoTip')} trigger={['hover', 'focus']}>
            <Tag tabIndex={0} icon={<DisconnectOutlined />} data-testid="sync-demo" style={{ marginInlineEnd: 0, whiteSpace: 'nowrap' }}>
              {t('sync.demo')}
            </Tag>
          </Tooltip>
        )}
        {running && (
          <Tag color="processing" icon={<LoadingOutlined />} aria-live="polite" data-testid="sync-progress" style={{ marginInlineEnd: 0 }}>
            {status.progress?.phase === 'pull' ? t('sync.pulling', { n: count(status.progress.pulledRows) }) : t('sync.syncing')}
          </Tag>
        )}
        {status.serverConfigured && (
          <Tag color={status.pending > 0 ? 'blue' : 'default'} style={{ marginInlineEnd: 0 }}>
            {t('sync.pending', { n: count(status.pending) })}
          </Tag>
        )}
        {status.rejected > 0 && (
          <Tooltip title={t('sync.rejectedHint')}>
            <Button
              size="small"
              danger
              icon={<WarningOutlined />}
              onClick={() => navigate({ name: 'syncInbox' })}
              data-testid="sync-rejected"
            >
              {t('sync.rejected', { n: count(status.rejected) })}
            </Button>
          </Tooltip>
        )}
        <SkewTag skewMs={status.skewMs} wide={wide} />
        {status.halted && (
          // Retrying cannot help until a person acts; lastError says what to do, in plain words.
          <Tooltip title={status.lastError} trigger={['hover', 'focus']}>
            <Tag tabIndex={0} color="error" icon={<WarningOutlined />} data-testid="sync-halted" data-halted={status.halted} style={{ marginInlineEnd: 0 }}>
              {t('sync.halted')}
            </Tag>
          </Tooltip>
        )}
        {status.upgradeRequired && (
          <Tooltip title={t('sync.upgradeTip')} trigger={['hover', 'focus']}>
            <Tag tabIndex={0} color="error" data-testid="sync-upgrade" style={{ marginInlineEnd: 0 }}>
              {t('sync.upgrade')}
            </Tag>
          </Tooltip>
        )}
        {status.divergence.unresolved.length > 0 && (
          <Tooltip title={t('sync.divergedTip')} trigger={['hover', 'focus']}>
            <Tag tabIndex={0} color="purple" data-testid="sync-diverged" style={{ marginInlineEnd: 0 }}>
              {t('sync.diverged')}
            </Tag>
          </Tooltip>
        )}
        {status.serverConfigured && (
        <Tooltip title={wide ? null : t('sync.syncNow')}>
          <Button
            size="small"
            icon={<SyncOutlined spin={running} />}
            disabled={syncing}
            aria-label={t('sync.syncNow')}
            onClick={() => void syncNow()}
            data-testid="sync-now"
          >
            {wide ? t('sync.syncNow') : null}
          </Button>
        </Tooltip>
        )}
      </Space>
    </span>
  );
}

function StatusTip({ status }: { status: SyncStatusData }) {
  const { t } = useTranslation();
  const lines: ReactNode[] = [];
  if (status.lastSuccessAt) lines.push(t('sync.lastSuccess', { t: formatTime(status.lastSuccessAt, true) }));
  else lines.push(t('sync.never'));
  if (status.lastError) lines.push(t('sync.lastError', { msg: status.lastError }));
  return (
    <div data-testid="sync-tip">
      {lines.map((line, i) => (
        <div key={i}>{line}</div>
      ))}
    </div>
  );
}

function SkewTag({ skewMs, wide }: { skewMs: number | null; wide: boolean }) {
  const { t } = useTranslation();
  if (skewMs === null || Math.abs(skewMs) <= SKEW_WARN_MS) return null;
  const minutes = Math.round(Math.abs(skewMs) / 60_000);
  // skewMs is head office's time minus this computer's: positive means this clock is behind.
  const tip = skewMs > 0 ? t('sync.skewBehind', { n: minutes }) : t('sync.skewAhead', { n: minutes });
  return (
    <Tooltip title={tip} trigger={['hover', 'focus']}>
      <Tag tabIndex={0} color="warning" icon={<ClockCircleOutlined />} data-testid="sync-skew" style={{ marginInlineEnd: 0 }}>
        {wide ? t('sync.skew', { n: minutes }) : t('sync.skewShort')}
      </Tag>
    </Tooltip>
  );
}
