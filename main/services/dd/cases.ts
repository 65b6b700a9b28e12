// Pre-loan due-diligence cases: open, answer, submit, decide, withdraw. Every change goes through
// the one write path with a shared mutation; these use cases add what needs the local database or the
// caller's language: branch checks, field messages, and the list of missing items on a refused submit.
import { v7 as uuidv7 } from 'uuid';
import type { ParsedInputOf, OutputOf } from '../../../shared/api/contract';
import { loanApplication, type DdStatus } from '../../../shared/api/ddSchemas';
import { todayInTimeZone } from '../../../shared/domain/dates';
import { decisionDueAt, dueSoonAt, slaState } from '../../../shared/domain/ddPolicy';
import { pickTemplates } from '../../../shared/forms/applies';
import { checkAnswer } from '../../../shared/forms/answers';
import { compileForm, parseTemplateRow, type CompiledForm } from '../../../shared/forms/compile';
import { evaluateForm } from '../../../shared/forms/evaluate';
import { formatFen } from '../../../shared/domain/money';
import type { MissingItem } from '../../../shared/forms/evaluate';
import type { AnswerValue } from '../../../shared/forms/template';
import { hasAnyRole } from '../../../shared/auth/roles';
import { ddAnswerSet, ddCaseOpen, ddCaseSubmit, ddCaseWithdraw } from '../../../shared/mutations/dd';
import { ddCaseDecide } from '../../../shared/mutations/ddDecide';
import { applicationMonthlyPayment, ddCaseNumber } from '../../../shared/mutations/ddIds';
import { decodeAnswer } from '../../../shared/mutations/ddRules';
import { DD_DECISION_MESSAGES } from '../../../shared/i18n/workflowMessages';
import {
  answersOfCases,
  caseAnswerRows,
  caseAttachments,
  caseTrail,
  evidenceCountsOfCases,
  getCase,
  getCustomerHit,
  getTemplate,
  listCases,
  listTemplateRows,
  searchCustomers as customersMatching,
  type CaseListRow,
  type CaseRecord,
} from '../../../db/local/queries/dd';
import { workstationBlobs } from '../blobStore';
import { requireActor, type ServiceContext } from '../context';
import { fieldError, ServiceError } from '../errors';
import { mutate } from '../mutate';
import { pickLabel } from '../../../shared/i18n/text';
import { branchTimeZone, policyOf } from '../policies';

/** The case if it is this branch's; another branch's case does not exist for this user. */
export function branchCase(ctx: ServiceContext, caseId: string): CaseRecord {
  const actor = requireActor(ctx);
  const c = getCase(ctx.store.read(), caseId);
  if (!c || c.branchId !== actor.branchId) throw new ServiceError('NOT_FOUND');
  return c;
}

export function caseCompiledForm(ctx: ServiceContext, templateId: string): CompiledForm {
  const template = getTemplate(ctx.store.read(), templateId, parseTemplateRow);
  if (!template) throw new ServiceError('NOT_FOUND');
  return compileForm(template);
}

function today(ctx: ServiceContext): string {
  return todayInTimeZone(ctx.clock(), branchTimeZone(ctx));
}

export function searchCustomers(ctx: ServiceContext, input: ParsedInputOf<'dd.searchCustomers'>): OutputOf<'dd.searchCustomers'> {
  const actor = requireActor(ctx);
  const hits = customersMatching(ctx.store.read(), actor.branchId, input.q ?? '', 20);
  return { customers: hits.map(({ id, customerNo, name, type }) => ({ id, customerNo, name, type })) };
}

export function templates(ctx: ServiceContext, input: ParsedInputOf<'dd.templates'>): OutputOf<'dd.templates'> {
  const actor = requireActor(ctx);
  const r = ctx.store.read();
  const customer = getCustomerHit(r, input.customerId);
  if (!customer || customer.branchId !== actor.branchId) throw new ServiceError('NOT_FOUND');
  const templates = listTemplateRows(r).flatMap((row) => {
    try {
      return [parseTemplateRow(row)];
    } catch {
      return []; // a template this version cannot read is not offered (head office validates at publish)
    }
  });
  const fitting = pickTemplates(
    templates.filter((t) => t.body.purpose === 'due_diligence'),
    customer.type,
    input.purpose,
  );
  return { templates: fitting.map((t) => ({ id: t.id, code: t.code, version: t.version, titleZh: t.title.zh, titleEn: t.title.en })) };
}

export function open(ctx: ServiceContext, input: ParsedInputOf<'dd.open'>): OutputOf<'dd.open'> {
  const id = uuidv7();
  mutate(ctx, ddCaseOpen, { id, customerId: input.customerId, templateId: input.templateId, application: input.application });
  return { caseId: id };
}

export function list(ctx: ServiceContext, input: ParsedInputOf<'dd.list'>): OutputOf<'dd.list'> {
  const actor = requireActor(ctx);
  const r = ctx.store.read();
  const policy = policyOf(ctx, 'dd', r);
  const now = ctx.clock();
  const hours = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();
  const { rows, total } = listCases(r, {
    branchId: actor.branchId,
    statuses: input.statuses,
    // An officer works on own cases; a supervisor sees the branch's.
    officerId: hasAnyRole(actor.roles, ['supervisor']) ? input.officerId : actor.userId,
    q: input.q,
    slaStates: input.slaStates,
    overdueBefore: hours(policy.decisionSlaHours),
    dueSoonBefore: hours(policy.decisionSlaHours - policy.dueSoonHours),
    sort: input.sort,
    offset: input.offset,
    limit: input.limit,
  });
  const risks = caseRisks(ctx, rows);
  const timeZone = branchTimeZone(ctx);
  return {
    rows: rows.map((row) => {
      const app = loanApplication.parse(JSON.parse(row.application));
      return {
        id: row.id,
        customerName: row.customerName,
        customerNo: row.customerNo,
        customerType: row.customerType,
        purpose: app.purpose,
        amount: app.amount,
        templateTitleZh: row.templateTitleZh,
        templateTitleEn: row.templateTitleEn,
        status: row.status,
        officerId: row.officerId,
        officerName: row.officerName,
        submittedAt: row.submittedAt,
        dueAt: row.status === 'submitted' && row.submittedAt ? decisionDueAt(row.submittedAt, policy) : null,
        dueSoonAt: row.status === 'submitted' && row.submittedAt ? dueSoonAt(row.submittedAt, policy) : null,
        slaState: slaState(row.status, row.submittedAt, now, policy),
        updatedAt: row.updatedAt,
        caseNo: ddCaseNumber(row.id, timeZone),
        risk: risks.get(row.id) ?? null,
      };
    }),
    total,
    now: now.toISOString(),
  };
}

type CaseRisk = OutputOf<'dd.list'>['rows'][number]['risk'];

/**
 * Red flags, score and debt-service ratio of each listed case, evaluated from its saved answers and
 * files with its own template (the figures the supervisor would see on opening it). Two reads for the
 * page; a case whose template this build cannot read gets none.
 */
function caseRisks(ctx: ServiceContext, rows: readonly CaseListRow[]): Map<string, CaseRisk> {
  const r = ctx.store.read();
  const ids = rows.map((row) => row.id);
  const answersBy = answersOfCases(r, ids);
  const evidenceBy = evidenceCountsOfCases(r, ids);
  const today = todayInTimeZone(ctx.clock(), branchTimeZone(ctx));
  const out = new Map<string, CaseRisk>();
  for (const row of rows) {
    let form: CompiledForm;
    try {
      form = caseCompiledForm(ctx, row.templateId);
    } catch {
      continue;
    }
    const answers: Record<string, AnswerValue> = {};
    for (const a of answersBy.get(row.id) ?? []) answers[a.itemKey] = decodeAnswer(a.value);
    const app = loanApplication.parse(JSON.parse(row.application));
    const ev = evaluateForm(form, answers, evidenceBy.get(row.id) ?? {}, { newMonthlyPayment: applicationMonthlyPayment(app), today });
    const count = (severity: string) => ev.redFlags.filter((f) => f.severity === severity).length;
    out.set(row.id, {
      high: count('high'),
      medium: count('medium'),
      low: count('low'),
      scorePct: ev.score.pct,
      dsr: ev.dsr?.ratio ?? null,
      dsrOverLimit: ev.dsr?.overLimit ?? false,
    });
  }
  return out;
}

const TRAIL_ACTION: Record<string, 'submitted' | 'approved' | 'returned' | 'withdrawn'> = {
  submitted: 'submitted',
  approved: 'approved',
  returned: 'returned',
  withdrawn: 'withdrawn',
};

export function get(ctx: ServiceContext, input: ParsedInputOf<'dd.get'>): OutputOf<'dd.get'> {
  const actor = requireActor(ctx);
  const c = branchCase(ctx, input.caseId);
  const r = ctx.store.read();
  const customer = getCustomerHit(r, c.customerId);
  const template = getTemplate(r, c.templateId, parseTemplateRow);
  if (!customer || !template) throw new ServiceError('NOT_FOUND');
  const policy = policyOf(ctx, 'dd', r);
  const application = loanApplication.parse(JSON.parse(c.application));
  const answers: Record<string, AnswerValue> = {};
  for (const a of caseAnswerRows(r, c.id)) answers[a.itemKey] = decodeAnswer(a.value);
  const blobs = workstationBlobs(ctx.store);
  const trail = caseTrail(r, c.id).flatMap((t) => {
    const action = TRAIL_ACTION[t.decision];
    return action ? [{ action, byId: t.decidedBy, byName: t.byName, at: t.decidedAt, comment: t.comment }] : [];
  });
  const status: DdStatus = c.status;
  const isSupervisor = hasAnyRole(actor.roles, ['supervisor']);
  return {
    case: {
      id: c.id,
      status,
      submissionNo: c.submissionNo,
      officerId: c.officerId,
      officerName: c.officerName,
      submittedAt: c.submittedAt,
      submittedBy: c.submittedBy,
      decidedAt: c.decidedAt,
      dueAt: status === 'submitted' && c.submittedAt ? decisionDueAt(c.submittedAt, policy) : null,
      dueSoonAt: status === 'submitted' && c.submittedAt ? dueSoonAt(c.submittedAt, policy) : null,
      slaHours: policy.decisionSlaHours,
      createdAt: c.createdAt,
      application,
      monthlyPayment: applicationMonthlyPayment(application),
      caseNo: ddCaseNumber(c.id, branchTimeZone(ctx)),
      approvedAmountFen: c.approvedAmountFen,
      approvalConditions: c.approvalConditions,
      decidedBy: c.decidedBy,
      decidedByName: c.decidedByName,
    },
    customer: { id: customer.id, customerNo: customer.customerNo, name: customer.name, type: customer.type, segment: customer.segment },
    template: {
      id: template.id,
      code: template.code,
      version: template.version,
      titleZh: template.title.zh,
      titleEn: template.title.en,
      body: template.body,
      appliesTo: template.appliesTo,
    },
    answers,
    attachments: caseAttachments(r, c.id).map((a) => ({ ...a, available: blobs.has(a.sha256) })),
    trail: [{ action: 'opened' as const, byId: c.officerId, byName: c.officerName, at: c.createdAt, comment: null }, ...trail],
    canEdit: c.officerId === actor.userId && (status === 'draft' || status === 'returned'),
    canDecide: isSupervisor && status === 'submitted' && c.officerId !== actor.userId && c.submittedBy !== actor.userId,
    now: ctx.clock().toISOString(),
  };
}

export function answer(ctx: ServiceContext, input: ParsedInputOf<'dd.answer'>): OutputOf<'dd.answer'> {
  const c = branchCase(ctx, input.caseId);
  const form = caseCompiledForm(ctx, c.templateId);
  // The mutation checks the answer too (it is the authority at head office); checking here first
  // gives the user the reason in their language, on the field.
  const problem = checkAnswer(form, input.itemKey, input.value as AnswerValue, undefined, { today: today(ctx) });
  if (problem) throw new ServiceError('VALIDATION', {}, { value: pickLabel(problem.message, ctx.locale) });
  mutate(ctx, ddAnswerSet, { caseId: c.id, templateId: c.templateId, itemKey: input.itemKey, value: input.value as AnswerValue });
  return { savedAt: ctx.clock().toISOString() };
}

export function submit(ctx: ServiceContext, input: ParsedInputOf<'dd.submit'>): OutputOf<'dd.submit'> {
  const c = branchCase(ctx, input.caseId);
  if (c.status !== 'draft' && c.status !== 'returned') throw new ServiceError('CONFLICT');
  try {
    // The completeness gate is the mutation's (head office runs it again); its refusal carries the
    // missing items, given to the user in their language.
    const result = mutate(ctx, ddCaseSubmit, { caseId: c.id, templateId: c.templateId, eventId: uuidv7(), expectedStatus: c.status });
    return { status: 'submitted', submissionNo: result.submissionNo };
  } catch (err) {
    const missing = err instanceof ServiceError ? (err.details?.['missing'] as MissingItem[] | undefined) : undefined;
    if (!missing) throw err;
    throw new ServiceError('INCOMPLETE', { count: missing.length }, undefined, {
      missing: missing.map((m) => ({
        key: m.key,
        sectionKey: m.sectionKey,
        reason: m.reason,
        label: pickLabel(m.label, ctx.locale),
        ...(m.problem ? { problem: pickLabel(m.problem, ctx.locale) } : {}),
        ...(m.row !== undefined ? { row: m.row } : {}),
        ...(m.childKey ? { childKey: m.childKey } : {}),
      })),
    });
  }
}

export function decide(ctx: ServiceContext, input: ParsedInputOf<'dd.decide'>): OutputOf<'dd.decide'> {
  const c = branchCase(ctx, input.caseId);
  // The mutation refuses these too (head office runs it again); here the reason goes under the field.
  const approvedAmountFen = input.decision === 'approve' ? (input.approvedAmountFen ?? null) : null;
  if (input.decision === 'approve') {
    const requested = loanApplication.parse(JSON.parse(c.application)).amount;
    if (approvedAmountFen === null) throw fieldError(ctx.locale, 'approvedAmountFen', DD_DECISION_MESSAGES.amountRequired);
    if (approvedAmountFen > requested) {
      throw fieldError(ctx.locale, 'approvedAmountFen', DD_DECISION_MESSAGES.amountAboveRequest, { requested: formatFen(requested, ctx.locale) });
    }
  }
  const result = mutate(ctx, ddCaseDecide, {
    caseId: c.id,
    eventId: uuidv7(),
    submissionNo: input.submissionNo,
    decision: input.decision,
    comment: input.comment ?? '',
    approvedAmountFen,
    conditions: input.decision === 'approve' ? (input.conditions ?? '') : '',
  });
  return { status: result.status };
}

export function withdraw(ctx: ServiceContext, input: ParsedInputOf<'dd.withdraw'>): OutputOf<'dd.withdraw'> {
  const c = branchCase(ctx, input.caseId);
  if (c.status !== 'draft' && c.status !== 'returned' && c.status !== 'submitted') throw new ServiceError('CONFLICT');
  mutate(ctx, ddCaseWithdraw, { caseId: c.id, eventId: uuidv7(), expectedStatus: c.status, reason: input.reason });
  return { status: 'withdrawn' };
}
