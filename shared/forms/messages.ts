// The engine's staff-facing sentences, Chinese first. Kept concrete ("不能大于 1,000,000.00 元"), because
// an officer fixing a field on a tablet needs the bound, not the rule name.
import { formatFen } from '../domain/money';
import type { LocalizedText } from './template';

export function text(zh: string, en: string): LocalizedText {
  return { zh, en };
}

/** Money bounds are integer fen; shown in yuan with 2 decimals. */
export function moneyText(fen: number): LocalizedText {
  if (!Number.isSafeInteger(fen)) return text(`${fen} 分`, `${fen} fen`);
  return text(`${formatFen(fen, 'zh-CN', { symbol: false })} 元`, formatFen(fen, 'en'));
}

export function numberText(n: number, unit?: LocalizedText): LocalizedText {
  return unit ? text(`${n} ${unit.zh}`, `${n} ${unit.en}`) : text(String(n), String(n));
}

/** Prefixes a row's problem with where it is: "第 2 行「姓名」：…" (rows are shown 1-based). */
export function inRow(row: number, childLabel: LocalizedText, m: LocalizedText): LocalizedText {
  return text(`第 ${row + 1} 行「${childLabel.zh}」：${m.zh}`, `Row ${row + 1}, "${childLabel.en}": ${m.en}`);
}

export const msg = {
  unknownItem: (key: string) => text(`「${key}」不是本表的题目`, `"${key}" is not an item of this form`),
  unknownChild: (key: string) => text(`「${key}」不是本组的题目`, `"${key}" is not an item of this group`),
  unknownInRow: (row: number, key: string) => text(`第 ${row + 1} 行：「${key}」不是本组的题目`, `Row ${row + 1}: "${key}" is not an item of this group`),
  notAnswerable: () => text('此项通过上传附件完成，不能直接填写', 'This item is completed by attaching files, not by a value'),
  yesnoType: () => text('应选择“是”“否”或“不适用”', 'Must be yes, no or not applicable'),
  notYesno: (v: string) => text(`「${v}」不是可选答案（是/否/不适用）`, `"${v}" is not an answer here (yes/no/not applicable)`),
  textType: () => text('应为文字', 'Must be text'),
  tooLong: (max: number) => text(`不能超过 ${max} 个字`, `Must be at most ${max} characters`),
  numberType: () => text('应为数字', 'Must be a number'),
  notInteger: () => text('应为整数', 'Must be a whole number'),
  moneyType: () => text('应为金额（以分为单位的整数）', 'Must be an amount in whole fen'),
  moneyNotWhole: () => text('金额须精确到分', 'The amount must be in whole fen'),
  belowMin: (bound: LocalizedText) => text(`不能小于 ${bound.zh}`, `Must not be less than ${bound.en}`),
  aboveMax: (bound: LocalizedText) => text(`不能大于 ${bound.zh}`, `Must not be more than ${bound.en}`),
  dateType: () => text('应为日期（YYYY-MM-DD）', 'Must be a date (YYYY-MM-DD)'),
  badDate: (v: string) => text(`「${v}」不是有效日期（YYYY-MM-DD）`, `"${v}" is not a real date (YYYY-MM-DD)`),
  futureDate: (today: string) => text(`不能晚于今天（${today}）`, `Must not be later than today (${today})`),
  singleType: () => text('应选择一个选项', 'Must be one of the options'),
  notAnOption: (v: string) => text(`「${v}」不是可选项`, `"${v}" is not one of the options`),
  multiType: () => text('应为选项列表', 'Must be a list of options'),
  duplicateOption: (v: string) => text(`「${v}」重复选择`, `"${v}" is selected more than once`),
  tooFewSelected: (min: number) => text(`至少选择 ${min} 项`, `Select at least ${min}`),
  groupType: () => text('应为若干行', 'Must be a list of rows'),
  rowType: (row: number) => text(`第 ${row + 1} 行格式不正确`, `Row ${row + 1} is not a row of answers`),
  tooManyRows: (max: number) => text(`最多 ${max} 行`, `At most ${max} rows`),
  tooFewRows: (min: number, have: number) => text(`至少需要 ${min} 行（现有 ${have} 行）`, `At least ${min} rows are needed (${have} so far)`),
  required: () => text('必填', 'Required'),
  evidence: (min: number, have: number) =>
    text(`至少需要 ${min} 个附件（现有 ${have} 个）`, `At least ${min} attachment${min === 1 ? '' : 's'} needed (${have} so far)`),
  signature: () => text('需要签名', 'A signature is needed'),
  dsrOver: (pct: string, limitPct: string) =>
    text(`负债收入比 ${pct}% 超过上限 ${limitPct}%`, `Debt-service ratio ${pct}% is above the limit of ${limitPct}%`),
};
