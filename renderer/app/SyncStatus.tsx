// Sync state in the header, refreshed every 15 s. A poll is skipped while nobody touches the
// workstation: every answered call counts as activity for the service's idle lock, so blind polling
// would keep an unattended session open for ever. Once the service has been idle past the lock time,
// one poll is let through on purpose so the lock shows up without waiting for a click.
import { CloudOutlined, CloudSyncOutlined, DisconnectOutlined, WarningOutlined } from '@ant-design/icons';
import { Space, Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../shared/api/contract';
import { invoke, lastSuccessfulCallAt } from '../api/transport';
import { lastUserActivityAt } from './activity';

const POLL_MS = 15_000;
// Margin past the lock time so the probe lands after the service's own threshold.
const LOCK_PROBE_MARGIN_MS = 5_000;

type Status = OutputOf<'sync.status'>;

export function SyncStatus({ idleLockMinutes }: { idleLockMinutes: number }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<Status | null>(null);
  const inFlight = useRef(false);
  const lastPollAt = useRef(0);

  useEffect(() => {
    let alive = true;
    const poll = (force: boolean) => {
      if (inFlight.current) return;
      const now = Date.now();
      const userActive = lastUserActivityAt() > lastPollAt.current;
      const serviceIdlePastLock = now - lastSuccessfulCallAt() > idleLockMinutes * 60_000 + LOCK_PROBE_MARGIN_MS;
      if (!force && !userActive && !serviceIdlePastLock) return;
      inFlight.current = true;
      lastPollAt.current = now;
      invoke('sync.status', {})
        .then((s) => alive && setStatus(s))
        .catch(() => alive && setStatus(null))
        .finally(() => {
          inFlight.current = false;
        });
    };
    poll(true);
    const timer = window.setInterval(() => poll(false), POLL_MS);
    return () => {
      alive = false;
      window.clearInterval(timer);
    };
  }, [idleLockMinutes]);

  if (!status) {
    return (
      <span data-testid="sync-status">
        <Tag icon={<CloudSyncOutlined />}>{t('sync.unknown')}</Tag>
      </span>
    );
  }
  const tip = !status.serverConfigured
    ? t('sync.notConfigured')
    : status.lastSuccessAt
      ? t('sync.lastSuccess', { t: dayjs(status.lastSuccessAt).format('YYYY-MM-DD HH:mm') })
      : t('sync.never');
  return (
    <Tooltip title={tip}>
      <span data-testid="sync-status" data-online={status.online} data-pending={status.pending}>
        <Space size={4}>
        <Tag color={status.online ? 'green' : 'default'} icon={status.online ? <CloudOutlined /> : <DisconnectOutlined />}>
          {status.online ? t('sync.online') : t('sync.offline')}
        </Tag>
        <Tag color={status.pending > 0 ? 'blue' : 'default'}>{t('sync.pending', { n: status.pending })}</Tag>
        {status.rejected > 0 && (
          <Tag color="red" icon={<WarningOutlined />}>
            {t('sync.rejected', { n: status.rejected })}
          </Tag>
        )}
        </Space>
      </span>
    </Tooltip>
  );
}
