// Sync state in the header, refreshed every 15 s. The service does not count these polls as activity,
// so an unattended session still locks; the first poll after the idle limit brings up the lock dialog.
import { CloudOutlined, CloudSyncOutlined, DisconnectOutlined, WarningOutlined } from '@ant-design/icons';
import { Space, Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodName, OutputOf } from '../../shared/api/contract';
import { invoke, onCallSucceeded } from '../api/transport';

const POLL_MS = 15_000;

type Status = OutputOf<'sync.status'>;

// Calls that add to the outbox; after one, the pending count is refreshed at once instead of up to
// 15 s later. Extend this list with each new mutation method.
const OUTBOX_WRITERS = new Set<MethodName>(['loan.addNote']);

export function SyncStatus() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<Status | null>(null);
  const inFlight = useRef(false);

  useEffect(() => {
    let alive = true;
    const poll = () => {
      if (inFlight.current) return;
      inFlight.current = true;
      invoke('sync.status', {})
        .then((s) => alive && setStatus(s))
        .catch(() => alive && setStatus(null))
        .finally(() => {
          inFlight.current = false;
        });
    };
    poll();
    const timer = window.setInterval(poll, POLL_MS);
    const off = onCallSucceeded((name) => {
      if (OUTBOX_WRITERS.has(name)) poll();
    });
    return () => {
      alive = false;
      window.clearInterval(timer);
      off();
    };
  }, []);

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
