/**
 * The collections escalation ladder (催收升级): which contact channels a loan's delinquency bucket
 * opens, and what the collector is expected to do at that step.
 *
 * Default ladder (bank practice, so policy data head office may replace):
 *   current  — no collection contact;
 *   M1 1–30  — phone, SMS (reminder calls, record any promise to pay);
 *   M2 31–60 — + collection letter (催收函);
 *   M3 61–90 — + field visit (上门), guarantor contact, collateral check;
 *   M4+ >90  — + legal referral PROPOSAL (a proposal, approved elsewhere) and a five-category review:
 *              beyond 90 DPD the regulatory floor is 次级 (《商业银行金融资产风险分类办法》2023, DOMAIN.md).
 * Buckets are DOMAIN.md's (delinquency.ts bucketOf). Each bucket uses the last step whose
 * `fromBucket` is not worse than it. This says which channels the STAGE allows; whether a given
 * contact may be made now is contactPolicy.ts checkContact.
 */

import { z } from 'zod';
import { DEFAULT_ESCALATION_STEP_LABELS, ESCALATION_ACTION_LABELS as ACTION_TEXT, labelOf } from '../i18n/collections';
import type { Bilingual } from '../i18n/text';
import { BUCKETS, CONTACT_CHANNELS, type Bucket } from './vocabulary';
import type { ContactChannel } from './contactOutcomes';
import { deepFreeze } from './deepFreeze';

export const ESCALATION_ACTIONS = [
  'reminder_call',
  'sms_reminder',
  'record_promise',
  'collection_letter',
  'field_visit',
  'guarantor_contact',
  'collateral_check',
  'classification_review',
  'legal_referral_proposal',
] as const;
export type EscalationAction = (typeof ESCALATION_ACTIONS)[number];

const ESCALATION_ACTION_LABELS: Readonly<Record<EscalationAction, { readonly zh: string; readonly en: string }>> = Object.freeze(
  Object.fromEntries(ESCALATION_ACTIONS.map((code) => [code, Object.freeze(labelOf(ACTION_TEXT[code]))])) as Record<EscalationAction, { zh: string; en: string }>,
);

const channel = z.enum(CONTACT_CHANNELS);
const bucket = z.enum(BUCKETS);
const label = z.object({ zh: z.string().min(1), en: z.string().min(1) });

const stepSchema = z.object({
  step: z.number().int().min(0),
  fromBucket: bucket,
  channels: z.array(channel),
  expected: z.array(z.enum(ESCALATION_ACTIONS)),
  label,
});

const DEFAULT_STEPS: z.input<typeof stepSchema>[] = [
  { step: 0, fromBucket: 'current', channels: [], expected: [], label: labelOf(DEFAULT_ESCALATION_STEP_LABELS[0] as Bilingual) },
  {
    step: 1,
    fromBucket: 'M1',
    channels: ['phone', 'sms'],
    expected: ['reminder_call', 'sms_reminder', 'record_promise'],
    label: labelOf(DEFAULT_ESCALATION_STEP_LABELS[1] as Bilingual),
  },
  {
    step: 2,
    fromBucket: 'M2',
    channels: ['phone', 'sms', 'letter'],
    expected: ['reminder_call', 'collection_letter', 'record_promise'],
    label: labelOf(DEFAULT_ESCALATION_STEP_LABELS[2] as Bilingual),
  },
  {
    step: 3,
    fromBucket: 'M3',
    channels: ['phone', 'sms', 'letter', 'visit'],
    expected: ['field_visit', 'guarantor_contact', 'collateral_check', 'record_promise'],
    label: labelOf(DEFAULT_ESCALATION_STEP_LABELS[3] as Bilingual),
  },
  {
    step: 4,
    fromBucket: 'M4',
    channels: ['phone', 'sms', 'letter', 'visit', 'legal'],
    expected: ['classification_review', 'legal_referral_proposal', 'field_visit', 'guarantor_contact'],
    label: labelOf(DEFAULT_ESCALATION_STEP_LABELS[4] as Bilingual),
  },
];

const rankOf = (b: Bucket): number => BUCKETS.indexOf(b);

/** Letters a collector prints: a written reminder (催收函) and the final demand (最后通知). */
export const LETTER_KINDS = ['reminder', 'final'] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

const letter = (fromBucket: Bucket, replyDays: number) =>
  z
    .object({
      /** The first bucket in which the letter may be sent. */
      fromBucket: bucket.default(fromBucket),
      /** Days the letter gives the borrower to pay or get in touch. */
      replyDays: z.number().int().min(1).max(60).default(replyDays),
    })
    .prefault({});

export const escalationPolicySchema = z.object({
  letters: z.object({ reminder: letter('M2', 7), final: letter('M4', 10) }).prefault({}),
  steps: z
    .array(stepSchema)
    .min(1)
    .default(DEFAULT_STEPS.map((s) => stepSchema.parse(s)))
    .refine((steps) => steps[0]?.fromBucket === 'current', 'the first step must start at bucket current')
    .refine(
      (steps) => steps.every((s, i) => i === 0 || (rankOf(s.fromBucket) > rankOf((steps[i - 1] as typeof s).fromBucket) && s.step > (steps[i - 1] as typeof s).step)),
      'steps must be in increasing bucket and step order',
    ),
});
export type EscalationPolicy = z.infer<typeof escalationPolicySchema>;
export const DEFAULT_ESCALATION_POLICY: EscalationPolicy = deepFreeze(escalationPolicySchema.parse({}));

export interface EscalationStep {
  readonly step: number;
  readonly allowedChannels: readonly ContactChannel[];
  readonly expected: readonly { readonly code: EscalationAction; readonly label: { readonly zh: string; readonly en: string } }[];
  readonly label: { readonly zh: string; readonly en: string };
}

export function escalationStep(b: Bucket, policy: EscalationPolicy = DEFAULT_ESCALATION_POLICY): EscalationStep {
  const r = rankOf(b);
  if (r < 0) throw new Error(`bucket must be one of ${BUCKETS.join(', ')}, got ${JSON.stringify(b)}`);
  let chosen = policy.steps[0];
  for (const s of policy.steps) if (rankOf(s.fromBucket) <= r) chosen = s;
  if (chosen === undefined) throw new Error('escalation policy has no steps');
  return {
    step: chosen.step,
    allowedChannels: [...chosen.channels],
    expected: chosen.expected.map((code) => ({ code, label: ESCALATION_ACTION_LABELS[code] })),
    label: chosen.label,
  };
}

/** The letters the bucket allows, each with the days it gives to reply. */
export function lettersAllowed(b: Bucket, policy: EscalationPolicy = DEFAULT_ESCALATION_POLICY): { kind: LetterKind; replyDays: number }[] {
  const r = rankOf(b);
  return LETTER_KINDS.filter((kind) => r >= rankOf(policy.letters[kind].fromBucket)).map((kind) => ({ kind, replyDays: policy.letters[kind].replyDays }));
}

/** Whether the loan's escalation stage allows contact by `channel` at all. */
export function channelAllowed(b: Bucket, ch: ContactChannel, policy: EscalationPolicy = DEFAULT_ESCALATION_POLICY): boolean {
  return escalationStep(b, policy).allowedChannels.includes(ch);
}
