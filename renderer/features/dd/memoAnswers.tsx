// Answers as the credit memo prints them: yes/no in words, money in 元, options by their labels,
// repeat groups as small tables, evidence and signatures by their files.
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import type { Locale } from '../../../shared/api/envelope';
import { formatFen } from '../../../shared/domain/money';
import type { AnswerValue, FormItem, LeafItem } from '../../../shared/forms/template';
import { bilingualText } from '../../i18n/bilingual';
import type { CaseData } from './CaseOverview';

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

/** One item's answer as printed. */
export function MemoAnswer(props: { item: FormItem; value: AnswerValue | undefined; files: Attachment[]; t: TFunction; locale: Locale }): ReactNode {
  const { item, value, files, t, locale } = props;
  if (item.kind === 'evidence' || item.kind === 'signature') {
    if (files.length === 0) return item.kind === 'signature' ? t('dd.memo.notSigned') : EMPTY;
    const names = files.map((f) => f.fileName).join(t('app.listSeparator'));
    return item.kind === 'signature' ? t('dd.memo.signed', { files: names }) : t('dd.memo.files', { n: files.length, files: names });
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
