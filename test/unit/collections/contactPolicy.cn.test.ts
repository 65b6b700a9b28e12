// checkContact under the default CN profile (DOMAIN.md "Collections (催收) contact rules"), at the
// boundaries of every rule. Instants are given with +08:00 and with other offsets to prove the
// policy's time zone (Asia/Shanghai), not the offset written or the host zone, decides.
import { describe, it, expect } from 'vitest';
import {
  checkContact,
  contactPolicies,
  contactPolicySchema,
  normalizePhone,
  type ContactHistoryEntry,
} from '../../../shared/domain/contactPolicy';
import type { OutcomeCode } from '../../../shared/domain/contactOutcomes';
import { callsAbout, reasonCodes as codes } from '../../helpers/contactAttempts';

const CN = contactPolicies.CN;
const LOAN = 'loan-1';
const A = '13800138000';
const B = '13900139000';

const { att, log } = callsAbout(LOAN, A);

describe('CN quiet hours 22:00–08:00 in Asia/Shanghai', () => {
  it.each([
    ['2025-03-03T21:59:00+08:00', true],
    ['2025-03-03T21:59:59.999+08:00', true],
    ['2025-03-03T22:00:00+08:00', false],
    ['2025-03-03T23:30:00+08:00', false],
    ['2025-03-04T00:00:00+08:00', false],
    ['2025-03-03T07:59:00+08:00', false],
    ['2025-03-03T07:59:59.999+08:00', false],
    ['2025-03-03T08:00:00+08:00', true],
    ['2025-03-03T12:00:00+08:00', true],
    // the same instants written in UTC
    ['2025-03-03T13:59:00Z', true],
    ['2025-03-03T14:00:00Z', false],
    ['2025-03-02T23:59:00Z', false],
    ['2025-03-03T00:00:00Z', true],
    // and in other offsets (New York, India, Eastern Europe)
    ['2025-03-03T08:59:00-05:00', true],
    ['2025-03-03T09:00:00-05:00', false],
    ['2025-03-03T19:30:00+05:30', false],
    ['2025-03-03T19:29:00+05:30', true],
    ['2025-03-04T00:00:00+02:00', false],
    ['2025-03-03T02:00:00+02:00', true],
  ])('%s → allowed %s', (at, allowed) => {
    const r = checkContact(CN, [], att(at));
    expect(r.allowed).toBe(allowed);
    expect(codes(r)).toEqual(allowed ? [] : ['quiet_hours']);
  });

  it.each([
    ['phone', false],
    ['sms', false],
    ['visit', false],
    ['letter', true],
    ['legal', true],
  ] as const)('at 23:00 a %s contact is allowed: %s (letters and legal filings have no quiet hours)', (channel, allowed) => {
    expect(checkContact(CN, [], att('2025-03-03T23:00:00+08:00', { channel })).allowed).toBe(allowed);
  });

  it("the borrower's consent lifts quiet hours, unless the policy says consent does not count", () => {
    expect(checkContact(CN, [], att('2025-03-03T22:30:00+08:00', { consentToLateContact: true })).allowed).toBe(true);
    expect(checkContact(CN, [], att('2025-03-03T22:30:00+08:00', { consentToLateContact: false })).allowed).toBe(false);
    const strict = contactPolicySchema.parse({ contactHours: { consentOverrides: false } });
    expect(codes(checkContact(strict, [], att('2025-03-03T22:30:00+08:00', { consentToLateContact: true })))).toEqual(['quiet_hours']);
  });

  it('reports the reason in Chinese, with English alongside', () => {
    const [r] = checkContact(CN, [], att('2025-03-03T14:00:00Z')).reasons;
    expect(r?.message).toBe(r?.messageZh);
    expect(r?.messageZh).toContain('22:00:00');
    expect(r?.messageEn).toContain('Asia/Shanghai');
  });
});

describe('CN at most 6 unanswered call attempts per number per local day', () => {
  const day = (n: number, outcome: OutcomeCode | undefined = 'no_answer', extra: Partial<ContactHistoryEntry> = {}): ContactHistoryEntry[] =>
    Array.from({ length: n }, (_, i) => log(`2025-03-03T${String(9 + i).padStart(2, '0')}:00:00+08:00`, outcome, extra));

  it.each([
    [0, true],
    [5, true], // the 6th attempt is allowed
    [6, false], // the 7th is blocked
    [9, false],
  ])('after %i unanswered calls today the next is allowed: %s', (n, allowed) => {
    const r = checkContact(CN, day(n), att('2025-03-03T20:00:00+08:00'));
    expect(r.allowed).toBe(allowed);
    expect(codes(r)).toEqual(allowed ? [] : ['max_unanswered_per_number']);
  });

  it('counts busy, voicemail, number_invalid and entries without an outcome as unanswered', () => {
    const h = [...day(2, 'busy'), ...day(2, 'voicemail').map((e) => ({ ...e, at: e.at.replace('T09', 'T15').replace('T10', 'T16') }))];
    h.push(log('2025-03-03T17:00:00+08:00', 'number_invalid'), log('2025-03-03T18:00:00+08:00', undefined));
    expect(codes(checkContact(CN, h, att('2025-03-03T19:00:00+08:00')))).toEqual(['max_unanswered_per_number']);
  });

  it('answered calls do not count', () => {
    const h = [...day(5), log('2025-03-03T15:00:00+08:00', 'right_party_contact'), log('2025-03-03T16:00:00+08:00', 'wrong_number')];
    expect(checkContact(CN, h, att('2025-03-03T20:00:00+08:00')).allowed).toBe(true);
  });

  it('another number the same day is counted separately; sms to the number is not a call', () => {
    expect(checkContact(CN, day(6), att('2025-03-03T20:00:00+08:00', { phone: B })).allowed).toBe(true);
    expect(checkContact(CN, day(6, 'no_answer', { channel: 'sms' }), att('2025-03-03T20:00:00+08:00')).allowed).toBe(true);
    expect(checkContact(CN, day(6), att('2025-03-03T20:00:00+08:00', { channel: 'sms' })).allowed).toBe(true);
  });

  it('spellings of one number are one number', () => {
    expect(normalizePhone('138-0013-8000')).toBe(A);
    expect(normalizePhone('+86 138 0013 8000')).toBe(A);
    expect(normalizePhone('0086 13800138000')).toBe(A);
    expect(checkContact(CN, day(6), att('2025-03-03T20:00:00+08:00', { phone: '+86 138-0013-8000' })).allowed).toBe(false);
  });

  it('the next LOCAL day resets the count', () => {
    expect(checkContact(CN, day(6), att('2025-03-04T08:00:00+08:00')).allowed).toBe(true);
    // 2025-03-03T16:30Z is already 03-04 00:30 in Shanghai: it counts for 03-04 …
    const lateUtc = Array.from({ length: 6 }, (_, i) => log(`2025-03-03T16:3${i}:00Z`, 'no_answer'));
    expect(codes(checkContact(CN, lateUtc, att('2025-03-04T09:00:00+08:00')))).toEqual(['max_unanswered_per_number']);
    // … while 15:59:59Z is still 03-03 23:59:59 and does not.
    const prevDay = Array.from({ length: 6 }, (_, i) => log(`2025-03-03T15:59:5${i}Z`, 'no_answer'));
    expect(checkContact(CN, prevDay, att('2025-03-04T09:00:00+08:00')).allowed).toBe(true);
  });

  it('counts unanswered calls to the number made about other loans too (the cap protects the number)', () => {
    expect(checkContact(CN, day(6, 'no_answer', { loanId: 'loan-2' }), att('2025-03-03T20:00:00+08:00')).allowed).toBe(false);
  });

  it('ignores history after the attempt and the attempt object itself', () => {
    // six unanswered calls 09:00–14:00 are later than an 08:30 attempt (e.g. re-checking an old entry)
    const attempt = att('2025-03-03T08:30:00+08:00');
    expect(checkContact(CN, [...day(6), attempt], attempt).allowed).toBe(true);
    const sixEarlier = day(6).map((e) => ({ ...e, at: e.at.replace('2025-03-03', '2025-03-03').replace(/T(\d\d)/, (_m, h: string) => `T${String(Number(h) - 9).padStart(2, '0')}`) }));
    const again = att('2025-03-03T08:30:00+08:00');
    expect(checkContact(CN, [...sixEarlier, again], again).allowed).toBe(false);
  });
});

describe('CN third parties only when the borrower cannot be reached', () => {
  const third = att('2025-03-05T10:00:00+08:00', { party: 'third_party', phone: '13700137000' });

  it.each<[string, ContactHistoryEntry[], boolean]>([
    ['no history', [], false],
    ['a number_invalid on the borrower', [log('2025-03-04T10:00:00+08:00', 'number_invalid')], true],
    ['a wrong_number on the borrower', [log('2025-03-04T10:00:00+08:00', 'wrong_number')], true],
    [
      'number_invalid, then the borrower reached on another number',
      [log('2025-03-03T10:00:00+08:00', 'number_invalid'), log('2025-03-04T10:00:00+08:00', 'right_party_contact', { phone: B })],
      false,
    ],
    ['2 failed attempts', [log('2025-03-04T10:00:00+08:00', 'no_answer'), log('2025-03-04T11:00:00+08:00', 'busy')], false],
    [
      '3 consecutive failed attempts (call, call, visit)',
      [log('2025-03-04T10:00:00+08:00', 'no_answer'), log('2025-03-04T11:00:00+08:00', 'voicemail'), log('2025-03-04T15:00:00+08:00', 'visit_not_home', { channel: 'visit' })],
      true,
    ],
    [
      'fail, fail, reached, fail, fail',
      ['no_answer', 'no_answer', 'right_party_contact', 'no_answer', 'busy'].map((o, i) => log(`2025-03-04T1${i}:00:00+08:00`, o as OutcomeCode)),
      false,
    ],
    [
      'reached, then 3 failures',
      ['right_party_contact', 'no_answer', 'third_party_message', 'busy'].map((o, i) => log(`2025-03-04T1${i}:00:00+08:00`, o as OutcomeCode)),
      true,
    ],
    [
      'an sms between failures neither breaks nor extends the run',
      [
        log('2025-03-04T10:00:00+08:00', 'no_answer'),
        log('2025-03-04T11:00:00+08:00', 'sms_sent', { channel: 'sms' }),
        log('2025-03-04T12:00:00+08:00', 'no_answer'),
        log('2025-03-04T13:00:00+08:00', 'no_answer'),
      ],
      true,
    ],
    [
      'failed attempts on the co-borrower do not make the borrower unreachable',
      ['no_answer', 'no_answer', 'no_answer'].map((o, i) => log(`2025-03-04T1${i}:00:00+08:00`, o as OutcomeCode, { party: 'co_borrower' })),
      false,
    ],
    [
      'failures on another loan do not count',
      ['no_answer', 'no_answer', 'no_answer'].map((o, i) => log(`2025-03-04T1${i}:00:00+08:00`, o as OutcomeCode, { loanId: 'loan-2' })),
      false,
    ],
  ])('%s → third party allowed: %s', (_name, history, allowed) => {
    const r = checkContact(CN, history, third);
    expect(r.allowed).toBe(allowed);
    expect(codes(r)).toEqual(allowed ? [] : ['third_party_not_allowed']);
    // the log's order does not matter
    expect(checkContact(CN, [...history].reverse(), third).allowed).toBe(allowed);
  });

  it('guarantors and co-borrowers are not third parties', () => {
    expect(checkContact(CN, [], { ...third, party: 'guarantor' }).allowed).toBe(true);
    expect(checkContact(CN, [], { ...third, party: 'co_borrower' }).allowed).toBe(true);
  });

  it('reads N from the policy', () => {
    const five = contactPolicySchema.parse({ thirdParty: { consecutiveFailedAttempts: 5 } });
    const fails = (n: number) => Array.from({ length: n }, (_, i) => log(`2025-03-04T1${i}:00:00+08:00`, 'no_answer'));
    expect(checkContact(five, fails(4), third).allowed).toBe(false);
    expect(checkContact(five, fails(5), third).allowed).toBe(true);
  });
});

describe('CN dispute and asked-to-stop holds, cleared by a supervisor entry', () => {
  const at = '2025-03-05T10:00:00+08:00';
  const dispute = log('2025-03-04T10:00:00+08:00', 'dispute');
  const stop = log('2025-03-04T10:00:00+08:00', 'asked_to_stop');
  const clear = (t: string): ContactHistoryEntry => log(t, 'cleared_by_supervisor', { channel: 'letter', phone: undefined });

  it.each(['phone', 'sms', 'letter', 'visit', 'legal'] as const)('an open dispute blocks %s contact with anyone on the loan', (channel) => {
    for (const party of ['borrower', 'guarantor', 'co_borrower'] as const) {
      expect(codes(checkContact(CN, [dispute], att(at, { channel, party })))).toEqual(['dispute_hold']);
    }
  });

  it.each<[string, ContactHistoryEntry[], string[]]>([
    ['dispute, cleared', [dispute, clear('2025-03-04T15:00:00+08:00')], []],
    ['cleared, then dispute', [clear('2025-03-03T15:00:00+08:00'), dispute], ['dispute_hold']],
    ['dispute, cleared, disputed again', [dispute, clear('2025-03-04T15:00:00+08:00'), log('2025-03-04T16:00:00+08:00', 'dispute')], ['dispute_hold']],
    ['a clearing at the same instant does not clear', [dispute, clear('2025-03-04T10:00:00+08:00')], ['dispute_hold']],
    ['a clearing after the attempt does not count yet', [dispute, clear('2025-03-05T11:00:00+08:00')], ['dispute_hold']],
    ['a dispute on another loan', [{ ...dispute, loanId: 'loan-2' }], []],
    ['a dispute logged after the attempt', [log('2025-03-05T12:00:00+08:00', 'dispute')], []],
    ['stop request, cleared', [stop, clear('2025-03-04T15:00:00+08:00')], []],
  ])('%s → %j', (_name, history, expected) => {
    expect(codes(checkContact(CN, history, att(at)))).toEqual(expected);
  });

  it('a stop request binds the party who made it (and third parties, after a borrower request)', () => {
    expect(codes(checkContact(CN, [stop], att(at)))).toEqual(['asked_to_stop']);
    expect(codes(checkContact(CN, [stop], att(at, { channel: 'letter' })))).toEqual(['asked_to_stop']);
    expect(checkContact(CN, [stop], att(at, { channel: 'legal' })).allowed).toBe(true);
    expect(checkContact(CN, [stop], att(at, { party: 'guarantor' })).allowed).toBe(true);
    // the borrower asked to stop, then could not be reached three times: still no third party
    const unreachable = [stop, ...['no_answer', 'busy', 'no_answer'].map((o, i) => log(`2025-03-04T1${i + 1}:00:00+08:00`, o as OutcomeCode))];
    expect(codes(checkContact(CN, unreachable, att(at, { party: 'third_party', phone: '137' })))).toEqual(['asked_to_stop']);
    const guarantorStop = log('2025-03-04T10:00:00+08:00', 'asked_to_stop', { party: 'guarantor' });
    expect(checkContact(CN, [guarantorStop], att(at)).allowed).toBe(true);
    expect(codes(checkContact(CN, [guarantorStop], att(at, { party: 'guarantor' })))).toEqual(['asked_to_stop']);
  });

  it('a clearing entry is not a contact: it never counts as a call', () => {
    const clears = Array.from({ length: 8 }, (_, i) => ({ ...clear(`2025-03-05T0${i}:00:00+08:00`), channel: 'phone' as const, phone: A }));
    expect(checkContact(CN, clears, att(at)).allowed).toBe(true);
  });

  it('reports every rule that blocks, at once', () => {
    const r = checkContact(CN, [dispute], att('2025-03-05T22:30:00+08:00', { party: 'third_party' }));
    expect(codes(r)).toEqual(['quiet_hours', 'third_party_not_allowed', 'dispute_hold']);
  });
});
