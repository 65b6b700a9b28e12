// An officer withdraws a case that will not go ahead (the customer changed their mind, a duplicate);
// the reason stays in the trail.
import { StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, invoke } from '../../api/transport';

export function WithdrawButton({ caseId, onDone }: { caseId: string; onDone(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    if (!reason.trim()) {
      setError(t('dd.withdraw.reasonRequired'));
      return;
    }
    setBusy(true);
    try {
      await invoke('dd.withdraw', { caseId, reason: reason.trim() });
      void message.success(t('dd.withdraw.done'));
      setOpen(false);
      onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button icon={<StopOutlined />} onClick={() => setOpen(true)} data-testid="dd-withdraw">
        {t('dd.withdraw.button')}
      </Button>
      <Modal
        open={open}
        title={t('dd.withdraw.title')}
        okText={t('dd.withdraw.confirm')}
        okButtonProps={{ danger: true, loading: busy, ...{ 'data-testid': 'dd-withdraw-confirm' } }}
        onOk={() => void submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Input.TextArea
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            setError(null);
          }}
          rows={3}
          maxLength={2000}
          placeholder={t('dd.withdraw.reason')}
          aria-label={t('dd.withdraw.reason')}
          data-testid="dd-withdraw-reason"
        />
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
      </Modal>
    </>
  );
}
