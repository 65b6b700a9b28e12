/**
 * Delinquency: applying payments, days past due (DPD), buckets and the five-category floor.
 *
 * DOMAIN.md "Delinquency and the five categories":
 *  - DPD on a date = days since the oldest installment that is not fully paid fell due;
 *  - buckets current / M1 … M6 / M7+ in 30-day steps;
 *  - regulatory floors by DPD from 《商业银行金融资产风险分类办法》(国家金融监督管理总局/中国人民银行
 *    2023年第1号令, in force 2023-07-01): any principal or interest overdue → at least 关注;
 *    > 90 DPD → at least 次级; > 270 → at least 可疑; > 360 → 损失; NPL = 次级 + 可疑 + 损失.
 */

import type { Fen } from './money';
import { assertFen } from './money';
import { assertBusinessDate, daysBetween } from './dates';

import { BUCKETS, FIVE_CLASSES, type Bucket, type FiveClass } from './vocabulary';

export { BUCKETS, type Bucket, type FiveClass };
/** 正常, 关注, 次级, 可疑, 损失 — best to worst. */
export const FIVE_CLASS_ORDER: readonly FiveClass[] = FIVE_CLASSES;

export interface InstallmentDue {
  readonly seq?: number;
  readonly dueDate: string;
  readonly principal: Fen;
  readonly interest: Fen;
}

export interface Payment {
  /** Value date of the payment, 'YYYY-MM-DD'. */
  readonly date: string;
  /** Amount received in fen, ≥ 0. */
  readonly amount: Fen;
}

export interface InstallmentAllocation {
  readonly seq?: number;
  readonly dueDate: string;
  readonly principalPaid: Fen;
  readonly interestPaid: Fen;
  readonly paidInFull: boolean;
  /**
   * Date of the payment that completed this installment; null while it is not fully paid.
   * An installment with nothing owed counts as settled on its own due date.
   */
  readonly paidOffOn: string | null;
}

export interface AllocationResult {
  /** One entry per input installment, in the same order as the input. */
  readonly installments: InstallmentAllocation[];
  /** Money received that exceeds everything scheduled. */
  readonly unapplied: Fen;
}

function checkInstallments(installments: readonly InstallmentDue[]): void {
  installments.forEach((inst, i) => {
    assertBusinessDate(inst.dueDate, `installments[${i}].dueDate`);
    assertFen(inst.principal, `installments[${i}].principal`);
    assertFen(inst.interest, `installments[${i}].interest`);
    if (inst.principal < 0 || inst.interest < 0) {
      throw new Error(`installments[${i}]: principal and interest must not be negative`);
    }
  });
}

function checkPayments(payments: readonly Payment[]): void {
  payments.forEach((p, i) => {
    assertBusinessDate(p.date, `payments[${i}].date`);
    assertFen(p.amount, `payments[${i}].amount`);
    if (p.amount < 0) {
      throw new Error(`payments[${i}].amount must not be negative (record reversals by removing the payment)`);
    }
  });
}

/** Indexes sorted by a date key; ties keep input order (Array.prototype.sort is stable). */
function orderBy<T>(items: readonly T[], key: (t: T) => string): number[] {
  return items
    .map((_, i) => i)
    .sort((x, y) => {
      const a = key(items[x] as T);
      const b = key(items[y] as T);
      return a < b ? -1 : a > b ? 1 : 0;
    });
}

/**
 * Applies payments dated on or before `asOf` (all payments when asOf is omitted), oldest first,
 * to installments in due-date order, interest before principal within each installment — the
 * usual waterfall so the oldest arrears are cleared first. Money beyond all installments is
 * returned as `unapplied`. Pure: the inputs are not modified.
 */
export function allocatePayments(
  installments: readonly InstallmentDue[],
  payments: readonly Payment[],
  asOf?: string,
): AllocationResult {
  checkInstallments(installments);
  checkPayments(payments);
  if (asOf !== undefined) assertBusinessDate(asOf, 'asOf');

  const instOrder = orderBy(installments, (i) => i.dueDate);
  const payOrder = orderBy(payments, (p) => p.date);

  const interestPaid = new Array<number>(installments.length).fill(0);
  const principalPaid = new Array<number>(installments.length).fill(0);
  const paidOffOn = new Array<string | null>(installments.length).fill(null);
  installments.forEach((inst, i) => {
    if (inst.principal === 0 && inst.interest === 0) paidOffOn[i] = inst.dueDate;
  });

  let cursor = 0; // position in instOrder of the oldest installment not yet fully paid
  let unapplied = 0;
  for (const pi of payOrder) {
    const pay = payments[pi] as Payment;
    if (asOf !== undefined && pay.date > asOf) break; // payOrder is sorted by date
    let left = pay.amount;
    while (left > 0 && cursor < instOrder.length) {
      const ii = instOrder[cursor] as number;
      const inst = installments[ii] as InstallmentDue;
      const interestTake = Math.min(left, inst.interest - (interestPaid[ii] as number));
      interestPaid[ii] = (interestPaid[ii] as number) + interestTake;
      left -= interestTake;
      const principalTake = Math.min(left, inst.principal - (principalPaid[ii] as number));
      principalPaid[ii] = (principalPaid[ii] as number) + principalTake;
      left -= principalTake;
      if (interestPaid[ii] === inst.interest && principalPaid[ii] === inst.principal) {
        if (paidOffOn[ii] === null) paidOffOn[ii] = pay.date;
        cursor++;
      }
    }
    unapplied += left;
  }
  // Zero-amount installments after the cursor are already settled; nothing else to do.

  return {
    installments: installments.map((inst, i) => {
      const full = interestPaid[i] === inst.interest && principalPaid[i] === inst.principal;
      const out: InstallmentAllocation = {
        dueDate: inst.dueDate,
        principalPaid: principalPaid[i] as number,
        interestPaid: interestPaid[i] as number,
        paidInFull: full,
        paidOffOn: full ? (paidOffOn[i] ?? null) : null,
      };
      return inst.seq === undefined ? out : { seq: inst.seq, ...out };
    }),
    unapplied,
  };
}

/**
 * Days past due on `asOf`: days since the oldest installment still not fully paid (counting
 * payments dated on or before asOf) fell due. An installment due on asOf itself is not yet past
 * due, so a loan is 0 DPD until the day after a missed due date.
 */
export function daysPastDue(
  installments: readonly InstallmentDue[],
  payments: readonly Payment[],
  asOf: string,
): number {
  assertBusinessDate(asOf, 'asOf');
  const alloc = allocatePayments(installments, payments, asOf).installments;
  let oldest: string | null = null;
  for (const a of alloc) {
    if (!a.paidInFull && a.dueDate < asOf && (oldest === null || a.dueDate < oldest)) oldest = a.dueDate;
  }
  return oldest === null ? 0 : daysBetween(oldest, asOf);
}

function assertDpd(dpd: number, fn: string): void {
  if (!Number.isSafeInteger(dpd) || dpd < 0) {
    throw new Error(`${fn}: days past due must be a non-negative integer, got ${String(dpd)}`);
  }
}

/** current (0), M1 1–30, M2 31–60, …, M6 151–180, M7+ over 180 days. */
export function bucketOf(dpd: number): Bucket {
  assertDpd(dpd, 'bucketOf');
  if (dpd === 0) return 'current';
  const step = Math.ceil(dpd / 30); // 1–30 → 1, 31–60 → 2, …
  return step >= 7 ? 'M7+' : (BUCKETS[step] as Bucket);
}

export interface ClassificationFloorOptions {
  /**
   * Days of technical delay (e.g. a bank-side transfer hold) that policy excepts from 关注.
   * Default 0; the rules allow a bank to set at most 7.
   */
  readonly technicalGraceDays?: number;
  /** The loan is restructured and still in its one-year watch period (policy; secondary source). */
  readonly restructured?: boolean;
}

/** Regulatory maximum for the technical-delay exception (DOMAIN.md: up to 7 days). */
const MAX_TECHNICAL_GRACE_DAYS = 7;

/**
 * The best class the loan may hold given its DPD — a floor under 《商业银行金融资产风险分类办法》2023:
 * 关注 once anything is overdue (beyond any technical grace), 次级 beyond 90 days, 可疑 beyond 270,
 * 损失 beyond 360. Restructured loans in their watch period are at least 关注.
 */
export function classificationFloor(dpd: number, opts: ClassificationFloorOptions = {}): FiveClass {
  assertDpd(dpd, 'classificationFloor');
  const grace = opts.technicalGraceDays ?? 0;
  if (!Number.isInteger(grace) || grace < 0 || grace > MAX_TECHNICAL_GRACE_DAYS) {
    throw new Error(
      `classificationFloor: technicalGraceDays must be an integer 0–${MAX_TECHNICAL_GRACE_DAYS}, got ${String(grace)}`,
    );
  }
  let floor: FiveClass;
  if (dpd > 360) floor = 'loss';
  else if (dpd > 270) floor = 'doubtful';
  else if (dpd > 90) floor = 'substandard';
  else if (dpd > grace) floor = 'special_mention';
  else floor = 'normal';
  return opts.restructured === true ? worseClass(floor, 'special_mention') : floor;
}

function rank(c: FiveClass): number {
  const r = FIVE_CLASS_ORDER.indexOf(c);
  if (r < 0) throw new Error(`unknown five-category class ${JSON.stringify(c)}`);
  return r;
}

/** The worse (riskier) of two classes. */
export function worseClass(a: FiveClass, b: FiveClass): FiveClass {
  return rank(a) >= rank(b) ? a : b;
}

/** NPL (不良) = 次级 + 可疑 + 损失. */
export function isNonPerforming(c: FiveClass): boolean {
  return rank(c) >= rank('substandard');
}

/**
 * Whether `proposed` may be put forward given the DPD floor: a worse or equal class always may
 * (with reasons); a better class than the floor never (DOMAIN.md).
 */
export function canProposeClass(floor: FiveClass, proposed: FiveClass): boolean {
  return rank(proposed) >= rank(floor);
}

export interface OverdueAmounts {
  /** Unpaid principal of installments due before asOf. */
  readonly overduePrincipal: Fen;
  /** Unpaid interest of installments due before asOf. */
  readonly overdueInterest: Fen;
  /** All scheduled principal not yet repaid as of asOf, due or not. */
  readonly outstandingPrincipal: Fen;
}

/** Overdue and outstanding amounts on `asOf`, counting payments dated on or before asOf. */
export function overdueAmounts(
  installments: readonly InstallmentDue[],
  payments: readonly Payment[],
  asOf: string,
): OverdueAmounts {
  assertBusinessDate(asOf, 'asOf');
  const alloc = allocatePayments(installments, payments, asOf).installments;
  let overduePrincipal = 0;
  let overdueInterest = 0;
  let outstandingPrincipal = 0;
  installments.forEach((inst, i) => {
    const a = alloc[i] as InstallmentAllocation;
    const principalLeft = inst.principal - a.principalPaid;
    outstandingPrincipal += principalLeft;
    if (inst.dueDate < asOf) {
      overduePrincipal += principalLeft;
      overdueInterest += inst.interest - a.interestPaid;
    }
  });
  return { overduePrincipal, overdueInterest, outstandingPrincipal };
}
