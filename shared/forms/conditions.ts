// Conditions (visibleIf, red-flag `when`) compiled once into closures. Evaluating a 150-item checklist
// runs a few hundred of them on every keystroke in the renderer and on every answer in the service, so
// the tree is walked once per template, not once per evaluation.
import type { AnswerValue, Condition } from './template';

/**
 * The answers a condition may see: item key -> answer, holding only VISIBLE items (a hidden item's
 * answer counts as unanswered, so hiding chains). Always a null-prototype object so that keys like
 * "constructor" are plain misses. Inside a repeat-group row it is an object whose prototype is the
 * top-level scope: the row's siblings are found first, then top-level answers.
 */
export type AnswerScope = Readonly<Record<string, AnswerValue | undefined>>;

export type Predicate = (scope: AnswerScope) => boolean;

/** null, undefined, '' and [] are "no answer" (a cleared text box or an emptied checkbox group). */
export function isAnswered(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return false;
  return !(Array.isArray(v) && v.length === 0);
}

const never: Predicate = () => false;

function isScalar(v: unknown): v is string | number | boolean | null {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** Compiles one condition. Ill-typed operands (gt on a string, in without an array) compile to "never". */
export function compileCondition(c: Condition): Predicate {
  if ('all' in c) {
    const parts = c.all.map(compileCondition);
    if (parts.length === 1) return parts[0] ?? never;
    return (s) => {
      for (let i = 0; i < parts.length; i++) if (!(parts[i] as Predicate)(s)) return false;
      return true;
    };
  }
  if ('any' in c) {
    const parts = c.any.map(compileCondition);
    if (parts.length === 1) return parts[0] ?? never;
    return (s) => {
      for (let i = 0; i < parts.length; i++) if ((parts[i] as Predicate)(s)) return true;
      return false;
    };
  }
  if ('not' in c) {
    const inner = compileCondition(c.not);
    return (s) => !inner(s);
  }
  const key = c.item;
  const value = c.value;
  switch (c.op) {
    case 'answered':
      return (s) => isAnswered(s[key]);
    case 'notAnswered':
      return (s) => !isAnswered(s[key]);
    case 'eq':
      // Strict equality on scalars: an array answer (multi, group) never equals anything.
      if (!isScalar(value)) return never;
      return (s) => s[key] === value;
    case 'ne':
      // The exact negation of eq, so an unanswered (or hidden) item is "not equal".
      if (!isScalar(value)) return () => true;
      return (s) => s[key] !== value;
    case 'in':
    case 'notIn': {
      const set = new Set<unknown>(Array.isArray(value) ? value.filter(isScalar) : []);
      const isIn = (s: AnswerScope): boolean => {
        const v = s[key];
        return isScalar(v) && set.has(v);
      };
      return c.op === 'in' ? isIn : (s) => !isIn(s);
    }
    case 'includes':
      if (!isScalar(value)) return never;
      return (s) => {
        const v = s[key];
        return Array.isArray(v) && (v as unknown[]).includes(value);
      };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return never;
      const cmp = numericComparator(c.op, value);
      return (s) => {
        const v = s[key];
        return typeof v === 'number' && cmp(v);
      };
    }
  }
}

function numericComparator(op: 'gt' | 'gte' | 'lt' | 'lte', bound: number): (v: number) => boolean {
  switch (op) {
    case 'gt':
      return (v) => v > bound;
    case 'gte':
      return (v) => v >= bound;
    case 'lt':
      return (v) => v < bound;
    case 'lte':
      return (v) => v <= bound;
  }
}

/** Calls `visit` for every leaf comparison of a condition, with its path below the condition. */
export function forEachLeaf(
  c: Condition,
  visit: (leaf: { item: string; op: string; value?: unknown }, path: string) => void,
  path = '',
): void {
  if ('all' in c) c.all.forEach((p, i) => forEachLeaf(p, visit, `${path}.all[${i}]`));
  else if ('any' in c) c.any.forEach((p, i) => forEachLeaf(p, visit, `${path}.any[${i}]`));
  else if ('not' in c) forEachLeaf(c.not, visit, `${path}.not`);
  else visit(c, path);
}
