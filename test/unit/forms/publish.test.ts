import { describe, expect, it } from 'vitest';
import { validateTemplateFile, type FormItem, type FormTemplateBody, type TemplateProblem } from '../../../shared/forms';
import { file, L, section, yesno } from './helpers';

const body = (items: FormItem[], more: Partial<FormTemplateBody> = {}): FormTemplateBody => ({ purpose: 'due_diligence', sections: [section('s1', items)], ...more });
const problems = (b: FormTemplateBody): Pick<TemplateProblem, 'path' | 'code'>[] => {
  const r = validateTemplateFile(file(b));
  return r.ok ? [] : r.problems.map(({ path, code }) => ({ path, code }));
};
const choice = (key: string, values: string[], kind: 'single' | 'multi' = 'single'): FormItem =>
  ({ key, kind, label: L(key), options: values.map((v) => ({ value: v, label: L(v) })) }) as FormItem;

describe('validateTemplateFile', () => {
  it('accepts a good file and returns the template it becomes', () => {
    const b = body([yesno('a'), yesno('b', { visibleIf: { item: 'a', op: 'eq', value: 'yes' } })]);
    const r = validateTemplateFile(file(b, { code: 'dd_consumer', version: 4 }));
    expect(r).toEqual({
      ok: true,
      file: file(b, { code: 'dd_consumer', version: 4 }),
      template: {
        id: 'dd_consumer@4',
        code: 'dd_consumer',
        version: 4,
        title: { zh: '测试清单', en: 'Test checklist' },
        appliesTo: { customerTypes: ['individual'], products: ['consumer'] },
        body: b,
      },
    });
  });

  it('reports schema problems with their paths', () => {
    const r = validateTemplateFile({ ...file(body([yesno('a')])), extra: 1, body: { purpose: 'x', sections: [{ key: 's', title: L('t'), items: [{ key: 'Bad', kind: 'yesno', label: L('x') }] }] } });
    expect(r.ok).toBe(false);
    const paths = r.ok ? [] : r.problems.map((p) => `${p.code} ${p.path}`);
    expect(paths).toContain('schema body.purpose');
    expect(paths).toContain('schema body.sections[0].items[0].key');
    expect(paths.some((p) => p === 'schema ')).toBe(true); // the unknown top-level key "extra"
    expect(validateTemplateFile('nope')).toMatchObject({ ok: false, problems: [{ code: 'schema', path: '' }] });
  });

  it('finds duplicate section, item, child and option keys', () => {
    const b: FormTemplateBody = {
      purpose: 'inspection',
      sections: [
        section('s1', [yesno('a'), { key: 'g', kind: 'group', label: L('g'), items: [yesno('c'), yesno('c'), yesno('a')] }]),
        section('s1', [yesno('a'), choice('ch', ['x', 'x'])]),
      ],
    };
    expect(problems(b)).toEqual([
      { path: 'body.sections[1].key', code: 'duplicate_key' },
      { path: 'body.sections[1].items[0].key', code: 'duplicate_key' },
      { path: 'body.sections[0].items[1].items[1].key', code: 'duplicate_key' },
      { path: 'body.sections[0].items[1].items[2].key', code: 'duplicate_key' },
      { path: 'body.sections[1].items[1].options[1].value', code: 'duplicate_key' },
    ]);
  });

  it('finds unknown and forward references in every kind of condition', () => {
    const b: FormTemplateBody = {
      purpose: 'due_diligence',
      sections: [
        section('s1', [
          yesno('a', { visibleIf: { item: 'zz', op: 'answered' } }),
          yesno('b', { visibleIf: { any: [{ item: 'a', op: 'eq', value: 'yes' }, { item: 'c', op: 'answered' }] } }),
          { key: 'g', kind: 'group', label: L('g'), items: [yesno('c1', { visibleIf: { item: 'c2', op: 'answered' } }), yesno('c2', { visibleIf: { item: 'c1', op: 'eq', value: 'no' } })] },
          { key: 'n', kind: 'money', label: L('n'), validations: [{ op: 'lte', item: 'm', message: L('x') }] },
        ] as FormItem[]),
        section('s2', [yesno('c', { redFlags: [{ code: 'own', when: { item: 'c', op: 'eq', value: 'no' }, severity: 'low', message: L('x') }, { code: 'child', when: { item: 'c1', op: 'answered' }, severity: 'low', message: L('x') }] })], { item: 'c', op: 'answered' }),
        section('s3', [{ key: 'm', kind: 'money', label: L('m') }]),
      ],
    };
    expect(problems(b)).toEqual([
      { path: 'body.sections[0].items[0].visibleIf.item', code: 'unknown_reference' },
      { path: 'body.sections[0].items[1].visibleIf.any[1].item', code: 'forward_reference' },
      { path: 'body.sections[0].items[2].items[0].visibleIf.item', code: 'forward_reference' },
      { path: 'body.sections[0].items[3].validations[0].item', code: 'forward_reference' },
      { path: 'body.sections[1].visibleIf.item', code: 'forward_reference' },
      // c's own rule may name c; naming a group's child from outside the row may not.
      { path: 'body.sections[1].items[0].redFlags[1].when.item', code: 'unknown_reference' },
      { path: 'body.sections[1].visibleIf', code: 'cycle' },
      { path: 'body.sections[0].items[2].items[0].visibleIf', code: 'cycle' },
    ]);
  });

  it('reports a cycle with its path, besides the forward references', () => {
    const r = validateTemplateFile(file(body([yesno('a', { visibleIf: { item: 'b', op: 'eq', value: 'yes' } }), yesno('b', { visibleIf: { item: 'a', op: 'eq', value: 'yes' } })])));
    expect(r.ok).toBe(false);
    const cycles = r.ok ? [] : r.problems.filter((p) => p.code === 'cycle');
    expect(cycles).toEqual([
      { path: 'body.sections[0].items[0].visibleIf', code: 'cycle', message: { zh: '显示条件循环依赖：a → b → a', en: 'Visibility conditions depend on each other in a cycle: a → b → a' } },
    ]);
    const self = problems(body([yesno('a', { visibleIf: { item: 'a', op: 'answered' } })]));
    expect(self.map((p) => p.code)).toEqual(['forward_reference', 'cycle']);
  });

  it('checks compared values against options and yes/no/na', () => {
    const b = body([
      yesno('y'),
      choice('s', ['a', 'b']),
      choice('m', ['x', 'y'], 'multi'),
      yesno('q', {
        visibleIf: { all: [{ item: 'y', op: 'eq', value: 'true' }, { item: 's', op: 'in', value: ['a', 'c'] }, { item: 'm', op: 'includes', value: 'z' }, { item: 's', op: 'ne', value: 'b' }] },
      }),
    ]);
    expect(problems(b)).toEqual([
      { path: 'body.sections[0].items[3].visibleIf.all[0].value', code: 'unknown_option' },
      { path: 'body.sections[0].items[3].visibleIf.all[1].value', code: 'unknown_option' },
      { path: 'body.sections[0].items[3].visibleIf.all[2].value', code: 'unknown_option' },
    ]);
  });

  it('checks ranges', () => {
    const b = body([
      { key: 'n', kind: 'number', label: L('n'), min: 5, max: 1 },
      { key: 'm', kind: 'money', label: L('m'), min: 100, max: 100 },
      { key: 'g', kind: 'group', label: L('g'), minRows: 4, maxRows: 3, items: [yesno('c')] },
      { key: 'x', kind: 'multi', label: L('x'), minSelected: 3, options: [{ value: 'a', label: L('a') }, { value: 'b', label: L('b') }] },
    ]);
    expect(problems(b)).toEqual([
      { path: 'body.sections[0].items[0].min', code: 'bad_range' },
      { path: 'body.sections[0].items[2].minRows', code: 'bad_range' },
      { path: 'body.sections[0].items[3].minSelected', code: 'bad_range' },
    ]);
  });

  it('checks the dsr inputs are top-level money items', () => {
    const items: FormItem[] = [
      { key: 'inc', kind: 'money', label: L('inc') },
      { key: 'cnt', kind: 'number', label: L('cnt') },
      { key: 'g', kind: 'group', label: L('g'), items: [{ key: 'gm', kind: 'money', label: L('gm') }] },
    ];
    expect(problems(body(items, { dsr: { monthlyIncome: ['inc'], monthlyDebt: ['cnt', 'gm', 'nope', 'inc'] } }))).toEqual([
      { path: 'body.dsr.monthlyDebt[0]', code: 'bad_dsr' },
      { path: 'body.dsr.monthlyDebt[1]', code: 'bad_dsr' },
      { path: 'body.dsr.monthlyDebt[2]', code: 'bad_dsr' },
      { path: 'body.dsr.monthlyDebt[3]', code: 'bad_dsr' },
    ]);
    expect(problems(body(items, { dsrLimit: '0.5' }))).toEqual([{ path: 'body.dsrLimit', code: 'bad_dsr' }]);
    expect(problems(body(items, { dsr: { monthlyIncome: ['inc'], monthlyDebt: [] }, dsrLimit: '0.5' }))).toEqual([]);
  });

  it('refuses ill-typed operands, non-numeric comparisons and attachments inside groups', () => {
    const b = body([
      { key: 'n', kind: 'number', label: L('n') },
      yesno('y', { visibleIf: { item: 'n', op: 'gt', value: '5' } }),
      yesno('z', { visibleIf: { item: 'y', op: 'in', value: 'yes' }, validations: [{ op: 'lt', item: 'n', message: L('x') }] }),
      { key: 'k', kind: 'money', label: L('k'), validations: [{ op: 'lt', item: 'y', message: L('x') }] },
      { key: 'g', kind: 'group', label: L('g'), items: [{ key: 'ph', kind: 'evidence', label: L('ph'), attachmentKinds: ['photo'] }] },
    ]);
    expect(problems(b)).toEqual([
      { path: 'body.sections[0].items[1].visibleIf.value', code: 'schema' },
      { path: 'body.sections[0].items[2].visibleIf.value', code: 'schema' },
      { path: 'body.sections[0].items[2].validations[0]', code: 'schema' },
      { path: 'body.sections[0].items[3].validations[0].item', code: 'schema' },
      { path: 'body.sections[0].items[4].items[0].kind', code: 'schema' },
    ]);
  });

  it('messages are bilingual and name the items', () => {
    const r = validateTemplateFile(file(body([yesno('a', { visibleIf: { item: 'b', op: 'answered' } }), yesno('b')])));
    expect(r.ok ? [] : r.problems[0]?.message).toEqual({
      zh: '「a」的条件引用了不在它之前的题目「b」（只能引用前面的题目）',
      en: 'The condition of "a" refers to "b", which does not come before it (conditions may only use earlier items)',
    });
  });
});
