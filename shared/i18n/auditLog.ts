// The audit log in words, for an auditor: event names, families, the fields an entry changed, the
// one-line description of each action, and the export's column headings. The service
// (main/services/auditLog.ts) builds every row from these, so the page and the export say the same.
import type { AuditAction, AuditFamily } from '../domain/auditActions';
import type { ContactReasonCode } from '../domain/contactPolicyMessages';
import type { ConsentWay, ContactChannel, ContactParty, DdStatus } from '../domain/vocabulary';
import type { Bilingual } from './text';

export const AUDIT_FAMILY_LABELS: Readonly<Record<AuditFamily, Bilingual>> = {
  due_diligence: { 'zh-CN': '贷前尽职调查', en: 'Due diligence' },
  collections: { 'zh-CN': '催收', en: 'Collections' },
  loan: { 'zh-CN': '贷款管理', en: 'Loan servicing' },
};

export const AUDIT_ACTION_LABELS: Readonly<Record<AuditAction, Bilingual>> = {
  'ddCase.open': { 'zh-CN': '新建尽调案件', en: 'Due-diligence case opened' },
  'ddAnswer.set': { 'zh-CN': '填写尽调清单', en: 'Checklist answer saved' },
  'attachment.add': { 'zh-CN': '上传尽调附件', en: 'Evidence file attached' },
  'ddCase.submit': { 'zh-CN': '提交审批', en: 'Case submitted for approval' },
  'ddCase.approve': { 'zh-CN': '审批通过', en: 'Case approved' },
  'ddCase.return': { 'zh-CN': '退回修改', en: 'Case returned for changes' },
  'ddCase.withdraw': { 'zh-CN': '撤回案件', en: 'Case withdrawn' },
  'contact.log': { 'zh-CN': '记录催收联系', en: 'Contact logged' },
  'contact.correct': { 'zh-CN': '更正催收联系', en: 'Contact corrected' },
  'contact.blocked': { 'zh-CN': '联系被规则拦截', en: 'Contact stopped by the rules' },
  'contactHold.clear': { 'zh-CN': '解除暂停联系', en: 'Contact hold cleared' },
  'policyOverride.grant': { 'zh-CN': '主管特批联系规则', en: 'Contact rule overridden' },
  'collection.assign': { 'zh-CN': '分配催收', en: 'Collections assigned' },
  'contactConsent.record': { 'zh-CN': '记录夜间联系同意', en: 'Consent to late contact recorded' },
  'contactConsent.withdraw': { 'zh-CN': '撤回夜间联系同意', en: 'Consent to late contact withdrawn' },
  'loanNote.add': { 'zh-CN': '添加贷款备注', en: 'Loan note added' },
};

/** How a recorded consent to late contact was given (CONSENT_WAYS). */
export const AUDIT_CONSENT_WAYS: Readonly<Record<ConsentWay, Bilingual>> = {
  written: { 'zh-CN': '书面', en: 'in writing' },
  recorded_call: { 'zh-CN': '通话录音', en: 'on a recorded call' },
  in_person: { 'zh-CN': '当面', en: 'in person' },
};

/** What each action did, in one line; `{…}` are filled by the service with values already in words. */
export const AUDIT_DESCRIPTIONS: Readonly<Record<AuditAction, Bilingual>> = {
  'ddCase.open': { 'zh-CN': '新建{purpose}贷款尽调案件，申请金额 {amount}，期限 {term} 个月', en: 'Opened a {purpose} loan case: {amount} applied for over {term} months' },
  'ddAnswer.set': { 'zh-CN': '填写「{item}」：{value}', en: 'Answered "{item}": {value}' },
  'attachment.add': { 'zh-CN': '为「{item}」上传附件 {file}', en: 'Attached {file} to "{item}"' },
  'ddCase.submit': { 'zh-CN': '提交审批（第 {n} 次提交）', en: 'Submitted for approval (submission {n})' },
  'ddCase.approve': { 'zh-CN': '审批通过第 {n} 次提交{amountPart}{commentPart}', en: 'Approved submission {n}{amountPart}{commentPart}' },
  'ddCase.return': { 'zh-CN': '退回第 {n} 次提交，要求修改{commentPart}', en: 'Returned submission {n} for changes{commentPart}' },
  'ddCase.withdraw': { 'zh-CN': '撤回案件，原因：{reason}', en: 'Withdrew the case; reason: {reason}' },
  'contact.log': { 'zh-CN': '{channel}联系{party}，结果：{outcome}{notePart}', en: '{channel} contact with the {party}: {outcome}{notePart}' },
  'contact.correct': { 'zh-CN': '更正此前的联系记录为：{channel}联系{party}，结果：{outcome}{notePart}', en: 'Corrected an earlier contact to: {channel} contact with the {party}: {outcome}{notePart}' },
  'contact.blocked': { 'zh-CN': '{channel}联系{party}被拦截：{rules}', en: '{channel} contact with the {party} stopped: {rules}' },
  'contactHold.clear': { 'zh-CN': '解除暂停联系，理由：{reason}', en: 'Cleared the contact hold; reason: {reason}' },
  'policyOverride.grant': { 'zh-CN': '特批「{rule}」至 {until}，理由：{reason}', en: 'Overrode "{rule}" until {until}; reason: {reason}' },
  'collection.assign': { 'zh-CN': '将 {n} 笔贷款分配给 {collector}', en: 'Assigned {n} loans to {collector}' },
  'contactConsent.record': { 'zh-CN': '客户{way}同意夜间联系，{from} 至 {until}，说明：{note}', en: 'Customer consented to late contact ({way}), {from} to {until}; note: {note}' },
  'contactConsent.withdraw': { 'zh-CN': '撤回客户的夜间联系同意，说明：{note}', en: "Withdrew the customer's consent to late contact; note: {note}" },
  'loanNote.add': { 'zh-CN': '备注：{body}', en: 'Note: {body}' },
};

/** Parts the descriptions put in only when there is something to say. */
export const AUDIT_DESCRIPTION_PARTS = {
  amount: { 'zh-CN': '，批准金额 {amount}', en: ', {amount} approved' },
  comment: { 'zh-CN': '，意见：{comment}', en: '; comment: {comment}' },
  note: { 'zh-CN': '，备注：{note}', en: '; note: {note}' },
  listSeparator: { 'zh-CN': '、', en: ', ' },
  rows: { 'zh-CN': '{n} 行', en: '{n} rows' },
  months: { 'zh-CN': '{n} 个月', en: '{n} months' },
  none: { 'zh-CN': '（空）', en: '(empty)' },
} as const satisfies Record<string, Bilingual>;

/** The fields whose values an entry shows before and after. */
export const AUDIT_FIELD_LABELS = {
  status: { 'zh-CN': '案件状态', en: 'Case status' },
  submissionNo: { 'zh-CN': '提交次数', en: 'Submissions' },
  amount: { 'zh-CN': '申请金额', en: 'Amount applied for' },
  term: { 'zh-CN': '期限', en: 'Term' },
  rate: { 'zh-CN': '年利率（%）', en: 'Annual rate (%)' },
  method: { 'zh-CN': '还款方式', en: 'Repayment method' },
  purpose: { 'zh-CN': '贷款用途', en: 'Purpose' },
  approvedAmount: { 'zh-CN': '批准金额', en: 'Amount approved' },
  conditions: { 'zh-CN': '审批条件', en: 'Conditions' },
  comment: { 'zh-CN': '审批意见', en: 'Comment' },
  reason: { 'zh-CN': '理由', en: 'Reason' },
  file: { 'zh-CN': '附件', en: 'File' },
  startedAt: { 'zh-CN': '联系时间', en: 'Contact time' },
  channel: { 'zh-CN': '联系方式', en: 'Channel' },
  party: { 'zh-CN': '联系对象', en: 'Party' },
  outcome: { 'zh-CN': '联系结果', en: 'Outcome' },
  note: { 'zh-CN': '备注', en: 'Note' },
  promise: { 'zh-CN': '承诺还款', en: 'Promise to pay' },
  rules: { 'zh-CN': '拦截规则', en: 'Rules that stopped it' },
  rule: { 'zh-CN': '特批规则', en: 'Rule overridden' },
  validUntil: { 'zh-CN': '有效至', en: 'Valid until' },
  givenVia: { 'zh-CN': '同意方式', en: 'Given by' },
  givenOn: { 'zh-CN': '同意日期', en: 'Given on' },
  collector: { 'zh-CN': '催收员', en: 'Collector' },
  loanCount: { 'zh-CN': '贷款笔数', en: 'Loans' },
  body: { 'zh-CN': '备注内容', en: 'Note' },
} as const satisfies Record<string, Bilingual>;
export type AuditField = keyof typeof AUDIT_FIELD_LABELS;

/** A promise in the contact's after-values: amount and date. */
export const AUDIT_PROMISE_TEXT: Bilingual = { 'zh-CN': '{amount}，{date} 前', en: '{amount} by {date}' };

export const AUDIT_DD_STATUS_LABELS: Readonly<Record<DdStatus, Bilingual>> = {
  draft: { 'zh-CN': '草稿', en: 'Draft' },
  submitted: { 'zh-CN': '待审批', en: 'Awaiting decision' },
  approved: { 'zh-CN': '已批准', en: 'Approved' },
  returned: { 'zh-CN': '已退回', en: 'Returned' },
  withdrawn: { 'zh-CN': '已撤回', en: 'Withdrawn' },
};

export const AUDIT_CHANNEL_LABELS: Readonly<Record<ContactChannel, Bilingual>> = {
  phone: { 'zh-CN': '电话', en: 'Phone' },
  sms: { 'zh-CN': '短信', en: 'SMS' },
  letter: { 'zh-CN': '信函', en: 'Letter' },
  visit: { 'zh-CN': '上门', en: 'Visit' },
  legal: { 'zh-CN': '法律文书', en: 'Legal' },
};

export const AUDIT_PARTY_LABELS: Readonly<Record<ContactParty, Bilingual>> = {
  borrower: { 'zh-CN': '借款人', en: 'borrower' },
  co_borrower: { 'zh-CN': '共同借款人', en: 'co-borrower' },
  guarantor: { 'zh-CN': '担保人', en: 'guarantor' },
  third_party: { 'zh-CN': '第三方', en: 'third party' },
};

/** The contact rules by name (what an override or a stopped contact names). */
export const AUDIT_RULE_NAMES: Readonly<Record<ContactReasonCode, Bilingual>> = {
  quiet_hours: { 'zh-CN': '夜间禁止联系', en: 'No contact at night' },
  regf_inconvenient_time: { 'zh-CN': '不便联系时间（Reg F）', en: 'Inconvenient time (Reg F)' },
  max_unanswered_per_number: { 'zh-CN': '同一号码每日未接通次数上限', en: 'Daily cap of unanswered calls per number' },
  third_party_not_allowed: { 'zh-CN': '不得联系第三方', en: 'No third-party contact' },
  dispute_hold: { 'zh-CN': '债务异议暂停', en: 'Dispute hold' },
  asked_to_stop: { 'zh-CN': '要求停止联系', en: 'Asked to stop contact' },
  regf_7_in_7: { 'zh-CN': '7 天内呼叫次数上限（Reg F）', en: 'Calls in 7 days cap (Reg F)' },
  regf_after_conversation: { 'zh-CN': '通话后 7 天内不得再呼叫（Reg F）', en: 'No call within 7 days of a conversation (Reg F)' },
};

/** A yes/no checklist answer in words. */
export const AUDIT_YES_NO: Readonly<Record<'yes' | 'no' | 'na', Bilingual>> = {
  yes: { 'zh-CN': '是', en: 'Yes' },
  no: { 'zh-CN': '否', en: 'No' },
  na: { 'zh-CN': '不适用', en: 'Not applicable' },
};

/** The export's columns, in order. */
export const AUDIT_CSV_HEADINGS = {
  seq: { 'zh-CN': '序号', en: 'No.' },
  at: { 'zh-CN': '时间', en: 'Time' },
  actor: { 'zh-CN': '操作人', en: 'By' },
  family: { 'zh-CN': '业务类别', en: 'Area' },
  event: { 'zh-CN': '操作', en: 'Event' },
  customerName: { 'zh-CN': '客户名称', en: 'Customer' },
  customerNo: { 'zh-CN': '客户号', en: 'Customer no.' },
  loanNo: { 'zh-CN': '贷款编号', en: 'Loan no.' },
  caseNo: { 'zh-CN': '尽调案件编号', en: 'Case no.' },
  description: { 'zh-CN': '说明', en: 'Description' },
  before: { 'zh-CN': '变更前', en: 'Before' },
  after: { 'zh-CN': '变更后', en: 'After' },
} as const satisfies Record<string, Bilingual>;

/** How a changed field is written in one export cell: "案件状态：草稿". */
export const AUDIT_FIELD_VALUE: Bilingual = { 'zh-CN': '{field}：{value}', en: '{field}: {value}' };

