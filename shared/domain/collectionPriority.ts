/**
 * Collection work-queue priority (催收优先级): an integer score made of named parts, so a collector
 * can see WHY a loan is at the top of the queue.
 *
 * Sources: DOMAIN.md "Delinquency" (buckets M1 … M7+), "Promise to pay" (a broken promise moves the
 * loan up the queue), "Collections contact rules" (third parties only when the borrower cannot be
 * reached — so a loan whose numbers are all invalid is a tracing/visit case, not a calling case).
 * The weights are bank practice, not regulation: all policy data.
 *
 * Determinism: integer arithmetic only. The amount part is a piecewise-linear log10 computed from
 * the digit count (Math.log10 is "implementation-approximated" in ECMA-262, so two engines could
 * round a score differently). Ties are broken by comparePriority: score, then the worse bucket,
 * then the larger amount, then loanId in code-unit order (never locale order).
 */

import { z } from 'zod';
import { labelOf, PRIORITY_PART_TEXT as T } from '../i18n/collections';
import type { Bilingual, TextParams } from '../i18n/text';
import type { Fen } from './money';
import { assertFen } from './money';
import { BUCKETS, type Bucket } from './delinquency';
import { deepFreeze } from './deepFreeze';

const points = z.number().int().min(-10_000).max(10_000);

export const priorityPolicySchema = z.object({
  bucketPoints: z
    .object({
      current: points.default(0),
      M1: points.default(100),
      M2: points.default(200),
      M3: points.default(300),
      M4: points.default(400),
      M5: points.default(450),
      M6: points.default(500),
      'M7+': points.default(550),
    })
    .prefault({}),
  /** Points per tenfold of the overdue amount in yuan (1 yuan → 0, 10 → 1×, 100 → 2×, …). */
  amountPointsPerDecade: points.default(40),
  amountMaxPoints: points.default(320),
  /** Each broken promise raises the loan (DOMAIN.md), up to a count. */
  brokenPromisePoints: points.default(60),
  brokenPromiseMaxCount: z.number().int().min(0).max(100).default(3),
  /** Loans nobody has tried lately rise; "never contacted" counts as the cap. */
  pointsPerDaySinceContact: points.default(3),
  daysSinceContactCap: z.number().int().min(0).max(365).default(30),
  /** No reachable number: calling is pointless, route to tracing / visit instead. */
  allInvalidPoints: points.default(-150),
  noNumberPoints: points.default(-100),
  /** A pending promise due within this many days gets a reminder call … */
  promiseDueSoonDays: z.number().int().min(0).max(30).default(1),
  promiseDueSoonPoints: points.default(50),
  /** … while one due later is left to run (calling would pressure a cooperating borrower). */
  promiseNotYetDuePoints: points.default(-80),
});
export type PriorityPolicy = z.infer<typeof priorityPolicySchema>;
export const DEFAULT_PRIORITY_POLICY: PriorityPolicy = deepFreeze(priorityPolicySchema.parse({}));

export type Contactability = 'reachable' | 'all_invalid' | 'no_number';

export interface PriorityInput {
  readonly loanId: string;
  readonly bucket: Bucket;
  /** Amount overdue (e.g. DelinquencyView.totalToCure) in fen, ≥ 0. */
  readonly overdueAmount: Fen;
  /** Broken promises in the caller's look-back period (e.g. 90 days). */
  readonly brokenPromises: number;
  /** Whole days since the last contact attempt; null = never contacted. */
  readonly daysSinceLastContact: number | null;
  readonly contactability: Contactability;
  /** Days until the pending promise's deadline (0 = today); null = no pending promise. */
  readonly pendingPromiseDueInDays: number | null;
}

export type PriorityPartCode =
  | 'bucket'
  | 'amount_overdue'
  | 'broken_promises'
  | 'days_since_contact'
  | 'contactability'
  | 'pending_promise';

export interface PriorityPart {
  readonly code: PriorityPartCode;
  readonly points: number;
  readonly label: { readonly zh: string; readonly en: string };
}

export interface Priority {
  /** Sum of the parts; higher is served first. */
  readonly score: number;
  /** Always all six parts, in this order, so the UI shows the same rows for every loan. */
  readonly parts: PriorityPart[];
}

const BUCKET_RANK = new Map<Bucket, number>(BUCKETS.map((b, i) => [b, i]));

function nonNegInt(n: unknown, label: string): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new Error(`${label} must be a non-negative integer, got ${String(n)}`);
  }
  return n;
}

/** perDecade × log10(yuan), piecewise linear between powers of ten, half-up, integers only. */
export function amountPoints(fen: Fen, perDecade: number, max: number): number {
  assertFen(fen, 'overdueAmount');
  if (fen < 0) throw new Error(`overdueAmount must not be negative, got ${fen}`);
  const yuan = Math.min(Math.floor(fen / 100), 1e12); // clamp keeps every product below 2^53
  if (yuan < 1) return 0;
  const d = String(yuan).length - 1;
  const base = 10 ** d;
  const num = perDecade * (yuan - base);
  const den = 9 * base;
  // round-half-up of num/den for possibly negative num, exact in integers
  const frac = Math.floor((2 * num + den) / (2 * den));
  const pts = perDecade * d + frac;
  return Math.min(pts, max);
}

/** The label is filled in only when read: a queue ranks every loan but shows a page of them. */
function part(code: PriorityPartCode, pts: number, text: Bilingual, params: TextParams = {}): PriorityPart {
  let label: PriorityPart['label'] | undefined;
  return {
    code,
    points: pts,
    get label() {
      return (label ??= labelOf(text, params));
    },
  };
}

export function priorityOf(input: PriorityInput, policy: PriorityPolicy = DEFAULT_PRIORITY_POLICY): Priority {
  if (typeof input.loanId !== 'string' || input.loanId === '') throw new Error('loanId must be a non-empty string');
  if (!BUCKET_RANK.has(input.bucket)) throw new Error(`bucket must be one of ${BUCKETS.join(', ')}, got ${JSON.stringify(input.bucket)}`);
  const broken = nonNegInt(input.brokenPromises, 'brokenPromises');
  const since = input.daysSinceLastContact === null ? null : nonNegInt(input.daysSinceLastContact, 'daysSinceLastContact');
  const promiseIn =
    input.pendingPromiseDueInDays === null ? null : nonNegInt(input.pendingPromiseDueInDays, 'pendingPromiseDueInDays');

  const amountPts = amountPoints(input.overdueAmount, policy.amountPointsPerDecade, policy.amountMaxPoints);
  const brokenPts = Math.min(broken, policy.brokenPromiseMaxCount) * policy.brokenPromisePoints;
  const sinceDays = since === null ? policy.daysSinceContactCap : Math.min(since, policy.daysSinceContactCap);
  if (!['reachable', 'all_invalid', 'no_number'].includes(input.contactability)) {
    throw new Error(`contactability must be reachable, all_invalid or no_number, got ${JSON.stringify(input.contactability)}`);
  }
  const contactPts =
    input.contactability === 'reachable' ? 0 : input.contactability === 'all_invalid' ? policy.allInvalidPoints : policy.noNumberPoints;
  const promisePts =
    promiseIn === null ? 0 : promiseIn <= policy.promiseDueSoonDays ? policy.promiseDueSoonPoints : policy.promiseNotYetDuePoints;

  const parts: PriorityPart[] = [
    part('bucket', policy.bucketPoints[input.bucket], T.bucket, { bucket: input.bucket }),
    part('amount_overdue', amountPts, T.amountOverdue),
    part('broken_promises', brokenPts, T.brokenPromises, { count: broken }),
    part(
      'days_since_contact',
      sinceDays * policy.pointsPerDaySinceContact,
      since === null ? T.neverContacted : T.daysSinceContact,
      { days: since ?? 0 },
    ),
    part(
      'contactability',
      contactPts,
      input.contactability === 'reachable' ? T.reachable : input.contactability === 'all_invalid' ? T.allInvalid : T.noNumber,
    ),
    part(
      'pending_promise',
      promisePts,
      promiseIn === null ? T.noPendingPromise : promiseIn === 0 ? T.promiseDueToday : T.promiseDueIn,
      { days: promiseIn ?? 0 },
    ),
  ];
  return { score: parts.reduce((s, p) => s + p.points, 0), parts };
}

export interface RankedLoan {
  readonly input: PriorityInput;
  readonly priority: Priority;
}

/** Queue order: higher score first, then worse bucket, larger amount, loanId (code units). */
export function comparePriority(a: RankedLoan, b: RankedLoan): number {
  if (a.priority.score !== b.priority.score) return b.priority.score - a.priority.score;
  const br = (BUCKET_RANK.get(b.input.bucket) ?? 0) - (BUCKET_RANK.get(a.input.bucket) ?? 0);
  if (br !== 0) return br;
  if (a.input.overdueAmount !== b.input.overdueAmount) return b.input.overdueAmount > a.input.overdueAmount ? 1 : -1;
  return a.input.loanId < b.input.loanId ? -1 : a.input.loanId > b.input.loanId ? 1 : 0;
}

/** The work queue: every loan scored and sorted by comparePriority. */
export function rankQueue(inputs: readonly PriorityInput[], policy: PriorityPolicy = DEFAULT_PRIORITY_POLICY): RankedLoan[] {
  return inputs.map((input) => ({ input, priority: priorityOf(input, policy) })).sort(comparePriority);
}
