// The domain's closed lists, each defined once: the API schemas, the mutations, the rules and the
// screens all build from these. Labels for them live in the catalogs (shared/i18n, renderer/i18n).
import { z } from 'zod';
import { isBusinessDate } from './dates';

/** Delinquency buckets (DOMAIN.md): current, then 30-day steps to M7+ (over 180 days). */
export const BUCKETS = ['current', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7+'] as const;
export type Bucket = (typeof BUCKETS)[number];

/** 正常, 关注, 次级, 可疑, 损失 — best to worst. */
export const FIVE_CLASSES = ['normal', 'special_mention', 'substandard', 'doubtful', 'loss'] as const;
export type FiveClass = (typeof FIVE_CLASSES)[number];

/** 等额本息, 等额本金, 按月付息到期还本. */
export const REPAYMENT_METHODS = ['equal_installment', 'equal_principal', 'interest_only'] as const;
export type RepaymentMethod = (typeof REPAYMENT_METHODS)[number];

export const LOAN_PURPOSES = ['consumer', 'business', 'housing'] as const;
export type LoanPurpose = (typeof LOAN_PURPOSES)[number];

export const CUSTOMER_TYPES = ['individual', 'enterprise', 'micro'] as const;
export type CustomerType = (typeof CUSTOMER_TYPES)[number];

export const CONTACT_CHANNELS = ['phone', 'sms', 'letter', 'visit', 'legal'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const CONTACT_PARTIES = ['borrower', 'co_borrower', 'guarantor', 'third_party'] as const;
export type ContactParty = (typeof CONTACT_PARTIES)[number];

/** How a customer gave a recorded consent to late contact. */
export const CONSENT_WAYS = ['written', 'recorded_call', 'in_person'] as const;
export type ConsentWay = (typeof CONSENT_WAYS)[number];

export const PROMISE_STATUSES = ['pending', 'kept', 'partially_kept', 'broken'] as const;
export type PromiseStatus = (typeof PROMISE_STATUSES)[number];

export const DD_STATUSES = ['draft', 'submitted', 'approved', 'returned', 'withdrawn'] as const;
export type DdStatus = (typeof DD_STATUSES)[number];

/** A real calendar date, 'YYYY-MM-DD' (2027-02-30 is refused, 2024-02-29 taken), year 1 to 9999. */
export const businessDate = z.iso.date().refine(isBusinessDate, 'YYYY-MM-DD');
/** An amount of money in integer fen. */
export const fen = z.number().int().safe();
