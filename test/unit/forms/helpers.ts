// Small hand-written templates for the form engine tests.
import type { FormItem, FormSection, FormTemplate, FormTemplateBody, LeafItem, LocalizedText, TemplateFile } from '../../../shared/forms';

export const L = (zh: string, en = zh): LocalizedText => ({ zh, en });

let seq = 0;

/** A template from sections (or one section's items); every call gets a fresh id so caches never mix tests. */
export function tpl(content: FormSection[] | FormItem[], extra: Partial<FormTemplateBody> = {}): FormTemplate {
  seq += 1;
  const sections: FormSection[] =
    content.length > 0 && 'title' in (content[0] as object)
      ? (content as FormSection[])
      : [{ key: 's1', title: L('第一部分', 'Part 1'), items: content as FormItem[] }];
  return {
    id: `test-${seq}`,
    code: `test_${seq}`,
    version: 1,
    title: L('测试', 'Test'),
    appliesTo: { customerTypes: ['individual'], products: ['consumer'] },
    body: { purpose: 'due_diligence', sections, ...extra },
  };
}

export function section(key: string, items: FormItem[], visibleIf?: FormSection['visibleIf']): FormSection {
  return { key, title: L(`部分 ${key}`, `Part ${key}`), items, ...(visibleIf ? { visibleIf } : {}) };
}

export const yesno = (key: string, more: Partial<Omit<LeafItem, 'kind'>> = {}): LeafItem => ({ key, kind: 'yesno', label: L(`题${key}`, `Q ${key}`), ...more }) as LeafItem;

/** The publish-file form of a template body. */
export function file(body: FormTemplateBody, more: Partial<TemplateFile> = {}): TemplateFile {
  return {
    code: 'dd_test',
    version: 1,
    title_zh: '测试清单',
    title_en: 'Test checklist',
    applies_to: { customerTypes: ['individual'], products: ['consumer'] },
    body,
    ...more,
  };
}
