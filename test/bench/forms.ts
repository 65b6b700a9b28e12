// Form engine benchmarks: evaluating a realistic 150-item due-diligence checklist, the work done on
// every answer (renderer live view and service re-check). Also exports the synthetic template so other
// benchmarks (services, renderer) measure against the same shape.
import {
  checkAnswer,
  compileForm,
  evaluateForm,
  parseTemplateRow,
  type AnswerValue,
  type Condition,
  type FormItem,
  type FormSection,
  type FormTemplate,
  type LeafItem,
} from '../../shared/forms';

const t = (zh: string, en: string) => ({ zh, en });
const pad = (i: number) => String(i).padStart(3, '0');
const options = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => ({ value: `${prefix}${i + 1}`, label: t(`选项${i + 1}`, `Option ${i + 1}`), score: i === 0 ? 1 : i === 1 ? 0.5 : 0 }));

function groupItem(key: string): FormItem {
  const children: LeafItem[] = [
    { key: `${key}_name`, kind: 'text', label: t('姓名', 'Name'), required: true, maxLength: 100 },
    { key: `${key}_relation`, kind: 'single', label: t('关系', 'Relation'), options: options(3, 'r'), required: true, weight: 1 },
    { key: `${key}_amount`, kind: 'money', label: t('金额', 'Amount'), min: 0, visibleIf: { item: `${key}_relation`, op: 'ne', value: 'r3' } },
    {
      key: `${key}_ok`,
      kind: 'yesno',
      label: t('征信正常', 'Credit record clean'),
      required: true,
      visibleIf: { item: `${key}_name`, op: 'answered' },
      redFlags: [{ code: 'row_credit', when: { item: `${key}_ok`, op: 'eq', value: 'no' }, severity: 'medium', message: t('征信异常', 'Credit record issue') }],
    },
  ];
  return { key, kind: 'group', label: t('担保人', 'Guarantors'), items: children, minRows: 1, maxRows: 5, required: true };
}

/**
 * A synthetic checklist: `items` top-level items in 10 sections, every kind, 2 repeat groups, about a
 * quarter of the items conditional (some chained on other conditional items), red flags, weights, a
 * cross-item validation and a DSR. Deterministic; the id carries the size so sizes never share a cache.
 */
export function syntheticTemplate(items = 150): FormTemplate {
  const sectionCount = 10;
  const perSection = Math.max(1, Math.ceil(items / sectionCount));
  const groupAt = new Set([Math.floor((items * 0.13) / 10) * 10 + 9, Math.floor((items * 0.66) / 10) * 10 + 9]);
  const sections: FormItem[][] = Array.from({ length: sectionCount }, () => []);
  const last: Partial<Record<'yesno' | 'number' | 'multi' | 'single' | 'conditional', string>> = {};
  const money: string[] = [];

  for (let i = 0; i < items; i++) {
    const key = `q${pad(i)}`;
    const label = t(`第 ${i + 1} 题`, `Question ${i + 1}`);
    const required = i % 3 !== 0;
    let item: FormItem;
    if (groupAt.has(i)) item = groupItem(key);
    else {
      switch (i % 10) {
        case 0:
        case 7:
        case 9:
          item = {
            key, kind: 'yesno', label, required, weight: 2,
            redFlags: i % 10 === 0 ? [{ code: `flag_${key}`, when: { item: key, op: 'eq', value: 'no' }, severity: i % 20 === 0 ? 'high' : 'low', message: t('存在风险', 'Risk noted') }] : undefined,
          };
          break;
        case 1:
          item = { key, kind: 'text', label, required, maxLength: 500 };
          break;
        case 2:
          item = { key, kind: 'number', label, required, min: 0, max: 1000, integer: i % 4 === 2 };
          break;
        case 3:
          item = {
            key, kind: 'money', label, required, min: 0, max: 10_000_000_000,
            validations: money.length === 1 ? [{ op: 'lte', item: money[0] ?? '', message: t('月负债不能大于月收入', 'Monthly debt cannot exceed monthly income') }] : undefined,
            redFlags: [{ code: `big_${key}`, when: { item: key, op: 'gt', value: 5_000_000_000 }, severity: 'medium', message: t('金额较大', 'Large amount') }],
          };
          break;
        case 4:
          item = { key, kind: 'date', label, required, notFuture: true };
          break;
        case 5:
          item = { key, kind: 'single', label, required, options: options(3, 's'), weight: 3 };
          break;
        case 6:
          item = { key, kind: 'multi', label, required, options: options(4, 'm'), minSelected: 1 };
          break;
        default:
          item = i % 20 === 8
            ? { key, kind: 'evidence', label, required, attachmentKinds: ['site_photo'], minCount: 2 }
            : { key, kind: 'signature', label, required };
      }
    }
    const cond = syntheticCondition(i, last);
    if (cond) item = { ...item, visibleIf: cond } as FormItem;
    sections[Math.min(sectionCount - 1, Math.floor(i / perSection))]?.push(item);
    if (item.kind === 'yesno' || item.kind === 'number' || item.kind === 'multi' || item.kind === 'single') last[item.kind] = key;
    if (cond) last.conditional = key;
    if (item.kind === 'money' && !item.visibleIf) money.push(key);
  }

  const body: FormSection[] = sections
    .map((list, s): FormSection => ({ key: `s${s + 1}`, title: t(`第 ${s + 1} 部分`, `Part ${s + 1}`), items: list }))
    .filter((s) => s.items.length > 0);
  const firstOfSeventh = body[6]?.items[0];
  const gate = sections.slice(0, 6).flat().find((x) => x.kind === 'yesno' && !x.visibleIf);
  if (body[6] && gate && firstOfSeventh) body[6] = { ...body[6], visibleIf: { item: gate.key, op: 'ne', value: 'no' } };
  return {
    id: `synthetic-${items}`,
    code: `synthetic_${items}`,
    version: 1,
    title: t('合成尽调清单', 'Synthetic due-diligence checklist'),
    appliesTo: { customerTypes: ['individual', 'micro'], products: ['consumer', 'business'] },
    body: {
      purpose: 'due_diligence',
      sections: body,
      ...(money.length >= 2 ? { dsr: { monthlyIncome: [money[0] ?? ''], monthlyDebt: money.slice(1, 3) }, dsrLimit: '0.5' } : {}),
    },
  };
}

function syntheticCondition(i: number, last: Partial<Record<string, string>>): Condition | undefined {
  if (i < 5 || i % 4 !== 3) return undefined;
  const pick = (kind: string, make: (k: string) => Condition): Condition | undefined => {
    const k = last[kind];
    return k ? make(k) : undefined;
  };
  switch (Math.floor(i / 4) % 5) {
    case 0:
      return pick('yesno', (k) => ({ item: k, op: 'eq', value: 'yes' }));
    case 1:
      return pick('conditional', (k) => ({ item: k, op: 'answered' })); // chained on a conditional item
    case 2:
      return pick('number', (k) => ({ item: k, op: 'gt', value: 100 }));
    case 3:
      return pick('multi', (k) => ({ item: k, op: 'includes', value: 'm1' }));
    default: {
      const y = last['yesno'];
      const s = last['single'];
      return y && s ? { any: [{ item: s, op: 'in', value: ['s1', 's2'] }, { not: { item: y, op: 'eq', value: 'no' } }] } : undefined;
    }
  }
}

/** Answers to about `fill` of the items (deterministic), and attachment counts for evidence items. */
export function syntheticAnswers(template: FormTemplate, fill = 0.8): { answers: Record<string, AnswerValue>; evidence: Record<string, number> } {
  const answers: Record<string, AnswerValue> = {};
  const evidence: Record<string, number> = {};
  let i = 0;
  const income = template.body.dsr?.monthlyIncome[0];
  for (const section of template.body.sections) {
    for (const item of section.items) {
      i++;
      if (((i * 37) % 100) / 100 >= fill) continue;
      switch (item.kind) {
        case 'yesno': answers[item.key] = i % 11 === 0 ? 'na' : i % 7 === 0 ? 'no' : 'yes'; break;
        case 'text': answers[item.key] = `情况正常 ${i}`; break;
        case 'number': answers[item.key] = 150 + i; break;
        case 'money': answers[item.key] = item.key === income ? 3_000_000 : 800_000 + i; break;
        case 'date': answers[item.key] = '2025-06-01'; break;
        case 'single': answers[item.key] = i % 3 === 0 ? 's2' : 's1'; break;
        case 'multi': answers[item.key] = ['m1', 'm3']; break;
        case 'evidence': evidence[item.key] = 2; break;
        case 'signature': evidence[item.key] = 1; break;
        case 'group':
          answers[item.key] = [
            { [`${item.key}_name`]: '张三', [`${item.key}_relation`]: 'r1', [`${item.key}_amount`]: 100_000, [`${item.key}_ok`]: 'yes' },
            { [`${item.key}_name`]: '李四', [`${item.key}_relation`]: 'r2', [`${item.key}_ok`]: 'no' },
          ];
      }
    }
  }
  return { answers, evidence };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const round2 = (x: number) => Number(x.toFixed(2));

export function runFormBenchmarks(emit: (line: Record<string, unknown>) => void): void {
  const template = syntheticTemplate(150);
  const form = compileForm(template);
  const { answers, evidence } = syntheticAnswers(template);
  const opts = { newMonthlyPayment: 400_000, today: '2026-11-26' };
  for (let i = 0; i < 3_000; i++) evaluateForm(form, answers, evidence, opts); // warm up the JIT

  const N = 20_000;
  const samples = new Array<number>(N);
  let sink = 0;
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    sink += evaluateForm(form, answers, evidence, opts).completenessPct;
    samples[i] = performance.now() - t0;
  }
  if (sink < 0) console.log(sink); // keeps the result observable so the call cannot be dropped
  samples.sort((a, b) => a - b);
  const mean = (samples.reduce((a, b) => a + b, 0) / N) * 1000;
  emit({ name: 'dd.completeness.us', value: round2(mean), unit: 'us', p99: round2(percentile(samples, 99) * 1000), items: 150, target: '< 500' });

  // The service's whole answer path: the row as the database returns it (JSON text), parsed, compiled,
  // the answer checked and the form re-evaluated. The caches make the first two steps lookups.
  const row = { id: 'bench-row', code: template.code, version: 1, title_zh: '合成', title_en: 'Synthetic', applies_to: JSON.stringify(template.appliesTo), body: JSON.stringify(template.body) };
  const path = new Array<number>(5_000);
  for (let i = 0; i < path.length + 500; i++) {
    const t0 = performance.now();
    const f = compileForm(parseTemplateRow(row));
    if (checkAnswer(f, 'q002', 300, answers, opts) === null) sink += evaluateForm(f, { ...answers, q002: 300 }, evidence, opts).requiredCount;
    if (i >= 500) path[i - 500] = performance.now() - t0;
  }
  path.sort((a, b) => a - b);
  emit({ name: 'dd.answer_path.us', value: round2(percentile(path, 50) * 1000), unit: 'us', p99: round2(percentile(path, 99) * 1000), target: 'p99 < 3000' });
}
