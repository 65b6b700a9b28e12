// Checks a template file before head office publishes it: the schema, then everything the schema cannot
// say (unique keys, conditions naming earlier items only, option values that exist, sane ranges, DSR
// inputs that are money). Every problem is reported at once, with a path into the file.
import { findCycles } from './cycles';
import { forEachLeaf } from './conditions';
import { TEMPLATE_PROBLEM_TEXT, type TemplateProblemTextKey } from '../i18n/forms';
import { formText, type FormTextParam } from './messages';
import {
  templateFile,
  type Condition,
  type FormItem,
  type FormTemplate,
  type LeafItem,
  type LocalizedText,
  type TemplateFile,
} from './template';

export type TemplateProblemCode =
  | 'schema'
  | 'duplicate_key'
  | 'unknown_reference'
  | 'forward_reference'
  | 'cycle'
  | 'unknown_option'
  | 'bad_range'
  | 'bad_dsr';

export interface TemplateProblem {
  /** Where in the file, e.g. "body.sections[0].items[2].visibleIf.value". */
  path: string;
  code: TemplateProblemCode;
  message: LocalizedText;
}

export type TemplateFileCheck = { ok: true; file: TemplateFile; template: FormTemplate } | { ok: false; problems: TemplateProblem[] };

function formatPath(parts: readonly PropertyKey[]): string {
  let out = '';
  for (const p of parts) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out;
}

interface TopDef {
  readonly pos: number;
  readonly item: FormItem;
}
interface ChildDef {
  readonly idx: number;
  readonly item: LeafItem;
}

/** Where a condition is evaluated, and how far back it may look. */
interface RefScope {
  /** Top-level items at positions < topLimit may be named (≤ when `selfOk` and it is the owner). */
  readonly topLimit: number;
  /** For a group child: the group's children and the index limit among them. */
  readonly group?: { readonly key: string; readonly children: ReadonlyMap<string, ChildDef>; readonly limit: number };
  /** Red-flag rules may name their own item. */
  readonly selfOk: boolean;
  readonly ownerKey: string;
}

const YESNO_VALUES = new Set(['yes', 'no', 'na']);
const OPTION_OPS = new Set(['eq', 'ne', 'in', 'notIn', 'includes']);

class Checker {
  readonly problems: TemplateProblem[] = [];
  readonly top = new Map<string, TopDef>();
  readonly childKeys = new Map<string, string>(); // child key -> a group holding it
  readonly groups = new Map<string, Map<string, ChildDef>>();
  /** visibleIf dependencies for the cycle walk: node -> nodes it depends on. */
  readonly graph = new Map<string, string[]>();
  readonly nodePath = new Map<string, string>();

  constructor(readonly file: TemplateFile) {}

  add(path: string, code: TemplateProblemCode, text: TemplateProblemTextKey, params: Readonly<Record<string, FormTextParam>> = {}): void {
    this.problems.push({ path, code, message: formText(TEMPLATE_PROBLEM_TEXT[text], params) });
  }

  edge(from: string, to: string): void {
    const list = this.graph.get(from);
    if (list) list.push(to);
    else this.graph.set(from, [to]);
  }

  /**
   * Resolves a referenced key in a scope and reports unknown and forward references. A forward
   * reference still returns its item, so the cycle walk sees the edge and option values are checked.
   */
  resolve(key: string, scope: RefScope, path: string): { item: FormItem; node: string } | null {
    const g = scope.group;
    const sibling = g?.children.get(key);
    if (g && sibling) {
      if (!(sibling.idx < g.limit || (scope.selfOk && key === scope.ownerKey))) this.forward(key, scope.ownerKey, path);
      return { item: sibling.item, node: `${g.key}.${key}` };
    }
    const def = this.top.get(key);
    if (def) {
      if (!(def.pos < scope.topLimit || (scope.selfOk && !g && key === scope.ownerKey))) this.forward(key, scope.ownerKey, path);
      return { item: def.item, node: key };
    }
    if (this.childKeys.has(key)) {
      const group = this.childKeys.get(key) ?? '';
      this.add(path, 'unknown_reference', 'groupChildReference', { key, group });
    } else {
      this.add(path, 'unknown_reference', 'unknownReference', { key });
    }
    return null;
  }

  forward(key: string, owner: string, path: string): void {
    if (key === owner) this.add(path, 'forward_reference', 'selfReference', { owner });
    else this.add(path, 'forward_reference', 'forwardReference', { owner, key });
  }

  /** Checks every leaf of a condition; returns the dependency nodes it names. */
  condition(c: Condition, scope: RefScope, path: string): string[] {
    const nodes: string[] = [];
    forEachLeaf(c, (leaf, sub) => {
      const at = path + sub;
      this.operand(leaf.op, leaf.value, at);
      const found = this.resolve(leaf.item, scope, `${at}.item`);
      if (!found) return;
      nodes.push(found.node);
      this.options(found.item, leaf.op, leaf.value, `${at}.value`);
    });
    return nodes;
  }

  operand(op: string, value: unknown, path: string): void {
    const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
    let bad: TemplateProblemTextKey | null = null;
    if ((op === 'in' || op === 'notIn') && !(Array.isArray(value) && value.length > 0 && value.every(scalar))) {
      bad = 'operandNeedsList';
    } else if (['gt', 'gte', 'lt', 'lte'].includes(op) && !(typeof value === 'number' && Number.isFinite(value))) {
      bad = 'operandNeedsNumber';
    } else if (['eq', 'ne', 'includes'].includes(op) && !scalar(value)) {
      bad = 'operandNeedsValue';
    }
    if (bad) this.add(`${path}.value`, 'schema', bad, { op });
  }

  /** Values compared with a yesno/single/multi answer must be answers that item can have. */
  options(item: FormItem, op: string, value: unknown, path: string): void {
    if (!OPTION_OPS.has(op)) return;
    let allowed: Set<unknown> | null = null;
    if (item.kind === 'yesno') allowed = YESNO_VALUES;
    else if (item.kind === 'single' || item.kind === 'multi') allowed = new Set(item.options.map((o) => o.value));
    if (!allowed) return;
    const values = Array.isArray(value) ? (value as unknown[]) : [value];
    for (const v of values) {
      if (v === undefined || allowed.has(v)) continue;
      const list = [...allowed].join(', ');
      this.add(path, 'unknown_option', 'unknownOption', { value: String(v), item: item.key, list });
    }
  }

  /** Per-item checks that do not involve references: option values, ranges, kinds inside groups. */
  itemShape(item: FormItem, path: string, inGroup: boolean): void {
    if (item.kind === 'single' || item.kind === 'multi') {
      const seen = new Set<string>();
      item.options.forEach((o, i) => {
        if (seen.has(o.value)) this.add(`${path}.options[${i}].value`, 'duplicate_key', 'duplicateOption', { value: o.value });
        seen.add(o.value);
      });
    }
    const range = (lo: number | undefined, hi: number | undefined, field: string, loName: string, hiName: string) => {
      if (lo !== undefined && hi !== undefined && lo > hi) {
        this.add(`${path}.${field}`, 'bad_range', 'badRange', { loName, lo, hiName, hi });
      }
    };
    if (item.kind === 'number' || item.kind === 'money') range(item.min, item.max, 'min', 'min', 'max');
    if (item.kind === 'group') range(item.minRows, item.maxRows, 'minRows', 'minRows', 'maxRows');
    if (item.kind === 'multi') range(item.minSelected, item.options.length, 'minSelected', 'minSelected', 'the number of options');
    if (inGroup && (item.kind === 'evidence' || item.kind === 'signature')) {
      this.add(`${path}.kind`, 'schema', item.kind === 'evidence' ? 'evidenceInGroup' : 'signatureInGroup');
    }
  }

  /** References of one item (or group child): visibleIf, red flags, validations. */
  itemRefs(item: FormItem, path: string, scope: Omit<RefScope, 'selfOk'>, node: string): void {
    if (item.visibleIf) {
      for (const dep of this.condition(item.visibleIf, { ...scope, selfOk: false }, `${path}.visibleIf`)) this.edge(node, dep);
      this.nodePath.set(node, `${path}.visibleIf`);
    }
    item.redFlags?.forEach((rule, i) => this.condition(rule.when, { ...scope, selfOk: true }, `${path}.redFlags[${i}].when`));
    item.validations?.forEach((rule, i) => {
      const at = `${path}.validations[${i}]`;
      if (item.kind !== 'number' && item.kind !== 'money') {
        this.add(at, 'schema', 'comparisonOnNonNumber', { key: item.key, kind: item.kind });
      }
      const found = this.resolve(rule.item, { ...scope, selfOk: false }, `${at}.item`);
      if (found && found.item.kind !== 'number' && found.item.kind !== 'money') {
        this.add(`${at}.item`, 'schema', 'comparedWithNonNumber', { item: rule.item });
      }
    });
  }

  run(): void {
    const { sections } = this.file.body;
    const sectionKeys = new Set<string>();
    let pos = 0;
    sections.forEach((s, si) => {
      if (sectionKeys.has(s.key)) this.add(`body.sections[${si}].key`, 'duplicate_key', 'duplicateSection', { key: s.key });
      sectionKeys.add(s.key);
      s.items.forEach((item, ii) => {
        if (this.top.has(item.key)) {
          this.add(`body.sections[${si}].items[${ii}].key`, 'duplicate_key', 'duplicateItem', { key: item.key });
        } else {
          this.top.set(item.key, { pos, item });
        }
        pos++;
      });
    });
    sections.forEach((s, si) =>
      s.items.forEach((item, ii) => {
        if (item.kind !== 'group' || this.groups.has(item.key)) return;
        const children = new Map<string, ChildDef>();
        item.items.forEach((child, ci) => {
          const at = `body.sections[${si}].items[${ii}].items[${ci}].key`;
          if (children.has(child.key)) {
            this.add(at, 'duplicate_key', 'duplicateInGroup', { group: item.key, key: child.key });
          } else if (this.top.has(child.key)) {
            this.add(at, 'duplicate_key', 'groupKeyIsTopKey', { key: child.key });
          } else {
            children.set(child.key, { idx: ci, item: child });
            if (!this.childKeys.has(child.key)) this.childKeys.set(child.key, item.key);
          }
        });
        this.groups.set(item.key, children);
      }),
    );

    pos = 0;
    sections.forEach((s, si) => {
      const sPath = `body.sections[${si}]`;
      const sNode = `section:${s.key}`;
      if (s.visibleIf) {
        const deps = this.condition(s.visibleIf, { topLimit: pos, selfOk: false, ownerKey: sNode }, `${sPath}.visibleIf`);
        for (const dep of deps) this.edge(sNode, dep);
        this.nodePath.set(sNode, `${sPath}.visibleIf`);
      }
      s.items.forEach((item, ii) => {
        const path = `${sPath}.items[${ii}]`;
        if (s.visibleIf) this.edge(item.key, sNode); // an item shows only when its section does
        this.itemShape(item, path, false);
        this.itemRefs(item, path, { topLimit: pos, ownerKey: item.key }, item.key);
        const children = this.groups.get(item.key);
        if (item.kind === 'group' && children) {
          item.items.forEach((child, ci) => {
            const node = `${item.key}.${child.key}`;
            this.edge(node, item.key);
            this.itemShape(child, `${path}.items[${ci}]`, true);
            this.itemRefs(child, `${path}.items[${ci}]`, { topLimit: pos, ownerKey: child.key, group: { key: item.key, children, limit: ci } }, node);
          });
        }
        pos++;
      });
    });
    this.cycles();
    this.dsr();
  }

  cycles(): void {
    for (const found of findCycles(this.graph)) {
      // Start the shown path at a node with a condition of its own (not at an item that merely sits in a
      // conditional section), so the path points at a visibleIf head office can edit.
      const ring = found.slice(0, -1);
      const at = Math.max(0, ring.findIndex((n) => this.nodePath.has(n)));
      const cycle = [...ring.slice(at), ...ring.slice(0, at)];
      const start = cycle[0] ?? '';
      const shown = [...cycle, start].join(' → ');
      this.add(this.nodePath.get(start) ?? 'body', 'cycle', 'cycle', { cycle: shown });
    }
  }

  dsr(): void {
    const { dsr, dsrLimit } = this.file.body;
    if (!dsr) {
      if (dsrLimit !== undefined) this.add('body.dsrLimit', 'bad_dsr', 'dsrLimitWithoutDsr');
      return;
    }
    const used = new Set<string>();
    const check = (keys: readonly string[], field: 'monthlyIncome' | 'monthlyDebt') =>
      keys.forEach((key, i) => {
        const at = `body.dsr.${field}[${i}]`;
        const def = this.top.get(key);
        if (used.has(key)) this.add(at, 'bad_dsr', 'dsrRepeated', { key });
        else if (!def) this.add(at, 'bad_dsr', 'dsrUnknown', { key });
        else if (def.item.kind !== 'money') this.add(at, 'bad_dsr', 'dsrNotMoney', { key, kind: def.item.kind });
        used.add(key);
      });
    check(dsr.monthlyIncome, 'monthlyIncome');
    check(dsr.monthlyDebt, 'monthlyDebt');
  }
}

/** Validates a template file for publishing; on success also returns the FormTemplate it becomes. */
export function validateTemplateFile(raw: unknown): TemplateFileCheck {
  const parsed = templateFile.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        path: formatPath(issue.path),
        code: 'schema' as const,
        message: formText(TEMPLATE_PROBLEM_TEXT.schemaMismatch, { detail: issue.message }),
      })),
    };
  }
  const checker = new Checker(parsed.data);
  checker.run();
  if (checker.problems.length > 0) return { ok: false, problems: checker.problems };
  const file = parsed.data;
  return {
    ok: true,
    file,
    template: {
      id: `${file.code}@${file.version}`,
      code: file.code,
      version: file.version,
      title: { zh: file.title_zh, en: file.title_en },
      appliesTo: file.applies_to,
      body: file.body,
    },
  };
}
