import { describe, expect, it } from 'vitest';
import { compileForm, evaluateForm, type Answers, type EvidenceCounts, type FormItem, type FormSection } from '../../../shared/forms';
import { L, section, tpl, yesno } from './helpers';

const run = (content: FormSection[] | FormItem[], answers: Answers = {}, evidence: EvidenceCounts = {}, opts = {}) =>
  evaluateForm(compileForm(tpl(content)), answers, evidence, opts);
const reasons = (e: ReturnType<typeof run>) => e.missing.map((m) => [m.key, m.reason, m.row ?? null, m.childKey ?? null]);

describe('visibility', () => {
  const content = [
    section('s1', [
      yesno('a', { required: true }),
      yesno('b', { required: true, visibleIf: { item: 'a', op: 'eq', value: 'yes' } }),
      { key: 'c', kind: 'text', label: L('c'), required: true, visibleIf: { item: 'b', op: 'answered' } },
    ] as FormItem[]),
    section('s2', [yesno('d', { required: true })], { item: 'a', op: 'ne', value: 'no' }),
  ];

  it('shows items and sections whose conditions hold', () => {
    const e = run(content, { a: 'yes', b: 'no' });
    expect([...e.visibleItems]).toEqual(['a', 'b', 'c', 'd']);
    expect([...e.visibleSections]).toEqual(['s1', 's2']);
    expect(reasons(e)).toEqual([
      ['c', 'required', null, null],
      ['d', 'required', null, null],
    ]);
    expect([e.requiredCount, e.completeCount, e.completenessPct]).toEqual([4, 2, 50]);
  });

  it('a hidden item counts as unanswered, so hiding chains, and it never blocks', () => {
    // b is answered but hidden (a = no), so c (visible when b answered) is hidden too, and so is s2.
    const e = run(content, { a: 'no', b: 'yes', c: 'x'.repeat(3000) });
    expect([...e.visibleItems]).toEqual(['a']);
    expect([...e.visibleSections]).toEqual(['s1']);
    expect(e.missing).toEqual([]);
    expect([e.requiredCount, e.completeCount, e.completenessPct]).toEqual([1, 1, 100]);
  });

  it('an item of a hidden section is hidden whatever its own condition', () => {
    const e = run([section('s1', [yesno('a')]), section('s2', [yesno('b', { required: true })], { item: 'a', op: 'eq', value: 'yes' })], { b: 'yes' });
    expect(e.visibleItems.has('b')).toBe(false);
    expect(e.visibleSections.has('s2')).toBe(false);
  });
});

describe('missing and completeness', () => {
  it('reports required, invalid (required or not) in template order, counting every entry as unmet', () => {
    const e = run(
      [
        { key: 'n', kind: 'number', label: L('数量', 'Count'), max: 10 },
        { key: 't', kind: 'text', label: L('文字'), required: true },
        { key: 'd', kind: 'date', label: L('日期'), required: true, notFuture: true },
        yesno('y', { required: true }),
      ] as FormItem[],
      { n: 11, t: '', d: '2026-12-01', y: 'yes' },
      {},
      { today: '2026-11-26' },
    );
    expect(reasons(e)).toEqual([
      ['n', 'invalid', null, null],
      ['t', 'required', null, null],
      ['d', 'invalid', null, null],
    ]);
    expect(e.missing[0]).toEqual({ key: 'n', sectionKey: 's1', label: { zh: '数量', en: 'Count' }, reason: 'invalid', problem: { zh: '不能大于 10', en: 'Must not be more than 10' } });
    expect(e.missing[2]?.problem?.zh).toBe('不能晚于今天（2026-11-26）');
    // 3 required (t, d, y) + the invalid optional n; only y is complete.
    expect([e.requiredCount, e.completeCount, e.completenessPct]).toEqual([4, 1, 25]);
  });

  it('rounds completeness down and is 100 when nothing is required', () => {
    const items = [yesno('a', { required: true }), yesno('b', { required: true }), yesno('c', { required: true })];
    expect(run(items, { a: 'yes', b: 'no' }).completenessPct).toBe(66);
    expect(run([yesno('a')]).completenessPct).toBe(100);
    expect(run([yesno('a')]).requiredCount).toBe(0);
  });

  it('evidence: required needs max(minCount, 1); an optional one begun must reach minCount', () => {
    const items: FormItem[] = [
      { key: 'id', kind: 'evidence', label: L('身份证'), required: true, attachmentKinds: ['id_scan'], minCount: 2 },
      { key: 'any', kind: 'evidence', label: L('任意'), required: true, attachmentKinds: ['other'], minCount: 0 },
      { key: 'opt', kind: 'evidence', label: L('可选'), attachmentKinds: ['other'], minCount: 3 },
      { key: 'sig', kind: 'signature', label: L('签名'), required: true },
    ];
    const e = run(items, {}, { id: 1, opt: 1 });
    expect(reasons(e)).toEqual([
      ['id', 'evidence', null, null],
      ['any', 'evidence', null, null],
      ['opt', 'evidence', null, null],
      ['sig', 'evidence', null, null],
    ]);
    expect(e.missing[0]?.problem).toEqual({ zh: '至少需要 2 个附件（现有 1 个）', en: 'At least 2 attachments needed (1 so far)' });
    expect(e.missing[3]?.problem?.zh).toBe('需要签名');
    const done = run(items, {}, { id: 2, any: 1, sig: 1 });
    expect(done.missing).toEqual([]);
    expect([done.requiredCount, done.completeCount]).toEqual([3, 3]);
    expect(run(items, {}, { id: 2, any: 1, sig: 1, opt: 3 }).missing).toEqual([]);
  });

  const guarantors: FormItem = {
    key: 'g',
    kind: 'group',
    label: L('担保人', 'Guarantors'),
    minRows: 2,
    maxRows: 3,
    items: [
      { key: 'name', kind: 'text', label: L('姓名', 'Name'), required: true },
      { key: 'rel', kind: 'single', label: L('关系'), options: [{ value: 'spouse', label: L('配偶') }, { value: 'friend', label: L('朋友') }] },
      { key: 'income', kind: 'money', label: L('收入'), required: true, visibleIf: { item: 'rel', op: 'eq', value: 'friend' } },
      yesno('ok', {
        visibleIf: { item: 'strict', op: 'eq', value: 'yes' }, // a top-level item, seen from the row
        required: true,
        redFlags: [{ code: 'bad_credit', when: { item: 'ok', op: 'eq', value: 'no' }, severity: 'high', message: L('担保人征信不良') }],
      }),
    ],
  };

  it('groups: rows below minRows, required children per row, child conditions see the row then the form', () => {
    const e = run([yesno('strict'), guarantors], { strict: 'yes', g: [{ rel: 'friend' }] });
    expect(reasons(e)).toEqual([
      ['g', 'rows', null, null],
      ['g', 'required', 0, 'name'],
      ['g', 'required', 0, 'income'],
      ['g', 'required', 0, 'ok'],
    ]);
    expect(e.missing[0]?.problem).toEqual({ zh: '至少需要 2 行（现有 1 行）', en: 'At least 2 rows are needed (1 so far)' });
    expect(e.missing[1]).toMatchObject({ label: { zh: '担保人', en: 'Guarantors' }, problem: { zh: '第 1 行「姓名」：必填', en: 'Row 1, "Name": Required' } });
    expect([e.requiredCount, e.completeCount]).toEqual([4, 0]);

    const ok = run([yesno('strict'), guarantors], { strict: 'no', g: [{ name: '甲', rel: 'spouse' }, { name: '乙', rel: 'friend', income: 5000 }] });
    expect(ok.missing).toEqual([]);
    expect([ok.requiredCount, ok.completeCount, ok.completenessPct]).toEqual([4, 4, 100]); // minRows + 2 names + 1 income
  });

  it('groups: too many rows and unknown columns are invalid; a required group needs a row', () => {
    const e = run([guarantors], { g: [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd', zzz: 'x' }] });
    expect(reasons(e)).toEqual([
      ['g', 'invalid', null, null],
      ['g', 'invalid', 3, 'zzz'],
    ]);
    expect(e.missing[0]?.problem?.zh).toBe('最多 3 行');
    expect(e.missing[1]?.problem).toEqual({ zh: '第 4 行：「zzz」不是本组的题目', en: 'Row 4: "zzz" is not an item of this group' });
    const req = run([{ key: 'h', kind: 'group', label: L('组'), required: true, items: [{ key: 'x', kind: 'text', label: L('x') }] }]);
    expect(reasons(req)).toEqual([['h', 'rows', null, null]]);
  });

  it('groups: child red flags carry the row', () => {
    const e = run([yesno('strict'), guarantors], { strict: 'yes', g: [{ name: 'a', ok: 'yes' }, { name: 'b', ok: 'no' }] });
    expect(e.redFlags).toEqual([{ code: 'bad_credit', itemKey: 'g', severity: 'high', message: { zh: '担保人征信不良', en: '担保人征信不良' }, row: 1, childKey: 'ok' }]);
  });

  it('cross-item validations use visible answers only', () => {
    const items: FormItem[] = [
      yesno('has'),
      { key: 'income', kind: 'money', label: L('收入'), visibleIf: { item: 'has', op: 'eq', value: 'yes' } },
      { key: 'debt', kind: 'money', label: L('负债'), validations: [{ op: 'lte', item: 'income', message: L('负债大于收入', 'Debt above income') }] },
    ];
    expect(reasons(run(items, { has: 'yes', income: 100, debt: 200 }))).toEqual([['debt', 'invalid', null, null]]);
    expect(run(items, { has: 'yes', income: 100, debt: 200 }).missing[0]?.problem?.en).toBe('Debt above income');
    expect(run(items, { has: 'no', income: 100, debt: 200 }).missing).toEqual([]);
  });
});

describe('red flags', () => {
  it('raises visible items’ rules in template order, a rule may name its own item', () => {
    const items: FormItem[] = [
      yesno('lawsuit', { redFlags: [{ code: 'lawsuit', when: { item: 'lawsuit', op: 'eq', value: 'yes' }, severity: 'high', message: L('涉诉', 'Lawsuit') }] }),
      { key: 'dpd', kind: 'number', label: L('逾期天数'), redFlags: [
        { code: 'dpd30', when: { item: 'dpd', op: 'gt', value: 30 }, severity: 'medium', message: L('逾期超过30天', 'Over 30 days past due') },
        { code: 'dpd_and_suit', when: { all: [{ item: 'dpd', op: 'gt', value: 0 }, { item: 'lawsuit', op: 'eq', value: 'yes' }] }, severity: 'high', message: L('逾期且涉诉', 'Past due and sued') },
      ] },
      yesno('hidden', { visibleIf: { item: 'lawsuit', op: 'eq', value: 'no' }, redFlags: [{ code: 'never', when: { item: 'lawsuit', op: 'answered' }, severity: 'low', message: L('不应出现') }] }),
    ];
    const e = run(items, { lawsuit: 'yes', dpd: 45, hidden: 'yes' });
    expect(e.redFlags.map((f) => [f.code, f.itemKey, f.severity])).toEqual([
      ['lawsuit', 'lawsuit', 'high'],
      ['dpd30', 'dpd', 'medium'],
      ['dpd_and_suit', 'dpd', 'high'],
    ]);
    expect(run(items, { lawsuit: 'no', dpd: 0 }).redFlags.map((f) => f.code)).toEqual(['never']);
  });
});

describe('score', () => {
  const items: FormItem[] = [
    yesno('a', { weight: 10 }),
    yesno('b', { weight: 5 }),
    yesno('c', { weight: 7 }),
    { key: 'q', kind: 'single', label: L('质量'), weight: 4, options: [{ value: 'good', label: L('好'), score: 1 }, { value: 'mid', label: L('中'), score: 0.25 }, { value: 'bad', label: L('差') }] },
    yesno('h', { weight: 50, visibleIf: { item: 'a', op: 'eq', value: 'no' } }),
    { key: 't', kind: 'text', label: L('文字'), weight: 30 },
  ];

  it('yes earns the weight, na leaves the item out, single earns weight × option score, hidden items out', () => {
    expect(run(items, { a: 'yes', b: 'no', c: 'na', q: 'mid', h: 'yes' }).score).toEqual({ earned: 11, possible: 19, pct: 57.9 });
    expect(run(items, { a: 'yes', b: 'yes', q: 'bad' }).score).toEqual({ earned: 15, possible: 26, pct: 57.7 }); // c unanswered still counts
    expect(run(items, { a: 'no', h: 'yes', q: 'good' }).score).toEqual({ earned: 54, possible: 76, pct: 71.1 });
  });

  it('pct is null when nothing is scored and rounds half up to one decimal', () => {
    expect(run([yesno('a')], { a: 'yes' }).score).toEqual({ earned: 0, possible: 0, pct: null });
    expect(run([yesno('a', { weight: 10 }), yesno('b', { weight: 5 })], { a: 'na', b: 'na' }).score.pct).toBeNull();
    // 23 / 80 = 28.75 % exactly -> 28.8; in floating point 23 / 80 * 100 is 28.749999999999996 (-> 28.7).
    expect(run([yesno('a', { weight: 23 }), yesno('b', { weight: 57 })], { a: 'yes', b: 'no' }).score).toEqual({ earned: 23, possible: 80, pct: 28.8 });
  });
});

describe('debt-service ratio', () => {
  const items: FormItem[] = [
    { key: 'salary', kind: 'money', label: L('工资') },
    yesno('has_rent'),
    { key: 'rent', kind: 'money', label: L('租金收入'), visibleIf: { item: 'has_rent', op: 'eq', value: 'yes' } },
    { key: 'card', kind: 'money', label: L('信用卡') },
    { key: 'mortgage', kind: 'money', label: L('房贷') },
  ];
  const dsr = { dsr: { monthlyIncome: ['salary', 'rent'], monthlyDebt: ['card', 'mortgage'] }, dsrLimit: '0.5' };
  const go = (answers: Answers, newMonthlyPayment?: number) =>
    evaluateForm(compileForm(tpl(items, dsr)), answers, {}, newMonthlyPayment === undefined ? {} : { newMonthlyPayment });

  it('sums visible income and debt and divides in decimal, 4 places half up', () => {
    const e = go({ salary: 1_000_000, has_rent: 'yes', rent: 300_000, card: 50_000, mortgage: 400_000 }, 100_000);
    expect(e.dsr).toEqual({ incomeFen: 1_300_000, debtFen: 450_000, newPaymentFen: 100_000, ratio: '0.4231', overLimit: false });
    expect(e.redFlags).toEqual([]);
    // 1 / 8 = 0.125 exactly; 1/3 -> 0.3333; 2/3 -> 0.6667; x.xxxx5 rounds up
    expect(go({ salary: 800, card: 100 }).dsr?.ratio).toBe('0.1250');
    expect(go({ salary: 300, card: 200 }).dsr?.ratio).toBe('0.6667');
    expect(go({ salary: 20_000, card: 1 }).dsr?.ratio).toBe('0.0001'); // 0.00005 -> 0.0001
  });

  it('hidden income does not count; no income means no ratio', () => {
    const e = go({ salary: 1_000_000, has_rent: 'no', rent: 300_000, card: 100_000 });
    expect(e.dsr).toMatchObject({ incomeFen: 1_000_000, ratio: '0.1000' });
    expect(go({ card: 100_000 }, 5).dsr).toEqual({ incomeFen: 0, debtFen: 100_000, newPaymentFen: 5, ratio: null, overLimit: false });
  });

  it('over the limit raises a high flag on the first income item, after the template flags', () => {
    const e = go({ salary: 1_000_000, card: 400_000 }, 123_100);
    expect(e.dsr).toMatchObject({ ratio: '0.5231', overLimit: true });
    expect(e.redFlags).toEqual([
      { code: 'dsr_over_limit', itemKey: 'salary', severity: 'high', message: { zh: '负债收入比 52.31% 超过上限 50%', en: 'Debt-service ratio 52.31% is above the limit of 50%' } },
    ]);
    expect(go({ salary: 1_000_000, card: 500_000 }).dsr?.overLimit).toBe(false); // exactly at the limit
  });

  it('is null without a dsr spec; a bad newMonthlyPayment or today throws', () => {
    expect(run(items, { salary: 1 }).dsr).toBeNull();
    expect(() => go({}, 1.5)).toThrow(/newMonthlyPayment/);
    expect(() => go({}, -1)).toThrow(/newMonthlyPayment/);
    expect(() => run(items, {}, {}, { today: '26/11/2026' })).toThrow(/today/);
  });
});
