/**
 * Plain-words messages for the reasons checkContact blocks a contact, in Chinese and English.
 * The reason CODES are the stable contract (stored with audited overrides, used by the UI to pick
 * icons); messages may be reworded freely.
 */

export type ContactReasonCode =
  | 'quiet_hours'
  | 'regf_inconvenient_time'
  | 'max_unanswered_per_number'
  | 'third_party_not_allowed'
  | 'dispute_hold'
  | 'asked_to_stop'
  | 'regf_7_in_7'
  | 'regf_after_conversation';

export const CONTACT_REASON_CODES: readonly ContactReasonCode[] = [
  'quiet_hours',
  'regf_inconvenient_time',
  'max_unanswered_per_number',
  'third_party_not_allowed',
  'dispute_hold',
  'asked_to_stop',
  'regf_7_in_7',
  'regf_after_conversation',
];

export interface ContactReason {
  readonly code: ContactReasonCode;
  /** In the policy's language (zh for CN, en for US_REGF). */
  readonly message: string;
  readonly messageZh: string;
  readonly messageEn: string;
}

export type MessageParams =
  | { code: 'quiet_hours' | 'regf_inconvenient_time'; start: string; end: string; endInclusive: boolean; localTime: string; timeZone: string }
  | { code: 'max_unanswered_per_number'; max: number; count: number; localDate: string }
  | { code: 'third_party_not_allowed'; consecutive: number }
  | { code: 'dispute_hold' }
  | { code: 'asked_to_stop' }
  | { code: 'regf_7_in_7'; max: number; windowDays: number; count: number }
  | { code: 'regf_after_conversation'; conversationDate: string; lastBlockedDate: string; days: number };

function texts(p: MessageParams): { zh: string; en: string } {
  switch (p.code) {
    case 'quiet_hours':
      return {
        zh: `当地时间 ${p.end} 至次日 ${p.start} 不得联系（经借款人同意的除外）；现在是当地时间 ${p.localTime}（${p.timeZone}）。`,
        en: `No contact between ${p.end} and ${p.start} local time without the borrower's consent; it is ${p.localTime} local time (${p.timeZone}).`,
      };
    case 'regf_inconvenient_time':
      return {
        zh: `当地时间 ${p.start} 之前或 ${p.end} 之后的联系推定为不便时间（12 CFR 1006.6(b)(1)(i)）；现在是当地时间 ${p.localTime}（${p.timeZone}）。`,
        en: `Contact before ${p.start} or after ${p.end} local time is presumed inconvenient (12 CFR 1006.6(b)(1)(i)); it is ${p.localTime} local time (${p.timeZone}).`,
      };
    case 'max_unanswered_per_number':
      return {
        zh: `该号码今天（${p.localDate}）已有 ${p.count} 次未接通的呼叫，同一号码每天最多 ${p.max} 次。请明天再拨或换用其他号码。`,
        en: `This number already has ${p.count} unanswered calls today (${p.localDate}); at most ${p.max} per number per day. Try tomorrow or another number.`,
      };
    case 'third_party_not_allowed':
      return {
        zh: `只有在联系不上借款人时（号码无效，或最近连续 ${p.consecutive} 次联系失败）才可联系第三方，且不得向其透露债务。`,
        en: `Third parties may be contacted only when the borrower cannot be reached (invalid number, or the last ${p.consecutive} attempts all failed), and never told about the debt.`,
      };
    case 'dispute_hold':
      return {
        zh: '借款人对这笔债务提出了异议，主管解除前不得催收联系。',
        en: 'The borrower disputes this debt; no collection contact until a supervisor clears the dispute.',
      };
    case 'asked_to_stop':
      return {
        zh: '对方已要求停止联系，主管解除前不得再联系。',
        en: 'This person asked us to stop contacting them; no contact until a supervisor clears it.',
      };
    case 'regf_7_in_7':
      return {
        zh: `截至今天的连续 ${p.windowDays} 天内已就这笔债务给此人打过 ${p.count} 次电话，最多 ${p.max} 次（12 CFR 1006.14(b)(2)(i)(A)）。`,
        en: `${p.count} calls to this person about this debt in the ${p.windowDays} consecutive days up to today; more than ${p.max} is presumed harassment (12 CFR 1006.14(b)(2)(i)(A)).`,
      };
    case 'regf_after_conversation':
      return {
        zh: `${p.conversationDate} 已与此人就这笔债务通过电话（当天为第 1 天），${p.lastBlockedDate} 之前（含当天）不得再致电（12 CFR 1006.14(b)(2)(i)(B)）。`,
        en: `A telephone conversation with this person about this debt took place on ${p.conversationDate} (day 1 of ${p.days}); no further calls through ${p.lastBlockedDate} (12 CFR 1006.14(b)(2)(i)(B)).`,
      };
  }
}

export function contactReason(p: MessageParams, language: 'zh' | 'en'): ContactReason {
  const t = texts(p);
  return { code: p.code, message: language === 'zh' ? t.zh : t.en, messageZh: t.zh, messageEn: t.en };
}
