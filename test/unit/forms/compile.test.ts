import { describe, expect, it } from 'vitest';
import { compileForm, parseTemplateRow, type FormTemplateBody } from '../../../shared/forms';
import { L, section, tpl, yesno } from './helpers';

const body: FormTemplateBody = {
  purpose: 'inspection',
  sections: [
    section('s1', [yesno('a'), { key: 'g', kind: 'group', label: L('组'), items: [{ key: 'c1', kind: 'text', label: L('子') }, yesno('c2')] }]),
    section('s2', [yesno('b', { visibleIf: { item: 'a', op: 'eq', value: 'yes' } })]),
  ],
};
const row = (over: Partial<Parameters<typeof parseTemplateRow>[0]> = {}) => ({
  id: 'row-1',
  code: 'insp',
  version: 3,
  title_zh: '贷后检查',
  title_en: 'Inspection',
  applies_to: JSON.stringify({ customerTypes: ['micro'], products: ['business'] }),
  body: JSON.stringify(body),
  ...over,
});

describe('compileForm', () => {
  it('indexes items by key in template order with their sections', () => {
    const form = compileForm(tpl(body.sections));
    expect(form.items.map((i) => [i.key, i.order, i.sectionKey])).toEqual([
      ['a', 0, 's1'],
      ['g', 1, 's1'],
      ['b', 2, 's2'],
    ]);
    expect(form.byKey.get('b')?.visibleIf).toBeTypeOf('function');
    expect(form.byKey.get('g.c2')?.group?.key).toBe('g');
    expect(form.byKey.get('c1')?.path).toBe('g.c1');
    expect(form.byKey.get('g')?.children.map((c) => c.key)).toEqual(['c1', 'c2']);
    expect(form.sections.map((s) => s.key)).toEqual(['s1', 's2']);
  });

  it('memoizes per template object and per id@version', () => {
    const t = tpl(body.sections);
    const form = compileForm(t);
    expect(compileForm(t)).toBe(form);
    const copy = structuredClone(t);
    expect(compileForm(copy)).toBe(form);
    expect(compileForm({ ...copy, version: 2 })).not.toBe(form);
  });
});

describe('parseTemplateRow', () => {
  it('parses JSON text columns into a template', () => {
    const t = parseTemplateRow(row());
    expect(t).toEqual({
      id: 'row-1',
      code: 'insp',
      version: 3,
      title: { zh: '贷后检查', en: 'Inspection' },
      appliesTo: { customerTypes: ['micro'], products: ['business'] },
      body,
    });
  });

  it('accepts already-parsed objects', () => {
    const t = parseTemplateRow(row({ id: 'row-obj', body, applies_to: { customerTypes: ['micro'], products: ['business'] } }));
    expect(t.body.sections[1]?.items[0]?.key).toBe('b');
  });

  it('caches by id@version: the same object back, without re-reading the body', () => {
    const first = parseTemplateRow(row({ id: 'row-cache' }));
    // Same id and version: the body is not looked at again (published versions never change).
    const again = parseTemplateRow(row({ id: 'row-cache', body: '{ not json' }));
    expect(again).toBe(first);
    expect(compileForm(again)).toBe(compileForm(first));
    expect(Object.isFrozen(first.body.sections)).toBe(true);
  });

  it('throws a clear error when the body does not match the format', () => {
    const bad = { ...body, sections: [{ ...body.sections[0], items: [{ key: 'x', kind: 'colour', label: L('x') }] }] };
    expect(() => parseTemplateRow(row({ id: 'row-bad', body: JSON.stringify(bad) }))).toThrow(
      /form template insp@3 \(row-bad\): body does not match the template format: sections\.0\.items\.0/,
    );
    expect(() => parseTemplateRow(row({ id: 'row-json', body: '{' }))).toThrow(/body is not valid JSON/);
    expect(() => parseTemplateRow(row({ id: 'row-applies', applies_to: '{"customerTypes":[]}' }))).toThrow(/applies_to is invalid/);
  });
});
