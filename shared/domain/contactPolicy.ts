/**
 * Collections contact rules (催收联系规则): may this contact attempt be made now?
 *
 * Two published profiles, both plain DATA (head office may publish others through the zod schema):
 *
 *  CN (default) — DOMAIN.md "Collections (催收) contact rules", from 中国银行业协会《金融机构个人消费类
 *  贷款催收工作指引（试行）》(reported 2026-01; secondary source) and the 2011 credit-card rules:
 *   - no contact 22:00–08:00 borrower's local time without consent: 21:59 allowed, 22:00 blocked,
 *     07:59 blocked, 08:00 allowed (end exclusive);
 *   - at most 6 UNANSWERED call attempts per phone number per LOCAL day (the 7th is blocked);
 *   - third parties only when the debtor cannot be reached: a number-invalid outcome on the
 *     borrower (not followed by a later right-party contact), or the last 3 borrower attempts
 *     with a known result all failed;
 *   - a borrower in dispute or who asked to stop is not contacted until a supervisor clears it.
 *
 *  US_REGF — DOMAIN.md "US-RegF" (12 CFR Part 1006, Regulation F):
 *   - 1006.14(b)(2)(i)(A): more than 7 calls to a particular person about a particular debt within
 *     7 consecutive days is presumed harassment → the 8th call in days D−6 … D is blocked;
 *   - 1006.14(b)(2)(i)(B): a call within 7 consecutive days after a telephone conversation with the
 *     person, the conversation day being day 1 → calls on C … C+6 blocked, C+7 allowed;
 *   - 1006.14(b)(3)(ii): calls that do not connect to the dialed number (busy, out of service) are
 *     not counted;
 *   - 1006.6(b)(1)(i): "before 8 o'clock antemeridian and after 9 o'clock postmeridian" is
 *     inconvenient. Our reading: 21:00:00.000 is not "after 9 o'clock", so it is allowed and
 *     anything later (21:00:00.001) is blocked; 07:59:59.999 blocked, 08:00 allowed. Policy data
 *     (endInclusive) lets head office choose the stricter 20:59 reading;
 *   - holds: 1006.6(c)(1) (written request to cease communication) and 1006.38(d)(2) (collection
 *     stops on a disputed debt until verified) — the same hold mechanism as CN;
 *   - third parties: kept as in CN (1006.10 allows third-party calls only to acquire location
 *     information, i.e. when the consumer cannot be reached).
 *
 * Design decisions:
 *  - Hours are judged in the policy's IANA `timeZone` (the borrower's location; callers serving a
 *    US consumer pass the consumer's zone, e.g. { ...contactPolicies.US_REGF, timeZone: 'America/Chicago' }).
 *  - Quiet hours apply to phone, sms and visit, not to letters (a letter has no moment of contact
 *    at the borrower's door) nor to legal filings.
 *  - Clearing a hold: an administrative history entry with outcome 'cleared_by_supervisor' clears
 *    every dispute / stop hold on that loan raised strictly before it (a tie keeps the hold); a
 *    later dispute re-blocks.
 *    Keeping the clearing in the contact log (not a flag on the attempt) means it is ordered,
 *    audited and kept 2 years like every other record.
 *  - A dispute is about the debt, so it blocks contact with anyone on the loan. A stop request
 *    binds the party (role) who made it; a borrower's stop request also blocks third parties,
 *    whose only purpose is reaching the borrower.
 *  - Per-number unanswered counts use every entry for that number (any loan); the other rules
 *    use entries of the attempt's loan ("a particular debt"). Reg F counts per person: the party
 *    role, and for third parties also the number (distinct third parties are distinct persons).
 *  - History entries later than the attempt, and the attempt object itself, are ignored. A phone
 *    entry without an outcome counts as unanswered and as a connected call (conservative).
 *  - Speed: one pass over the history with numeric comparisons against at most three local-day
 *    start instants (cached); Intl formatting is done for the attempt only.
 *  - A blocked contact may be overridden by a supervisor with a written reason (DOMAIN.md); that
 *    audited override is the caller's job — checkContact only reports.
 */

import { z } from 'zod';
import { addDays, HOME_TIME_ZONE } from './dates';
import { CONTACT_CHANNELS, CONTACT_PARTIES } from './vocabulary';
import { OUTCOMES, isOutcomeCode, type ContactChannel, type ContactParty, type OutcomeCode, type OutcomeInfo } from './contactOutcomes';
import { instantMs, isValidTimeZone, localTimeOf, parseInstant, startOfLocalDay } from './contactPolicyTime';
import { contactReason, type ContactReason } from './contactPolicyMessages';
import { deepFreeze } from './deepFreeze';

export type { ContactReason } from './contactPolicyMessages';
export { CONTACT_REASON_CODES } from './contactPolicyMessages';

const channel = z.enum(CONTACT_CHANNELS);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time must be HH:MM (00:00–23:59)');
/** The longest look-back a profile may ask for (Reg F's is 7 days); readers of history cover it. */
const MAX_RULE_DAYS = 14;
/** Days of history the rules can need before an attempt: the longest window plus the local-day boundary. */
export const CONTACT_RULE_LOOKBACK_DAYS = MAX_RULE_DAYS + 1;
const toMs = (t: string): number => (Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5))) * 60_000;

export const contactPolicySchema = z.object({
  id: z.string().min(1).default('CN'),
  /** Language of `message` in the reasons ('zh' for CN, 'en' for US_REGF); both are always given. */
  language: z.enum(['zh', 'en']).default('zh'),
  /** IANA zone of the borrower's location; hours and "days" are judged on its wall clock. */
  timeZone: z.string().refine(isValidTimeZone, 'unknown IANA time zone').default(HOME_TIME_ZONE),
  contactHours: z
    .object({
      /** Reason code reported when outside the window. */
      rule: z.enum(['quiet_hours', 'regf_inconvenient_time']).default('quiet_hours'),
      /** Earliest allowed local time, inclusive. */
      start: hhmm.default('08:00'),
      /** Latest allowed local time: exclusive (CN 22:00) or inclusive to the millisecond (Reg F 21:00). */
      end: hhmm.default('22:00'),
      endInclusive: z.boolean().default(false),
      /** Channels the window applies to (not letter / legal: see the header). */
      channels: z.array(channel).default(['phone', 'sms', 'visit']),
      /** The borrower's consent to late contact lifts the window (CN "without consent"; 1006.6(b)(1) "prior consent"). */
      consentOverrides: z.boolean().default(true),
      /** The longest a recorded consent may run from the day it was given (contact_consents). */
      consentMaxDays: z.number().int().min(1).max(730).default(365),
    })
    .refine((h) => toMs(h.start) < toMs(h.end), 'contactHours.start must be before contactHours.end')
    .prefault({}),
  /** CN: at most this many unanswered call attempts per phone number per local day; null = no cap. */
  maxUnansweredPerNumberPerDay: z.number().int().min(1).max(100).nullable().default(6),
  thirdParty: z
    .object({
      /** Third parties only when the borrower cannot be reached. */
      onlyWhenUnreachable: z.boolean().default(true),
      /** N consecutive failed borrower attempts count as "cannot be reached" (DOMAIN.md: 3). */
      consecutiveFailedAttempts: z.number().int().min(1).max(20).default(3),
    })
    .prefault({}),
  holds: z
    .object({
      /** Channels closed while a dispute is open; [] turns the hold off. */
      dispute: z.array(channel).default(['phone', 'sms', 'letter', 'visit', 'legal']),
      /** Channels closed after a stop request; legal action stays possible (cf. 1006.6(c)(2)). */
      askedToStop: z.array(channel).default(['phone', 'sms', 'letter', 'visit']),
    })
    .prefault({}),
  /** Reg F 1006.14(b)(2)(i)(A); null = not applied (CN). */
  callFrequency: z
    .object({
      maxCalls: z.number().int().min(1).max(100).default(7),
      windowDays: z.number().int().min(1).max(MAX_RULE_DAYS).default(7),
      /** 1006.14(b)(3)(ii): calls that do not connect are not counted. */
      excludeUnconnected: z.boolean().default(true),
    })
    .nullable()
    .default(null),
  /** Reg F 1006.14(b)(2)(i)(B): days (conversation day = day 1) with no calls; null = not applied (CN). */
  afterConversationDays: z.number().int().min(1).max(MAX_RULE_DAYS).nullable().default(null),
});

export type ContactPolicy = z.infer<typeof contactPolicySchema>;

export const contactPolicies: { readonly CN: ContactPolicy; readonly US_REGF: ContactPolicy } = deepFreeze({
  CN: contactPolicySchema.parse({}),
  US_REGF: contactPolicySchema.parse({
    id: 'US_REGF',
    language: 'en',
    timeZone: 'America/New_York',
    contactHours: { rule: 'regf_inconvenient_time', start: '08:00', end: '21:00', endInclusive: true },
    maxUnansweredPerNumberPerDay: null,
    callFrequency: { maxCalls: 7, windowDays: 7, excludeUnconnected: true },
    afterConversationDays: 7,
  }),
});

/** One contact attempt, or one entry of the contact log (same shape). */
export interface ContactAttempt {
  readonly loanId: string;
  /** ISO 8601 instant with offset, e.g. '2025-03-01T21:59:00+08:00'. */
  readonly at: string;
  readonly channel: ContactChannel;
  readonly party: ContactParty;
  readonly phone?: string;
  readonly outcome?: OutcomeCode;
  /** The borrower consented to contact at this otherwise quiet / inconvenient hour. */
  readonly consentToLateContact?: boolean;
}
export type ContactHistoryEntry = ContactAttempt;

export interface ContactCheck {
  readonly allowed: boolean;
  readonly reasons: ContactReason[];
}

const CHANNELS = new Set<string>(channel.options);
const PARTIES = new Set<string>(CONTACT_PARTIES);

/**
 * Digits only, so '138-0013-8000' and '138 0013 8000' are one number; a +86/0086 prefix on an
 * 11-digit Chinese mobile number is dropped. Callers should still store numbers in one form.
 */
export function normalizePhone(phone: string | undefined): string {
  if (phone === undefined) return '';
  const digits = phone.replace(/\D/g, '');
  return /^(?:0086|86)1\d{10}$/.test(digits) ? digits.slice(-11) : digits;
}

function outcomeOf(e: ContactAttempt, i: number): OutcomeInfo | undefined {
  if (e.outcome === undefined) return undefined;
  if (!isOutcomeCode(e.outcome)) throw new Error(`history[${i}].outcome: unknown contact outcome code ${JSON.stringify(e.outcome)}`);
  return OUTCOMES[e.outcome];
}

function validateAttempt(a: ContactAttempt): number {
  if (typeof a !== 'object' || a === null) throw new Error('attempt must be an object');
  if (typeof a.loanId !== 'string' || a.loanId === '') throw new Error('attempt.loanId must be a non-empty string');
  if (!CHANNELS.has(a.channel)) throw new Error(`attempt.channel must be one of ${[...CHANNELS].join(', ')}, got ${JSON.stringify(a.channel)}`);
  if (!PARTIES.has(a.party)) throw new Error(`attempt.party must be one of ${[...PARTIES].join(', ')}, got ${JSON.stringify(a.party)}`);
  if (a.outcome !== undefined && !isOutcomeCode(a.outcome)) throw new Error(`attempt.outcome: unknown code ${JSON.stringify(a.outcome)}`);
  return parseInstant(a.at, 'attempt.at');
}

/**
 * Whether `attempt` may be made under `policy`, given the contact log `history` (any order).
 * Every rule is checked, so all reasons are reported at once; allowed = no reasons.
 * O(history): one pass, a fixed number of Intl calls per check.
 */
export function checkContact(
  policy: ContactPolicy,
  history: readonly ContactHistoryEntry[],
  attempt: ContactAttempt,
): ContactCheck {
  const at = validateAttempt(attempt);
  const tz = policy.timeZone;
  const local = localTimeOf(at, tz);
  const lang = policy.language;
  const reasons: ContactReason[] = [];

  // 1. Quiet hours / inconvenient time — judged on the attempt alone.
  const hours = policy.contactHours;
  const consented = hours.consentOverrides && attempt.consentToLateContact === true;
  if (hours.channels.includes(attempt.channel) && !consented) {
    const t = local.msOfDay;
    const endMs = toMs(hours.end);
    const inside = t >= toMs(hours.start) && (hours.endInclusive ? t <= endMs : t < endMs);
    if (!inside) {
      reasons.push(
        contactReason(
          { code: hours.rule, start: hours.start, end: hours.end, endInclusive: hours.endInclusive, localTime: local.clock, timeZone: tz },
          lang,
        ),
      );
    }
  }

  // Windows as instants: entries at or after these starts fall on the counted local days.
  const isPhone = attempt.channel === 'phone';
  const cap = isPhone ? policy.maxUnansweredPerNumberPerDay : null;
  const freq = isPhone ? policy.callFrequency : null;
  const convDays = isPhone ? policy.afterConversationDays : null;
  const todayStart = cap !== null ? startOfLocalDay(local.date, tz) : Infinity;
  const freqStart = freq !== null ? startOfLocalDay(addDays(local.date, -(freq.windowDays - 1)), tz) : Infinity;
  const convStart = convDays !== null ? startOfLocalDay(addDays(local.date, -(convDays - 1)), tz) : Infinity;
  const regfWatch = freq !== null || convDays !== null;
  const attemptPhone = normalizePhone(attempt.phone);
  // The Reg F "particular person": the party role, and for third parties also the number.
  const attemptIsThirdParty = attempt.party === 'third_party';

  const tp = policy.thirdParty;
  const watchThirdParty = attempt.party === 'third_party' && tp.onlyWhenUnreachable;
  // The N most recent borrower attempts with a known result, newest first.
  const recent: Recent[] = [];

  let unanswered = 0;
  let calls = 0;
  let lastConversation = -Infinity;
  let lastInvalid = -Infinity;
  let lastReached = -Infinity;
  let lastDispute = -Infinity;
  let lastClear = -Infinity;
  const lastStop = new Map<string, number>();

  for (let i = 0; i < history.length; i++) {
    const e = history[i] as ContactAttempt;
    if (e === attempt) continue;
    let ms = instantMs(e.at);
    if (Number.isNaN(ms)) ms = parseInstant(e.at, `history[${i}].at`); // throws with the field name
    if (ms > at) continue;
    const o = outcomeOf(e, i);
    const sameLoan = e.loanId === attempt.loanId;
    if (o !== undefined) {
      if (!o.isAttempt) {
        if (sameLoan && ms > lastClear) lastClear = ms;
        continue;
      }
      if (sameLoan && o.hold === 'dispute' && ms > lastDispute) lastDispute = ms;
      if (sameLoan && o.hold === 'asked_to_stop' && ms > (lastStop.get(e.party) ?? -Infinity)) lastStop.set(e.party, ms);
    }
    if (ms >= todayStart && e.channel === 'phone' && (o === undefined || !o.answered) && normalizePhone(e.phone) === attemptPhone) {
      unanswered++;
    }
    if (!sameLoan) continue;
    if (watchThirdParty && e.party === 'borrower' && o !== undefined) {
      if (o.numberInvalid && ms > lastInvalid) lastInvalid = ms;
      if (o.rightParty && ms > lastReached) lastReached = ms;
      if (o.failedAttempt || o.rightParty) keepRecent(recent, tp.consecutiveFailedAttempts, ms, i, o.failedAttempt);
    }
    if (regfWatch && e.channel === 'phone' && e.party === attempt.party && (!attemptIsThirdParty || normalizePhone(e.phone) === attemptPhone)) {
      if (freq !== null && ms >= freqStart && (o === undefined || o.connected || !freq.excludeUnconnected)) calls++;
      if (convDays !== null && ms >= convStart && o !== undefined && o.conversation && ms > lastConversation) {
        lastConversation = ms;
      }
    }
  }

  // 2. CN per-number cap on unanswered attempts (the attempt itself would be number cap + 1).
  if (cap !== null && unanswered >= cap) {
    reasons.push(contactReason({ code: 'max_unanswered_per_number', max: cap, count: unanswered, localDate: local.date }, lang));
  }

  // 3. Third parties only when the borrower cannot be reached.
  if (watchThirdParty) {
    const invalidNumber = lastInvalid > lastReached;
    const n = tp.consecutiveFailedAttempts;
    const allFailed = recent.length >= n && recent.every((r) => r.failed);
    if (!invalidNumber && !allFailed) reasons.push(contactReason({ code: 'third_party_not_allowed', consecutive: n }, lang));
  }

  // 4. Holds until a supervisor clears them.
  // A clearing must be strictly later than the hold; at the same instant the hold stands (conservative).
  const holding = (raised: number): boolean => raised > -Infinity && raised >= lastClear;
  if (holding(lastDispute) && policy.holds.dispute.includes(attempt.channel)) {
    reasons.push(contactReason({ code: 'dispute_hold' }, lang));
  }
  const stopParties = attempt.party === 'third_party' ? ['third_party', 'borrower'] : [attempt.party];
  const lastStopMs = Math.max(...stopParties.map((p) => lastStop.get(p) ?? -Infinity));
  if (holding(lastStopMs) && policy.holds.askedToStop.includes(attempt.channel)) {
    reasons.push(contactReason({ code: 'asked_to_stop' }, lang));
  }

  // 5. Reg F call frequency and the post-conversation week.
  if (freq !== null && calls >= freq.maxCalls) {
    reasons.push(contactReason({ code: 'regf_7_in_7', max: freq.maxCalls, windowDays: freq.windowDays, count: calls }, lang));
  }
  if (convDays !== null && lastConversation > -Infinity) {
    const conversationDate = localTimeOf(lastConversation, tz).date;
    reasons.push(
      contactReason(
        { code: 'regf_after_conversation', conversationDate, lastBlockedDate: addDays(conversationDate, convDays - 1), days: convDays },
        lang,
      ),
    );
  }

  return { allowed: reasons.length === 0, reasons };
}

interface Recent {
  readonly ms: number;
  readonly i: number;
  readonly failed: boolean;
}

/** Keeps `list` as the `n` newest entries (by instant, then input order), newest first. */
function keepRecent(list: Recent[], n: number, ms: number, i: number, failed: boolean): void {
  let pos = list.length;
  while (pos > 0) {
    const prev = list[pos - 1] as Recent;
    if (ms > prev.ms || (ms === prev.ms && i > prev.i)) pos--;
    else break;
  }
  if (pos >= n) return;
  list.splice(pos, 0, { ms, i, failed });
  if (list.length > n) list.pop();
}
