// The form engine for due-diligence checklists and post-loan inspections (pure: shared/, zod, decimal.js).
export * from './template';
export { compileForm, parseTemplateRow, type CompiledForm, type CompiledItem } from './compile';
export { compileCondition, isAnswered, type AnswerScope } from './conditions';
export { checkAnswer } from './answers';
export { evaluateForm, type FormEvaluation, type RaisedFlag } from './evaluate';
export { validateTemplateFile, type TemplateProblem } from './publish';
export { pickTemplates, templateApplies } from './applies';
