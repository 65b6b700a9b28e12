// Supervisor assignment: the rows ticked in the queue go to one agent, after a confirmation that
// says how many and to whom (reassignment moves work between people, so it is never one click).
import { App, Button, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../../api/transport';
import { ConfirmDialog, useDialogAction } from '../ConfirmDialog';

interface Props {
  selectedLoanIds: string[];
  agents: { id: string; name: string }[];
  onAssigned(): void;
}

export function AssignBar({ selectedLoanIds, agents, onAssigned }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [agent, setAgent] = useState<string | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState('');
  const { busy, run } = useDialogAction('collections.assign.failed');
  const n = selectedLoanIds.length;
  const agentName = agents.find((a) => a.id === agent)?.name ?? '';

  const save = () => {
    if (!agent || n === 0) return;
    void run(async () => {
      const out = await invoke('collections.assign', { loanIds: selectedLoanIds, collectorId: agent, ...(note.trim() ? { note: note.trim() } : {}) });
      void message.success(t('collections.assign.done', { n: out.assigned, name: agentName }));
      setConfirming(false);
      setNote('');
      onAssigned();
    });
  };

  return (
    <Space data-testid="col-assign-bar">
      <Typography.Text data-testid="col-assign-count" data-count={n}>
        {t('collections.assign.selected', { n })}
      </Typography.Text>
      <Select
        showSearch={{ optionFilterProp: 'label' }}
        style={{ width: 150 }}
        placeholder={t('collections.assign.to')}
        aria-label={t('collections.assign.to')}
        value={agent}
        onChange={setAgent}
        options={agents.map((a) => ({ value: a.id, label: a.name }))}
        data-testid="col-assign-agent"
      />
      <Button type="primary" disabled={n === 0 || !agent} onClick={() => setConfirming(true)} data-testid="col-assign">
        {t('collections.assign.button')}
      </Button>
      <ConfirmDialog
        open={confirming}
        title={t('collections.assign.confirmTitle')}
        confirmLabel={t('collections.assign.confirm')}
        confirmTestId="col-assign-save"
        busy={busy}
        onConfirm={save}
        onCancel={() => setConfirming(false)}
      >
        <Typography.Paragraph>{t('collections.assign.confirmBody', { n, name: agentName })}</Typography.Paragraph>
        <Input.TextArea
          rows={2}
          maxLength={500}
          placeholder={t('collections.assign.note')}
          aria-label={t('collections.assign.note')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          data-testid="col-assign-note"
        />
      </ConfirmDialog>
    </Space>
  );
}
