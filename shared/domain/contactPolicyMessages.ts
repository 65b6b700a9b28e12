/**
 * Plain-words messages for the reasons checkContact blocks a contact, in Chinese and English (the
 * texts are in shared/i18n/contactRules.ts). The reason CODES are the stable contract (stored with
 * audited overrides, used by the UI to pick icons); messages may be reworded freely.
 */
import { CONTACT_REASON_TEXT } from '../i18n/contactRules';
import { pick } from '../i18n/text';

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

export function contactReason(p: MessageParams, language: 'zh' | 'en'): ContactReason {
  const { code, ...params } = p;
  const values = Object.fromEntries(Object.entries(params).filter((e): e is [string, string | number] => typeof e[1] !== 'boolean'));
  const zh = pick(CONTACT_REASON_TEXT[code], 'zh-CN', values);
  const en = pick(CONTACT_REASON_TEXT[code], 'en', values);
  return { code, message: language === 'zh' ? zh : en, messageZh: zh, messageEn: en };
}
