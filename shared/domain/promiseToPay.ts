/**
 * Promise to pay (承诺还款): is a borrower's promise pending, kept, partially kept or broken?
 *
 * DOMAIN.md "Promise to pay": pending until its date; kept when payments between the promise and
 * its date (plus a grace of 1 day, policy) reach the promised amount; partially kept below it;
 * broken with nothing paid. A broken promise raises an early-warning signal and moves the loan up
 * the queue (collectionPriority.ts). KPI "kept rate = kept promises / promises due" (DOMAIN.md KPIs).
 *
 * Decisions:
 *  - The window is madeOn … promisedOn + graceDays, both ends inclusive; payments before the
 *    promise was made were not made in response to it, later ones are too late.
 *  - Only payments dated on or before asOf are known on asOf.
 *  - A promise paid in full early is 'kept' at once; otherwise it stays 'pending' through the last
 *    grace day (the money may still arrive that day) and is judged the day after.
 */

import { z } from 'zod';
import type { Fen } from './money';
import { assertFen } from './money';
import { addDays, assertBusinessDate } from './dates';

export const promisePolicySchema = z.object({
  /** Days after the promised date a payment still counts (DOMAIN.md: 1). */
  graceDays: z.number().int().min(0).max(30).default(1),
});
export type PromisePolicy = z.infer<typeof promisePolicySchema>;
export const DEFAULT_PROMISE_POLICY: PromisePolicy = Object.freeze(promisePolicySchema.parse({}));

import type { PromiseStatus } from './vocabulary';

export type { PromiseStatus };

/** Outcome order once a promise is due: broken < partially_kept < kept. */
export const PROMISE_OUTCOME_RANK: Readonly<Record<Exclude<PromiseStatus, 'pending'>, number>> = Object.freeze({
  broken: 0,
  partially_kept: 1,
  kept: 2,
});

export interface PromiseToPay {
  /** Promised amount in fen, > 0. */
  readonly amount: Fen;
  /** The date the borrower promised to pay by, 'YYYY-MM-DD'. */
  readonly promisedOn: string;
  /** The date the promise was made (the contact), 'YYYY-MM-DD', ≤ promisedOn. */
  readonly madeOn: string;
}

export interface PromisePayment {
  readonly date: string;
  readonly amount: Fen;
}

export interface PromiseEvaluation {
  readonly status: PromiseStatus;
  /** Paid inside the window and known on asOf. */
  readonly paid: Fen;
  /** max(0, amount − paid). */
  readonly shortfall: Fen;
  /** Last day a payment counts: promisedOn + graceDays. */
  readonly deadline: string;
}

export function evaluatePromise(
  promise: PromiseToPay,
  payments: readonly PromisePayment[],
  asOf: string,
  policy: PromisePolicy = DEFAULT_PROMISE_POLICY,
): PromiseEvaluation {
  assertFen(promise.amount, 'promise.amount');
  if (promise.amount <= 0) throw new Error(`promise.amount must be greater than 0 fen, got ${promise.amount}`);
  assertBusinessDate(promise.promisedOn, 'promise.promisedOn');
  assertBusinessDate(promise.madeOn, 'promise.madeOn');
  assertBusinessDate(asOf, 'asOf');
  if (promise.madeOn > promise.promisedOn) {
    throw new Error(`promise.madeOn (${promise.madeOn}) must not be after promise.promisedOn (${promise.promisedOn})`);
  }
  const grace = promisePolicySchema.parse(policy).graceDays;
  const deadline = addDays(promise.promisedOn, grace);
  const lastCounted = asOf < deadline ? asOf : deadline;

  let paid = 0;
  payments.forEach((p, i) => {
    assertBusinessDate(p.date, `payments[${i}].date`);
    assertFen(p.amount, `payments[${i}].amount`);
    if (p.amount < 0) throw new Error(`payments[${i}].amount must not be negative`);
    if (p.date >= promise.madeOn && p.date <= lastCounted) paid += p.amount;
  });
  if (!Number.isSafeInteger(paid)) throw new Error('payments total exceeds the safe integer range');

  let status: PromiseStatus;
  if (paid >= promise.amount) status = 'kept';
  else if (asOf <= deadline) status = 'pending';
  else status = paid > 0 ? 'partially_kept' : 'broken';
  return { status, paid, shortfall: Math.max(0, promise.amount - paid), deadline };
}

export interface PromiseKpis {
  /** Promises no longer pending (DOMAIN.md "promises due"). */
  readonly due: number;
  readonly kept: number;
  readonly partiallyKept: number;
  readonly broken: number;
  readonly pending: number;
}

/** Counts for the kept-rate KPI (kept / due); the ratio is left to the display layer. */
export function promiseKpis(evaluations: readonly Pick<PromiseEvaluation, 'status'>[]): PromiseKpis {
  let kept = 0;
  let partiallyKept = 0;
  let broken = 0;
  let pending = 0;
  for (const e of evaluations) {
    if (e.status === 'kept') kept++;
    else if (e.status === 'partially_kept') partiallyKept++;
    else if (e.status === 'broken') broken++;
    else pending++;
  }
  return { due: kept + partiallyKept + broken, kept, partiallyKept, broken, pending };
}
