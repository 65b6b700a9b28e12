// What demo collectors write in the note of a contact (seed data, so Chinese is at home here). Keyed
// by the domain's outcome codes; an outcome without notes is logged without one.
import type { OutcomeCode } from '../domain/contactOutcomes';

export const OUTCOME_NOTES: Readonly<Partial<Record<OutcomeCode, readonly string[]>>> = {
  right_party_contact: [
    '借款人称本月资金周转困难，月底前设法筹款',
    '已告知逾期金额及罚息，借款人表示知悉',
    '借款人称工资延迟发放，下周再联系',
    '借款人称货款未回笼，请求宽限几天',
  ],
  refused_to_pay: ['借款人拒绝还款，称经营亏损暂无能力', '借款人对罚息有异议，拒绝先行还款', '借款人态度消极，未给出还款计划'],
  promise_to_pay: ['借款人承诺按约定日期通过手机银行还款', '借款人承诺约定日前到柜台还款', '借款人承诺先还一期，余款下月结清'],
  dispute: ['借款人对欠款金额提出异议，要求核对还款记录', '借款人称已还款但未入账，要求核实'],
  asked_to_stop: ['借款人要求停止电话催收，改为书面联系', '借款人投诉来电过于频繁，要求暂停联系'],
  voicemail: ['已留言提醒尽快还款'],
  number_invalid: ['提示空号', '提示号码已停机'],
  third_party_message: ['紧急联系人答应转告借款人尽快联系我行', '家属接听，答应转告借款人回电'],
  sms_sent: ['发送逾期还款提醒短信'],
  letter_sent: ['寄送催收函'],
  visit_met: ['上门见到借款人，已面谈还款安排', '上门走访经营场所，借款人称近期回款后还款'],
  visit_not_home: ['上门未遇，已留联系卡', '经营场所关门，向邻铺了解近况'],
  legal_notice_sent: ['寄送律师函，告知将提起诉讼'],
};

/** Why a supervisor lifted a dispute or stop request (contactHold.clear asks for a written reason). */
export const HOLD_CLEARED_NOTES: readonly string[] = [
  '异议已核实：借款人确认欠款金额无误',
  '已核对还款流水，款项未到账属实，恢复催收',
  '借款人书面同意恢复电话联系',
];
