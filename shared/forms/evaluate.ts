// Evaluates a compiled form against its answers and attachment counts: what is visible, what is still
// missing, red flags, the checklist score and the debt-service ratio. Runs on every answer (renderer
// live view, service re-check), so it is one pass in template order over precompiled closures.
import Decimal from 'decimal.js';
import { assertToday, checkGroupShape, checkLeafValue, type AnswerProblem } from './answers';
import type { CompiledForm, CompiledItem } from './compile';
import { isAnswered, type AnswerScope } from './conditions';
import { inRow, msg } from './messages';
import type { AnswerValue, Answers, EvidenceCounts, LocalizedText, Severity } from './template';

export interface MissingItem {
  /** The top-level item: for a problem inside a repeat group, the group (see row and childKey). */
  key: string;
  sectionKey: string;
  /** Label of the top-level item named by `key`. */
  label: LocalizedText;
  reason: 'required' | 'invalid' | 'evidence' | 'rows';
  /** What is wrong, ready to show (for a row: "第 2 行「姓名」：必填"). */
  problem?: LocalizedText;
  row?: number;
  childKey?: string;
}

export interface RaisedFlag {
  code: string;
  /** The top-level item whose rule raised it (the group, for a rule of a group's child item). */
  itemKey: string;
  severity: Severity;
  message: LocalizedText;
  /** For a rule of a group's child item: the row (0-based) and the child item. */
  row?: number;
  childKey?: string;
}

export interface FormEvaluation {
  /** Visible top-level item keys. */
  visibleItems: ReadonlySet<string>;
  visibleSections: ReadonlySet<string>;
  /** In template order (rows in row order, within a row in item order). */
  missing: MissingItem[];
  /**
   * Requirements: visible required leaf items, each required child per row, a group's minimum rows,
   * and every other entry of `missing` (an invalid optional answer, partial optional evidence), so that
   * requiredCount = completeCount + missing.length and 100 % means nothing is missing.
   */
  requiredCount: number;
  completeCount: number;
  /** Integer 0..100, rounded down (99 until really complete); 100 when nothing is required. */
  completenessPct: number;
  /** In template order, then the DSR flag. */
  redFlags: RaisedFlag[];
  score: { earned: number; possible: number; pct: number | null };
  dsr: { incomeFen: number; debtFen: number; newPaymentFen: number; ratio: string | null; overLimit: boolean } | null;
}

export interface EvaluateOptions {
  /** Monthly installment of the loan applied for, fen; added to existing debt in the DSR. */
  newMonthlyPayment?: number;
  /** Business date for notFuture dates. */
  today?: string;
}

/** Enough digits that rounding a ratio of two fen amounts to 4 places is exact. */
const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });

type MutableScope = Record<string, AnswerValue | undefined>;

interface Ctx {
  readonly evidence: EvidenceCounts;
  readonly today: string | undefined;
  readonly missing: MissingItem[];
  readonly flags: RaisedFlag[];
  required: number;
  earned: number;
  possible: number;
}

const hasOwn = Object.prototype.hasOwnProperty;

function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return hasOwn.call(record, key) ? record[key] : undefined;
}

function addMissing(ctx: Ctx, top: CompiledItem, reason: MissingItem['reason'], problem: LocalizedText, row?: number, childKey?: string): void {
  const m: MissingItem = { key: top.key, sectionKey: top.sectionKey, label: top.item.label, reason, problem };
  if (row !== undefined) m.row = row;
  if (childKey !== undefined) m.childKey = childKey;
  ctx.missing.push(m);
  ctx.required++; // every missing entry is one unmet requirement (see FormEvaluation.requiredCount)
}

function addScore(ctx: Ctx, ci: CompiledItem, v: unknown): void {
  const w = ci.item.weight;
  if (!w) return;
  if (ci.item.kind === 'yesno') {
    if (v === 'na') return; // not applicable: out of the score altogether
    ctx.possible += w;
    if (v === 'yes') ctx.earned += w;
  } else if (ci.item.kind === 'single') {
    ctx.possible += w;
    if (typeof v === 'string') ctx.earned += w * (ci.options?.get(v) ?? 0);
  }
}

function raiseFlags(ctx: Ctx, ci: CompiledItem, scope: AnswerScope, top: CompiledItem, row?: number): void {
  for (const f of ci.flags) {
    if (!f.when(scope)) continue;
    const flag: RaisedFlag = { code: f.rule.code, itemKey: top.key, severity: f.rule.severity, message: f.rule.message };
    if (row !== undefined) {
      flag.row = row;
      flag.childKey = ci.key;
    }
    ctx.flags.push(flag);
  }
}

// Plain functions, not closures made per call: this runs for every item on every evaluation.
function where(ci: CompiledItem, m: LocalizedText, row: number | undefined): LocalizedText {
  return row === undefined ? m : inRow(row, ci.item.label, m);
}

function childKeyOf(ci: CompiledItem, row: number | undefined): string | undefined {
  return row === undefined ? undefined : ci.key;
}

/** A visible leaf answered by value (not evidence): required / invalid, and its score. */
function evaluateValue(ctx: Ctx, ci: CompiledItem, v: unknown, scope: AnswerScope, top: CompiledItem, row?: number): void {
  const req = ci.item.required === true;
  if (!isAnswered(v)) {
    if (req) addMissing(ctx, top, 'required', where(ci, msg.required(), row), row, childKeyOf(ci, row));
  } else {
    const p: AnswerProblem | null = checkLeafValue(ci, v, scope, ctx.today);
    if (p) addMissing(ctx, top, 'invalid', where(ci, p.message, row), row, childKeyOf(ci, row));
    else if (req) ctx.required++;
  }
  addScore(ctx, ci, v);
}

function evaluateEvidence(ctx: Ctx, ci: CompiledItem): void {
  const raw = own(ctx.evidence, ci.key);
  const count = typeof raw === 'number' && Number.isFinite(raw) ? raw : 0;
  const minCount = ci.item.kind === 'evidence' ? (ci.item.minCount ?? 1) : 1;
  if (ci.item.required === true) {
    const min = Math.max(minCount, 1);
    if (count >= min) ctx.required++;
    else addMissing(ctx, ci, 'evidence', ci.item.kind === 'signature' ? msg.signature() : msg.evidence(min, count));
  } else if (count >= 1 && count < minCount) {
    // Optional, but once begun it must reach its minimum (e.g. both sides of an ID card).
    addMissing(ctx, ci, 'evidence', msg.evidence(minCount, count));
  }
}

function evaluateGroup(ctx: Ctx, g: CompiledItem, v: unknown, scope: MutableScope): void {
  const item = g.item;
  if (item.kind !== 'group') return;
  if (isAnswered(v)) {
    const p = checkGroupShape(g, v);
    if (p) addMissing(ctx, g, 'invalid', p.message, p.row);
  }
  const rows: unknown[] = Array.isArray(v) ? v : [];
  const minRows = Math.max(item.minRows ?? 0, item.required === true ? 1 : 0);
  if (minRows > 0) {
    if (rows.length >= minRows) ctx.required++;
    else addMissing(ctx, g, 'rows', msg.tooFewRows(minRows, rows.length));
  }
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (typeof row !== 'object' || row === null || Array.isArray(row)) continue; // reported by checkGroupShape
    const values = row as Readonly<Record<string, AnswerValue>>;
    // The row's siblings shadow nothing at top level (publish keeps child keys distinct from
    // top-level keys), so a prototype chain gives "row first, then the form" for free.
    const rowScope = Object.create(scope) as MutableScope;
    for (const child of g.children) {
      if (child.visibleIf && !child.visibleIf(rowScope)) continue;
      const cv = own(values, child.key);
      if (cv !== undefined) rowScope[child.key] = cv;
      // Attachments are counted per top-level item only; publish refuses evidence inside groups.
      if (child.item.kind !== 'evidence' && child.item.kind !== 'signature') evaluateValue(ctx, child, cv, rowScope, g, r);
      raiseFlags(ctx, child, rowScope, g, r);
    }
    for (const k in values) {
      if (hasOwn.call(values, k) && !g.childByKey.has(k) && isAnswered(values[k])) {
        addMissing(ctx, g, 'invalid', msg.unknownInRow(r, k), r, k);
      }
    }
  }
}

/** Visible money answers of the named items; anything else (unanswered, hidden, malformed) adds nothing. */
function sumMoney(scope: AnswerScope, keys: readonly string[]): number {
  let total = 0;
  for (const k of keys) {
    const v = scope[k];
    if (typeof v === 'number' && Number.isSafeInteger(v)) total += v;
  }
  return total;
}

function ratioText(ratio: Decimal): string {
  return ratio.times(100).toFixed(2);
}

function evaluateDsr(form: CompiledForm, scope: AnswerScope, newPaymentFen: number, ctx: Ctx): FormEvaluation['dsr'] {
  const spec = form.dsr;
  if (!spec) return null;
  const incomeFen = sumMoney(scope, spec.income);
  const debtFen = sumMoney(scope, spec.debt);
  if (incomeFen <= 0) return { incomeFen, debtFen, newPaymentFen, ratio: null, overLimit: false };
  const ratio = new D(debtFen).plus(newPaymentFen).div(incomeFen).toDecimalPlaces(4, D.ROUND_HALF_UP);
  // Compared as shown (4 places), so a ratio displayed as 50.00 % never counts as above a 50 % limit.
  const overLimit = spec.limit !== null && ratio.gt(spec.limit);
  if (overLimit && spec.limit) {
    ctx.flags.push({
      code: 'dsr_over_limit',
      itemKey: spec.income[0] ?? '',
      severity: 'high',
      message: msg.dsrOver(ratioText(ratio), new D(spec.limit).times(100).toString()),
    });
  }
  return { incomeFen, debtFen, newPaymentFen, ratio: ratio.toFixed(4), overLimit };
}

function roundMicro(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/**
 * Evaluates answers and attachment counts against the form. Pure: reads its inputs, never changes them.
 * A hidden item (its section's or its own visibleIf fails) counts as unanswered for every condition,
 * never blocks, raises no flag and earns no score.
 */
export function evaluateForm(form: CompiledForm, answers: Answers, evidence: EvidenceCounts, opts: EvaluateOptions = {}): FormEvaluation {
  assertToday(opts.today);
  const newPaymentFen = opts.newMonthlyPayment ?? 0;
  if (!Number.isSafeInteger(newPaymentFen) || newPaymentFen < 0) {
    throw new Error(`evaluateForm: newMonthlyPayment must be a whole number of fen ≥ 0, got ${String(opts.newMonthlyPayment)}`);
  }
  const ctx: Ctx = { evidence, today: opts.today, missing: [], flags: [], required: 0, earned: 0, possible: 0 };
  // Only visible answers go in; conditions name earlier items, so filling it in template order means
  // each condition sees exactly the visible answers it may depend on.
  const scope = Object.create(null) as MutableScope;
  const visibleItems = new Set<string>();
  const visibleSections = new Set<string>();

  for (const section of form.sections) {
    if (section.visibleIf && !section.visibleIf(scope)) continue;
    visibleSections.add(section.key);
    for (const ci of section.items) {
      if (ci.visibleIf && !ci.visibleIf(scope)) continue;
      visibleItems.add(ci.key);
      const v = own(answers, ci.key);
      if (v !== undefined) scope[ci.key] = v;
      // A rule's `when` may name its own item, so flags are raised once the item's answer is in scope.
      raiseFlags(ctx, ci, scope, ci);
      const kind = ci.item.kind;
      if (kind === 'group') evaluateGroup(ctx, ci, v, scope);
      else if (kind === 'evidence' || kind === 'signature') evaluateEvidence(ctx, ci);
      else evaluateValue(ctx, ci, v, scope, ci);
    }
  }

  const dsr = evaluateDsr(form, scope, newPaymentFen, ctx);
  const requiredCount = ctx.required;
  const completeCount = requiredCount - ctx.missing.length;
  const earned = roundMicro(ctx.earned);
  const possible = roundMicro(ctx.possible);
  return {
    visibleItems,
    visibleSections,
    missing: ctx.missing,
    requiredCount,
    completeCount,
    completenessPct: requiredCount === 0 ? 100 : Math.floor((completeCount * 100) / requiredCount),
    redFlags: ctx.flags,
    score: {
      earned,
      possible,
      pct: possible > 0 ? new D(earned).div(possible).times(100).toDecimalPlaces(1, D.ROUND_HALF_UP).toNumber() : null,
    },
    dsr,
  };
}
