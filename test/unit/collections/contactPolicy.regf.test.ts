// checkContact under the US_REGF profile (12 CFR 1006.14(b)(2), 1006.6(b)(1)(i)) in America/New_York,
// across the 2025 DST changes (03-09 spring forward, 11-02 fall back). Also: policy data, input
// validation and speed over a two-year history.
import { describe, it, expect } from 'vitest';
import {
  checkContact,
  contactPolicies,
  contactPolicySchema,
  type ContactAttempt,
  type ContactHistoryEntry,
} from '../../../shared/domain/contactPolicy';
import type { OutcomeCode } from '../../../shared/domain/contactOutcomes';
import { callsAbout, reasonCodes as codes } from '../../helpers/contactAttempts';

const US = contactPolicies.US_REGF;
const LOAN = 'loan-9';
const PHONE = '+1 212 555 0100';

const { att, log } = callsAbout(LOAN, PHONE);

/** One no-answer call a day at 10:00 New York time (EST, before the DST change) on the given March days. */
const dailyCalls = (days: number[], outcome: OutcomeCode = 'no_answer', extra: Partial<ContactHistoryEntry> = {}) =>
  days.map((d) => log(`2025-03-${String(d).padStart(2, '0')}T10:00:00-05:00`, outcome, extra));

describe('Reg F inconvenient times: before 08:00 or after 21:00 local (1006.6(b)(1)(i))', () => {
  it.each([
    // an ordinary EST day
    ['2025-03-07T07:59:59-05:00', false],
    ['2025-03-07T08:00:00-05:00', true],
    ['2025-03-07T21:00:00-05:00', true], // 9 p.m. itself is not "after 9 o'clock"
    ['2025-03-07T21:00:00.001-05:00', false],
    ['2025-03-07T21:00:01-05:00', false],
    ['2025-03-08T02:00:00Z', true], // = 03-07 21:00 EST
    ['2025-03-08T02:00:01Z', false],
    // 03-09: clocks jump 02:00 EST → 03:00 EDT. 12:00Z is 07:00 on 03-08 but 08:00 on 03-09.
    ['2025-03-08T12:00:00Z', false],
    ['2025-03-09T11:59:59Z', false],
    ['2025-03-09T12:00:00Z', true],
    ['2025-03-09T08:00:00-04:00', true],
    ['2025-03-10T01:00:00Z', true], // 03-09 21:00 EDT
    ['2025-03-10T01:00:01Z', false],
    // 11-02: clocks fall back 02:00 EDT → 01:00 EST.
    ['2025-11-01T12:00:00Z', true], // 08:00 EDT
    ['2025-11-02T12:59:59Z', false], // 07:59:59 EST
    ['2025-11-02T13:00:00Z', true], // 08:00 EST
    ['2025-11-03T02:00:00Z', true], // 11-02 21:00 EST
    ['2025-11-03T02:00:01Z', false],
  ])('%s → allowed %s', (at, allowed) => {
    const r = checkContact(US, [], att(at));
    expect(r.allowed).toBe(allowed);
    expect(codes(r)).toEqual(allowed ? [] : ['regf_inconvenient_time']);
  });

  it('uses the consumer time zone the caller sets, and English messages', () => {
    const chicago = { ...US, timeZone: 'America/Chicago' };
    expect(checkContact(chicago, [], att('2025-03-07T21:30:00-05:00')).allowed).toBe(true); // 20:30 CST
    const [r] = checkContact(US, [], att('2025-03-07T21:30:00-05:00')).reasons;
    expect(r?.message).toBe(r?.messageEn);
    expect(r?.message).toContain('1006.6(b)(1)(i)');
  });

  it('consent lifts the time rule; letters have no time rule; the CN per-number cap is off', () => {
    expect(checkContact(US, [], att('2025-03-07T22:00:00-05:00', { consentToLateContact: true })).allowed).toBe(true);
    expect(checkContact(US, [], att('2025-03-07T22:00:00-05:00', { channel: 'letter' })).allowed).toBe(true);
    expect(US.maxUnansweredPerNumberPerDay).toBeNull();
  });
});

describe('Reg F: more than 7 calls in 7 consecutive days (1006.14(b)(2)(i)(A))', () => {
  const at = '2025-03-16T15:00:00-04:00';
  it.each<[string, ContactHistoryEntry[], string[]]>([
    ['6 calls on days D−6 … D−1: the 7th call is allowed', dailyCalls([10, 11, 12, 13, 14, 15]), []],
    ['7 calls on days D−6 … D: the 8th call is blocked', dailyCalls([10, 11, 12, 13, 14, 15, 16]), ['regf_7_in_7']],
    ['7 calls on D−7 … D−1: the one on D−7 is outside the window', dailyCalls([9, 10, 11, 12, 13, 14, 15]), []],
    ['7 busy signals are not counted (1006.14(b)(3)(ii))', dailyCalls([10, 11, 12, 13, 14, 15, 16], 'busy'), []],
    ['7 out-of-service attempts are not counted', dailyCalls([10, 11, 12, 13, 14, 15, 16], 'number_invalid'), []],
    ['7 voicemails are counted (the call connected)', dailyCalls([10, 11, 12, 13, 14, 15, 16], 'voicemail'), ['regf_7_in_7']],
    ['SMS and letters are not calls', [...dailyCalls([10, 11, 12, 13], 'sms_sent', { channel: 'sms' }), ...dailyCalls([14, 15, 16], 'letter_sent', { channel: 'letter' })], []],
    ['7 calls to the co-borrower: a different person', dailyCalls([10, 11, 12, 13, 14, 15, 16], 'no_answer', { party: 'co_borrower' }), []],
    ['7 calls about another debt', dailyCalls([10, 11, 12, 13, 14, 15, 16], 'no_answer', { loanId: 'loan-2' }), []],
  ])('%s', (_name, history, expected) => {
    expect(codes(checkContact(US, history, att(at)))).toEqual(expected);
  });

  it('the window is 7 LOCAL days: 03-09 23:30 EDT (03-10 03:30Z) is outside a window starting 03-10', () => {
    const h = [log('2025-03-10T03:30:00Z', 'no_answer'), ...dailyCalls([11, 12, 13, 14, 15, 16])];
    expect(checkContact(US, h, att('2025-03-16T15:00:00-04:00')).allowed).toBe(true);
    const h2 = [log('2025-03-10T04:30:00Z', 'no_answer'), ...dailyCalls([11, 12, 13, 14, 15, 16])]; // 03-10 00:30 EDT
    expect(codes(checkContact(US, h2, att('2025-03-16T15:00:00-04:00')))).toEqual(['regf_7_in_7']);
  });

  it('distinct third parties are distinct persons', () => {
    const toFriend = dailyCalls([10, 11, 12, 13, 14, 15, 16], 'no_answer', { party: 'third_party', phone: '+1 917 555 0101' });
    const unreachable = dailyCalls([1, 2, 3], 'no_answer');
    const third = (phone: string) => att('2025-03-16T15:00:00-04:00', { party: 'third_party', phone });
    expect(codes(checkContact(US, [...unreachable, ...toFriend], third('+1 917 555 0101')))).toEqual(['regf_7_in_7']);
    expect(checkContact(US, [...unreachable, ...toFriend], third('+1 646 555 0199')).allowed).toBe(true);
  });
});

describe('Reg F: 7 days after a telephone conversation, the conversation day is day 1 (1006.14(b)(2)(i)(B))', () => {
  const talk = log('2025-03-03T10:00:00-05:00', 'right_party_contact');
  it.each([
    ['later the same day (day 1)', '2025-03-03T15:00:00-05:00', false],
    ['day 2', '2025-03-04T09:00:00-05:00', false],
    ['day 7, the DST day, last minute of the window', '2025-03-09T20:59:00-04:00', false],
    ['day 7 at 21:00 EDT written in UTC', '2025-03-10T01:00:00Z', false],
    ['day 8 at 08:00 EDT', '2025-03-10T08:00:00-04:00', true],
    ['day 8 at 08:00 EDT written in UTC', '2025-03-10T12:00:00Z', true],
  ])('%s (%s) → allowed %s', (_name, at, allowed) => {
    const r = checkContact(US, [talk], att(at));
    expect(r.allowed).toBe(allowed);
    expect(codes(r)).toEqual(allowed ? [] : ['regf_after_conversation']);
  });

  it('counts days on the local calendar: a 21:00 EST conversation (next day in UTC) is day 1 on its local date', () => {
    const lateTalk = log('2025-03-04T02:00:00Z', 'promise_to_pay'); // 03-03 21:00 EST
    expect(checkContact(US, [lateTalk], att('2025-03-09T12:00:00-04:00')).allowed).toBe(false);
    expect(checkContact(US, [lateTalk], att('2025-03-10T08:00:00-04:00')).allowed).toBe(true);
    const [r] = checkContact(US, [lateTalk], att('2025-03-09T12:00:00-04:00')).reasons;
    expect(r?.messageEn).toContain('2025-03-03');
    expect(r?.messageEn).toContain('2025-03-09');
  });

  it.each<[string, ContactHistoryEntry]>([
    ['a voicemail', log('2025-03-03T10:00:00-05:00', 'voicemail')],
    ['a message left with a third party', log('2025-03-03T10:00:00-05:00', 'third_party_message')],
    ['a visit (not a telephone conversation)', log('2025-03-03T10:00:00-05:00', 'visit_met', { channel: 'visit' })],
    ['a conversation with the guarantor', log('2025-03-03T10:00:00-05:00', 'right_party_contact', { party: 'guarantor' })],
    ['a conversation about another debt', log('2025-03-03T10:00:00-05:00', 'right_party_contact', { loanId: 'loan-2' })],
  ])('%s does not start the window', (_name, entry) => {
    expect(checkContact(US, [entry], att('2025-03-04T10:00:00-05:00')).allowed).toBe(true);
  });

  it('does not limit letters or SMS after a conversation', () => {
    expect(checkContact(US, [talk], att('2025-03-04T10:00:00-05:00', { channel: 'letter' })).allowed).toBe(true);
    expect(checkContact(US, [talk], att('2025-03-04T10:00:00-05:00', { channel: 'sms' })).allowed).toBe(true);
  });
});

describe('policy data and input checks', () => {
  it('the CN profile is the schema default; profiles are frozen data', () => {
    expect(contactPolicySchema.parse({})).toEqual(contactPolicies.CN);
    expect(contactPolicies.CN).toMatchObject({ timeZone: 'Asia/Shanghai', maxUnansweredPerNumberPerDay: 6, callFrequency: null });
    expect(Object.isFrozen(contactPolicies.US_REGF.contactHours)).toBe(true);
    expect(contactPolicySchema.parse(JSON.parse(JSON.stringify(contactPolicies.US_REGF)))).toEqual(contactPolicies.US_REGF);
  });

  it('rejects a bad time zone or an empty window', () => {
    expect(contactPolicySchema.safeParse({ timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(contactPolicySchema.safeParse({ contactHours: { start: '22:00', end: '08:00' } }).success).toBe(false);
    expect(contactPolicySchema.safeParse({ contactHours: { start: '8:00' } }).success).toBe(false);
  });

  it('refuses instants without an offset (the host zone would decide) and unknown outcomes', () => {
    expect(() => checkContact(US, [], att('2025-03-07T10:00:00'))).toThrow(/offset/);
    expect(() => checkContact(US, [{ ...att('2025-03-07T10:00:00'), outcome: 'no_answer' }], att('2025-03-07T11:00:00Z'))).toThrow(/history\[0\]\.at/);
    const bad = { ...att('2025-03-07T10:00:00Z'), outcome: 'ghosted' } as unknown as ContactHistoryEntry;
    expect(() => checkContact(US, [bad], att('2025-03-07T11:00:00Z'))).toThrow(/ghosted/);
    expect(() => checkContact(US, [], { ...att('2025-03-07T11:00:00Z'), channel: 'fax' } as unknown as ContactAttempt)).toThrow(/channel/);
  });
});

describe('speed: one pass over a two-year log', () => {
  // ~1,500 entries over two years on several numbers and parties, unsorted.
  const outcomes: OutcomeCode[] = ['no_answer', 'busy', 'right_party_contact', 'voicemail', 'promise_to_pay', 'sms_sent'];
  const start = Date.parse('2023-03-01T14:00:00Z');
  const history: ContactHistoryEntry[] = Array.from({ length: 1500 }, (_, i) => ({
    loanId: i % 10 === 0 ? 'other' : LOAN,
    at: new Date(start + ((i * 7919) % 1500) * 11.7 * 3_600_000).toISOString(),
    channel: outcomes[i % outcomes.length] === 'sms_sent' ? 'sms' : 'phone',
    party: i % 7 === 0 ? 'guarantor' : 'borrower',
    phone: i % 3 === 0 ? '13900139000' : '13800138000',
    outcome: outcomes[i % outcomes.length] as OutcomeCode,
  }));

  it.each([
    ['CN', contactPolicies.CN],
    ['US_REGF', contactPolicies.US_REGF],
  ])('%s: 200 checks in well under a second', (_name, policy) => {
    const t0 = performance.now();
    for (let k = 0; k < 200; k++) {
      const at = new Date(Date.parse('2025-02-20T14:00:00Z') + k * 1_800_000).toISOString();
      checkContact(policy, history, { loanId: LOAN, at, channel: 'phone', party: 'third_party', phone: '13700137000' });
    }
    const perCheck = (performance.now() - t0) / 200;
    expect(perCheck).toBeLessThan(5); // typically well below 1 ms
  });
});
