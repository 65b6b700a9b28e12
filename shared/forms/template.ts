// The form template format (data, published by head office): one format for due-diligence checklists
// and post-loan inspections. The engine (shared/forms/*) evaluates a template against answers; this
// file only says what a template and an answer may look like.
import { z } from 'zod';
import { CUSTOMER_TYPES as CUSTOMER_TYPE_VALUES, LOAN_PURPOSES as PURPOSE_VALUES } from '../domain/vocabulary';

export const localizedText = z.object({ zh: z.string().min(1).max(2000), en: z.string().min(1).max(2000) }).strict();
export type LocalizedText = z.infer<typeof localizedText>;

/** Item and section keys: stable identifiers answers are stored under; never reused for another meaning. */
export const itemKey = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, { error: 'key: a-z, 0-9 and _, starting with a letter' });

export const ITEM_KINDS = [
  'yesno', // 'yes' | 'no' | 'na' (not applicable)
  'text',
  'number',
  'money', // integer fen
  'date', // YYYY-MM-DD
  'single', // one option value
  'multi', // option values
  'evidence', // attachments of allowed kinds, at least minCount
  'signature', // one drawn signature, saved as a PNG attachment
  'group', // repeat group: rows of the child items (guarantors, collateral items, ...)
] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CONDITION_OPS = ['eq', 'ne', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'answered', 'notAnswered', 'includes'] as const;

/**
 * A condition over answers. `item` names an item EARLIER in the template (inside a repeat group: an
 * earlier item of the same row, or an earlier top-level item). `value` is compared with the answer:
 * eq/ne any scalar; in/notIn an array; gt/gte/lt/lte numbers (money in fen); includes: a multi answer
 * contains the value; answered/notAnswered take no value.
 */
export type Condition =
  | { item: string; op: (typeof CONDITION_OPS)[number]; value?: unknown }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

const condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ item: itemKey, op: z.enum(CONDITION_OPS), value: z.unknown().optional() }).strict(),
    z.object({ all: z.array(condition).min(1) }).strict(),
    z.object({ any: z.array(condition).min(1) }).strict(),
    z.object({ not: condition }).strict(),
  ]),
);

/** An answer that marks risk: when `when` holds (it may name this item or earlier ones), the flag is raised. */
export const redFlagRule = z
  .object({ code: itemKey, when: condition, severity: z.enum(SEVERITIES), message: localizedText })
  .strict();
export type RedFlagRule = z.infer<typeof redFlagRule>;

/** A cross-item check, e.g. monthly debt not above monthly income: the answer must compare with another item's. */
export const validationRule = z
  .object({ op: z.enum(['gt', 'gte', 'lt', 'lte', 'ne']), item: itemKey, message: localizedText })
  .strict();
export type ValidationRule = z.infer<typeof validationRule>;

const choiceOption = z
  .object({
    value: itemKey,
    label: localizedText,
    /** Share of the item's weight this option earns in the checklist score, 0..1. */
    score: z.number().min(0).max(1).optional(),
  })
  .strict();

const itemCommon = {
  key: itemKey,
  label: localizedText,
  guidance: localizedText.optional(),
  required: z.boolean().optional(),
  visibleIf: condition.optional(),
  redFlags: z.array(redFlagRule).optional(),
  validations: z.array(validationRule).optional(),
  /** Points in the checklist score: yesno earns it on 'yes' ('na' leaves the item out); single by option score. */
  weight: z.number().min(0).max(100).optional(),
};

const leafItem = z.discriminatedUnion('kind', [
  z.object({ ...itemCommon, kind: z.literal('yesno') }).strict(),
  z.object({ ...itemCommon, kind: z.literal('text'), maxLength: z.number().int().min(1).max(5000).optional(), multiline: z.boolean().optional() }).strict(),
  z
    .object({
      ...itemCommon,
      kind: z.literal('number'),
      min: z.number().optional(),
      max: z.number().optional(),
      integer: z.boolean().optional(),
      unit: localizedText.optional(),
    })
    .strict(),
  z.object({ ...itemCommon, kind: z.literal('money'), min: z.number().int().optional(), max: z.number().int().optional() }).strict(),
  z.object({ ...itemCommon, kind: z.literal('date'), notFuture: z.boolean().optional() }).strict(),
  z.object({ ...itemCommon, kind: z.literal('single'), options: z.array(choiceOption).min(2) }).strict(),
  z
    .object({
      ...itemCommon,
      kind: z.literal('multi'),
      options: z.array(choiceOption).min(2),
      minSelected: z.number().int().min(0).optional(),
    })
    .strict(),
  z
    .object({
      ...itemCommon,
      kind: z.literal('evidence'),
      /** Attachment kinds accepted here, e.g. id_scan, income_proof, site_photo, contract. */
      attachmentKinds: z.array(itemKey).min(1),
      minCount: z.number().int().min(0).max(50).optional(),
    })
    .strict(),
  z.object({ ...itemCommon, kind: z.literal('signature') }).strict(),
]);
export type LeafItem = z.infer<typeof leafItem>;

const groupItem = z
  .object({
    ...itemCommon,
    kind: z.literal('group'),
    items: z.array(leafItem).min(1),
    minRows: z.number().int().min(0).max(50).optional(),
    maxRows: z.number().int().min(1).max(50).optional(),
  })
  .strict();
export type GroupItem = z.infer<typeof groupItem>;

const formItem = z.union([leafItem, groupItem]);
export type FormItem = LeafItem | GroupItem;

export const formSection = z
  .object({ key: itemKey, title: localizedText, visibleIf: condition.optional(), items: z.array(formItem).min(1) })
  .strict();
export type FormSection = z.infer<typeof formSection>;

/** Where the debt-service ratio's inputs are answered: monthly income and existing monthly debt, money items. */
const dsrSpec = z.object({ monthlyIncome: z.array(itemKey).min(1), monthlyDebt: z.array(itemKey) }).strict();

/** The JSON body stored in form_templates.body. */
export const formTemplateBody = z
  .object({
    purpose: z.enum(['due_diligence', 'inspection']),
    sections: z.array(formSection).min(1),
    dsr: dsrSpec.optional(),
    /** Debt-service ratio above this (a decimal string, e.g. "0.5") raises a high red flag. */
    dsrLimit: z.string().regex(/^0?\.\d+$|^1(\.0+)?$/).optional(),
  })
  .strict();
export type FormTemplateBody = z.infer<typeof formTemplateBody>;

export const appliesTo = z
  .object({
    customerTypes: z.array(z.enum(CUSTOMER_TYPE_VALUES)).min(1),
    products: z.array(z.enum(PURPOSE_VALUES)).min(1),
  })
  .strict();
export type AppliesTo = z.infer<typeof appliesTo>;

/** A published template version as the branch holds it (form_templates row, parsed). */
export interface FormTemplate {
  id: string;
  code: string;
  version: number;
  title: LocalizedText;
  appliesTo: AppliesTo;
  body: FormTemplateBody;
}

/** What a template's file under db/seeds/templates holds (the publish input of `npm run server -- publish template`). */
export const templateFile = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/),
    version: z.number().int().min(1),
    title_zh: z.string().min(1).max(200),
    title_en: z.string().min(1).max(200),
    applies_to: appliesTo,
    body: formTemplateBody,
  })
  .strict();
export type TemplateFile = z.infer<typeof templateFile>;

/**
 * An answer value, by item kind: yesno 'yes'|'no'|'na'; text string; number finite number; money
 * integer fen; date 'YYYY-MM-DD'; single option value; multi option values; group an array of rows
 * (item key -> leaf answer). Evidence and signature items are answered by attachments, not values.
 * null clears an answer.
 */
export type LeafAnswer = string | number | string[];
export type AnswerValue = LeafAnswer | Record<string, LeafAnswer | null>[] | null;
export const answerValue: z.ZodType<AnswerValue> = z.union([
  z.string().max(5000),
  z.number().finite(),
  z.array(z.string().max(64)).max(100),
  z.array(z.record(itemKey, z.union([z.string().max(5000), z.number().finite(), z.array(z.string().max(64)).max(100), z.null()]))).max(50),
  z.null(),
]);

/** Answers of one form: item key -> value. */
export type Answers = Readonly<Record<string, AnswerValue>>;
/** Attachments per evidence/signature item key (top-level items only). */
export type EvidenceCounts = Readonly<Record<string, number>>;
