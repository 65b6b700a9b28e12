// Work-queue priority (explainable parts, deterministic order) and the escalation ladder by bucket.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_PRIORITY_POLICY,
  amountPoints,
  comparePriority,
  priorityOf,
  priorityPolicySchema,
  rankQueue,
  type PriorityInput,
} from '../../../shared/domain/collectionPriority';
import { DEFAULT_ESCALATION_POLICY, channelAllowed, escalationPolicySchema, escalationStep } from '../../../shared/domain/escalation';
import { BUCKETS, type Bucket } from '../../../shared/domain/delinquency';
import { CONTACT_CHANNELS } from '../../../shared/domain/contactOutcomes';

const input = (over: Partial<PriorityInput> = {}): PriorityInput => ({
  loanId: 'L1',
  bucket: 'M1',
  overdueAmount: 1_000_000, // 10,000 yuan
  brokenPromises: 0,
  daysSinceLastContact: 0,
  contactability: 'reachable',
  pendingPromiseDueInDays: null,
  ...over,
});
const pts = (i: PriorityInput, code: string): number | undefined => priorityOf(i).parts.find((p) => p.code === code)?.points;

describe('priorityOf', () => {
  it('explains the score: six parts in a fixed order that sum to it', () => {
    const r = priorityOf(input({ bucket: 'M3', brokenPromises: 2, daysSinceLastContact: 5, pendingPromiseDueInDays: 0 }));
    expect(r.parts.map((p) => p.code)).toEqual(['bucket', 'amount_overdue', 'broken_promises', 'days_since_contact', 'contactability', 'pending_promise']);
    expect(r.parts.map((p) => p.points)).toEqual([300, 160, 120, 15, 0, 50]);
    expect(r.score).toBe(645);
    for (const p of r.parts) expect(p.label.zh.length * p.label.en.length).toBeGreaterThan(0);
  });

  it.each([
    [0, 0],
    [99, 0], // under one yuan
    [100, 0], // 1 yuan = 10^0
    [1000, 40], // 10 yuan
    [5500, 60], // 55 yuan: 40 + 40 × 45/90
    [10_000, 80],
    [1_000_000, 160],
    [99_999_999_999, 320], // capped
  ])('amount %i fen → %i points (piecewise-linear log10, no Math.log10)', (fen, expected) => {
    expect(amountPoints(fen, 40, 320)).toBe(expected);
  });

  it('worse buckets, larger amounts, broken promises and time without contact raise the score', () => {
    const s = (i: Partial<PriorityInput>) => priorityOf(input(i)).score;
    expect(s({ bucket: 'M2' })).toBeGreaterThan(s({ bucket: 'M1' }));
    expect(s({ overdueAmount: 10_000_000 })).toBeGreaterThan(s({}));
    expect(s({ brokenPromises: 1 })).toBeGreaterThan(s({}));
    expect(s({ brokenPromises: 9 })).toBe(s({ brokenPromises: 3 })); // capped
    expect(s({ daysSinceLastContact: 10 })).toBeGreaterThan(s({ daysSinceLastContact: 2 }));
    expect(s({ daysSinceLastContact: null })).toBe(s({ daysSinceLastContact: 30 })); // never = the cap
  });

  it('contactability and pending promises', () => {
    expect(pts(input({ contactability: 'all_invalid' }), 'contactability')).toBe(DEFAULT_PRIORITY_POLICY.allInvalidPoints);
    expect(pts(input({ contactability: 'no_number' }), 'contactability')).toBe(DEFAULT_PRIORITY_POLICY.noNumberPoints);
    expect(pts(input({ pendingPromiseDueInDays: 0 }), 'pending_promise')).toBe(50); // reminder on the day
    expect(pts(input({ pendingPromiseDueInDays: 1 }), 'pending_promise')).toBe(50);
    expect(pts(input({ pendingPromiseDueInDays: 5 }), 'pending_promise')).toBe(-80); // let it run
  });

  it('takes weights from policy data and refuses bad input', () => {
    const p = priorityPolicySchema.parse({ bucketPoints: { M1: 999 } });
    expect(priorityOf(input(), p).parts[0]?.points).toBe(999);
    expect(p.bucketPoints.M2).toBe(200);
    expect(() => priorityOf(input({ bucket: 'M9' as Bucket }))).toThrow(/bucket/);
    expect(() => priorityOf(input({ brokenPromises: -1 }))).toThrow(/brokenPromises/);
    expect(() => priorityOf(input({ overdueAmount: 1.5 }))).toThrow(/fen/);
  });

  const inputArb = fc.record({
    loanId: fc.string({ minLength: 1, maxLength: 6 }),
    bucket: fc.constantFrom(...BUCKETS),
    overdueAmount: fc.integer({ min: 0, max: 1e12 }),
    brokenPromises: fc.integer({ min: 0, max: 6 }),
    daysSinceLastContact: fc.option(fc.integer({ min: 0, max: 90 })),
    contactability: fc.constantFrom('reachable' as const, 'all_invalid' as const, 'no_number' as const),
    pendingPromiseDueInDays: fc.option(fc.integer({ min: 0, max: 14 })),
  });

  it('scores are integers and monotone in the amount (property)', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 0, max: 1e10 }), (i, more) => {
        const a = priorityOf(i);
        expect(Number.isSafeInteger(a.score)).toBe(true);
        expect(a.score).toBe(a.parts.reduce((s, p) => s + p.points, 0));
        expect(priorityOf({ ...i, overdueAmount: i.overdueAmount + more }).score).toBeGreaterThanOrEqual(a.score);
      }),
    );
  });

  it('the queue order does not depend on input order and follows the documented tie-break (property)', () => {
    fc.assert(
      fc.property(fc.array(inputArb, { maxLength: 25 }), fc.func(fc.integer()), (inputs, f) => {
        const a = rankQueue(inputs).map((r) => r.input);
        const b = rankQueue([...inputs].sort((x, y) => f(x) - f(y))).map((r) => r.input);
        expect(b.map((i) => JSON.stringify(i))).toEqual(a.map((i) => JSON.stringify(i)));
        const ranked = rankQueue(inputs);
        for (let k = 1; k < ranked.length; k++) expect(comparePriority(ranked[k - 1]!, ranked[k]!)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('breaks ties by worse bucket, then larger amount, then loanId', () => {
    // a policy that weighs M1 and M2 alike: equal scores, the worse bucket goes first
    const flat = priorityPolicySchema.parse({ bucketPoints: { M2: 100 } });
    const m1 = input({ loanId: 'A', bucket: 'M1' });
    const m2 = input({ loanId: 'B', bucket: 'M2' });
    expect(priorityOf(m1, flat).score).toBe(priorityOf(m2, flat).score);
    expect(rankQueue([m1, m2], flat).map((r) => r.input.loanId)).toEqual(['B', 'A']);
    const tieA = input({ loanId: 'B' });
    const tieB = input({ loanId: 'A' });
    expect(rankQueue([tieA, tieB]).map((r) => r.input.loanId)).toEqual(['A', 'B']);
    const bigger = input({ loanId: 'Z', overdueAmount: 1_000_001 }); // same points (rounding), larger amount
    expect(priorityOf(bigger).score).toBe(priorityOf(tieA).score);
    expect(rankQueue([tieA, bigger]).map((r) => r.input.loanId)).toEqual(['Z', 'B']);
  });
});

describe('escalation ladder', () => {
  it.each<[Bucket, number, string[], string]>([
    ['current', 0, [], ''],
    ['M1', 1, ['phone', 'sms'], 'reminder_call'],
    ['M2', 2, ['phone', 'sms', 'letter'], 'collection_letter'],
    ['M3', 3, ['phone', 'sms', 'letter', 'visit'], 'field_visit'],
    ['M4', 4, ['phone', 'sms', 'letter', 'visit', 'legal'], 'legal_referral_proposal'],
    ['M5', 4, ['phone', 'sms', 'letter', 'visit', 'legal'], 'classification_review'],
    ['M7+', 4, ['phone', 'sms', 'letter', 'visit', 'legal'], 'legal_referral_proposal'],
  ])('%s → step %i, channels %j', (bucket, step, channels, action) => {
    const s = escalationStep(bucket);
    expect(s.step).toBe(step);
    expect(s.allowedChannels).toEqual(channels);
    if (action) expect(s.expected.map((e) => e.code)).toContain(action);
    for (const e of s.expected) expect(e.label.zh && e.label.en).toBeTruthy();
    for (const c of CONTACT_CHANNELS) expect(channelAllowed(bucket, c)).toBe(channels.includes(c));
  });

  it('channels only open as the bucket worsens (default ladder)', () => {
    for (let i = 1; i < BUCKETS.length; i++) {
      const before = escalationStep(BUCKETS[i - 1] as Bucket).allowedChannels;
      const after = escalationStep(BUCKETS[i] as Bucket).allowedChannels;
      for (const c of before) expect(after).toContain(c);
    }
  });

  it('head office may publish another ladder; malformed ladders are refused', () => {
    const custom = escalationPolicySchema.parse({
      steps: [
        { step: 0, fromBucket: 'current', channels: ['sms'], expected: ['sms_reminder'], label: { zh: '提醒', en: 'Reminder' } },
        { step: 1, fromBucket: 'M2', channels: ['phone', 'sms', 'visit'], expected: ['field_visit'], label: { zh: '上门', en: 'Visit' } },
      ],
    });
    expect(escalationStep('M1', custom).step).toBe(0);
    expect(channelAllowed('M1', 'phone', custom)).toBe(false);
    expect(channelAllowed('M3', 'visit', custom)).toBe(true);
    const step = (fromBucket: string, n: number) => ({ step: n, fromBucket, channels: [], expected: [], label: { zh: 'x', en: 'x' } });
    expect(escalationPolicySchema.safeParse({ steps: [step('M1', 0)] }).success).toBe(false); // must start at current
    expect(escalationPolicySchema.safeParse({ steps: [step('current', 0), step('M3', 1), step('M2', 2)] }).success).toBe(false);
    expect(escalationPolicySchema.safeParse({ steps: [step('current', 0), step('M2', 0)] }).success).toBe(false);
    expect(DEFAULT_ESCALATION_POLICY.steps).toHaveLength(5);
  });
});
