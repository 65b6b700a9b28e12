// The case's template as the renderer uses it: parsed with the shared schema (the service sends the
// body as published, untyped), plus an index from item key to item and section for labels and jumps.
import type { OutputOf } from '../../../../shared/api/contract';
import type { Locale } from '../../../../shared/api/envelope';
import {
  appliesTo as appliesToSchema,
  formTemplateBody,
  type FormItem,
  type FormSection,
  type FormTemplate,
  type LocalizedText,
} from '../../../../shared/forms/template';
import { bilingualText } from '../../../i18n/bilingual';
import { useLocale } from '../../../i18n/useLocale';

export type CaseData = OutputOf<'dd.get'>;
export type Attachment = CaseData['attachments'][number];
/** The language the editor shows a template's `{ zh, en }` texts in: the UI's. */
export type Lang = Locale;

export interface ItemRef {
  item: FormItem;
  section: FormSection;
  /** Position among all top-level items, for "next" in template order. */
  order: number;
}

export interface ParsedTemplate {
  template: FormTemplate;
  items: Map<string, ItemRef>;
  /** Top-level item keys in template order. */
  order: string[];
}

/** Null when the body does not match the shared schema (a template from a newer head office, say). */
export function parseTemplate(row: CaseData['template']): ParsedTemplate | null {
  const body = formTemplateBody.safeParse(row.body);
  if (!body.success) return null;
  const applies = appliesToSchema.safeParse(row.appliesTo);
  const template: FormTemplate = {
    id: row.id,
    code: row.code,
    version: row.version,
    title: { zh: row.titleZh, en: row.titleEn },
    // appliesTo only chooses templates when a case is opened; an odd one must not block editing.
    appliesTo: applies.success ? applies.data : { customerTypes: ['individual'], products: ['consumer'] },
    body: body.data,
  };
  const items = new Map<string, ItemRef>();
  const order: string[] = [];
  for (const section of body.data.sections) {
    for (const item of section.items) {
      items.set(item.key, { item, section, order: order.length });
      order.push(item.key);
    }
  }
  return { template, items, order };
}

export function useLang(): Lang {
  return useLocale();
}

export function pick(text: LocalizedText | undefined, lang: Lang): string {
  return bilingualText(text, lang);
}

/**
 * Whether an item is a requirement of its own (what the section navigator counts): marked required,
 * or a group with a minimum of rows. Mirrors the engine: optional evidence is no requirement until begun.
 */
export function isRequiredItem(item: FormItem): boolean {
  if (item.required === true) return true;
  return item.kind === 'group' && (item.minRows ?? 0) > 0;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
