// A template indexed once for fast answering and evaluation: items by key, template order, section of
// each item, and every condition compiled into a closure (conditions.ts).
//
// Why two caches: the service reads the template row from the database and parses it afresh on every
// answer, so the FormTemplate object is new each time and a WeakMap alone would never hit. A published
// (code, version) never changes (db/seeds/README.md §5), so `${id}@${version}` is a safe second key.
import Decimal from 'decimal.js';
import type { z } from 'zod';
import { compileCondition, type Predicate } from './conditions';
import {
  appliesTo as appliesToSchema,
  formTemplateBody,
  type FormItem,
  type FormSection,
  type FormTemplate,
  type LeafItem,
  type RedFlagRule,
  type ValidationRule,
} from './template';
import { deepFreeze } from '../domain/deepFreeze';

export interface CompiledFlag {
  readonly rule: RedFlagRule;
  readonly when: Predicate;
}

export interface CompiledItem {
  /** The item's own key (a child's key inside its group). */
  readonly key: string;
  /** 'key' for a top-level item, 'group.child' for an item of a repeat group. */
  readonly path: string;
  readonly item: FormItem;
  readonly sectionKey: string;
  /** Position in template order: among all top-level items, or among its group's items. */
  readonly order: number;
  /** The repeat group holding this item, for child items. */
  readonly group: CompiledItem | null;
  readonly visibleIf: Predicate | null;
  readonly flags: readonly CompiledFlag[];
  readonly validations: readonly ValidationRule[];
  /** single/multi: option value -> score share (0 when the option has none); null for other kinds. */
  readonly options: ReadonlyMap<string, number> | null;
  /** The child items of a repeat group, in order; [] for leaf items. */
  readonly children: readonly CompiledItem[];
  readonly childByKey: ReadonlyMap<string, CompiledItem>;
}

export interface CompiledSection {
  readonly key: string;
  readonly section: FormSection;
  readonly visibleIf: Predicate | null;
  readonly items: readonly CompiledItem[];
}

export interface CompiledForm {
  readonly template: FormTemplate;
  readonly sections: readonly CompiledSection[];
  /** Top-level items in template order. */
  readonly items: readonly CompiledItem[];
  /**
   * Items by key: top-level keys, 'group.child' paths, and a bare child key when exactly one group
   * has a child of that name (publish forbids child keys equal to top-level keys).
   */
  readonly byKey: ReadonlyMap<string, CompiledItem>;
  readonly dsr: { readonly income: readonly string[]; readonly debt: readonly string[]; readonly limit: Decimal | null } | null;
}

/** Enough for every template a branch uses at once, small enough to never matter for memory. */
const KEY_CACHE_SIZE = 64;

const byObject = new WeakMap<FormTemplate, CompiledForm>();
const byIdVersion = new Map<string, CompiledForm>();
const rowCache = new Map<string, FormTemplate>();

/** Map get that refreshes recency (a Map iterates in insertion order, so the first key is the oldest). */
function lruGet<V>(map: Map<string, V>, key: string): V | undefined {
  const v = map.get(key);
  if (v !== undefined) {
    map.delete(key);
    map.set(key, v);
  }
  return v;
}

function lruSet<V>(map: Map<string, V>, key: string, v: V): void {
  map.delete(key);
  map.set(key, v);
  while (map.size > KEY_CACHE_SIZE) {
    const oldest = map.keys().next();
    if (oldest.done) break;
    map.delete(oldest.value);
  }
}

/** Compiles (or returns the cached compilation of) a template. The template must not be mutated afterwards. */
export function compileForm(template: FormTemplate): CompiledForm {
  const hit = byObject.get(template);
  if (hit) return hit;
  const idKey = `${template.id}@${template.version}`;
  const keyed = lruGet(byIdVersion, idKey);
  if (keyed && keyed.template.code === template.code) {
    byObject.set(template, keyed);
    return keyed;
  }
  const form = build(template);
  byObject.set(template, form);
  lruSet(byIdVersion, idKey, form);
  return form;
}

function compileItem(item: FormItem | LeafItem, sectionKey: string, order: number, group: CompiledItem | null): CompiledItem {
  const options =
    item.kind === 'single' || item.kind === 'multi' ? new Map(item.options.map((o) => [o.value, o.score ?? 0] as const)) : null;
  const children: CompiledItem[] = [];
  const childByKey = new Map<string, CompiledItem>();
  const compiled: CompiledItem = {
    key: item.key,
    path: group ? `${group.key}.${item.key}` : item.key,
    item,
    sectionKey,
    order,
    group,
    visibleIf: item.visibleIf ? compileCondition(item.visibleIf) : null,
    flags: (item.redFlags ?? []).map((rule) => ({ rule, when: compileCondition(rule.when) })),
    validations: item.validations ?? [],
    options,
    children,
    childByKey,
  };
  if (item.kind === 'group') {
    item.items.forEach((child, i) => {
      const c = compileItem(child, sectionKey, i, compiled);
      children.push(c);
      if (!childByKey.has(c.key)) childByKey.set(c.key, c);
    });
  }
  return compiled;
}

function build(template: FormTemplate): CompiledForm {
  const items: CompiledItem[] = [];
  const byKey = new Map<string, CompiledItem>();
  const childCount = new Map<string, number>();
  const sections: CompiledSection[] = template.body.sections.map((section) => {
    const sectionItems = section.items.map((item) => {
      const c = compileItem(item, section.key, items.length, null);
      items.push(c);
      if (!byKey.has(c.key)) byKey.set(c.key, c);
      return c;
    });
    return { key: section.key, section, visibleIf: section.visibleIf ? compileCondition(section.visibleIf) : null, items: sectionItems };
  });
  for (const item of items) {
    for (const child of item.children) {
      if (!byKey.has(child.path)) byKey.set(child.path, child);
      childCount.set(child.key, (childCount.get(child.key) ?? 0) + 1);
    }
  }
  for (const item of items) {
    for (const child of item.children) {
      if (childCount.get(child.key) === 1 && !byKey.has(child.key)) byKey.set(child.key, child);
    }
  }
  const spec = template.body.dsr;
  const dsr = spec
    ? { income: spec.monthlyIncome, debt: spec.monthlyDebt, limit: template.body.dsrLimit ? new Decimal(template.body.dsrLimit) : null }
    : null;
  return { template, sections, items, byKey, dsr };
}

/** A form_templates row as the database returns it (JSON columns may still be text). */
export interface TemplateRow {
  readonly id: string;
  readonly code: string;
  readonly version: number;
  readonly title_zh: string;
  readonly title_en: string;
  readonly applies_to: unknown;
  readonly body: unknown;
}

function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 5).map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  return shown.join('; ') + more;
}

function parseJsonColumn(value: unknown, what: string, label: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch (e) {
    throw new Error(`form template ${label}: ${what} is not valid JSON (${(e as Error).message})`, { cause: e });
  }
}

/**
 * The parsed template of a published id@version if it is cached: a hot path can then skip reading the
 * (tens of kilobytes of) body from the database at all, since a published version never changes.
 */
export function cachedTemplate(id: string, version: number): FormTemplate | undefined {
  return lruGet(rowCache, `${id}@${version}`);
}

/**
 * Parses a form_templates row into a FormTemplate, validating body and applies_to. Cached by
 * id@version, so a hot path that reads the row on every call neither re-parses nor re-validates the
 * body; the returned template is frozen because it is shared between callers.
 */
export function parseTemplateRow(row: TemplateRow): FormTemplate {
  const cacheKey = `${row.id}@${row.version}`;
  const hit = lruGet(rowCache, cacheKey);
  if (hit && hit.code === row.code) return hit;
  const label = `${row.code}@${row.version} (${row.id})`;
  const body = formTemplateBody.safeParse(parseJsonColumn(row.body, 'body', label));
  if (!body.success) throw new Error(`form template ${label}: body does not match the template format: ${describeIssues(body.error)}`);
  const applies = appliesToSchema.safeParse(parseJsonColumn(row.applies_to, 'applies_to', label));
  if (!applies.success) throw new Error(`form template ${label}: applies_to is invalid: ${describeIssues(applies.error)}`);
  const template: FormTemplate = deepFreeze({
    id: row.id,
    code: row.code,
    version: row.version,
    title: { zh: row.title_zh, en: row.title_en },
    appliesTo: applies.data,
    body: body.data,
  });
  lruSet(rowCache, cacheKey, template);
  return template;
}
