// Answers as the credit memo prints them: yes/no in words, money in yuan, options by their labels,
// repeat groups as small tables, evidence by its files and a signature as its image.
import type { TFunction } from 'i18next';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../shared/api/envelope';
import { formatFen } from '../../../shared/domain/money';
import type { AnswerValue, FormItem, LeafItem } from '../../../shared/forms/template';
import { bilingualText } from '../../i18n/bilingual';
import type { CaseData } from './CaseOverview';
import { useAttachmentContent } from './editor/widgets/AttachmentList';

type Attachment = CaseData['attachments'][number];

const EMPTY = '—';

function leafText(item: LeafItem, v: AnswerValue | undefined, t: TFunction, locale: Locale): string {
  if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) return EMPTY;
  switch (item.kind) {
    case 'yesno':
      return typeof v === 'string' ? t(`dd.memo.yesno.${v}`, { defaultValue: v }) : String(v);
    case 'money':
      return typeof v === 'number' && Number.isSafeInteger(v) ? `${formatFen(v, locale, { symbol: false })} ${t('dd.open.yuan')}` : String(v);
    case 'number':
      return item.unit ? `${String(v)} ${bilingualText(item.unit, locale)}` : String(v);
    case 'single': {
      const opt = item.options.find((o) => o.value === v);
      return opt ? bilingualText(opt.label, locale) : String(v);
    }
    case 'multi': {
      const values = Array.isArray(v) ? v : [v];
      return values
        .map((x) => {
          const opt = item.options.find((o) => o.value === x);
          return opt ? bilingualText(opt.label, locale) : String(x);
        })
        .join(t('app.listSeparator'));
    }
    default:
      return Array.isArray(v) ? v.join(', ') : String(v);
  }
}

/** Whether the memo waits for this file's image before it counts as ready to print. */
export function printsAsImage(f: Attachment): boolean {
  return f.available && f.mimeType.startsWith('image/');
}

/**
 * A signature as its image, the file fetched from this workstation's evidence store; `onSettled` once
 * the image has loaded or cannot be shown, so the print view knows when it is complete.
 */
function SignatureImage({ file, onSettled }: { file: Attachment; onSettled(id: string): void }) {
  const { t } = useTranslation();
  const content = useAttachmentContent(file, 'full');
  const failed = !printsAsImage(file) || !!content?.error;
  useEffect(() => {
    if (failed) onSettled(file.id);
  }, [failed, file.id, onSettled]);
  if (failed) return <span data-testid="dd-memo-signature-missing">{t('dd.memo.signatureUnavailable', { file: file.fileName })}</span>;
  if (!content?.url) return null;
  return (
    <img
      className="dd-memo-signature"
      src={content.url}
      alt={t('dd.memo.signatureAlt')}
      data-testid="dd-memo-signature"
      onLoad={() => onSettled(file.id)}
      onError={() => onSettled(file.id)}
    />
  );
}

/** One item's answer as printed. */
export function MemoAnswer(props: {
  item: FormItem;
  value: AnswerValue | undefined;
  files: Attachment[];
  t: TFunction;
  locale: Locale;
  onImageSettled(id: string): void;
}): ReactNode {
  const { item, value, files, t, locale, onImageSettled } = props;
  if (item.kind === 'signature') {
    if (files.length === 0) return t('dd.memo.notSigned');
    return files.map((f) => <SignatureImage key={f.id} file={f} onSettled={onImageSettled} />);
  }
  if (item.kind === 'evidence') {
    if (files.length === 0) return EMPTY;
    const names = files.map((f) => f.fileName).join(t('app.listSeparator'));
    return t('dd.memo.files', { n: files.length, files: names });
  }
  if (item.kind !== 'group') return leafText(item, value, t, locale);
  const rows = Array.isArray(value) ? (value as unknown[]).filter((r): r is Record<string, AnswerValue> => typeof r === 'object' && r !== null && !Array.isArray(r)) : [];
  if (rows.length === 0) return EMPTY;
  return (
    <table className="dd-memo-group">
      <thead>
        <tr>
          <th>#</th>
          {item.items.map((c) => (
            <th key={c.key}>{bilingualText(c.label, locale)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={i}>
            <td>{i + 1}</td>
            {item.items.map((c) => (
              <td key={c.key}>{leafText(c, row[c.key], t, locale)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
