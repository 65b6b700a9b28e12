// The loan being applied for, as the officer records it when opening a due-diligence case: read by the
// case mutations (the DSR of the checklist) and the API alike.
import { z } from 'zod';
import { fen, LOAN_PURPOSES, REPAYMENT_METHODS } from './vocabulary';

export const loanApplication = z
  .object({
    purpose: z.enum(LOAN_PURPOSES),
    amount: fen.min(100).max(100_000_000_000),
    termMonths: z.number().int().min(1).max(360),
    /** Annual contract rate in PERCENT as a plain decimal string, e.g. "4.35" for 4.35 % p.a. (as loans.annual_rate and buildSchedule). */
    annualRate: z.string().regex(/^\d{1,2}(\.\d{1,4})?$/, { error: 'annual rate in percent, e.g. 4.35' }),
    method: z.enum(REPAYMENT_METHODS),
  })
  .strict();
export type LoanApplication = z.infer<typeof loanApplication>;
