// The engine's staff-facing sentences. The texts live in shared/i18n/forms.ts; this file turns them into
// the `{ zh, en }` messages the engine's problems carry, because an answer's problem is shown in whichever
// language the officer later picks, so both are kept.
import { formatFen } from '../domain/money';
import { FORM_ANSWER_TEXT, type FormAnswerTextKey } from '../i18n/forms';
import { fill, type Bilingual, type TextParams } from '../i18n/text';
import type { LocalizedText } from './template';

/** A placeholder's value: the same in both languages, or already in both (an item's label, a bound). */
export type FormTextParam = string | number | LocalizedText;

function paramsIn(language: keyof LocalizedText, params: Readonly<Record<string, FormTextParam>>): TextParams {
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'object' ? value[language] : value]));
}

/** A catalog text as a `{ zh, en }` message; a LocalizedText parameter fills each language with its own half. */
export function formText(text: Bilingual, params: Readonly<Record<string, FormTextParam>> = {}): LocalizedText {
  return { zh: fill(text['zh-CN'], paramsIn('zh', params)), en: fill(text.en, paramsIn('en', params)) };
}

function answerText(key: FormAnswerTextKey, params: Readonly<Record<string, FormTextParam>> = {}): LocalizedText {
  return formText(FORM_ANSWER_TEXT[key], params);
}

/** Money bounds are integer fen; shown in yuan with 2 decimals. */
export function moneyText(fen: number): LocalizedText {
  if (!Number.isSafeInteger(fen)) return answerText('fenAmount', { fen });
  return answerText('yuanAmount', { amount: { zh: formatFen(fen, 'zh-CN', { symbol: false }), en: formatFen(fen, 'en') } });
}

export function numberText(n: number, unit?: LocalizedText): LocalizedText {
  return unit ? { zh: `${n} ${unit.zh}`, en: `${n} ${unit.en}` } : { zh: String(n), en: String(n) };
}

/** Prefixes a row's problem with where it is: "第 2 行「姓名」：…" (rows are shown 1-based). */
export function inRow(row: number, childLabel: LocalizedText, m: LocalizedText): LocalizedText {
  return answerText('inRow', { row: row + 1, label: childLabel, problem: m });
}

export const msg = {
  unknownItem: (key: string) => answerText('unknownItem', { key }),
  unknownChild: (key: string) => answerText('unknownChild', { key }),
  unknownInRow: (row: number, key: string) => answerText('unknownInRow', { row: row + 1, key }),
  notAnswerable: () => answerText('notAnswerable'),
  yesnoType: () => answerText('yesnoType'),
  notYesno: (v: string) => answerText('notYesno', { value: v }),
  textType: () => answerText('textType'),
  tooLong: (max: number) => answerText('tooLong', { max }),
  numberType: () => answerText('numberType'),
  notInteger: () => answerText('notInteger'),
  moneyType: () => answerText('moneyType'),
  moneyNotWhole: () => answerText('moneyNotWhole'),
  belowMin: (bound: LocalizedText) => answerText('belowMin', { bound }),
  aboveMax: (bound: LocalizedText) => answerText('aboveMax', { bound }),
  dateType: () => answerText('dateType'),
  badDate: (v: string) => answerText('badDate', { value: v }),
  futureDate: (today: string) => answerText('futureDate', { today }),
  singleType: () => answerText('singleType'),
  notAnOption: (v: string) => answerText('notAnOption', { value: v }),
  multiType: () => answerText('multiType'),
  duplicateOption: (v: string) => answerText('duplicateOption', { value: v }),
  tooFewSelected: (min: number) => answerText('tooFewSelected', { min }),
  groupType: () => answerText('groupType'),
  rowType: (row: number) => answerText('rowType', { row: row + 1 }),
  tooManyRows: (max: number) => answerText('tooManyRows', { max }),
  tooFewRows: (min: number, have: number) => answerText('tooFewRows', { min, have }),
  required: () => answerText('required'),
  evidence: (min: number, have: number) => answerText(min === 1 ? 'evidenceOne' : 'evidenceMany', { min, have }),
  signature: () => answerText('signature'),
  dsrOver: (pct: string, limitPct: string) => answerText('dsrOver', { pct, limitPct }),
};
