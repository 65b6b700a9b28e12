// Field messages the workflow services answer with (the `fields` of a VALIDATION answer), and other
// reasons they give, in both languages.
import type { Bilingual } from './text';

export const DD_FILE_MESSAGES = {
  noAttachments: { 'zh-CN': '该检查项不接受附件', en: 'This item does not take attachments' },
  wrongKind: { 'zh-CN': '该检查项不接受此类附件：{kind}', en: 'This item does not take a {kind}' },
  tooLarge: { 'zh-CN': '文件超过 {mb} MB 的上限', en: 'The file is over the {mb} MB limit' },
  empty: { 'zh-CN': '文件为空', en: 'The file is empty' },
  badType: { 'zh-CN': '只能上传图片（JPEG、PNG、WebP）或 PDF 文件', en: 'Only images (JPEG, PNG, WebP) or PDF files can be attached' },
  signatureNotPng: { 'zh-CN': '签名须为 PNG 图片', en: 'A signature must be a PNG image' },
  fileNotHere: { 'zh-CN': '本机没有该文件', en: 'the file is not on this workstation' },
} satisfies Record<string, Bilingual>;

export const DD_DECISION_MESSAGES = {
  amountRequired: { 'zh-CN': '批准时须填写批准金额', en: 'Enter the approved amount to approve' },
  amountAboveRequest: { 'zh-CN': '批准金额不能超过申请金额 {requested}', en: 'The approved amount cannot exceed the {requested} applied for' },
} satisfies Record<string, Bilingual>;

export const COLLECTION_FIELD_MESSAGES = {
  startedInFuture: { 'zh-CN': '联系时间不能晚于当前时间', en: 'The contact time cannot be in the future' },
  choosePhone: { 'zh-CN': '请选择本笔贷款登记的联系电话', en: 'Choose one of the loan’s phone numbers' },
  numberOfOtherParty: { 'zh-CN': '该号码属于{owner}，与所选联系对象不符', en: 'That number belongs to the {ownerEn}, not the {partyEn}' },
  enterAddress: { 'zh-CN': '请填写地址', en: 'Enter the address' },
  notBorrowerAddress: { 'zh-CN': '地址与借款人登记地址不符', en: 'The address is not the borrower’s address on file' },
  unknownOutcome: { 'zh-CN': '联系结果不在规定的代码表中', en: 'The outcome is not one of the documented outcome codes' },
  outcomeChannel: { 'zh-CN': '该联系结果不适用于所选渠道', en: 'That outcome does not apply to this channel' },
  promiseOutcome: { 'zh-CN': '记录还款承诺时，联系结果须为“承诺还款”', en: 'Record a promise with the outcome “promise to pay”' },
  promiseInPast: { 'zh-CN': '承诺还款日期不能早于今天', en: 'The promised date cannot be in the past' },
  noSuchRule: { 'zh-CN': '没有这条联系规则', en: 'There is no such contact rule' },
  /** Between several reasons in one sentence. */
  reasonSeparator: { 'zh-CN': '；', en: '; ' },
  periodReversed: { 'zh-CN': '结束日期早于开始日期', en: 'The end is before the start' },
  consentGivenInFuture: { 'zh-CN': '同意日期不能晚于今天', en: 'The consent cannot be dated after today' },
  consentUntilBeforeGiven: { 'zh-CN': '有效期至不能早于同意日期', en: 'The consent must run at least through the day it was given' },
  consentTooLong: { 'zh-CN': '同意最长有效至 {latest}', en: 'A consent may run at most until {latest}' },
  noSuchConsent: { 'zh-CN': '没有这条仍有效的客户同意记录', en: 'There is no such consent of this customer to withdraw' },
} satisfies Record<string, Bilingual>;

/** Contact parties as a sentence names them. */
export const PARTY_NAMES = {
  borrower: { 'zh-CN': '借款人', en: 'borrower' },
  co_borrower: { 'zh-CN': '共同借款人', en: 'co-borrower' },
  guarantor: { 'zh-CN': '担保人', en: 'guarantor' },
  third_party: { 'zh-CN': '第三方', en: 'third party' },
} satisfies Record<string, Bilingual>;
