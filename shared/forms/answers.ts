// Is one answer acceptable for its item? Shape and bounds per item kind (template.ts), plus the item's
// cross-item validations. Completeness (is it there at all?) is evaluate.ts's business, not this one's.
import { isBusinessDate } from '../domain/dates';
import type { CompiledForm, CompiledItem } from './compile';
import { inRow, moneyText, msg, numberText } from './messages';
import type { AnswerValue, Answers, LocalizedText } from './template';

export type AnswerProblemCode =
  | 'unknown_item'
  | 'not_answerable'
  | 'wrong_type'
  | 'not_an_option'
  | 'below_min'
  | 'above_max'
  | 'not_integer'
  | 'too_long'
  | 'bad_date'
  | 'future_date'
  | 'too_few_selected'
  | 'too_few_rows'
  | 'too_many_rows'
  | 'rule';

export interface AnswerProblem {
  code: AnswerProblemCode;
  message: LocalizedText;
  /** For a repeat group: the child item at fault. */
  childKey?: string;
  /** For a repeat group: the row at fault, 0-based (messages show it 1-based). */
  row?: number;
}

export interface CheckOptions {
  /** The business date 'YYYY-MM-DD' that notFuture dates are compared with; without it they are not checked. */
  today?: string;
}

/**
 * Other answers a cross-item validation may read, by key. Only numeric values are ever used, so an
 * inherited property of an ordinary object ("constructor") is a harmless miss.
 */
export type OtherAnswers = Readonly<Record<string, unknown>>;

const DEFAULT_TEXT_MAX_LENGTH = 2000;
const YESNO = new Set(['yes', 'no', 'na']);

function problem(code: AnswerProblemCode, message: LocalizedText): AnswerProblem {
  return { code, message };
}

/** Throws on a malformed `today`: it comes from code (the clock), not from staff, so it is a bug. */
export function assertToday(today: string | undefined): void {
  if (today !== undefined && !isBusinessDate(today)) {
    throw new Error(`forms: today must be a real calendar date in YYYY-MM-DD form, got ${JSON.stringify(today)}`);
  }
}

function checkBounds(v: number, min: number | undefined, max: number | undefined, show: (n: number) => LocalizedText): AnswerProblem | null {
  if (min !== undefined && v < min) return problem('below_min', msg.belowMin(show(min)));
  if (max !== undefined && v > max) return problem('above_max', msg.aboveMax(show(max)));
  return null;
}

function checkMulti(ci: CompiledItem, v: unknown, minSelected: number | undefined): AnswerProblem | null {
  if (!Array.isArray(v)) return problem('wrong_type', msg.multiType());
  const seen = new Set<string>();
  for (const o of v as unknown[]) {
    if (typeof o !== 'string') return problem('wrong_type', msg.multiType());
    if (!ci.options?.has(o)) return problem('not_an_option', msg.notAnOption(o));
    if (seen.has(o)) return problem('wrong_type', msg.duplicateOption(o));
    seen.add(o);
  }
  // An emptied checkbox group is no answer (the required check reports it), not a too-few one.
  if (minSelected !== undefined && v.length > 0 && v.length < minSelected) {
    return problem('too_few_selected', msg.tooFewSelected(minSelected));
  }
  return null;
}

/** Shape and bounds of a non-null value for a leaf item (no cross-item rules). */
function checkLeafShape(ci: CompiledItem, v: unknown, today: string | undefined): AnswerProblem | null {
  const item = ci.item;
  switch (item.kind) {
    case 'yesno':
      if (typeof v !== 'string') return problem('wrong_type', msg.yesnoType());
      return YESNO.has(v) ? null : problem('not_an_option', msg.notYesno(v));
    case 'text': {
      if (typeof v !== 'string') return problem('wrong_type', msg.textType());
      const max = item.maxLength ?? DEFAULT_TEXT_MAX_LENGTH;
      // Count characters as staff see them (code points), only when the cheap length says it may matter.
      if (v.length > max && [...v].length > max) return problem('too_long', msg.tooLong(max));
      return null;
    }
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) return problem('wrong_type', msg.numberType());
      if (item.integer && !Number.isInteger(v)) return problem('not_integer', msg.notInteger());
      return checkBounds(v, item.min, item.max, (n) => numberText(n, item.unit));
    case 'money':
      if (typeof v !== 'number' || !Number.isFinite(v)) return problem('wrong_type', msg.moneyType());
      if (!Number.isSafeInteger(v)) return problem('not_integer', msg.moneyNotWhole());
      return checkBounds(v, item.min, item.max, moneyText);
    case 'date':
      if (typeof v !== 'string') return problem('wrong_type', msg.dateType());
      if (!isBusinessDate(v)) return problem('bad_date', msg.badDate(v));
      // Fixed-width YYYY-MM-DD strings compare in date order.
      if (item.notFuture && today !== undefined && v > today) return problem('future_date', msg.futureDate(today));
      return null;
    case 'single':
      if (typeof v !== 'string') return problem('wrong_type', msg.singleType());
      return ci.options?.has(v) ? null : problem('not_an_option', msg.notAnOption(v));
    case 'multi':
      return checkMulti(ci, v, item.minSelected);
    case 'evidence':
    case 'signature':
      return problem('not_answerable', msg.notAnswerable());
    case 'group':
      // Groups are checked row by row by checkGroup; a group is never a leaf.
      return problem('wrong_type', msg.groupType());
  }
}

function compare(op: 'gt' | 'gte' | 'lt' | 'lte' | 'ne', a: number, b: number): boolean {
  switch (op) {
    case 'gt':
      return a > b;
    case 'gte':
      return a >= b;
    case 'lt':
      return a < b;
    case 'lte':
      return a <= b;
    case 'ne':
      return a !== b;
  }
}

/**
 * A non-null leaf value: its shape, then each cross-item validation whose other item has a numeric
 * answer in `lookup` (no answer there means nothing to compare with yet).
 */
export function checkLeafValue(ci: CompiledItem, v: unknown, others: OtherAnswers, today: string | undefined): AnswerProblem | null {
  const shape = checkLeafShape(ci, v, today);
  if (shape || typeof v !== 'number') return shape;
  for (const rule of ci.validations) {
    const other = others[rule.item];
    if (typeof other === 'number' && Number.isFinite(other) && !compare(rule.op, v, other)) {
      return problem('rule', rule.message);
    }
  }
  return null;
}

function isRowObject(r: unknown): r is Record<string, unknown> {
  return typeof r === 'object' && r !== null && !Array.isArray(r);
}

/** The group-level shape of a non-null group value: an array of row objects, no more than maxRows. */
export function checkGroupShape(ci: CompiledItem, v: unknown): AnswerProblem | null {
  if (!Array.isArray(v)) return problem('wrong_type', msg.groupType());
  const rows = v as unknown[];
  for (let r = 0; r < rows.length; r++) {
    if (!isRowObject(rows[r])) return { code: 'wrong_type', message: msg.rowType(r), row: r };
  }
  const max = ci.item.kind === 'group' ? ci.item.maxRows : undefined;
  if (max !== undefined && rows.length > max) return problem('too_many_rows', msg.tooManyRows(max));
  return null;
}

function checkGroup(ci: CompiledItem, v: unknown, outer: OtherAnswers, today: string | undefined): AnswerProblem | null {
  const shape = checkGroupShape(ci, v);
  if (shape) return shape;
  const rows = v as Record<string, unknown>[];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as Record<string, unknown>;
    const others: OtherAnswers = { ...outer, ...row }; // the row's own answers first, then the form's
    for (const childKey of Object.keys(row)) {
      const child = ci.childByKey.get(childKey);
      if (!child) return { code: 'unknown_item', message: msg.unknownChild(childKey), childKey, row: r };
      const value = row[childKey];
      if (value === null || value === undefined) continue;
      const p = checkLeafValue(child, value, others, today);
      if (p) return { ...p, message: inRow(r, child.item.label, p.message), childKey, row: r };
    }
  }
  return null;
}

/**
 * Whether `value` may be saved as the answer to `itemKey` (a top-level key, or 'group.child' / a unique
 * child key for one cell). null always may: it clears the answer. `answers` are the form's other
 * answers for cross-item validations, taken as given (visibility is evaluateForm's concern); for one
 * cell of a group pass the row merged over the form's answers.
 */
export function checkAnswer(
  form: CompiledForm,
  itemKey: string,
  value: AnswerValue,
  answers?: Answers,
  opts: CheckOptions = {},
): AnswerProblem | null {
  assertToday(opts.today);
  const ci = form.byKey.get(itemKey);
  if (!ci) return problem('unknown_item', msg.unknownItem(itemKey));
  if (value === null) return null;
  const others: OtherAnswers = answers ?? {};
  if (ci.item.kind === 'group') return checkGroup(ci, value, others, opts.today);
  return checkLeafValue(ci, value, others, opts.today);
}
