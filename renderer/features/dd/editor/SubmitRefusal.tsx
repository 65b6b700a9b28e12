// The service's reasons for refusing a submission (error.details.missing): each entry names the item,
// and a click closes the dialog and goes to it. The service's list is authoritative: it may know of
// attachments this page has not seen yet, or of a newer template rule.
import { Modal, Typography } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { pick, type Lang, type ParsedTemplate } from './form';

const refusalEntry = z.object({
  key: z.string(),
  sectionKey: z.string().optional(),
  reason: z.string(),
  /** The service sends label and problem in the caller's language; the template is the fallback. */
  label: z.string().optional(),
  problem: z.string().optional(),
  row: z.number().int().optional(),
  childKey: z.string().optional(),
});
export type RefusalEntry = z.infer<typeof refusalEntry>;

/** Reads details.missing from an error; null when the error is not a refusal with a list. */
export function refusalEntries(details: unknown): RefusalEntry[] | null {
  if (!details || typeof details !== 'object') return null;
  let raw = (details as { missing?: unknown }).missing;
  // The envelope's details were flat strings and numbers before; accept the list sent as JSON text too.
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw) as unknown;
    } catch {
      return null;
    }
  }
  const parsed = z.array(refusalEntry).safeParse(raw);
  return parsed.success && parsed.data.length > 0 ? parsed.data : null;
}

interface Props {
  entries: RefusalEntry[] | null;
  message: string;
  parsed: ParsedTemplate;
  lang: Lang;
  onJump(key: string): void;
  onClose(): void;
}

export function SubmitRefusal({ entries, message, parsed, lang, onJump, onClose }: Props) {
  const { t } = useTranslation();
  // Jump only once the dialog is gone: while it closes its focus trap would take the focus back.
  const jumpTo = useRef<string | null>(null);
  const labelOf = (e: RefusalEntry): string => {
    const ref = parsed.items.get(e.key);
    if (!ref) return e.label ?? e.key;
    let text = e.label ?? pick(ref.item.label, lang);
    // A row problem's text already says which row and cell ("第 2 行「姓名」：必填").
    if (e.problem) return text;
    if (e.row !== undefined) text += ` · ${t('ddEditor.group.row', { n: e.row + 1 })}`;
    if (e.childKey && ref.item.kind === 'group') {
      const child = ref.item.items.find((c) => c.key === e.childKey);
      if (child) text += ` · ${pick(child.label, lang)}`;
    }
    return text;
  };
  const reasonOf = (reason: string) => t(`ddEditor.reasons.${reason}`, { defaultValue: reason });

  return (
    <Modal
      open={!!entries}
      title={t('ddEditor.submit.refusedTitle')}
      onCancel={onClose}
      onOk={onClose}
      okText={t('ddEditor.submit.close')}
      cancelButtonProps={{ style: { display: 'none' } }}
      // The jump below puts the focus on the item; handing it back to Submit would undo that.
      focusTriggerAfterClose={false}
      afterClose={() => {
        const key = jumpTo.current;
        jumpTo.current = null;
        if (key) onJump(key);
      }}
    >
      <div data-testid="dd-refusal">
      <Typography.Paragraph>{message || t('ddEditor.submit.refusedIntro')}</Typography.Paragraph>
      <ul style={{ paddingInlineStart: 18, maxHeight: 360, overflowY: 'auto' }} data-testid="dd-refusal-list">
        {(entries ?? []).map((e, i) => (
          <li key={`${e.key}-${e.row ?? ''}-${e.childKey ?? ''}-${i}`}>
            <Typography.Link
              data-testid={`dd-refusal-${e.key}`}
              onClick={() => {
                jumpTo.current = e.key;
                onClose();
              }}
            >
              {labelOf(e)}
            </Typography.Link>
            <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
              {e.problem ?? reasonOf(e.reason)}
            </Typography.Text>
          </li>
        ))}
      </ul>
      </div>
    </Modal>
  );
}
