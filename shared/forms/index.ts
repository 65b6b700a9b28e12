// The form engine for due-diligence checklists and post-loan inspections (pure: shared/, zod, decimal.js).
export * from './template';
export { compileForm, parseTemplateRow, type CompiledForm, type CompiledItem, type CompiledSection, type CompiledFlag, type TemplateRow } from './compile';
export { compileCondition, isAnswered, type AnswerScope, type Predicate } from './conditions';
export { checkAnswer, DEFAULT_TEXT_MAX_LENGTH, type AnswerProblem, type AnswerProblemCode, type CheckOptions } from './answers';
export { evaluateForm, type EvaluateOptions, type FormEvaluation, type MissingItem, type RaisedFlag } from './evaluate';
export { validateTemplateFile, type TemplateFileCheck, type TemplateProblem, type TemplateProblemCode } from './publish';
export { pickTemplates, templateApplies, type CustomerType, type Purpose } from './applies';
