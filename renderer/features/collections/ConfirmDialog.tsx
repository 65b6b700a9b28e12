// The dialog behind a supervisor's collections action (clear a hold, reassign loans, override a
// rule): the action's form or confirmation, Cancel, and one button that does it. The action runs
// against the service; while it runs the button spins, and a refusal shows as a toast.
import { App, Button, Modal } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api/transport';

interface Props {
  open: boolean;
  title: string;
  confirmLabel: string;
  confirmTestId: string;
  busy: boolean;
  /** Not yet allowed (e.g. the reason is too short). */
  confirmDisabled?: boolean;
  /** The action sets a rule aside: the button is red. */
  danger?: boolean;
  onConfirm(): void;
  onCancel(): void;
  children: ReactNode;
}

export function ConfirmDialog({ open, title, confirmLabel, confirmTestId, busy, confirmDisabled, danger, onConfirm, onCancel, children }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onCancel}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onCancel}>
          {t('collections.cancel')}
        </Button>,
        <Button key="save" type="primary" danger={danger} disabled={confirmDisabled} loading={busy} onClick={onConfirm} data-testid={confirmTestId}>
          {confirmLabel}
        </Button>,
      ]}
    >
      {children}
    </Modal>
  );
}

/** Runs a dialog's action with `busy` set meanwhile; a failure shows `failKey`'s text with the service's reason. */
export function useDialogAction(failKey: string) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } catch (err) {
      void message.error(t(failKey, { msg: errorText(err) }));
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}
