// The wall-clock helpers behind checkContact (instant parsing, local time, start of a local day in
// zones with and without DST) and the documented outcome set's flags.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { instantMs, localTimeOf, parseInstant, startOfLocalDay, isValidTimeZone } from '../../../shared/domain/contactPolicyTime';
import { OUTCOMES, OUTCOME_CODES, CONTACT_CHANNELS, isOutcomeCode, outcomeInfo } from '../../../shared/domain/contactOutcomes';

describe('instantMs: strict ISO 8601 instants with an offset', () => {
  it('agrees with Date.parse on every instant it accepts', () => {
    const offsets = ['Z', 'z', '+00:00', '+08:00', '-05:00', '+05:30', '-09:30', '+14:00', '-1200', '+0545'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('1900-01-01T00:00:00Z'), max: Date.parse('2200-01-01T00:00:00Z') }),
        fc.constantFrom(...offsets),
        fc.constantFrom('min', 'sec', 'ms', 'us'),
        (ms, off, precision) => {
          const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
          const body = precision === 'min' ? iso.slice(0, 16) : precision === 'sec' ? iso.slice(0, 19) : precision === 'ms' ? iso.slice(0, 23) : `${iso.slice(0, 23)}456`;
          const s = `${body}${off}`;
          expect(instantMs(s)).toBe(Date.parse(s));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it.each([
    '2025-03-03T10:00:00', // no offset: the host zone would decide
    '2025-03-03 10:00:00Z',
    '2025-02-29T10:00:00Z',
    '2025-13-01T10:00:00Z',
    '2025-03-03T24:00:00Z',
    '2025-03-03T10:60:00Z',
    '2025-03-03T10:00:00.Z',
    '2025-03-03T10:00:00+8:00',
    '2025-03-03T10:00:00+08:00junk',
    '2025-03-03',
    '',
  ])('refuses %j', (s) => {
    expect(instantMs(s)).toBeNaN();
    expect(() => parseInstant(s, 'at')).toThrow(/at must be an ISO 8601 instant/);
  });
});

describe('localTimeOf and startOfLocalDay', () => {
  it('gives the wall time in the zone', () => {
    expect(localTimeOf(Date.parse('2025-03-03T14:00:00Z'), 'Asia/Shanghai')).toEqual({ date: '2025-03-03', msOfDay: 22 * 3_600_000, clock: '22:00:00' });
    expect(localTimeOf(Date.parse('2025-03-03T16:00:00.250Z'), 'Asia/Shanghai')).toMatchObject({ date: '2025-03-04', clock: '00:00:00', msOfDay: 250 });
  });

  it.each([
    ['2025-03-04', 'Asia/Shanghai', '2025-03-03T16:00:00Z'],
    ['2025-03-09', 'America/New_York', '2025-03-09T05:00:00Z'], // DST starts at 02:00 that day: midnight is still EST
    ['2025-03-10', 'America/New_York', '2025-03-10T04:00:00Z'],
    ['2025-11-02', 'America/New_York', '2025-11-02T04:00:00Z'],
    ['2025-11-03', 'America/New_York', '2025-11-03T05:00:00Z'],
    ['2025-10-05', 'Australia/Lord_Howe', '2025-10-04T13:30:00Z'], // +10:30 before its half-hour DST jump
    ['2025-03-03', 'Asia/Kathmandu', '2025-03-02T18:15:00Z'],
    // Santiago springs forward at local midnight: the day starts at 01:00 -03 (= 04:00Z)
    ['2024-09-08', 'America/Santiago', '2024-09-08T04:00:00Z'],
  ])('%s in %s starts at %s', (date, tz, iso) => {
    expect(new Date(startOfLocalDay(date, tz)).toISOString()).toBe(new Date(iso).toISOString());
  });

  it('the day start is the first instant of the local date (property, DST zones)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') }),
        fc.constantFrom('America/New_York', 'Europe/London', 'Australia/Sydney', 'Asia/Shanghai', 'America/Santiago'),
        (ms, tz) => {
          const { date } = localTimeOf(ms, tz);
          const start = startOfLocalDay(date, tz);
          expect(start).toBeLessThanOrEqual(ms);
          expect(localTimeOf(start, tz).date).toBe(date);
          expect(localTimeOf(start - 1000, tz).date < date).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('knows valid zones', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('Nowhere/Special')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('outcome codes', () => {
  it('every code has labels, channels and consistent flags', () => {
    expect(Object.keys(OUTCOMES).sort()).toEqual([...OUTCOME_CODES].sort());
    for (const code of OUTCOME_CODES) {
      const o = OUTCOMES[code];
      expect(o.code).toBe(code);
      expect(o.label.zh.length).toBeGreaterThan(0);
      expect(o.label.en.length).toBeGreaterThan(0);
      expect(o.channels.length).toBeGreaterThan(0);
      for (const c of o.channels) expect(CONTACT_CHANNELS).toContain(c);
      // a right-party contact was answered and is no failure; a conversation is always with the right party
      if (o.rightParty) expect(o.answered && !o.failedAttempt).toBe(true);
      if (o.conversation) expect(o.rightParty).toBe(true);
      if (o.numberInvalid) expect(o.failedAttempt).toBe(true);
      if (o.hold !== null) expect(o.rightParty).toBe(true);
    }
  });

  it.each([
    ['no_answer', { answered: false, rightParty: false, failedAttempt: true, connected: true }],
    ['busy', { answered: false, connected: false }],
    ['voicemail', { answered: false, conversation: false, connected: true }],
    ['number_invalid', { numberInvalid: true, connected: false }],
    ['wrong_number', { answered: true, rightParty: false, numberInvalid: true }],
    ['right_party_contact', { answered: true, rightParty: true, conversation: true }],
    ['visit_met', { rightParty: true, channels: ['visit'] }],
    ['letter_sent', { failedAttempt: false, rightParty: false }],
    ['dispute', { hold: 'dispute' }],
    ['asked_to_stop', { hold: 'asked_to_stop' }],
    ['cleared_by_supervisor', { isAttempt: false }],
  ] as const)('%s has %j', (code, flags) => {
    expect(OUTCOMES[code]).toMatchObject(flags);
  });

  it('refuses codes outside the set', () => {
    expect(isOutcomeCode('paid')).toBe(true);
    expect(isOutcomeCode('toString')).toBe(false);
    expect(() => outcomeInfo('ghosted')).toThrow(/unknown contact outcome/);
  });
});
