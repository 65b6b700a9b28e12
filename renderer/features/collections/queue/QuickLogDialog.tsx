// Quick logging from the queue: N on a row opens this, Enter saves a no-answer phone call to the
// borrower's first number, started now. Most calls in a collections shift go unanswered, so this is
// the one entry that must take two key presses instead of a whole form. While the contact rules refuse
// the call, Save is disabled and says why; another time or outcome is logged on the loan's page.
import { App, Button, Descriptions, Modal, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, invoke } from '../../../api/transport';
import { navigate } from '../../../app/router';
import { CheckResult, blockReasons, type CheckState } from '../CheckResult';
import { useCodeText, useOutcomeLabel, type ContactPoint, type QueueRow } from '../common';
import { formatTime } from '../../../ui/formatTime';

const OUTCOME = 'no_answer';

interface Props {
  row: QueueRow | null;
  /** `logged` is true when a contact was saved (the queue reloads). */
  onClose(logged: boolean): void;
}

interface Ready {
  point: ContactPoint | null;
  startedAt: string;
}

export function QuickLogDialog({ row, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const outcomeLabel = useOutcomeLabel();
  const code = useCodeText();
  const [ready, setReady] = useState<Ready | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [check, setCheck] = useState<CheckState | null>(null);
  const [checkError, setCheckError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // Enter on the focused button fires a click; a second Enter while the call runs must not log twice.
  const inFlight = useRef(false);
  const saveRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    setReady(null);
    setLoadError(null);
    setCheck(null);
    setCheckError(null);
    if (!row) return;
    let live = true;
    let loaded = false;
    const startedAt = dayjs().format();
    invoke('collections.loan', { loanId: row.loanId })
      .then((loan) => {
        if (!live) return;
        loaded = true;
        const point = loan.contactPoints.find((p) => p.party === 'borrower') ?? null;
        setReady({ point, startedAt });
        if (!point) return;
        return invoke('collections.check', {
          loanId: row.loanId,
          channel: 'phone',
          party: 'borrower',
          contactPoint: point.index,
          startedAt,
        }).then((c) => live && setCheck(c));
      })
      .catch((err: unknown) => {
        if (!live) return;
        if (loaded) setCheckError(errorText(err));
        else setLoadError(errorText(err));
      });
    return () => {
      live = false;
    };
  }, [row]);

  // The save button takes the focus as soon as there is something to save, so Enter saves. The
  // dialog moves focus to itself while it animates in, so Enter is also caught at the document
  // (unless another button, such as Cancel, has the focus).
  const saveNow = useRef<() => void>(() => {});
  // Save is enabled only once Enter is caught, so an Enter that follows at once is never lost.
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    setArmed(false);
    if (!ready?.point) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || e.isComposing || e.repeat) return;
      const el = document.activeElement;
      if (el instanceof HTMLButtonElement && el !== saveRef.current) return;
      e.preventDefault();
      if (canSaveRef.current) saveNow.current();
    };
    document.addEventListener('keydown', onKey, true);
    setArmed(true);
    return () => document.removeEventListener('keydown', onKey, true);
  }, [ready]);
  const blocked = check !== null && !check.allowed;
  // Saved only once the rules answered (a failed check leaves the decision to the service's own check).
  const canSave = armed && (check !== null || checkError !== null) && !blocked;
  const canSaveRef = useRef(false);
  canSaveRef.current = canSave;
  useEffect(() => {
    if (canSave) saveRef.current?.focus();
  }, [canSave]);

  const save = async () => {
    if (!row || !ready?.point || inFlight.current || !canSaveRef.current) return;
    inFlight.current = true;
    setSaving(true);
    try {
      await invoke('collections.logContact', {
        loanId: row.loanId,
        channel: 'phone',
        party: 'borrower',
        contactPoint: ready.point.index,
        startedAt: ready.startedAt,
        outcome: OUTCOME,
        complaint: false,
      });
      void message.success(t('collections.quick.saved', { customer: row.customerName, outcome: outcomeLabel(OUTCOME) }));
      onClose(true);
    } catch (err) {
      const reasons = blockReasons(err);
      if (reasons) {
        setCheck({ allowed: false, reasons, overriddenBy: [], consent: null });
        void message.error(t('collections.quick.blocked', { reasons: reasons.map((r) => r.message || code('ruleCodes', r.code)).join(t('app.clauseSeparator')) }));
      } else {
        void message.error(t('collections.quick.failed', { msg: errorText(err) }));
      }
    } finally {
      inFlight.current = false;
      setSaving(false);
    }
  };

  saveNow.current = () => void save();

  return (
    <Modal
      open={row !== null}
      title={t('collections.quick.title')}
      onCancel={() => onClose(false)}
      destroyOnHidden
      width={460}
      footer={[
        <Button
          key="full"
          disabled={!row}
          onClick={() => {
            if (!row) return;
            onClose(false);
            navigate({ name: 'collectionLoan', loanId: row.loanId });
          }}
          data-testid="col-quick-full"
        >
          {t('collections.quick.fullForm')}
        </Button>,
        <Button key="cancel" onClick={() => onClose(false)}>
          {t('collections.cancel')}
        </Button>,
        <Button key="save" type="primary" ref={saveRef} loading={saving} disabled={!canSave} onClick={() => void save()} data-testid="col-quick-save">
          {t('collections.quick.save')}
        </Button>,
      ]}
    >
      <div data-testid="col-quick" data-loan-id={row?.loanId ?? ''} data-ready={canSave ? '1' : '0'} data-blocked={blocked ? '1' : '0'}>
        {loadError ? (
          <Typography.Text type="danger">{loadError}</Typography.Text>
        ) : !ready ? (
          <Spin />
        ) : (
          <>
            <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
              <Descriptions.Item label={t('collections.form.customer')}>
                {row?.customerName} · {row?.loanNo}
              </Descriptions.Item>
              <Descriptions.Item label={t('collections.form.channel')}>{code('channels', 'phone')}</Descriptions.Item>
              <Descriptions.Item label={t('collections.form.party')}>{code('parties', 'borrower')}</Descriptions.Item>
              <Descriptions.Item label={t('collections.form.point')}>
                {ready.point ? ready.point.value : <Typography.Text type="danger">{t('collections.quick.noPoint')}</Typography.Text>}
              </Descriptions.Item>
              <Descriptions.Item label={t('collections.form.startedAt')}>{formatTime(ready.startedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('collections.form.outcome')}>{outcomeLabel(OUTCOME)}</Descriptions.Item>
            </Descriptions>
            {ready.point && <CheckResult check={check} loading={false} error={checkError} testId="col-quick-check" />}
            {blocked && (
              <Typography.Paragraph type="danger" style={{ marginTop: 8, marginBottom: 0 }} data-testid="col-quick-blocked">
                {t('collections.quick.cannotSave')}
              </Typography.Paragraph>
            )}
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
              {t('collections.quick.hint')}
            </Typography.Paragraph>
          </>
        )}
      </div>
    </Modal>
  );
}
