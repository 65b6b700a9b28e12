// fast-check generators for the form engine's properties: random templates whose conditions only look
// back (as publish requires), and random answers of every kind, valid and not.
import fc from 'fast-check';
import type { AnswerValue, Condition, FormItem, FormSection, FormTemplateBody, LeafItem, TemplateFile } from '../../../shared/forms';
import { L } from './helpers';

const KINDS = ['yesno', 'single', 'multi', 'number', 'money', 'text', 'date', 'evidence', 'group'] as const;
const CHILD_KINDS = ['yesno', 'single', 'number', 'text'] as const;
const OPTIONS = ['a', 'b', 'c'];
const options = OPTIONS.map((v) => ({ value: v, label: L(v), score: v === 'a' ? 1 : v === 'b' ? 0.5 : undefined }));

export interface Plan {
  kinds: number[];
  picks: number[][]; // per item: random numbers spent on its choices
  cuts: number[];
}

export const planArb: fc.Arbitrary<Plan> = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.record({
    kinds: fc.array(fc.nat(KINDS.length - 1), { minLength: n, maxLength: n }),
    picks: fc.array(fc.array(fc.nat(1000), { minLength: 24, maxLength: 24 }), { minLength: n, maxLength: n }),
    cuts: fc.array(fc.nat(n), { maxLength: 2 }),
  }),
);

type Ref = { key: string; kind: string };

/** A condition on `ref` that publish accepts: operators and values fit the referenced item's kind. */
function conditionOn(ref: Ref, r: number, v: number): Condition {
  const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length] as T;
  switch (r % 3 === 0 ? 'generic' : ref.kind) {
    case 'yesno':
      return r % 2 ? { item: ref.key, op: pick(['eq', 'ne'] as const, v), value: pick(['yes', 'no', 'na'], v >> 1) } : { item: ref.key, op: 'in', value: ['yes', pick(['no', 'na'], v)] };
    case 'single':
      return r % 2 ? { item: ref.key, op: 'eq', value: pick(OPTIONS, v) } : { item: ref.key, op: 'notIn', value: [pick(OPTIONS, v)] };
    case 'multi':
      return { item: ref.key, op: 'includes', value: pick(OPTIONS, v) };
    case 'number':
    case 'money':
      return { item: ref.key, op: pick(['gt', 'gte', 'lt', 'lte'] as const, v), value: (v % 150) - 20 };
    default:
      return { item: ref.key, op: v % 2 ? 'answered' : 'notAnswered' };
  }
}

function wrap(c: Condition, other: Condition, w: number): Condition {
  return w % 5 === 1 ? { not: c } : w % 5 === 2 ? { all: [c, other] } : w % 5 === 3 ? { any: [c, other] } : c;
}

function childItems(key: string, p: number[], before: Ref[]): LeafItem[] {
  const count = 1 + ((p[10] ?? 0) % 3);
  const out: LeafItem[] = [];
  const siblings: Ref[] = [];
  for (let c = 0; c < count; c++) {
    const kind = CHILD_KINDS[(p[11 + c] ?? 0) % CHILD_KINDS.length] ?? 'yesno';
    const ck = `${key}_c${c}`;
    const base = { key: ck, label: L(`子${c}`, `Child ${c}`), required: (p[14 + c] ?? 0) % 2 === 0 };
    let item: LeafItem =
      kind === 'single' ? { ...base, kind, options, weight: 2 } : kind === 'number' ? { ...base, kind, min: 0, max: 100 } : { ...base, kind } as LeafItem;
    const pool = [...siblings, ...before];
    const r = p[17 + c] ?? 0;
    if (pool.length > 0 && r % 2 === 0) item = { ...item, visibleIf: conditionOn(pool[r % pool.length] as Ref, r >> 1, p[20 + c] ?? 0) };
    out.push(item);
    siblings.push({ key: ck, kind });
  }
  return out;
}

/** Builds a publishable template body from a plan: every reference is to an earlier item. */
export function buildBody(plan: Plan): FormTemplateBody {
  const before: Ref[] = [];
  const items: FormItem[] = [];
  plan.kinds.forEach((k, i) => {
    const p = plan.picks[i] ?? [];
    const kind = KINDS[k] ?? 'yesno';
    const key = `i${i}`;
    const base = { key, label: L(`题${i}`, `Item ${i}`), required: (p[0] ?? 0) % 3 !== 0 };
    let item: FormItem;
    switch (kind) {
      case 'single':
      case 'multi':
        item = { ...base, kind, options, ...(kind === 'single' ? { weight: 1 + ((p[1] ?? 0) % 5) } : { minSelected: (p[1] ?? 0) % 3 }) } as FormItem;
        break;
      case 'number':
        item = { ...base, kind, min: 0, max: 100, integer: (p[1] ?? 0) % 2 === 0 };
        break;
      case 'money': {
        const earlier = before.filter((b) => b.kind === 'money');
        item = { ...base, kind, min: 0, ...(earlier.length > 0 && (p[1] ?? 0) % 2 ? { validations: [{ op: 'lte', item: (earlier[0] as Ref).key, message: L('过大', 'Too large') }] } : {}) };
        break;
      }
      case 'evidence':
        item = { ...base, kind, attachmentKinds: ['photo'], minCount: (p[1] ?? 0) % 3 };
        break;
      case 'group':
        item = { ...base, kind, minRows: (p[1] ?? 0) % 2, maxRows: 3, items: childItems(key, p, before) };
        break;
      case 'yesno':
        item = { ...base, kind, weight: (p[1] ?? 0) % 4 };
        break;
      default:
        item = { ...base, kind } as FormItem;
    }
    const r = p[2] ?? 0;
    if (before.length > 0 && r % 3 !== 0) {
      const first = conditionOn(before[r % before.length] as Ref, p[3] ?? 0, p[4] ?? 0);
      const second = conditionOn(before[(p[5] ?? 0) % before.length] as Ref, p[6] ?? 0, p[7] ?? 0);
      item = { ...item, visibleIf: wrap(first, second, p[8] ?? 0) };
    }
    if ((p[9] ?? 0) % 2 === 0) {
      const self = conditionOn({ key, kind }, p[3] ?? 0, p[9] ?? 0);
      item = { ...item, redFlags: [{ code: `flag_${i}`, when: self, severity: 'medium', message: L('风险', 'Risk') }] };
    }
    items.push(item);
    before.push({ key, kind });
  });
  const cuts = [...new Set(plan.cuts.filter((c) => c > 0 && c < items.length))].sort((a, b) => a - b);
  const bounds = [0, ...cuts, items.length];
  const sections: FormSection[] = [];
  for (let s = 0; s + 1 < bounds.length; s++) {
    const start = bounds[s] ?? 0;
    const sec: FormSection = { key: `s${s}`, title: L(`部分${s}`, `Part ${s}`), items: items.slice(start, bounds[s + 1]) };
    if (start > 0 && (plan.picks[start]?.[23] ?? 0) % 2 === 0) sec.visibleIf = conditionOn(before[start - 1] as Ref, 0, plan.picks[start]?.[22] ?? 0);
    sections.push(sec);
  }
  const money = before.filter((b) => b.kind === 'money').map((b) => b.key);
  const dsr = money.length > 0 ? { dsr: { monthlyIncome: [money[0] as string], monthlyDebt: money.slice(1) }, dsrLimit: '0.5' } : {};
  return { purpose: 'due_diligence', sections, ...dsr };
}

export function fileOf(body: FormTemplateBody): TemplateFile {
  return { code: 'prop_test', version: 1, title_zh: '性质', title_en: 'Property', applies_to: { customerTypes: ['individual'], products: ['consumer'] }, body };
}

/** A value for a leaf item: mostly valid, sometimes empty or invalid. */
export function valueFor(item: FormItem | LeafItem, r: number): AnswerValue | undefined {
  const mode = r % 7;
  if (mode === 0) return undefined;
  if (mode === 1) return null;
  const v = r >> 3;
  const bad = mode === 6;
  switch (item.kind) {
    case 'yesno':
      return bad ? 'maybe' : (['yes', 'no', 'na'][v % 3] as string);
    case 'single':
      return bad ? 'zz' : (OPTIONS[v % 3] as string);
    case 'multi':
      return bad ? ['a', 'a'] : OPTIONS.filter((_, i) => (v >> i) & 1);
    case 'number':
      return bad ? 1000 : (v % 120) - 10;
    case 'money':
      return bad ? 1.5 : (v % 500) * 100;
    case 'text':
      return bad ? 7 : v % 4 === 0 ? '' : `t${v}`;
    case 'date':
      return bad ? '2025-02-30' : `2025-0${1 + (v % 9)}-1${v % 10}`;
    case 'group': {
      if (bad) return 'rows';
      const rows = v % 5;
      return Array.from({ length: rows }, (_, rI) => {
        const row: Record<string, AnswerValue> = {};
        item.items.forEach((c, cI) => {
          const cv = valueFor(c, (v * 31 + rI * 7 + cI * 13) % 997);
          if (cv !== undefined) row[c.key] = cv;
        });
        return row as Record<string, string | number | string[] | null>;
      });
    }
    default:
      return undefined;
  }
}

export const seedsArb = fc.array(fc.nat(1_000_000), { minLength: 12, maxLength: 12 });

/** Answers and evidence counts for a body, from random seeds. */
export function answersFor(body: FormTemplateBody, seeds: number[]): { answers: Record<string, AnswerValue>; evidence: Record<string, number> } {
  const answers: Record<string, AnswerValue> = {};
  const evidence: Record<string, number> = {};
  let i = 0;
  for (const s of body.sections) {
    for (const item of s.items) {
      const r = seeds[i % seeds.length] ?? 0;
      i++;
      if (item.kind === 'evidence' || item.kind === 'signature') evidence[item.key] = r % 4;
      else {
        const v = valueFor(item, r + i);
        if (v !== undefined) answers[item.key] = v;
      }
    }
  }
  return { answers, evidence };
}
