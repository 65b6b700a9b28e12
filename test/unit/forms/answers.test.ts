import { describe, expect, it } from 'vitest';
import { checkAnswer, compileForm, type AnswerValue, type FormItem } from '../../../shared/forms';
import { L, tpl } from './helpers';

const items: FormItem[] = [
  { key: 'ok', kind: 'yesno', label: L('正常') },
  { key: 'note', kind: 'text', label: L('备注'), maxLength: 5 },
  { key: 'memo', kind: 'text', label: L('说明') },
  { key: 'age', kind: 'number', label: L('年龄'), min: 18, max: 65, integer: true, unit: L('岁', 'years') },
  { key: 'ratio', kind: 'number', label: L('比例') },
  { key: 'income', kind: 'money', label: L('月收入'), min: 100_00, max: 1_000_000_00 },
  { key: 'debt', kind: 'money', label: L('月负债'), validations: [{ op: 'lte', item: 'income', message: L('月负债不能大于月收入', 'Debt cannot exceed income') }] },
  { key: 'visited', kind: 'date', label: L('走访日期'), notFuture: true },
  { key: 'born', kind: 'date', label: L('出生日期') },
  { key: 'job', kind: 'single', label: L('职业'), options: [{ value: 'a', label: L('甲') }, { value: 'b', label: L('乙') }] },
  { key: 'uses', kind: 'multi', label: L('用途'), minSelected: 2, options: [{ value: 'x', label: L('X') }, { value: 'y', label: L('Y') }, { value: 'z', label: L('Z') }] },
  { key: 'photo', kind: 'evidence', label: L('照片'), attachmentKinds: ['site_photo'] },
  { key: 'sign', kind: 'signature', label: L('签名') },
  {
    key: 'guar',
    kind: 'group',
    label: L('担保人'),
    maxRows: 2,
    items: [
      { key: 'gname', kind: 'text', label: L('姓名', 'Name'), maxLength: 10 },
      { key: 'gamount', kind: 'money', label: L('担保金额', 'Amount'), validations: [{ op: 'lte', item: 'income', message: L('担保金额过大', 'Amount too large') }] },
    ],
  },
];
const form = compileForm(tpl(items));
const code = (key: string, value: AnswerValue, answers?: Record<string, AnswerValue>, today?: string) =>
  checkAnswer(form, key, value, answers, { today })?.code ?? null;

describe('checkAnswer', () => {
  it('accepts null for every item (it clears the answer), even evidence', () => {
    for (const key of ['ok', 'note', 'age', 'income', 'visited', 'job', 'uses', 'photo', 'sign', 'guar']) expect(code(key, null), key).toBeNull();
  });

  it('refuses unknown items', () => {
    expect(checkAnswer(form, 'nope', 'yes')).toEqual({ code: 'unknown_item', message: { zh: '「nope」不是本表的题目', en: '"nope" is not an item of this form' } });
  });

  it('yesno: yes, no or na', () => {
    expect(['yes', 'no', 'na'].map((v) => code('ok', v))).toEqual([null, null, null]);
    expect(code('ok', 'maybe')).toBe('not_an_option');
    expect(code('ok', 1)).toBe('wrong_type');
  });

  it('text: a string within maxLength (default 2000), counted in characters', () => {
    expect(code('note', '12345')).toBeNull();
    expect(code('note', '123456')).toBe('too_long');
    expect(code('note', '😀😀😀😀😀')).toBeNull(); // 10 UTF-16 units, 5 characters
    expect(code('memo', 'x'.repeat(2000))).toBeNull();
    expect(checkAnswer(form, 'memo', 'x'.repeat(2001))?.message.zh).toBe('不能超过 2000 个字');
    expect(code('note', 5)).toBe('wrong_type');
  });

  it('number: finite, integer when asked, within min and max with the unit in the message', () => {
    expect(code('age', 30)).toBeNull();
    expect(code('age', 30.5)).toBe('not_integer');
    expect(checkAnswer(form, 'age', 17)).toEqual({ code: 'below_min', message: { zh: '不能小于 18 岁', en: 'Must not be less than 18 years' } });
    expect(checkAnswer(form, 'age', 66)?.message).toEqual({ zh: '不能大于 65 岁', en: 'Must not be more than 65 years' });
    expect(code('ratio', 0.25)).toBeNull();
    expect(code('ratio', '3')).toBe('wrong_type');
  });

  it('money: whole fen, bounds shown in yuan with 2 decimals', () => {
    expect(code('income', 500_000)).toBeNull();
    expect(code('income', 500_000.5)).toBe('not_integer');
    expect(code('income', 2 ** 60)).toBe('not_integer');
    expect(checkAnswer(form, 'income', 1_000_000_01)).toEqual({
      code: 'above_max',
      message: { zh: '不能大于 1,000,000.00 元', en: 'Must not be more than CNY 1,000,000.00' },
    });
    expect(checkAnswer(form, 'income', 99_99)?.message.zh).toBe('不能小于 100.00 元');
    expect(code('income', '100')).toBe('wrong_type');
  });

  it('date: a real calendar date, not after today when notFuture', () => {
    expect(code('visited', '2026-11-26', undefined, '2026-11-26')).toBeNull();
    expect(checkAnswer(form, 'visited', '2026-11-27', undefined, { today: '2026-11-26' })).toEqual({
      code: 'future_date',
      message: { zh: '不能晚于今天（2026-11-26）', en: 'Must not be later than today (2026-11-26)' },
    });
    expect(code('visited', '2026-11-27')).toBeNull(); // no today given: nothing to compare with
    expect(code('born', '2030-01-01', undefined, '2026-11-26')).toBeNull(); // not notFuture
    expect(code('born', '2025-02-29')).toBe('bad_date');
    expect(code('born', '2025-2-1')).toBe('bad_date');
    expect(code('born', 20250101)).toBe('wrong_type');
    expect(() => checkAnswer(form, 'born', '2025-01-01', undefined, { today: '2025-02-30' })).toThrow(/today/);
  });

  it('single: one of the options', () => {
    expect(code('job', 'a')).toBeNull();
    expect(checkAnswer(form, 'job', 'c')?.code).toBe('not_an_option');
    expect(code('job', ['a'])).toBe('wrong_type');
  });

  it('multi: distinct option values, at least minSelected; an empty selection is no answer', () => {
    expect(code('uses', ['x', 'z'])).toBeNull();
    expect(code('uses', ['x'])).toBe('too_few_selected');
    expect(checkAnswer(form, 'uses', ['x'])?.message.zh).toBe('至少选择 2 项');
    expect(code('uses', ['x', 'q'])).toBe('not_an_option');
    expect(code('uses', ['x', 'x'])).toBe('wrong_type');
    expect(code('uses', 'x')).toBe('wrong_type');
    expect(code('uses', [])).toBeNull();
  });

  it('evidence and signature are answered by attachments', () => {
    expect(code('photo', 'x')).toBe('not_answerable');
    expect(code('sign', ['a'])).toBe('not_answerable');
  });

  it('cross-item validations apply when the other item has a numeric answer', () => {
    expect(code('debt', 600_000, { income: 500_000 })).toBe('rule');
    expect(checkAnswer(form, 'debt', 600_000, { income: 500_000 })?.message).toEqual({ zh: '月负债不能大于月收入', en: 'Debt cannot exceed income' });
    expect(code('debt', 500_000, { income: 500_000 })).toBeNull();
    expect(code('debt', 600_000, {})).toBeNull();
    expect(code('debt', 600_000, { income: null })).toBeNull();
    expect(code('debt', 600_000)).toBeNull();
  });

  it('group: rows of child answers, each checked, no more than maxRows', () => {
    expect(code('guar', [{ gname: '张三', gamount: 100 }, { gname: '李四' }])).toBeNull();
    expect(code('guar', [])).toBeNull();
    expect(code('guar', [{}, {}, {}])).toBe('too_many_rows');
    expect(code('guar', 'x')).toBe('wrong_type');
    expect(checkAnswer(form, 'guar', [{ gname: 'x' }, ['a'] as unknown as Record<string, string>])).toMatchObject({ code: 'wrong_type', row: 1 });
    expect(checkAnswer(form, 'guar', [{ gname: '张三' }, { gname: '一二三四五六七八九十一' }])).toEqual({
      code: 'too_long',
      message: { zh: '第 2 行「姓名」：不能超过 10 个字', en: 'Row 2, "Name": Must be at most 10 characters' },
      childKey: 'gname',
      row: 1,
    });
    expect(checkAnswer(form, 'guar', [{ other: 'x' }])).toMatchObject({ code: 'unknown_item', childKey: 'other', row: 0 });
    // A row's validation sees the form's answers.
    expect(checkAnswer(form, 'guar', [{ gamount: 900 }], { income: 800 })).toMatchObject({ code: 'rule', row: 0, childKey: 'gamount' });
  });

  it('checks one cell of a group by its path or unique child key', () => {
    expect(code('guar.gname', 'x'.repeat(11))).toBe('too_long');
    expect(code('gname', 'x'.repeat(11))).toBe('too_long');
    expect(code('gname', 'short')).toBeNull();
  });
});
