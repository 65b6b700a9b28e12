// The form engine's sentences in both languages: what is wrong with an answer (shown to the officer
// filling the form) and what is wrong with a template file (shown to head office before it publishes).
// Bounds stay concrete ("不能大于 1,000,000.00 元"): an officer fixing a field needs the number, not the
// rule's name. Row numbers are 1-based here; the engine counts rows from 0 and adds one.
import type { Bilingual } from './text';

/** Problems with one answer, and the parts they are built from (amounts, rows). */
export const FORM_ANSWER_TEXT = {
  /** An amount outside the safe-integer range cannot be formatted as yuan, so it is shown in fen. */
  fenAmount: { 'zh-CN': '{fen} 分', en: '{fen} fen' },
  /** {amount} is the yuan amount formatted for each language (no currency sign in Chinese). */
  yuanAmount: { 'zh-CN': '{amount} 元', en: '{amount}' },
  /** Where a row's problem is: "第 2 行「姓名」：…". */
  inRow: { 'zh-CN': '第 {row} 行「{label}」：{problem}', en: 'Row {row}, "{label}": {problem}' },
  unknownItem: { 'zh-CN': '「{key}」不是本表的题目', en: '"{key}" is not an item of this form' },
  unknownChild: { 'zh-CN': '「{key}」不是本组的题目', en: '"{key}" is not an item of this group' },
  unknownInRow: { 'zh-CN': '第 {row} 行：「{key}」不是本组的题目', en: 'Row {row}: "{key}" is not an item of this group' },
  notAnswerable: { 'zh-CN': '此项通过上传附件完成，不能直接填写', en: 'This item is completed by attaching files, not by a value' },
  yesnoType: { 'zh-CN': '应选择“是”“否”或“不适用”', en: 'Must be yes, no or not applicable' },
  notYesno: { 'zh-CN': '「{value}」不是可选答案（是/否/不适用）', en: '"{value}" is not an answer here (yes/no/not applicable)' },
  textType: { 'zh-CN': '应为文字', en: 'Must be text' },
  tooLong: { 'zh-CN': '不能超过 {max} 个字', en: 'Must be at most {max} characters' },
  numberType: { 'zh-CN': '应为数字', en: 'Must be a number' },
  notInteger: { 'zh-CN': '应为整数', en: 'Must be a whole number' },
  moneyType: { 'zh-CN': '应为金额（以分为单位的整数）', en: 'Must be an amount in whole fen' },
  moneyNotWhole: { 'zh-CN': '金额须精确到分', en: 'The amount must be in whole fen' },
  belowMin: { 'zh-CN': '不能小于 {bound}', en: 'Must not be less than {bound}' },
  aboveMax: { 'zh-CN': '不能大于 {bound}', en: 'Must not be more than {bound}' },
  dateType: { 'zh-CN': '应为日期（YYYY-MM-DD）', en: 'Must be a date (YYYY-MM-DD)' },
  badDate: { 'zh-CN': '「{value}」不是有效日期（YYYY-MM-DD）', en: '"{value}" is not a real date (YYYY-MM-DD)' },
  futureDate: { 'zh-CN': '不能晚于今天（{today}）', en: 'Must not be later than today ({today})' },
  singleType: { 'zh-CN': '应选择一个选项', en: 'Must be one of the options' },
  notAnOption: { 'zh-CN': '「{value}」不是可选项', en: '"{value}" is not one of the options' },
  multiType: { 'zh-CN': '应为选项列表', en: 'Must be a list of options' },
  duplicateOption: { 'zh-CN': '「{value}」重复选择', en: '"{value}" is selected more than once' },
  tooFewSelected: { 'zh-CN': '至少选择 {min} 项', en: 'Select at least {min}' },
  groupType: { 'zh-CN': '应为若干行', en: 'Must be a list of rows' },
  rowType: { 'zh-CN': '第 {row} 行格式不正确', en: 'Row {row} is not a row of answers' },
  tooManyRows: { 'zh-CN': '最多 {max} 行', en: 'At most {max} rows' },
  tooFewRows: { 'zh-CN': '至少需要 {min} 行（现有 {have} 行）', en: 'At least {min} rows are needed ({have} so far)' },
  required: { 'zh-CN': '必填', en: 'Required' },
  /** English needs the singular when one attachment is asked for; Chinese reads the same. */
  evidenceOne: { 'zh-CN': '至少需要 {min} 个附件（现有 {have} 个）', en: 'At least {min} attachment needed ({have} so far)' },
  evidenceMany: { 'zh-CN': '至少需要 {min} 个附件（现有 {have} 个）', en: 'At least {min} attachments needed ({have} so far)' },
  signature: { 'zh-CN': '需要签名', en: 'A signature is needed' },
  dsrOver: { 'zh-CN': '负债收入比 {pct}% 超过上限 {limitPct}%', en: 'Debt-service ratio {pct}% is above the limit of {limitPct}%' },
} satisfies Record<string, Bilingual>;

export type FormAnswerTextKey = keyof typeof FORM_ANSWER_TEXT;

/** Problems with a template file, found before head office publishes it. */
export const TEMPLATE_PROBLEM_TEXT = {
  schemaMismatch: { 'zh-CN': '格式不符：{detail}', en: 'Does not match the template format: {detail}' },
  groupChildReference: {
    'zh-CN': '「{key}」是重复组「{group}」中的题目，只有同一行的题目可以引用它',
    en: '"{key}" is an item of repeat group "{group}"; only items of the same row can refer to it',
  },
  unknownReference: { 'zh-CN': '引用了不存在的题目「{key}」', en: 'Refers to "{key}", which is not an item of this template' },
  selfReference: { 'zh-CN': '「{owner}」的条件引用了自身', en: 'The condition of "{owner}" refers to the item itself' },
  forwardReference: {
    'zh-CN': '「{owner}」的条件引用了不在它之前的题目「{key}」（只能引用前面的题目）',
    en: 'The condition of "{owner}" refers to "{key}", which does not come before it (conditions may only use earlier items)',
  },
  operandNeedsList: { 'zh-CN': '{op} 需要一个非空的取值数组', en: '{op} needs a non-empty array of values' },
  operandNeedsNumber: { 'zh-CN': '{op} 需要一个数值（金额以分为单位）', en: '{op} needs a number (money in fen)' },
  operandNeedsValue: { 'zh-CN': '{op} 需要一个取值', en: '{op} needs a single value' },
  unknownOption: { 'zh-CN': '「{value}」不是「{item}」的选项（{list}）', en: '"{value}" is not an option of "{item}" ({list})' },
  duplicateOption: { 'zh-CN': '选项「{value}」重复', en: 'Option "{value}" appears twice' },
  /** {loName} and {hiName} are the template's own field names (min, maxRows, …), the same in both languages. */
  badRange: { 'zh-CN': '{loName} {lo} 大于 {hiName} {hi}', en: '{loName} {lo} is greater than {hiName} {hi}' },
  evidenceInGroup: {
    'zh-CN': '重复组中不能有附件题（附件按顶层题目计数）',
    en: 'A repeat group cannot hold evidence items (attachments are counted per top-level item)',
  },
  signatureInGroup: {
    'zh-CN': '重复组中不能有签名题（附件按顶层题目计数）',
    en: 'A repeat group cannot hold signature items (attachments are counted per top-level item)',
  },
  comparisonOnNonNumber: {
    'zh-CN': '只有数字和金额题可以有比较校验（「{key}」是 {kind}）',
    en: 'Only number and money items can have comparison rules ("{key}" is {kind})',
  },
  comparedWithNonNumber: {
    'zh-CN': '比较对象「{item}」不是数字或金额题',
    en: '"{item}" is not a number or money item, so there is nothing to compare with',
  },
  duplicateSection: { 'zh-CN': '章节键「{key}」重复', en: 'Section key "{key}" is used twice' },
  duplicateItem: { 'zh-CN': '题目键「{key}」重复', en: 'Item key "{key}" is used twice' },
  duplicateInGroup: { 'zh-CN': '组「{group}」中题目键「{key}」重复', en: 'Key "{key}" is used twice in group "{group}"' },
  groupKeyIsTopKey: { 'zh-CN': '组内题目键「{key}」与顶层题目重复', en: 'Group item key "{key}" is also a top-level item key' },
  cycle: { 'zh-CN': '显示条件循环依赖：{cycle}', en: 'Visibility conditions depend on each other in a cycle: {cycle}' },
  dsrLimitWithoutDsr: { 'zh-CN': '设置了 dsrLimit 但没有 dsr 输入项', en: 'dsrLimit is set but dsr (its inputs) is not' },
  dsrRepeated: { 'zh-CN': '「{key}」在 dsr 中出现了不止一次', en: '"{key}" appears more than once in dsr' },
  dsrUnknown: { 'zh-CN': 'dsr 引用了不存在的顶层题目「{key}」', en: 'dsr names "{key}", which is not a top-level item' },
  dsrNotMoney: { 'zh-CN': 'dsr 的输入「{key}」必须是金额题（现为 {kind}）', en: 'dsr input "{key}" must be a money item (it is {kind})' },
} satisfies Record<string, Bilingual>;

export type TemplateProblemTextKey = keyof typeof TEMPLATE_PROBLEM_TEXT;
