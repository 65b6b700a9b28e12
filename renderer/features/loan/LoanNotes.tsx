// Notes on a loan: an append-only log (a mistake is fixed by a new note marked as a correction).
// The draft stays in the box until the service has accepted it, so nothing typed is lost on an error.
import { Alert, App, Button, Empty, Flex, Form, Input, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoanDetail } from '../../../shared/api/loanSchemas';
import { errorText, invoke } from '../../api/transport';
import { fieldsNamed, placeFieldErrors } from '../../ui/fieldErrors';
import { formatTime } from '../../ui/formatTime';

type Note = LoanDetail['notes'][number];

interface Props {
  loanId: string;
  notes: Note[];
  onSaved(): Promise<void>;
}

/** The note's one field, under the service's name for it. */
const NOTE_FIELDS = fieldsNamed(new Set(['body']));

export function LoanNotes({ loanId, notes, onSaved }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ body: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async ({ body }: { body: string }) => {
    setBusy(true);
    setError(null);
    try {
      await invoke('loan.addNote', { loanId, body });
      form.resetFields();
      void message.success(t('loan.noteSaved'));
      await onSaved();
    } catch (err) {
      // Field messages go under the field; anything else above the form. The text stays as typed.
      if (!placeFieldErrors(form, err, NOTE_FIELDS).all) setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const ordered = [...notes].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));

  return (
    <Flex vertical gap={12}>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={busy}>
        <Form.Item
          name="body"
          rules={[{ required: true, whitespace: true, message: t('loan.noteRequired') }]}
          style={{ marginBottom: 8 }}
        >
          <Input.TextArea
            rows={3}
            maxLength={2000}
            showCount
            placeholder={t('loan.notePlaceholder')}
            aria-label={t('loan.addNote')}
            data-testid="note-input"
            onKeyDown={(e) => {
              // Enter makes a new line in a note; Ctrl/Cmd+Enter saves it.
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                form.submit();
              }
            }}
          />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} data-testid="note-error" />}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="note-submit">
          {t('loan.addNote')}
        </Button>
      </Form>
      {ordered.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('loan.noNotes')} />
      ) : (
        <div data-testid="notes-list">
          <Timeline
            items={ordered.map((n) => ({
              key: n.id,
              content: (
                <div data-testid="note-item">
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatTime(n.createdAt)} · {n.authorName}
                    {n.correctsId && (
                      <Tag color="orange" style={{ marginInlineStart: 8 }}>
                        {t('loan.correction')}
                      </Tag>
                    )}
                  </Typography.Text>
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{n.body}</Typography.Paragraph>
                </div>
              ),
            }))}
          />
        </div>
      )}
    </Flex>
  );
}
