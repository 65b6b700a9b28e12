// The workbench: what waits for the signed-in user, counted per role they hold, and the collections
// holds a supervisor has to clear. Counts are for the menu badges, so the call is cheap (SQL counts).
import { z } from 'zod';

const count = z.number().int().min(0);

export const workbenchCountsOut = z.object({
  /** The officer's own due-diligence cases to work on; null unless the user is an officer. */
  officer: z.object({ drafts: count, returned: count }).nullable(),
  /**
   * The branch's submitted cases waiting for a decision (overdue ones included: those submitted longer
   * ago than policy `dd`'s decision deadline), and the loans whose collection a hold stops.
   */
  supervisor: z.object({ pending: count, overdue: count, holds: count }).nullable(),
  /** Loans in the collector's own queue; null unless the user is a collector. */
  collector: z.object({ queue: count }).nullable(),
});

export const workbenchHoldsIn = z.object({ limit: z.number().int().min(1).max(200).default(50) }).strict();

export const workbenchHoldsOut = z.object({
  rows: z.array(
    z.object({
      loanId: z.string(),
      loanNo: z.string(),
      customerName: z.string(),
      /** dispute | asked_to_stop (the borrower's own request: the whole loan is held). */
      hold: z.string(),
      since: z.string(),
    }),
  ),
  total: count,
});
