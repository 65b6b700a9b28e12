// The core-banking import's report (server/import): why a row or a file was rejected, the warnings, and
// the few Chinese headings of the console table. Head-office operators read Chinese and the vendors who
// write the extracts often English, so the report carries both languages of every reason. Column names
// (loan_no, disbursed_on, …) are the file's own and stay as they are in both languages.
import type { Bilingual } from './text';

/** Why a row (or a file's header) cannot be imported; also the warnings of a run. */
export const IMPORT_REASONS = {
  // Reading the CSV itself.
  textAfterClosingQuote: { 'zh-CN': '引号字段结束后还有字符', en: 'text after the closing quote of a quoted field' },
  quoteInUnquotedField: { 'zh-CN': '未加引号的字段中出现引号', en: 'a quote inside an unquoted field' },
  unbalancedQuotes: { 'zh-CN': '引号不配对', en: 'unbalanced quotes' },
  quotedFieldNotEnded: {
    'zh-CN': '引号不配对（引号字段未正确结束）',
    en: 'unbalanced quotes (a quoted field opened here does not end properly)',
  },
  quoteNeverClosed: { 'zh-CN': '引号未闭合', en: 'a quote that is never closed' },
  emptyFile: { 'zh-CN': '文件为空', en: 'the file is empty' },
  columnCount: { 'zh-CN': '应有 {expected} 列，实际 {found} 列', en: 'expected {expected} columns, found {found}' },
  duplicateKey: { 'zh-CN': '重复的键 {key}（首次出现在第 {firstLine} 行）', en: 'duplicate key {key} (first on line {firstLine})' },

  // One column's value (server/import/schemas.ts).
  required: { 'zh-CN': '不能为空', en: 'is required' },
  tooLong: { 'zh-CN': '不能超过 {max} 个字符', en: 'must be at most {max} characters' },
  date: { 'zh-CN': '须为 YYYY-MM-DD 格式的有效日期', en: 'must be a real date written YYYY-MM-DD' },
  optionalDate: { 'zh-CN': '须为空或 YYYY-MM-DD 格式的有效日期', en: 'must be empty or a real date written YYYY-MM-DD' },
  wholeFen: { 'zh-CN': '须为整数金额（单位：分）', en: 'must be a whole number of fen' },
  negativeAmount: { 'zh-CN': '金额不能为负数', en: 'must not be negative' },
  zeroAmount: { 'zh-CN': '金额须大于 0', en: 'must be greater than 0' },
  wholeNumber: { 'zh-CN': '须为整数', en: 'must be a whole number' },
  between: { 'zh-CN': '须在 {lo} 到 {hi} 之间', en: 'must be between {lo} and {hi}' },
  oneOf: { 'zh-CN': '须为 {values} 之一', en: 'must be one of {values}' },
  contactPoints: {
    'zh-CN': '须为 JSON 数组：[{"kind":"mobile|landline","value","party","name"}]',
    en: 'must be a JSON array of {"kind":"mobile|landline","value","party","name"}',
  },
  branchCode: { 'zh-CN': '须为 1–32 位字母、数字、_ 或 -', en: 'must be 1-32 letters, digits, _ or -' },
  // The Chinese names the key, as an operator looking at a column of numbers may not know which it is.
  customerNo: { 'zh-CN': '客户号须为 1–40 位字母、数字或 _ . : / -', en: 'must be 1-40 letters, digits or _ . : / -' },
  loanNo: { 'zh-CN': '贷款号须为 1–40 位字母、数字或 _ . : / -', en: 'must be 1-40 letters, digits or _ . : / -' },
  paymentNo: { 'zh-CN': '还款流水号须为 1–40 位字母、数字或 _ . : / -', en: 'must be 1-40 letters, digits or _ . : / -' },
  username: { 'zh-CN': '须为用户名（2–64 位字母、数字、. _ -）', en: 'must be a username (2-64 letters, digits, . _ -)' },
  optionalUsername: { 'zh-CN': '须为空或用户名', en: 'must be empty or a username' },
  lowerCode: { 'zh-CN': '须为小写字母开头的代码（a-z 0-9 _）', en: 'must be a lower-case code (a-z, 0-9, _)' },
  annualRate: { 'zh-CN': '须为年利率百分数，如 4.35', en: 'must be an annual rate in percent, e.g. 4.35' },
  firstDueBeforeDisbursed: { 'zh-CN': '首个还款日早于放款日', en: 'is before disbursed_on' },
  maturityBeforeFirstDue: { 'zh-CN': '到期日早于首个还款日', en: 'is before first_due_date' },

  // What the row names that head office does not have (server/import/resolve.ts).
  unknownUser: { 'zh-CN': '未知用户 {username}', en: 'unknown user {username}' },
  userInactive: { 'zh-CN': '用户 {username} 已停用', en: 'user {username} is not active' },
  userAtOtherBranch: { 'zh-CN': '用户 {username} 属于支行 {branch}', en: 'user {username} works at branch {branch}' },
  userLacksRole: { 'zh-CN': '用户 {username} 没有 {role} 角色', en: 'user {username} does not have the {role} role' },
  unknownBranch: { 'zh-CN': '未知支行代码 {code}', en: 'unknown branch code {code}' },
  unknownCustomer: { 'zh-CN': '未知客户号 {customerNo}', en: 'unknown customer_no {customerNo}' },
  unknownLoan: { 'zh-CN': '未知贷款号 {loanNo}', en: 'unknown loan_no {loanNo}' },
  customerAtOtherBranch: {
    'zh-CN': '客户 {customerNo} 属于支行 {customerBranch}，而贷款属于 {loanBranch}',
    en: 'customer {customerNo} belongs to branch {customerBranch}, the loan to {loanBranch}',
  },
  paymentsNotFromFile: {
    'zh-CN': '贷款 {loanNo} 已有非文件导入的还款记录（如 seed-demo），无法匹配，导入会重复计入',
    en: 'loan {loanNo} has payments that did not come from a file (e.g. seed-demo); they cannot be matched and would be counted twice',
  },

  // Warnings: imported, but worth a look.
  splitBorrower: {
    'zh-CN': '客户 {customerNo} 在支行 {customerBranch}，其贷款 {loanNo} 在支行 {loanBranch}',
    en: 'customer {customerNo} is at branch {customerBranch} but its loan {loanNo} at {loanBranch}',
  },
} satisfies Record<string, Bilingual>;

export type ImportReasonKey = keyof typeof IMPORT_REASONS;

/** What is wrong with a file's header row; each is followed by the column names concerned. */
export const IMPORT_HEADER_PROBLEMS = {
  missingColumns: { 'zh-CN': '缺少列', en: 'missing columns' },
  unknownColumns: { 'zh-CN': '未知列', en: 'unknown columns' },
  repeatedColumns: { 'zh-CN': '重复列', en: 'repeated columns' },
} satisfies Record<string, Bilingual>;

/** Headings of the console report, whose table is otherwise English. */
export const IMPORT_REPORT_HEADINGS = {
  rejectedRows: { 'zh-CN': '拒绝的行', en: 'rejected rows' },
  warning: { 'zh-CN': '注意', en: 'warning' },
} satisfies Record<string, Bilingual>;
