// The shared form engine, run live in the renderer: the same compileForm / evaluateForm / checkAnswer
// the service uses to re-check, so what the officer sees here is what submission will find.
import dayjs from 'dayjs';
import { useMemo } from 'react';
import {
  checkAnswer,
  compileForm,
  evaluateForm,
  type AnswerScope,
  type CompiledForm,
  type FormEvaluation,
} from '../../../../shared/forms';
import type { AnswerValue, Answers } from '../../../../shared/forms/template';
import { parseTemplate, type Attachment, type CaseData, type ParsedTemplate } from './form';
import type { Checker, Problem } from './useAnswers';

export interface CaseForm {
  parsed: ParsedTemplate;
  form: CompiledForm;
}

/** The business date for notFuture dates: the workstation's own calendar day. */
function todayText(): string {
  return dayjs().format('YYYY-MM-DD');
}

export function useCaseForm(data: CaseData): CaseForm | null {
  const template = data.template;
  return useMemo(() => {
    const parsed = parseTemplate(template);
    return parsed ? { parsed, form: compileForm(parsed.template) } : null;
  }, [template]);
}

function attachmentCounts(attachments: readonly Attachment[]): Record<string, number> {
  const counts: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const a of attachments) counts[a.itemKey] = (counts[a.itemKey] ?? 0) + 1;
  return counts;
}

function evaluateCase(form: CompiledForm, answers: Answers, attachments: readonly Attachment[], monthlyPayment: number): FormEvaluation {
  return evaluateForm(form, answers, attachmentCounts(attachments), { newMonthlyPayment: monthlyPayment, today: todayText() });
}

export function useEvaluation(
  caseForm: CaseForm | null,
  answers: Answers,
  attachments: readonly Attachment[],
  monthlyPayment: number,
): FormEvaluation | null {
  return useMemo(
    () => (caseForm ? evaluateCase(caseForm.form, answers, attachments, monthlyPayment) : null),
    [caseForm, answers, attachments, monthlyPayment],
  );
}

/** The visible answers, as conditions inside group rows see the rest of the form. */
export function visibleScope(evaluation: FormEvaluation | null, answers: Answers): AnswerScope {
  const scope = Object.create(null) as Record<string, AnswerValue | undefined>;
  if (!evaluation) return scope;
  for (const key of evaluation.visibleItems) if (answers[key] !== undefined) scope[key] = answers[key];
  return scope;
}

/** checkAnswer bound to a form; evidence and signature items are never sent as values. */
export function makeChecker(form: CompiledForm | null): Checker {
  return (itemKey: string, value: AnswerValue, answers: Answers): Problem | null => {
    if (!form) return null;
    return checkAnswer(form, itemKey, value, answers, { today: todayText() });
  };
}
