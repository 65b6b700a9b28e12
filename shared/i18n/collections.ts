// Collections words in both languages: contact outcomes, the escalation ladder's actions and default
// steps, and the parts of a loan's queue priority.
import type { OutcomeCode } from '../domain/contactOutcomes';
import type { EscalationAction } from '../domain/escalation';
import { fill, type Bilingual, type TextParams } from './text';

export const OUTCOME_LABELS: Readonly<Record<OutcomeCode, Bilingual>> = {
  right_party_contact: { 'zh-CN': '联系到本人', en: 'Reached the right party' },
  promise_to_pay: { 'zh-CN': '承诺还款', en: 'Promise to pay' },
  paid: { 'zh-CN': '称已还款', en: 'Says already paid' },
  refused_to_pay: { 'zh-CN': '拒绝还款', en: 'Refused to pay' },
  dispute: { 'zh-CN': '对债务提出异议', en: 'Disputes the debt' },
  asked_to_stop: { 'zh-CN': '要求停止联系', en: 'Asked to stop contact' },
  no_answer: { 'zh-CN': '无人接听', en: 'No answer' },
  busy: { 'zh-CN': '占线', en: 'Busy' },
  voicemail: { 'zh-CN': '语音信箱留言', en: 'Voicemail / message left' },
  number_invalid: { 'zh-CN': '空号或停机', en: 'Number invalid / out of service' },
  wrong_number: { 'zh-CN': '号码错误（非本人）', en: 'Wrong number' },
  third_party_message: { 'zh-CN': '他人代为转告', en: 'Message left with a third party' },
  sms_sent: { 'zh-CN': '短信已发送', en: 'SMS sent' },
  letter_sent: { 'zh-CN': '信函已寄出', en: 'Letter sent' },
  visit_not_home: { 'zh-CN': '上门未遇', en: 'Visit: nobody home' },
  visit_met: { 'zh-CN': '上门见到本人', en: 'Visit: met the party' },
  legal_notice_sent: { 'zh-CN': '法律文书已送达', en: 'Legal notice served' },
  cleared_by_supervisor: { 'zh-CN': '主管已解除暂停', en: 'Hold cleared by supervisor' },
};

export const ESCALATION_ACTION_LABELS: Readonly<Record<EscalationAction, Bilingual>> = {
  reminder_call: { 'zh-CN': '电话提醒还款', en: 'Reminder call' },
  sms_reminder: { 'zh-CN': '短信提醒', en: 'SMS reminder' },
  record_promise: { 'zh-CN': '记录还款承诺', en: 'Record a promise to pay' },
  collection_letter: { 'zh-CN': '寄送催收函', en: 'Send a collection letter' },
  field_visit: { 'zh-CN': '上门催收', en: 'Field visit' },
  guarantor_contact: { 'zh-CN': '联系保证人', en: 'Contact the guarantor' },
  collateral_check: { 'zh-CN': '核查抵质押物', en: 'Check the collateral' },
  classification_review: { 'zh-CN': '复核五级分类（逾期超90天至少次级）', en: 'Review the five-category class (>90 DPD: at least substandard)' },
  legal_referral_proposal: { 'zh-CN': '提出诉讼/法律移交建议', en: 'Propose legal referral' },
};

/** Names of the default ladder's steps (a published ladder brings its own). */
export const DEFAULT_ESCALATION_STEP_LABELS: readonly Bilingual[] = [
  { 'zh-CN': '正常，无需催收', en: 'Current: no collection' },
  { 'zh-CN': '早期催收：电话、短信', en: 'Early collection: phone, SMS' },
  { 'zh-CN': '加强催收：增加催收函', en: 'Intensified: add collection letter' },
  { 'zh-CN': '上门催收：增加上门、联系保证人', en: 'Field stage: add visits and guarantor contact' },
  { 'zh-CN': '清收：提出法律移交建议', en: 'Recovery: propose legal referral' },
];

/** The parts of a loan's queue priority, as the queue explains them. */
export const PRIORITY_PART_TEXT = {
  bucket: { 'zh-CN': '逾期阶段 {bucket}', en: 'Delinquency bucket {bucket}' },
  amountOverdue: { 'zh-CN': '逾期金额（按数量级）', en: 'Amount overdue (log scale)' },
  brokenPromises: { 'zh-CN': '违约承诺 {count} 次', en: '{count} broken promise(s)' },
  neverContacted: { 'zh-CN': '从未联系', en: 'Never contacted' },
  daysSinceContact: { 'zh-CN': '距上次联系 {days} 天', en: '{days} day(s) since last contact' },
  reachable: { 'zh-CN': '有可用号码', en: 'Has a reachable number' },
  allInvalid: { 'zh-CN': '号码均无效（转查找/上门）', en: 'All numbers invalid (trace / visit)' },
  noNumber: { 'zh-CN': '无联系号码', en: 'No phone number on file' },
  noPendingPromise: { 'zh-CN': '无待履行承诺', en: 'No pending promise' },
  promiseDueToday: { 'zh-CN': '承诺今天到期（提醒）', en: 'Promise due today (reminder)' },
  promiseDueIn: { 'zh-CN': '承诺 {days} 天后到期', en: 'Promise due in {days} day(s)' },
} satisfies Record<string, Bilingual>;

/** A catalog text as the `{ zh, en }` label the domain's records carry. */
export function labelOf(text: Bilingual, params: TextParams = {}): { zh: string; en: string } {
  return { zh: fill(text['zh-CN'], params), en: fill(text.en, params) };
}
