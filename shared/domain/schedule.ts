/**
 * Repayment schedules (还款计划) in integer fen.
 *
 * DOMAIN.md "Money and schedules":
 *  - monthly rate r = annual rate / 12; each period's interest = round(balance × r) to the fen,
 *    half-up by default, half-even selectable per product;
 *  - 等额本息 payment = P·r·(1+r)^n / ((1+r)^n − 1) rounded to the fen; principal = payment −
 *    interest; the last installment takes whatever balance is left;
 *  - 等额本金 principal = round(P/n), last takes the residue, interest on the opening balance;
 *  - 按月付息到期还本 interest every period, all principal in the last;
 *  - rate arithmetic must never use JS floats.
 *
 * How: rate arithmetic (the monthly rate, the powers and division of the annuity formula) is done in
 * decimal.js at 60 significant digits and rounded once to the fen. Each period's interest is
 * round(balance × r) with r = rateScaled / (1200·10^k) read exactly from the rate string (e.g. "4.9"
 * → 49 / 12000): an integer division of fen with its remainder, exact while the product stays below
 * 2^53 (always, for real loans) and done in decimal.js otherwise. No float ever holds a rate.
 */

import Decimal from 'decimal.js';
import type { Fen } from './money';
import { addMonthsClamped, isBusinessDate, monthlySeries } from './dates';
import type { RepaymentMethod } from './vocabulary';

export type { RepaymentMethod };
export type RoundingMode = 'half_up' | 'half_even';

export const REPAYMENT_METHODS: readonly RepaymentMethod[] = [
  'equal_installment',
  'equal_principal',
  'interest_only',
];
export const ROUNDING_MODES: readonly RoundingMode[] = ['half_up', 'half_even'];

export interface ScheduleTerms {
  /** Loan amount in fen, integer > 0. */
  readonly principal: Fen;
  /** Annual rate in percent as a plain decimal string, e.g. "4.9" for 4.9 % p.a. */
  readonly annualRate: string;
  /** Number of monthly installments, 1–600. */
  readonly termMonths: number;
  readonly method: RepaymentMethod;
  /** Due date of installment 1, 'YYYY-MM-DD'; later ones fall on the same day of the month. */
  readonly firstDueDate: string;
  /** Rounding of each period's interest (and of the 等额本息 payment); default half_up. */
  readonly rounding?: RoundingMode;
}

export interface ScheduleRow {
  readonly seq: number;
  readonly dueDate: string;
  readonly principal: Fen;
  readonly interest: Fen;
  readonly total: Fen;
  readonly balanceAfter: Fen;
}

/** 50 years. Far beyond any product (consumer loans ≤ 5 years, 《个人贷款管理办法》2024) but bounded. */
export const MAX_TERM_MONTHS = 600;
/** Sanity bounds on the rate string so the exact arithmetic stays small. */
const MAX_RATE_FRACTION_DIGITS = 10;
const MAX_ANNUAL_RATE_PERCENT = 1000n;

const RATE_RE = /^\d+(\.\d+)?$/;

/** Every problem with the terms, as readable sentences naming the field; [] when valid. */
export function validateScheduleTerms(terms: unknown): string[] {
  if (typeof terms !== 'object' || terms === null) return ['terms must be an object'];
  const t = terms as Record<string, unknown>;
  const problems: string[] = [];

  const p = t['principal'];
  if (typeof p !== 'number' || !Number.isInteger(p)) {
    problems.push(`principal must be an integer number of fen, got ${String(p)}`);
  } else if (p <= 0) {
    problems.push(`principal must be greater than 0 fen, got ${p}`);
  } else if (p > Number.MAX_SAFE_INTEGER) {
    problems.push(`principal must not exceed ${Number.MAX_SAFE_INTEGER} fen (safe integer), got ${p}`);
  }

  const rate = t['annualRate'];
  if (typeof rate !== 'string' || !RATE_RE.test(rate)) {
    problems.push(
      `annualRate must be a non-negative decimal string in percent such as "4.9", got ${JSON.stringify(rate) ?? String(rate)}`,
    );
  } else {
    const frac = rate.split('.')[1] ?? '';
    if (frac.length > MAX_RATE_FRACTION_DIGITS) {
      problems.push(`annualRate must have at most ${MAX_RATE_FRACTION_DIGITS} decimal places, got "${rate}"`);
    } else if (parseRate(rate).scaled > MAX_ANNUAL_RATE_PERCENT * 10n ** BigInt(frac.length)) {
      problems.push(`annualRate must not exceed ${MAX_ANNUAL_RATE_PERCENT} percent, got "${rate}"`);
    }
  }

  const n = t['termMonths'];
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_TERM_MONTHS) {
    problems.push(`termMonths must be an integer from 1 to ${MAX_TERM_MONTHS}, got ${String(n)}`);
  }

  const method = t['method'];
  if (typeof method !== 'string' || !(REPAYMENT_METHODS as readonly string[]).includes(method)) {
    problems.push(`method must be one of ${REPAYMENT_METHODS.join(', ')}, got ${JSON.stringify(method) ?? String(method)}`);
  }

  const first = t['firstDueDate'];
  if (!isBusinessDate(first)) {
    problems.push(
      `firstDueDate must be a real calendar date in YYYY-MM-DD form, got ${JSON.stringify(first) ?? String(first)}`,
    );
  } else {
    const months = typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_TERM_MONTHS ? n : 1;
    try {
      addMonthsClamped(first, months - 1);
    } catch {
      problems.push(`firstDueDate ${first} puts the last installment beyond year 9999`);
    }
  }

  const rounding = t['rounding'];
  if (rounding !== undefined && !(ROUNDING_MODES as readonly unknown[]).includes(rounding)) {
    problems.push(`rounding must be one of ${ROUNDING_MODES.join(', ')}, got ${JSON.stringify(rounding) ?? String(rounding)}`);
  }
  return problems;
}

/** Enough digits that the one rounding to the fen is the only rounding that matters. */
const Dec = Decimal.clone({ precision: 60 });
const DECIMAL_ROUNDING: Record<RoundingMode, Decimal.Rounding> = {
  half_up: Decimal.ROUND_HALF_UP,
  half_even: Decimal.ROUND_HALF_EVEN,
};

/** "4.90" → { scaled: 490n, fractionDigits: 2 }. Input already matched RATE_RE. */
function parseRate(rate: string): { scaled: bigint; fractionDigits: number } {
  const [intPart = '0', frac = ''] = rate.split('.');
  return { scaled: BigInt(intPart + frac), fractionDigits: frac.length };
}

interface MonthlyRate {
  /** The monthly rate as a fraction, r = annual% / 100 / 12. */
  readonly r: Decimal;
  /** r = num / den exactly, with num = the rate's digits and den = 1200·10^k. */
  readonly num: number;
  readonly den: number;
}

function monthlyRate(annualRate: string): MonthlyRate {
  const { scaled, fractionDigits } = parseRate(annualRate);
  // Validation caps the rate at 1000 % with ≤ 10 decimals, so both fit a safe integer.
  return {
    r: new Dec(annualRate).div(1200),
    num: Number(scaled),
    den: 1200 * 10 ** fractionDigits,
  };
}

function roundFen(value: Decimal, mode: RoundingMode): number {
  return value.toDecimalPlaces(0, DECIMAL_ROUNDING[mode]).toNumber();
}

/**
 * round(a·b / den) for non-negative integers. While a·b < 2^53 the product is exact and so is
 * Math.floor of the quotient (for integers below 2^53 the float quotient is never rounded across an
 * integer), leaving an exact integer remainder to round by; beyond that decimal.js does it.
 */
function mulDivRound(a: number, b: number, den: number, mode: RoundingMode): number {
  const num = a * b;
  if (num >= Number.MAX_SAFE_INTEGER) return roundFen(new Dec(a).times(b).div(den), mode);
  const q = Math.floor(num / den);
  const twiceRem = (num - q * den) * 2;
  if (twiceRem > den) return q + 1;
  if (twiceRem < den) return q;
  return mode === 'half_up' || q % 2 === 1 ? q + 1 : q; // an exact tie
}

function interestFor(balance: number, rate: MonthlyRate, mode: RoundingMode): number {
  if (rate.num === 0 || balance === 0) return 0;
  return mulDivRound(balance, rate.num, rate.den, mode);
}

/*
 * The annuity factor r·(1+r)^n / ((1+r)^n − 1) costs far more than the rest of a schedule, while a
 * branch's book uses a handful of (rate, term) pairs; a small bounded memo makes repeats cheap.
 */
const FACTOR_CACHE_SIZE = 64;
const factorCache = new Map<string, Decimal>();

function annuityFactor(rate: MonthlyRate, n: number): Decimal {
  const key = `${rate.num}/${rate.den}/${n}`;
  const hit = factorCache.get(key);
  if (hit) return hit;
  const grow = rate.r.plus(1).pow(n);
  const factor = rate.r.times(grow).div(grow.minus(1));
  if (factorCache.size >= FACTOR_CACHE_SIZE) {
    const oldest = factorCache.keys().next();
    if (!oldest.done) factorCache.delete(oldest.value);
  }
  factorCache.set(key, factor);
  return factor;
}

/** 等额本息 payment P·r·(1+r)^n / ((1+r)^n − 1), rounded once to the fen. */
function annuityPayment(principal: number, rate: MonthlyRate, n: number, mode: RoundingMode): number {
  return roundFen(annuityFactor(rate, n).times(principal), mode);
}

/**
 * Builds the repayment schedule. Throws an Error listing every problem in the terms.
 * Rows are numbered from 1; installment k is due addMonthsClamped(firstDueDate, k − 1).
 */
export function buildSchedule(terms: ScheduleTerms): ScheduleRow[] {
  const problems = validateScheduleTerms(terms);
  if (problems.length > 0) throw new Error(`Invalid schedule terms: ${problems.join('; ')}`);

  const { principal, termMonths: n, method, firstDueDate } = terms;
  const mode: RoundingMode = terms.rounding ?? 'half_up';
  const r = monthlyRate(terms.annualRate);

  // Per-period principal for the methods with a fixed principal or payment.
  let fixedPrincipal = 0; // equal_principal, or equal_installment at rate 0
  let payment = 0; // equal_installment with rate > 0
  const zeroRate = r.num === 0;
  if (method === 'equal_principal' || (method === 'equal_installment' && zeroRate)) {
    // DOMAIN.md: P/n rounded to the fen; at rate 0 the annuity formula degenerates to P/n as well.
    fixedPrincipal = mulDivRound(principal, 1, n, mode);
  } else if (method === 'equal_installment') {
    payment = annuityPayment(principal, r, n, mode);
  }

  const dueDates = monthlySeries(firstDueDate, n);
  const rows: ScheduleRow[] = new Array<ScheduleRow>(n);
  let balance = principal;
  for (let k = 1; k <= n; k++) {
    const interest = interestFor(balance, r, mode);
    let principalPart: number;
    if (k === n) {
      // The last installment takes whatever is left, so principal sums to P exactly.
      principalPart = balance;
    } else if (method === 'interest_only') {
      principalPart = 0;
    } else if (payment > 0) {
      // payment ≥ round(P·r) ≥ round(balance·r), so this is never negative.
      principalPart = payment - interest;
    } else {
      principalPart = fixedPrincipal;
    }
    // Rounding the step up (e.g. P=16, n=10 → 2 per period) can exhaust the balance early; never
    // repay more than is owed, so balances stay ≥ 0 and later rows are simply zero.
    if (principalPart > balance) principalPart = balance;
    balance -= principalPart;
    const total = principalPart + interest;
    if (!Number.isSafeInteger(total)) {
      throw new Error('Invalid schedule terms: installment amounts exceed the safe integer range of fen');
    }
    rows[k - 1] = {
      seq: k,
      dueDate: dueDates[k - 1] as string,
      principal: principalPart,
      interest,
      total,
      balanceAfter: balance,
    };
  }
  return rows;
}
