// The four files of a core-banking export (db/seeds/README.md is the operator's copy of this) and the
// zod schema of one row of each. A row arrives as {column: raw text}; the schema trims, converts and
// checks it, with a bilingual reason per bad column so the operator can fix the source file.
import { z } from 'zod';
import { isBusinessDate } from '../../shared/domain/dates';
import { FIVE_CLASS_ORDER } from '../../shared/domain/delinquency';
import { MAX_TERM_MONTHS, REPAYMENT_METHODS, ROUNDING_MODES } from '../../shared/domain/schedule';
import type { ImportReasonKey } from '../../shared/i18n/importReport';
import type { TextParams } from '../../shared/i18n/text';
import { importReason, toIssueMessage } from './messages';

const say = (key: ImportReasonKey, params: TextParams = {}) => toIssueMessage(importReason(key, params));

const required = (max: number) =>
  z
    .string()
    .trim()
    .min(1, say('required'))
    .max(max, say('tooLong', { max }));

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, say('tooLong', { max }))
    .transform((v) => (v === '' ? null : v));

const code = (pattern: RegExp, reason: ImportReasonKey) => z.string().trim().regex(pattern, say(reason));

const date = z.string().trim().refine(isBusinessDate, say('date'));

const optionalDate = z
  .string()
  .trim()
  .refine((v) => v === '' || isBusinessDate(v), say('optionalDate'))
  .transform((v) => (v === '' ? null : v));

/** Whole fen; `min` 0 allows zero (an installment with no interest), 1 demands a positive amount. */
const fen = (min: 0 | 1) =>
  z
    .string()
    .trim()
    .regex(/^-?\d{1,15}$/, say('wholeFen'))
    .transform(Number)
    .refine((n) => n >= 0, { error: say('negativeAmount'), abort: true })
    .refine((n) => n >= min, say('zeroAmount'));

const whole = (lo: number, hi: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,9}$/, say('wholeNumber'))
    .transform(Number)
    .refine((n) => n >= lo && n <= hi, say('between', { lo, hi }));

function oneOf<T extends string>(values: readonly T[], fallback?: T) {
  return z
    .string()
    .trim()
    .transform((v) => (v === '' && fallback !== undefined ? fallback : v))
    .refine((v) => (values as readonly string[]).includes(v), say('oneOf', { values: values.join(' | ') }))
    .transform((v) => v as T);
}

const contactPoint = z.object({
  kind: z.enum(['mobile', 'landline']),
  value: z.string().min(1).max(64),
  party: z.string().min(1).max(40),
  name: z.string().max(100),
});

/** contact_points is a JSON array in one (quoted) cell; empty means none. */
const contactPoints = z
  .string()
  .trim()
  .transform((v, ctx) => {
    if (v === '') return [];
    try {
      const parsed = z.array(contactPoint).max(50).safeParse(JSON.parse(v));
      if (parsed.success) return parsed.data;
    } catch {
      // reported below, like a well-formed JSON value of the wrong shape
    }
    ctx.addIssue({
      code: 'custom',
      message: say('contactPoints'),
    });
    return z.NEVER;
  });

const BRANCH_CODE = /^[A-Za-z0-9_-]{1,32}$/;
const USERNAME = /^[A-Za-z0-9._-]{2,64}$/;
const NUMBER_KEY = /^[A-Za-z0-9_.:/-]{1,40}$/;
const branchCode = code(BRANCH_CODE, 'branchCode');
const businessKey = (reason: 'customerNo' | 'loanNo' | 'paymentNo') => code(NUMBER_KEY, reason);
const username = code(USERNAME, 'username');
const optionalUsername = z
  .string()
  .trim()
  .refine((v) => v === '' || USERNAME.test(v), say('optionalUsername'))
  .transform((v) => (v === '' ? null : v));
const lowerCode = code(/^[a-z][a-z0-9_]{0,39}$/, 'lowerCode');

export const customerRow = z.object({
  customer_no: businessKey('customerNo'),
  branch_code: branchCode,
  name: required(200),
  type: oneOf(['individual', 'enterprise', 'micro'] as const),
  segment: lowerCode,
  id_number_masked: optional(64),
  phone: optional(64),
  address: optional(300),
  contact_points: contactPoints,
});

export const loanRow = z
  .object({
    loan_no: businessKey('loanNo'),
    branch_code: branchCode,
    customer_no: businessKey('customerNo'),
    product: lowerCode,
    purpose: oneOf(['consumer', 'business', 'housing'] as const),
    principal_fen: fen(1),
    annual_rate: code(/^\d{1,2}(\.\d{1,4})?$/, 'annualRate'),
    term_months: whole(1, MAX_TERM_MONTHS),
    method: oneOf(REPAYMENT_METHODS),
    rounding: oneOf(ROUNDING_MODES, 'half_up'),
    disbursed_on: date,
    first_due_date: date,
    maturity_date: date,
    officer_username: username,
    collector_username: optionalUsername,
    risk_grade: oneOf(['low', 'medium', 'high'] as const),
    five_class: oneOf(FIVE_CLASS_ORDER),
    restructured_until: optionalDate,
    status: oneOf(['active', 'closed', 'written_off'] as const, 'active'),
  })
  .superRefine((r, ctx) => {
    // Only when the dates themselves are valid; a bad date already has its own message.
    if (![r.disbursed_on, r.first_due_date, r.maturity_date].every(isBusinessDate)) return;
    if (r.first_due_date < r.disbursed_on) {
      ctx.addIssue({ code: 'custom', path: ['first_due_date'], message: say('firstDueBeforeDisbursed') });
    }
    if (r.maturity_date < r.first_due_date) {
      ctx.addIssue({ code: 'custom', path: ['maturity_date'], message: say('maturityBeforeFirstDue') });
    }
  });

export const installmentRow = z.object({
  loan_no: businessKey('loanNo'),
  seq: whole(1, MAX_TERM_MONTHS),
  due_date: date,
  principal_due_fen: fen(0),
  interest_due_fen: fen(0),
});

export const paymentRow = z.object({
  loan_no: businessKey('loanNo'),
  payment_no: businessKey('paymentNo'),
  paid_on: date,
  amount_fen: fen(1),
  channel: lowerCode,
  reference: optional(64),
});

export type CustomerRow = z.infer<typeof customerRow>;
export type LoanRow = z.infer<typeof loanRow>;
export type InstallmentRow = z.infer<typeof installmentRow>;
export type PaymentRow = z.infer<typeof paymentRow>;

/** The files in the order they are imported: parents before children, so references resolve. */
export const IMPORT_FILES = ['customers.csv', 'loans.csv', 'installments.csv', 'payments.csv'] as const;
export type ImportFile = (typeof IMPORT_FILES)[number];

/** Columns of each file, in the order the sample export writes them (any order is accepted). */
export const FILE_COLUMNS: Record<ImportFile, readonly string[]> = {
  'customers.csv': Object.keys(customerRow.shape),
  'loans.csv': Object.keys(loanRow.shape),
  'installments.csv': Object.keys(installmentRow.shape),
  'payments.csv': Object.keys(paymentRow.shape),
};
