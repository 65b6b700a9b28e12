// Rules the due-diligence mutations share: which case a user may edit, the case's template, and the
// evaluation of its answers and files (the completeness gate of submit).
import { loanApplication, type LoanApplication } from '../domain/loanApplication';
import { checkAnswer, type AnswerProblem } from '../forms/answers';
import { compileForm, parseTemplateRow, type CompiledForm, type TemplateRow } from '../forms/compile';
import { evaluateForm, type FormEvaluation } from '../forms/evaluate';
import type { AnswerValue } from '../forms/template';
import { applicationMonthlyPayment } from './ddIds';
import { MutationRefused, rowKey, type Actor, type Row, type RowWrite } from './types';

export function requireCase(rows: ReadonlyMap<string, Row>, caseId: string): Row {
  const row = rows.get(rowKey('dd_cases', caseId));
  if (!row) throw new MutationRefused('NOT_FOUND', 'case_exists', `case ${caseId} not found`);
  return row;
}

/** A case its officer may still change: a draft, or returned for rework. */
export function editableCase(rows: ReadonlyMap<string, Row>, caseId: string, actor: Actor): Row {
  const row = requireCase(rows, caseId);
  if (row['officer_id'] !== actor.userId) throw new MutationRefused('FORBIDDEN', 'own_case', 'only the case officer may change the case');
  if (row['status'] !== 'draft' && row['status'] !== 'returned') {
    throw new MutationRefused('CONFLICT', 'case_locked', `case ${caseId} is ${String(row['status'])} and cannot be changed`);
  }
  return row;
}

export interface CaseForm {
  form: CompiledForm;
  template: CompiledForm['template'];
  checkAnswer(itemKey: string, value: AnswerValue, today?: string): AnswerProblem | null;
}

export function caseForm(rows: ReadonlyMap<string, Row>, templateId: string): CaseForm {
  const row = rows.get(rowKey('form_templates', templateId));
  if (!row) throw new MutationRefused('NOT_FOUND', 'template_exists', `template ${templateId} not found`);
  let form: CompiledForm;
  try {
    form = compileForm(parseTemplateRow(row as unknown as TemplateRow));
  } catch (err) {
    throw new MutationRefused('DOMAIN_RULE', 'template_invalid', (err as Error).message);
  }
  return {
    form,
    template: form.template,
    checkAnswer: (key, value, today) => checkAnswer(form, key, value, undefined, today ? { today } : {}),
  };
}

/**
 * An answer is stored wrapped, `{ "v": <answer> }`: a JSON column holding a bare string would be
 * ambiguous between the branch's text and head office's jsonb (is `yes` JSON or text?); an object
 * travels the same way through SQLite, PostgreSQL and the change log.
 */
export function storedAnswer(value: AnswerValue): { v: AnswerValue } {
  return { v: value };
}

export function decodeAnswer(stored: unknown): AnswerValue {
  const parsed = parseJson(stored);
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && 'v' in parsed) return (parsed as { v: AnswerValue }).v;
  return null;
}

function parseJson(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

/** The loan applied for, from a case row (JSON text at the branch, already decoded at head office); null if unreadable. */
export function caseApplication(ddCase: Row): LoanApplication | null {
  const app = loanApplication.safeParse(parseJson(ddCase['application']));
  return app.success ? app.data : null;
}

/** Answers and evidence counts of a case from its read child rows. */
function caseAnswers(rows: ReadonlyMap<string, Row>, caseId: string): { answers: Record<string, AnswerValue>; evidence: Record<string, number> } {
  const answers: Record<string, AnswerValue> = {};
  const evidence: Record<string, number> = {};
  for (const [key, row] of rows) {
    if (row['owner_id'] !== caseId) continue;
    if (key.startsWith('form_responses:')) answers[String(row['item_key'])] = decodeAnswer(row['value']);
    else if (key.startsWith('attachments:') && typeof row['item_key'] === 'string') {
      evidence[row['item_key']] = (evidence[row['item_key']] ?? 0) + 1;
    }
  }
  return { answers, evidence };
}

/** `today`: the business date in the branch's zone, against which "not in the future" is judged. */
export function caseEvaluation(cf: CaseForm, rows: ReadonlyMap<string, Row>, caseId: string, ddCase: Row, today: string): FormEvaluation {
  const { answers, evidence } = caseAnswers(rows, caseId);
  const app = caseApplication(ddCase);
  return evaluateForm(cf.form, answers, evidence, {
    newMonthlyPayment: app ? applicationMonthlyPayment(app) : 0,
    today,
  });
}

/** One entry of a case's decision trail (approvals table): submitted, approved, returned, withdrawn. */
export function trailEntry(id: string, caseId: string, decision: string, comment: string | null, userId: string, now: string): RowWrite {
  return {
    op: 'insert',
    table: 'approvals',
    id,
    values: { subject_type: 'dd_case', subject_id: caseId, decision, comment, decided_by: userId, decided_at: now },
  };
}
