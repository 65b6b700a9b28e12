/**
 * Collection contact outcomes (催收联系结果): the fixed, documented set of codes a collector records
 * for each contact attempt, with the flags the contact rules and the KPIs read.
 *
 * Sources:
 *  - DOMAIN.md "Collections (催收) contact rules": unanswered attempts per number per day, third
 *    parties only when the debtor cannot be reached (invalid number, or 3 consecutive failed
 *    attempts), dispute / asked-to-stop holds until a supervisor clears them;
 *  - DOMAIN.md "KPIs": right-party contact rate = contacts reaching the borrower or guarantor /
 *    attempts; PTP rate = promises / right-party contacts;
 *  - 12 CFR 1006.14(b)(2)(i)(B) (a "telephone conversation" starts the 7-day window) and
 *    1006.14(b)(3)(ii) (calls that do not connect to the dialed number — busy signal, number out of
 *    service — are excluded from the call count).
 *
 * The set is closed on purpose: rules and KPIs key on these flags, so a new code is a code change
 * reviewed with its flags, never free text. Codes are stable strings stored in the contact log.
 */
import { OUTCOME_LABELS } from '../i18n/collections';

import { CONTACT_CHANNELS, type ContactChannel, type ContactParty } from './vocabulary';

export { CONTACT_CHANNELS, type ContactChannel, type ContactParty };

export const OUTCOME_CODES = [
  'right_party_contact',
  'promise_to_pay',
  'paid',
  'refused_to_pay',
  'dispute',
  'asked_to_stop',
  'no_answer',
  'busy',
  'voicemail',
  'number_invalid',
  'wrong_number',
  'third_party_message',
  'sms_sent',
  'letter_sent',
  'visit_not_home',
  'visit_met',
  'legal_notice_sent',
  'cleared_by_supervisor',
] as const;

export type OutcomeCode = (typeof OUTCOME_CODES)[number];

export interface OutcomeInfo {
  readonly code: OutcomeCode;
  readonly label: { readonly zh: string; readonly en: string };
  /** False only for administrative log entries (a supervisor clearing a hold): not a contact at all. */
  readonly isAttempt: boolean;
  /** A person picked up / opened the door (whoever it was). Unanswered = no_answer, busy, voicemail, … */
  readonly answered: boolean;
  /** The party the attempt was addressed to (borrower, co-borrower, guarantor) was reached — KPI numerator. */
  readonly rightParty: boolean;
  /**
   * A conversation with the person took place. Only counts as a Reg F "telephone conversation"
   * (1006.14(b)(2)(i)(B)) when the entry's channel is 'phone'; checkContact checks both.
   */
  readonly conversation: boolean;
  /**
   * The attempt tried to reach the party and did not (DOMAIN.md "3 consecutive failed attempts").
   * Neither failed nor rightParty (sms_sent, letter_sent, …) = no evidence either way: skipped.
   */
  readonly failedAttempt: boolean;
  /** The number does not reach the party (空号/停机/非本人): DOMAIN.md "invalid number". */
  readonly numberInvalid: boolean;
  /**
   * The call reached the dialed number (rang, was answered or went to voicemail). Busy signals and
   * out-of-service numbers do not, and Reg F does not count them (12 CFR 1006.14(b)(3)(ii)).
   */
  readonly connected: boolean;
  /** The outcome puts the loan (or the party) on hold until a supervisor clears it. */
  readonly hold: 'dispute' | 'asked_to_stop' | null;
  /** Channels on which this outcome can be recorded (the UI offers only these). */
  readonly channels: readonly ContactChannel[];
}

type Flags = Omit<OutcomeInfo, 'code' | 'label' | 'channels' | 'isAttempt' | 'hold'> &
  Partial<Pick<OutcomeInfo, 'isAttempt' | 'hold'>>;

const REACHED: Flags = {
  answered: true,
  rightParty: true,
  conversation: true,
  failedAttempt: false,
  numberInvalid: false,
  connected: true,
};
const NOT_REACHED: Flags = {
  answered: false,
  rightParty: false,
  conversation: false,
  failedAttempt: true,
  numberInvalid: false,
  connected: true,
};
const NO_EVIDENCE: Flags = {
  answered: false,
  rightParty: false,
  conversation: false,
  failedAttempt: false,
  numberInvalid: false,
  connected: true,
};

const ALL: readonly ContactChannel[] = CONTACT_CHANNELS;
const TALK: readonly ContactChannel[] = ['phone', 'visit'];
const ANY_REPLY: readonly ContactChannel[] = ['phone', 'sms', 'letter', 'visit'];

function def(code: OutcomeCode, channels: readonly ContactChannel[], f: Flags): OutcomeInfo {
  return Object.freeze({
    code,
    label: Object.freeze({ zh: OUTCOME_LABELS[code]['zh-CN'], en: OUTCOME_LABELS[code].en }),
    isAttempt: f.isAttempt ?? true,
    answered: f.answered,
    rightParty: f.rightParty,
    conversation: f.conversation,
    failedAttempt: f.failedAttempt,
    numberInvalid: f.numberInvalid,
    connected: f.connected,
    hold: f.hold ?? null,
    channels: Object.freeze([...channels]),
  });
}

export const OUTCOMES: Readonly<Record<OutcomeCode, OutcomeInfo>> = Object.freeze({
  right_party_contact: def('right_party_contact', TALK, REACHED),
  promise_to_pay: def('promise_to_pay', ANY_REPLY, REACHED),
  paid: def('paid', ANY_REPLY, REACHED),
  refused_to_pay: def('refused_to_pay', ANY_REPLY, REACHED),
  // A dispute or a stop request may arrive by any channel, including a reply to a letter.
  dispute: def('dispute', ANY_REPLY, { ...REACHED, hold: 'dispute' }),
  asked_to_stop: def('asked_to_stop', ANY_REPLY, {
    ...REACHED,
    hold: 'asked_to_stop',
  }),
  no_answer: def('no_answer', ['phone'], NOT_REACHED),
  busy: def('busy', ['phone'], { ...NOT_REACHED, connected: false }),
  // A voicemail / limited-content message is not a conversation, but the call did connect.
  voicemail: def('voicemail', ['phone'], NOT_REACHED),
  number_invalid: def('number_invalid', ['phone', 'sms'], {
    ...NOT_REACHED,
    numberInvalid: true,
    connected: false,
  }),
  // Someone answered, but the number is not the party's: the number on file does not reach them.
  wrong_number: def('wrong_number', ['phone'], {
    ...NOT_REACHED,
    answered: true,
    numberInvalid: true,
  }),
  // A family member / colleague answered the party's number and took a message: the party was not reached.
  third_party_message: def('third_party_message', TALK, {
    ...NOT_REACHED,
    answered: true,
  }),
  sms_sent: def('sms_sent', ['sms'], NO_EVIDENCE),
  letter_sent: def('letter_sent', ['letter'], NO_EVIDENCE),
  visit_not_home: def('visit_not_home', ['visit'], NOT_REACHED),
  // Met in person: right party, but not a *telephone* conversation (the channel decides that).
  visit_met: def('visit_met', ['visit'], REACHED),
  legal_notice_sent: def('legal_notice_sent', ['legal'], NO_EVIDENCE),
  // Administrative entry: a supervisor cleared every dispute / stop hold raised before it
  // (DOMAIN.md: "not called until a supervisor clears it"). Not a contact; channel/party are ignored.
  cleared_by_supervisor: def('cleared_by_supervisor', ALL, {
    ...NO_EVIDENCE,
    isAttempt: false,
  }),
});

export function isOutcomeCode(s: unknown): s is OutcomeCode {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(OUTCOMES, s);
}

/** The outcome's flags; throws on a code outside the documented set (the log must not hold free text). */
export function outcomeInfo(code: string): OutcomeInfo {
  if (!isOutcomeCode(code)) throw new Error(`unknown contact outcome code ${JSON.stringify(code)}`);
  return OUTCOMES[code];
}
