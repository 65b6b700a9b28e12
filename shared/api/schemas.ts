// Shared zod building blocks for the API contract.
import { z } from 'zod';
import { ROLES } from '../auth/roles';
import { BUCKETS, CUSTOMER_TYPES, FIVE_CLASSES, LOAN_PURPOSES, REPAYMENT_METHODS, businessDate, fen } from '../domain/vocabulary';

export { businessDate, fen };
const role = z.enum(ROLES);
// The domain's lists (shared/domain/vocabulary.ts) under the names the screens use.
export const BUCKET_VALUES = BUCKETS;
export const FIVE_CLASS_VALUES = FIVE_CLASSES;
export const METHOD_VALUES = REPAYMENT_METHODS;
export const PURPOSE_VALUES = LOAN_PURPOSES;
export const CUSTOMER_TYPE_VALUES = CUSTOMER_TYPES;

export const sessionUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(role),
  branchId: z.string(),
  branchName: z.string(),
  branchNameEn: z.string(),
});
export type SessionUser = z.infer<typeof sessionUser>;

export const PORTFOLIO_SORT_FIELDS = [
  'loanNo',
  'customerName',
  'principal',
  'outstandingPrincipal',
  'dpd',
  'fiveClass',
  'disbursedOn',
  'maturityDate',
  'product',
] as const;

export const portfolioQuery = z.object({
  q: z.string().trim().max(64).optional(),
  buckets: z.array(z.enum(BUCKET_VALUES)).max(8).optional(),
  fiveClasses: z.array(z.enum(FIVE_CLASS_VALUES)).max(5).optional(),
  purposes: z.array(z.enum(PURPOSE_VALUES)).max(3).optional(),
  customerTypes: z.array(z.enum(CUSTOMER_TYPE_VALUES)).max(3).optional(),
  minDpd: z.number().int().min(0).max(100_000).optional(),
  /** This five-category class or any worse one (the order of FIVE_CLASSES). */
  classOrWorse: z.enum(FIVE_CLASS_VALUES).optional(),
  sort: z
    .object({ field: z.enum(PORTFOLIO_SORT_FIELDS), dir: z.enum(['asc', 'desc']) })
    .default({ field: 'loanNo', dir: 'asc' }),
});
export type PortfolioQuery = z.infer<typeof portfolioQuery>;

export const portfolioRow = z.object({
  id: z.string(),
  loanNo: z.string(),
  customerName: z.string(),
  customerType: z.enum(CUSTOMER_TYPE_VALUES),
  product: z.string(),
  purpose: z.enum(PURPOSE_VALUES),
  method: z.enum(METHOD_VALUES),
  principal: fen,
  outstandingPrincipal: fen,
  overdueAmount: fen,
  annualRate: z.string(),
  dpd: z.number().int(),
  bucket: z.enum(BUCKET_VALUES),
  fiveClass: z.enum(FIVE_CLASS_VALUES),
  disbursedOn: businessDate,
  maturityDate: businessDate,
  officerName: z.string().nullable(),
});
export type PortfolioRow = z.infer<typeof portfolioRow>;
