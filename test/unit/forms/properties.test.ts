import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileForm, evaluateForm, validateTemplateFile, type FormItem, type FormTemplate, type FormTemplateBody } from '../../../shared/forms';
import { answersFor, buildBody, fileOf, planArb, seedsArb, valueFor } from './arbitraries';

function templateOf(body: FormTemplateBody): FormTemplate {
  const r = validateTemplateFile(fileOf(body));
  if (!r.ok) throw new Error(`generated template refused: ${JSON.stringify(r.problems)}`);
  // A fresh id per template: the compile cache is keyed by id@version.
  return { ...r.template, id: `prop-${Math.random()}` };
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    Object.freeze(v);
    Object.values(v).forEach(deepFreeze);
  }
  return v;
}

const topItems = (body: FormTemplateBody): FormItem[] => body.sections.flatMap((s) => s.items);

describe('form engine properties', () => {
  it('(d) templates with only backward references pass publish; a self or forward visibleIf fails it', () => {
    fc.assert(
      fc.property(planArb, fc.nat(), fc.nat(), (plan, a, b) => {
        const body = buildBody(plan);
        const ok = validateTemplateFile(fileOf(body));
        expect(ok.ok ? [] : ok.problems).toEqual([]);

        // Item k now depends on item j >= k (itself or a later one).
        const items = topItems(body);
        const k = a % items.length;
        const j = k + (b % (items.length - k));
        const target = items[j] as FormItem;
        const broken = structuredClone(body);
        const victim = broken.sections.flatMap((s) => s.items)[k] as FormItem;
        victim.visibleIf = { any: [{ item: target.key, op: 'answered' }, ...(victim.visibleIf ? [victim.visibleIf] : [])] };
        const r = validateTemplateFile(fileOf(broken));
        expect(r.ok).toBe(false);
        const codes = r.ok ? [] : r.problems.map((p) => p.code);
        expect(codes.some((c) => c === 'forward_reference' || c === 'cycle')).toBe(true);
        if (j === k) expect(codes).toContain('cycle');
      }),
      { numRuns: 300 },
    );
  });

  it('(a) answering a hidden item changes nothing at all', () => {
    let hiddenSeen = 0;
    fc.assert(
      fc.property(planArb, seedsArb, fc.nat(), (plan, seeds, r) => {
        const body = buildBody(plan);
        const form = compileForm(templateOf(body));
        const { answers, evidence } = answersFor(body, seeds);
        const before = evaluateForm(form, answers, evidence, { today: '2025-06-30' });
        for (const item of topItems(body)) {
          if (before.visibleItems.has(item.key) || item.kind === 'evidence' || item.kind === 'signature') continue;
          hiddenSeen++;
          const value = valueFor(item, r * 7 + 2) ?? null;
          const after = evaluateForm(form, { ...answers, [item.key]: value }, { ...evidence, [item.key]: 1 }, { today: '2025-06-30' });
          expect(after.missing).toEqual(before.missing);
          expect([after.requiredCount, after.completeCount, after.completenessPct]).toEqual([before.requiredCount, before.completeCount, before.completenessPct]);
          expect(after).toEqual(before); // nor flags, score, DSR or visibility
        }
      }),
      { numRuns: 300 },
    );
    expect(hiddenSeen).toBeGreaterThan(50); // the property was really exercised
  });

  it('(b) completeness is 100 exactly when nothing is missing', () => {
    const seen = { complete: 0, incomplete: 0 };
    fc.assert(
      fc.property(planArb, seedsArb, (plan, seeds) => {
        const body = buildBody(plan);
        const { answers, evidence } = answersFor(body, seeds);
        const e = evaluateForm(compileForm(templateOf(body)), answers, evidence, { today: '2025-06-30' });
        expect(e.completenessPct === 100).toBe(e.missing.length === 0);
        expect(e.completeCount).toBe(e.requiredCount - e.missing.length);
        expect(e.completenessPct).toBeGreaterThanOrEqual(0);
        expect(Number.isInteger(e.completenessPct)).toBe(true);
        seen[e.missing.length === 0 ? 'complete' : 'incomplete']++;
      }),
      { numRuns: 400 },
    );
    expect(seen.complete).toBeGreaterThan(10);
    expect(seen.incomplete).toBeGreaterThan(10);
  });

  it('(c) evaluateForm is deterministic and does not touch its inputs', () => {
    fc.assert(
      fc.property(planArb, seedsArb, fc.nat(1_000_000), (plan, seeds, pay) => {
        const body = buildBody(plan);
        const template = templateOf(body);
        const { answers, evidence } = answersFor(body, seeds);
        const copies = structuredClone({ template, answers, evidence });
        deepFreeze(template);
        deepFreeze(answers);
        deepFreeze(evidence);
        const form = compileForm(template);
        const opts = { today: '2025-06-30', newMonthlyPayment: pay };
        const first = evaluateForm(form, answers, evidence, opts);
        const second = evaluateForm(form, answers, evidence, opts);
        expect(second).toEqual(first);
        expect({ template, answers, evidence }).toEqual(copies);
        // A fresh compilation of an equal template gives the same evaluation.
        expect(evaluateForm(compileForm({ ...copies.template, id: `${template.id}-copy` }), copies.answers, copies.evidence, opts)).toEqual(first);
      }),
      { numRuns: 200 },
    );
  });
});
