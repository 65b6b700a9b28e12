// Why the contact rules stopped a contact (shared/domain/contactPolicyMessages.ts), per reason code.
// The time in the hours rules is the contact's own time (the one entered, in the borrower's zone), which
// may not be now.
import type { ContactReasonCode } from '../domain/contactPolicyMessages';
import type { Bilingual } from './text';

export const CONTACT_REASON_TEXT: Readonly<Record<ContactReasonCode, Bilingual>> = {
  quiet_hours: {
    'zh-CN': '当地时间 {end} 至次日 {start} 不得联系（经借款人同意的除外）；本次联系时间为当地时间 {localTime}（{timeZone}）。',
    en: "No contact between {end} and {start} local time without the borrower's consent; this contact is at {localTime} local time ({timeZone}).",
  },
  regf_inconvenient_time: {
    'zh-CN': '当地时间 {start} 之前或 {end} 之后的联系推定为不便时间（12 CFR 1006.6(b)(1)(i)）；本次联系时间为当地时间 {localTime}（{timeZone}）。',
    en: 'Contact before {start} or after {end} local time is presumed inconvenient (12 CFR 1006.6(b)(1)(i)); this contact is at {localTime} local time ({timeZone}).',
  },
  max_unanswered_per_number: {
    'zh-CN': '该号码在 {localDate} 已有 {count} 次未接通的呼叫，同一号码每天最多 {max} 次。请改日再拨或换用其他号码。',
    en: 'This number already has {count} unanswered calls on {localDate}; at most {max} per number per day. Try another day or another number.',
  },
  third_party_not_allowed: {
    'zh-CN': '只有在联系不上借款人时（号码无效，或最近连续 {consecutive} 次联系失败）才可联系第三方，且不得向其透露债务。',
    en: 'Third parties may be contacted only when the borrower cannot be reached (invalid number, or the last {consecutive} attempts all failed), and never told about the debt.',
  },
  dispute_hold: {
    'zh-CN': '借款人对这笔债务提出了异议，主管解除前不得催收联系。',
    en: 'The borrower disputes this debt; no collection contact until a supervisor clears the dispute.',
  },
  asked_to_stop: {
    'zh-CN': '对方已要求停止联系，主管解除前不得再联系。',
    en: 'This person asked us to stop contacting them; no contact until a supervisor clears it.',
  },
  regf_7_in_7: {
    'zh-CN': '截至当天的连续 {windowDays} 天内已就这笔债务给此人打过 {count} 次电话，最多 {max} 次（12 CFR 1006.14(b)(2)(i)(A)）。',
    en: '{count} calls to this person about this debt in the {windowDays} consecutive days up to that day; more than {max} is presumed harassment (12 CFR 1006.14(b)(2)(i)(A)).',
  },
  regf_after_conversation: {
    'zh-CN': '{conversationDate} 已与此人就这笔债务通过电话（当天为第 1 天），{lastBlockedDate} 之前（含当天）不得再致电（12 CFR 1006.14(b)(2)(i)(B)）。',
    en: 'A telephone conversation with this person about this debt took place on {conversationDate} (day 1 of {days}); no further calls through {lastBlockedDate} (12 CFR 1006.14(b)(2)(i)(B)).',
  },
};
