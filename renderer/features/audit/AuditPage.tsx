// Audit check for supervisors and administrators: verifies the local audit log's hash chain, and
// lists the log itself (who did what, with the reason of each override).
import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Result, Skeleton, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/api/contract';
import { errorText, invoke } from '../../api/transport';
import { AuditLogList } from './AuditLogList';

export function AuditPage() {
  const { t } = useTranslation();
  const [result, setResult] = useState<OutputOf<'audit.verify'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = useCallback(async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await invoke('audit.verify', {}));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }, []);

  useEffect(() => {
    void run();
  }, [run]);

  const again = (
    <Button icon={<ReloadOutlined />} loading={busy} onClick={() => void run()} data-testid="audit-run">
      {t('audit.run')}
    </Button>
  );

  return (
    <div data-testid="audit-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('audit.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('audit.intro')}</Typography.Paragraph>
      <Card>
        {error ? (
          <Result status="warning" title={t('audit.failed')} subTitle={error} extra={again} />
        ) : !result ? (
          <Skeleton active />
        ) : result.ok ? (
          <Result status="success" title={t('audit.ok')} subTitle={t('audit.okDesc', { n: result.checked })} extra={again} data-testid="audit-result" />
        ) : (
          <Result
            status="error"
            title={t('audit.broken')}
            subTitle={t('audit.brokenDesc', {
              seq: result.firstBroken?.seq ?? '?',
              id: result.firstBroken?.id ?? '?',
              reason: result.firstBroken?.reason ?? '',
              n: result.checked,
            })}
            extra={again}
            data-testid="audit-result"
          />
        )}
      </Card>
      <AuditLogList />
    </div>
  );
}
