// Due-diligence mutations (贷前尽职调查). The branch runs them through the one write path; head office
// re-runs the same definitions. Answers are drafts merged per item against the client's base
// version; submit and withdraw (and decide, in ddDecide.ts) are guarded transitions that carry the state
// they expect.
import { todayInTimeZone } from '../domain/dates';
import { z } from 'zod';
import { loanApplication } from '../domain/loanApplication';
import { MAX_TERM_MONTHS_BY_PURPOSE } from '../domain/ddPolicy';
import { answerValue, itemKey } from '../forms/template';
import { canonicalJson } from '../canonicalJson';
import { answerRowId } from './ddIds';
import { caseEvaluation, caseForm, decodeAnswer, editableCase, requireCase, storedAnswer, trailEntry } from './ddRules';
import { MutationRefused, rowKey, type MutationDef } from './types';

export const ddCaseOpenArgs = z.object({
  id: z.uuid(),
  customerId: z.string().min(1).max(64),
  templateId: z.string().min(1).max(64),
  application: loanApplication,
});
export type DdCaseOpenArgs = z.infer<typeof ddCaseOpenArgs>;

export const ddCaseOpen: MutationDef<DdCaseOpenArgs, { id: string }> = {
  name: 'ddCase.open',
  version: 1,
  args: ddCaseOpenArgs,
  roles: ['officer'],
  reads: (a) => [
    { table: 'customers', id: a.customerId },
    { table: 'form_templates', id: a.templateId },
    { table: 'dd_cases', id: a.id },
  ],
  apply({ args, actor, rows }) {
    const customer = rows.get(rowKey('customers', args.customerId));
    if (!customer) throw new MutationRefused('NOT_FOUND', 'customer_exists', `customer ${args.customerId} not found`);
    if (rows.has(rowKey('dd_cases', args.id))) throw new MutationRefused('CONFLICT', 'case_exists', `case ${args.id} already exists`);
    const form = caseForm(rows, args.templateId);
    const { template } = form;
    if (template.body.purpose !== 'due_diligence') {
      throw new MutationRefused('DOMAIN_RULE', 'template_purpose', `template ${template.code} is not a due-diligence checklist`);
    }
    const type = String(customer['type']);
    if (!template.appliesTo.customerTypes.includes(type as never) || !template.appliesTo.products.includes(args.application.purpose)) {
      throw new MutationRefused('DOMAIN_RULE', 'template_applies', `template ${template.code} does not apply to a ${type} customer's ${args.application.purpose} loan`);
    }
    const maxTerm = MAX_TERM_MONTHS_BY_PURPOSE[args.application.purpose];
    if (args.application.termMonths > maxTerm) {
      throw new MutationRefused('DOMAIN_RULE', 'max_term', `a ${args.application.purpose} loan may run at most ${maxTerm} months`);
    }
    return {
      writes: [
        {
          op: 'insert',
          table: 'dd_cases',
          id: args.id,
          values: {
            customer_id: args.customerId,
            loan_id: null,
            application: args.application,
            template_id: args.templateId,
            status: 'draft',
            officer_id: actor.userId, // whoever opens the case is its officer; never an argument
            submission_no: 0,
          },
        },
      ],
      audit: { action: 'ddCase.open', entityType: 'dd_case', entityId: args.id },
      result: { id: args.id },
    };
  },
};
export const ddAnswerSetArgs = z.object({
  caseId: z.uuid(),
  templateId: z.string().min(1).max(64),
  itemKey,
  value: answerValue,
});
export type DdAnswerSetArgs = z.infer<typeof ddAnswerSetArgs>;

export const ddAnswerSet: MutationDef<DdAnswerSetArgs, { id: string }> = {
  name: 'ddAnswer.set',
  version: 1,
  args: ddAnswerSetArgs,
  roles: ['officer'],
  reads: (a) => [
    { table: 'dd_cases', id: a.caseId },
    { table: 'form_templates', id: a.templateId },
    { table: 'form_responses', id: answerRowId(a.caseId, a.itemKey) },
  ],
  apply({ args, actor, rows, stale, now, timeZone }) {
    const ddCase = editableCase(rows, args.caseId, actor);
    if (ddCase['template_id'] !== args.templateId) {
      throw new MutationRefused('DOMAIN_RULE', 'case_template', `case ${args.caseId} does not use template ${args.templateId}`);
    }
    const form = caseForm(rows, args.templateId);
    const problem = form.checkAnswer(args.itemKey, args.value, todayInTimeZone(new Date(now), timeZone));
    if (problem) throw new MutationRefused('DOMAIN_RULE', 'invalid_answer', `${args.itemKey}: ${problem.message.en} / ${problem.message.zh}`);
    const id = answerRowId(args.caseId, args.itemKey);
    const key = rowKey('form_responses', id);
    const existing = rows.get(key);
    const current = existing ? decodeAnswer(existing['value']) : null;
    if (existing && stale.has(key) && canonicalJson(current) !== canonicalJson(args.value)) {
      // Both sides changed this answer since the client last saw it: head office's value stays and the
      // client's value goes to the Sync inbox with this mutation (DESIGN.md §7, drafts).
      throw new MutationRefused(
        'CONFLICT',
        'answer_changed',
        `answer ${args.itemKey} was changed elsewhere in the meantime; kept ${canonicalJson(current)}, not ${canonicalJson(args.value)}`,
      );
    }
    const values = { owner_type: 'dd_case', owner_id: args.caseId, item_key: args.itemKey, value: storedAnswer(args.value) };
    return {
      writes: [existing ? { op: 'update', table: 'form_responses', id, values } : { op: 'insert', table: 'form_responses', id, values }],
      audit: { action: 'ddAnswer.set', entityType: 'form_response', entityId: id },
      result: { id },
    };
  },
};

export const ddCaseSubmitArgs = z.object({
  caseId: z.uuid(),
  templateId: z.string().min(1).max(64),
  eventId: z.uuid(),
  expectedStatus: z.enum(['draft', 'returned']),
});
export type DdCaseSubmitArgs = z.infer<typeof ddCaseSubmitArgs>;

export const ddCaseSubmit: MutationDef<DdCaseSubmitArgs, { submissionNo: number }> = {
  name: 'ddCase.submit',
  version: 1,
  args: ddCaseSubmitArgs,
  roles: ['officer'],
  reads: (a) => [
    { table: 'dd_cases', id: a.caseId },
    { table: 'form_templates', id: a.templateId },
    { table: 'approvals', id: a.eventId },
  ],
  readsOwned: (a) => [
    { table: 'form_responses', ownerId: a.caseId },
    { table: 'attachments', ownerId: a.caseId },
  ],
  // A supervisor reviews the evidence: the case goes up only with its files.
  blobsNeeded: ({ args, rows }) =>
    [...rows].filter(([key, row]) => key.startsWith('attachments:') && row['owner_id'] === args.caseId).map(([, row]) => String(row['sha256'])),
  apply({ args, actor, rows, now, timeZone }) {
    const ddCase = requireCase(rows, args.caseId);
    if (ddCase['status'] !== args.expectedStatus) {
      throw new MutationRefused('CONFLICT', 'stale_status', `case ${args.caseId} is ${String(ddCase['status'])}, not ${args.expectedStatus}`);
    }
    editableCase(rows, args.caseId, actor);
    if (ddCase['template_id'] !== args.templateId) {
      throw new MutationRefused('DOMAIN_RULE', 'case_template', `case ${args.caseId} does not use template ${args.templateId}`);
    }
    const evaluation = caseEvaluation(caseForm(rows, args.templateId), rows, args.caseId, ddCase, todayInTimeZone(new Date(now), timeZone));
    if (evaluation.missing.length > 0) {
      const keys = evaluation.missing.map((m) => (m.childKey ? `${m.key}[${m.row ?? 0}].${m.childKey}` : m.key));
      throw new MutationRefused('DOMAIN_RULE', 'incomplete', `case ${args.caseId} is incomplete: ${keys.join(', ')}`, {
        missing: evaluation.missing,
      });
    }
    const submissionNo = Number(ddCase['submission_no'] ?? 0) + 1;
    return {
      writes: [
        {
          op: 'update',
          table: 'dd_cases',
          id: args.caseId,
          values: { status: 'submitted', submission_no: submissionNo, submitted_at: now, submitted_by: actor.userId, decided_at: null, decided_by: null },
        },
        trailEntry(args.eventId, args.caseId, 'submitted', null, actor.userId, now),
      ],
      audit: { action: 'ddCase.submit', entityType: 'dd_case', entityId: args.caseId },
      result: { submissionNo },
    };
  },
};

export const ddCaseWithdrawArgs = z.object({
  caseId: z.uuid(),
  eventId: z.uuid(),
  expectedStatus: z.enum(['draft', 'returned', 'submitted']),
  reason: z.string().trim().min(1).max(2000),
});
export type DdCaseWithdrawArgs = z.infer<typeof ddCaseWithdrawArgs>;

export const ddCaseWithdraw: MutationDef<DdCaseWithdrawArgs, { status: 'withdrawn' }> = {
  name: 'ddCase.withdraw',
  version: 1,
  args: ddCaseWithdrawArgs,
  roles: ['officer'],
  reads: (a) => [
    { table: 'dd_cases', id: a.caseId },
    { table: 'approvals', id: a.eventId },
  ],
  apply({ args, actor, rows, now }) {
    const ddCase = requireCase(rows, args.caseId);
    if (ddCase['status'] !== args.expectedStatus) {
      throw new MutationRefused('CONFLICT', 'stale_status', `case ${args.caseId} is ${String(ddCase['status'])}, not ${args.expectedStatus}`);
    }
    if (ddCase['officer_id'] !== actor.userId) throw new MutationRefused('FORBIDDEN', 'own_case', 'only the case officer may withdraw it');
    return {
      writes: [
        { op: 'update', table: 'dd_cases', id: args.caseId, values: { status: 'withdrawn', decided_at: now, decided_by: actor.userId } },
        trailEntry(args.eventId, args.caseId, 'withdrawn', args.reason, actor.userId, now),
      ],
      audit: { action: 'ddCase.withdraw', entityType: 'dd_case', entityId: args.caseId },
      result: { status: 'withdrawn' },
    };
  },
};
