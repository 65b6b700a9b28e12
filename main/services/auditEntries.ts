// One audit entry in an auditor's words: the event's name, the customer, loan and case it concerns
// (by their numbers), a one-line description that says what this action did, and the values it
// changed, before and after, formatted (money in yuan, dates YYYY-MM-DD, rules by name). Built from
// the entry's mutation arguments and the before-image the write path kept of the rows it wrote.
import type { Locale } from '../../shared/api/envelope';
import { AUDIT_ACTION_FAMILY, isAuditAction, type AuditAction, type AuditFamily } from '../../shared/domain/auditActions';
import { instantText } from '../../shared/domain/dates';
import { formatFen } from '../../shared/domain/money';
import type { FormItem, FormTemplate } from '../../shared/forms/template';
import { OUTCOME_LABELS } from '../../shared/i18n/collections';
import {
  AUDIT_ACTION_LABELS,
  AUDIT_CHANNEL_LABELS,
  AUDIT_DD_STATUS_LABELS,
  AUDIT_DESCRIPTION_PARTS as PART,
  AUDIT_DESCRIPTIONS,
  AUDIT_FIELD_LABELS,
  AUDIT_PARTY_LABELS,
  AUDIT_PROMISE_TEXT,
  AUDIT_RULE_NAMES,
  AUDIT_CONSENT_WAYS,
  AUDIT_YES_NO,
  type AuditField,
} from '../../shared/i18n/auditLog';
import { METHOD_LABELS, PURPOSE_LABELS, label } from '../../shared/i18n/labels';
import { pick, pickLabel, type Bilingual, type TextParams } from '../../shared/i18n/text';
import { ddCaseNumber } from '../../shared/mutations/ddIds';
import { decodeAnswer } from '../../shared/mutations/ddRules';
import type { AuditEntryRow, auditReferences } from '../../db/local/queries/auditLog';

export interface AuditChange {
  field: string;
  before: string | null;
  after: string | null;
}

export interface DescribedAuditEntry {
  seq: number;
  at: string;
  /** The time in the branch's zone, YYYY-MM-DD HH:mm:ss. */
  atText: string;
  actorId: string;
  actorName: string | null;
  action: string;
  family: AuditFamily | null;
  event: string;
  customerName: string | null;
  customerNo: string | null;
  loanNo: string | null;
  caseNo: string | null;
  description: string;
  changes: AuditChange[];
}

type Refs = ReturnType<typeof auditReferences>;
type Args = Record<string, unknown>;
type Row = Record<string, unknown>;

export interface DescribeContext {
  locale: Locale;
  timeZone: string;
  refs: Refs;
  template: (id: string) => FormTemplate | undefined;
}

function parsed(text: string | null): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function argsOf(row: AuditEntryRow): Args {
  const a = parsed(row.args);
  return a && typeof a === 'object' && !Array.isArray(a) ? (a as Args) : {};
}

/** The row the audited entity was before the action (null when the action made it, or nothing was kept). */
function beforeOf(row: AuditEntryRow): Row | null {
  const undo = parsed(row.undo);
  if (!Array.isArray(undo)) return null;
  const hit = (undo as { id?: unknown; before?: unknown }[]).find((u) => u.id === row.entityId);
  return hit && hit.before && typeof hit.before === 'object' ? (hit.before as Row) : null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The loan and case an entry concerns, by id, from its arguments (or its entity, when it has none). */
export function subjectIds(row: AuditEntryRow): {
  loanId: string | null;
  caseId: string | null;
  customerId: string | null;
  userIds: string[];
  contactId: string | null;
} {
  const a = argsOf(row);
  const loanIds = Array.isArray(a['loanIds']) ? (a['loanIds'] as unknown[]) : [];
  const loanId = str(a['loanId']) ?? str(loanIds[0]);
  const dd = AUDIT_ACTION_FAMILY[row.action as AuditAction] === 'due_diligence';
  const caseId = dd ? (str(a['caseId']) ?? str(a['ownerId']) ?? (row.action === 'ddCase.open' ? str(a['id']) : null) ?? (row.entityType === 'dd_case' ? row.entityId : null)) : null;
  const before = beforeOf(row);
  const userIds = [str(a['collectorId']), str(before?.['collector_id'])].filter((x): x is string => x !== null);
  return { loanId, caseId, customerId: str(a['customerId']), userIds, contactId: str(a['correctsId']) };
}

function labelIn(table: Readonly<Record<string, Bilingual>>, code: unknown, locale: Locale): string | null {
  if (typeof code !== 'string') return null;
  const text = Object.hasOwn(table, code) ? table[code] : undefined;
  return text ? pick(text, locale) : code;
}

/** A checklist item of the template by key, top-level or inside a repeat group. */
function findItem(template: FormTemplate | undefined, key: string): FormItem | undefined {
  for (const section of template?.body.sections ?? []) {
    for (const item of section.items) {
      if (item.key === key) return item;
      if (item.kind === 'group') {
        const child = item.items.find((c) => c.key === key);
        if (child) return child;
      }
    }
  }
  return undefined;
}

/** A checklist answer in words, by the item's kind. */
function answerText(item: FormItem | undefined, value: unknown, locale: Locale): string {
  if (value === null || value === undefined || value === '') return pick(PART.none, locale);
  const optionLabel = (v: unknown) => {
    const option = item && (item.kind === 'single' || item.kind === 'multi') ? item.options.find((o) => o.value === v) : undefined;
    return option ? pickLabel(option.label, locale) : String(v);
  };
  switch (item?.kind) {
    case 'yesno':
      return labelIn(AUDIT_YES_NO, value, locale) ?? String(value);
    case 'money':
      return typeof value === 'number' && Number.isSafeInteger(value) ? formatFen(value, locale) : String(value);
    case 'number':
      return item.unit ? `${String(value)} ${pickLabel(item.unit, locale)}` : String(value);
    case 'single':
      return optionLabel(value);
    case 'multi':
      return Array.isArray(value) ? value.map(optionLabel).join(pick(PART.listSeparator, locale)) : String(value);
    case 'group':
      return Array.isArray(value) ? pick(PART.rows, locale, { n: value.length }) : String(value);
    default:
      return Array.isArray(value) ? value.map(String).join(pick(PART.listSeparator, locale)) : String(value);
  }
}

const money = (v: unknown, locale: Locale): string | null => (typeof v === 'number' && Number.isSafeInteger(v) ? formatFen(v, locale) : null);

interface Built {
  params: TextParams;
  changes: [AuditField | string, string | null, string | null][];
}

function contactParts(a: Args, dc: DescribeContext): Built['params'] {
  const { locale } = dc;
  const note = str(a['note']);
  return {
    channel: labelIn(AUDIT_CHANNEL_LABELS, a['channel'], locale) ?? '',
    party: labelIn(AUDIT_PARTY_LABELS, a['party'], locale) ?? '',
    outcome: labelIn(OUTCOME_LABELS, a['outcome'], locale) ?? '',
    notePart: note ? pick(PART.note, locale, { note }) : '',
  };
}

/** The words and changed values of each action. */
function build(action: AuditAction, row: AuditEntryRow, dc: DescribeContext): Built {
  const { locale, timeZone, refs } = dc;
  const a = argsOf(row);
  const before = beforeOf(row);
  const status = (s: unknown) => labelIn(AUDIT_DD_STATUS_LABELS, s, locale);
  const when = (v: unknown) => (typeof v === 'string' ? instantText(v, timeZone) : null);
  const comment = str(a['comment']);
  const commentPart = comment ? pick(PART.comment, locale, { comment }) : '';
  switch (action) {
    case 'ddCase.open': {
      const app = (a['application'] ?? {}) as Args;
      const amount = money(app['amount'], locale) ?? '';
      const term = num(app['termMonths']);
      const purpose = typeof app['purpose'] === 'string' ? label(PURPOSE_LABELS, app['purpose'], locale) : '';
      return {
        params: { purpose, amount, term: term ?? '' },
        changes: [
          ['status', null, status('draft')],
          ['purpose', null, purpose || null],
          ['amount', null, amount || null],
          ['term', null, term === null ? null : pick(PART.months, locale, { n: term })],
          ['rate', null, str(app['annualRate'])],
          ['method', null, typeof app['method'] === 'string' ? label(METHOD_LABELS, app['method'], locale) : null],
        ],
      };
    }
    case 'ddAnswer.set': {
      const key = str(a['itemKey']) ?? '';
      const item = findItem(dc.template(str(a['templateId']) ?? ''), key);
      const name = item ? pickLabel(item.label, locale) : key;
      const after = answerText(item, a['value'], locale);
      return { params: { item: name, value: after }, changes: [[name, before ? answerText(item, decodeAnswer(before['value']), locale) : null, after]] };
    }
    case 'attachment.add': {
      const key = str(a['itemKey']) ?? '';
      const item = findItem(dc.template(str(a['templateId']) ?? ''), key);
      const file = str(a['fileName']) ?? '';
      return { params: { item: item ? pickLabel(item.label, locale) : key, file }, changes: [['file', null, file]] };
    }
    case 'ddCase.submit': {
      const previous = num(before?.['submission_no']);
      const n = previous === null ? '' : previous + 1;
      return {
        params: { n },
        changes: [
          ['status', status(before?.['status'] ?? a['expectedStatus']), status('submitted')],
          ['submissionNo', previous === null ? null : String(previous), n === '' ? null : String(n)],
        ],
      };
    }
    case 'ddCase.approve':
    case 'ddCase.return': {
      const approved = money(a['approvedAmountFen'], locale);
      const conditions = str(a['conditions']);
      const changes: Built['changes'] = [['status', status(before?.['status'] ?? 'submitted'), status(action === 'ddCase.approve' ? 'approved' : 'returned')]];
      if (approved) changes.push(['approvedAmount', money(before?.['approved_amount_fen'], locale), approved]);
      if (conditions) changes.push(['conditions', str(before?.['approval_conditions']), conditions]);
      if (comment) changes.push(['comment', null, comment]);
      return { params: { n: num(a['submissionNo']) ?? '', amountPart: approved ? pick(PART.amount, locale, { amount: approved }) : '', commentPart }, changes };
    }
    case 'ddCase.withdraw': {
      const reason = str(a['reason']) ?? '';
      return { params: { reason }, changes: [['status', status(before?.['status'] ?? a['expectedStatus']), status('withdrawn')], ['reason', null, reason]] };
    }
    case 'contact.log':
    case 'contact.correct': {
      const p = contactParts(a, dc);
      const corrected = action === 'contact.correct' ? refs.contacts.get(str(a['correctsId']) ?? '') : undefined;
      const promise = a['promise'] as Args | undefined;
      const changes: Built['changes'] = [
        ['startedAt', when(corrected?.startedAt), when(a['startedAt'])],
        ['channel', labelIn(AUDIT_CHANNEL_LABELS, corrected?.channel, locale), p['channel'] as string],
        ['party', labelIn(AUDIT_PARTY_LABELS, corrected?.party, locale), p['party'] as string],
        ['outcome', labelIn(OUTCOME_LABELS, corrected?.outcome, locale), p['outcome'] as string],
      ];
      if (str(a['note']) || corrected?.note) changes.push(['note', corrected?.note ?? null, str(a['note'])]);
      if (promise) changes.push(['promise', null, pick(AUDIT_PROMISE_TEXT, locale, { amount: money(promise['amount'], locale) ?? '', date: str(promise['promisedOn']) ?? '' })]);
      return { params: p, changes };
    }
    case 'contact.blocked': {
      const codes = Array.isArray(a['reasonCodes']) ? (a['reasonCodes'] as unknown[]) : [];
      const rules = codes.map((c) => labelIn(AUDIT_RULE_NAMES, c, locale) ?? '').join(pick(PART.listSeparator, locale));
      const p = contactParts(a, dc);
      return {
        params: { ...p, rules },
        changes: [['startedAt', null, when(a['startedAt'])], ['channel', null, p['channel'] as string], ['party', null, p['party'] as string], ['rules', null, rules]],
      };
    }
    case 'contactHold.clear': {
      const reason = str(a['reason']) ?? '';
      return { params: { reason }, changes: [['reason', null, reason]] };
    }
    case 'policyOverride.grant': {
      const rule = labelIn(AUDIT_RULE_NAMES, a['ruleCode'], locale) ?? '';
      const reason = str(a['reason']) ?? '';
      const until = when(a['validUntil']) ?? '';
      return { params: { rule, reason, until }, changes: [['rule', null, rule], ['reason', null, reason], ['validUntil', null, until]] };
    }
    case 'collection.assign': {
      const loans = new Set(Array.isArray(a['loanIds']) ? (a['loanIds'] as unknown[]) : []).size;
      const userName = (id: unknown) => (typeof id === 'string' ? (refs.users.get(id) ?? id) : null);
      const collector = userName(a['collectorId']) ?? '';
      return { params: { n: loans, collector }, changes: [['collector', userName(before?.['collector_id']), collector], ['loanCount', null, String(loans)]] };
    }
    case 'contactConsent.record': {
      const way = labelIn(AUDIT_CONSENT_WAYS, a['givenVia'], locale) ?? '';
      const from = str(a['givenOn']) ?? '';
      const until = str(a['validUntil']) ?? '';
      const note = str(a['note']) ?? '';
      return { params: { way, from, until, note }, changes: [['givenVia', null, way], ['givenOn', null, from], ['validUntil', null, until], ['note', null, note]] };
    }
    case 'contactConsent.withdraw': {
      const note = str(a['note']) ?? '';
      return { params: { note }, changes: [['note', null, note]] };
    }
    case 'loanNote.add': {
      const body = str(a['body']) ?? '';
      return { params: { body }, changes: [['body', null, body]] };
    }
  }
}

export function describeEntry(row: AuditEntryRow, dc: DescribeContext): DescribedAuditEntry {
  const { locale, refs } = dc;
  const ids = subjectIds(row);
  const ddCase = ids.caseId ? refs.cases.get(ids.caseId) : undefined;
  const loan = refs.loans.get(ids.loanId ?? ddCase?.loanId ?? '');
  const customer = refs.customers.get(loan?.customerId ?? ddCase?.customerId ?? ids.customerId ?? '');
  const action = isAuditAction(row.action) ? row.action : null;
  // An entry with no mutation arguments (none should exist) still names its event and subject.
  const built = action && row.args ? build(action, row, dc) : { params: {}, changes: [] };
  const fieldName = (f: string) => (Object.hasOwn(AUDIT_FIELD_LABELS, f) ? pick(AUDIT_FIELD_LABELS[f as AuditField], locale) : f);
  return {
    seq: row.seq,
    at: row.at,
    atText: instantText(row.at, dc.timeZone, true),
    actorId: row.actorId,
    actorName: row.actorName,
    action: row.action,
    family: action ? AUDIT_ACTION_FAMILY[action] : null,
    event: action ? pick(AUDIT_ACTION_LABELS[action], locale) : row.action,
    customerName: customer?.name ?? null,
    customerNo: customer?.customerNo ?? null,
    loanNo: loan?.loanNo ?? null,
    caseNo: ids.caseId ? ddCaseNumber(ids.caseId, dc.timeZone) : null,
    description: action && row.args ? pick(AUDIT_DESCRIPTIONS[action], locale, built.params) : '',
    changes: built.changes
      .filter(([, b, after]) => b !== null || after !== null)
      .map(([field, b, after]) => ({ field: fieldName(field), before: b, after })),
  };
}
