// The audit log's API shapes: the filters an auditor sets (checked here, applied in the service's SQL)
// and each entry in words, with the customer, loan and case it concerns and the values it changed.
import { z } from 'zod';
import { AUDIT_ACTIONS, AUDIT_FAMILIES } from '../domain/auditActions';
import { businessDate } from '../domain/vocabulary';

const auditFilter = z.object({
  family: z.enum(AUDIT_FAMILIES).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  /** Entries made by this person (a user id). */
  actorId: z.string().min(1).max(64).optional(),
  /** Branch business dates, both included. */
  from: businessDate.optional(),
  to: businessDate.optional(),
});

export const auditListIn = auditFilter
  .extend({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(100) })
  .strict();

export const auditExportIn = auditFilter.strict();
export const auditExportOut = z.object({ fileName: z.string(), csv: z.string(), rows: z.number().int() });

const choice = z.object({ value: z.string(), label: z.string() });

export const auditListOut = z.object({
  entries: z.array(
    z.object({
      seq: z.number().int(),
      at: z.string(),
      /** The time in the branch's zone, YYYY-MM-DD HH:mm:ss. */
      atText: z.string(),
      actorId: z.string(),
      actorName: z.string().nullable(),
      action: z.string(),
      family: z.enum(AUDIT_FAMILIES).nullable(),
      /** The event's name in the caller's language. */
      event: z.string(),
      customerName: z.string().nullable(),
      customerNo: z.string().nullable(),
      loanNo: z.string().nullable(),
      caseNo: z.string().nullable(),
      /** What this action did, in one line. */
      description: z.string(),
      /** The values it changed, formatted; before null where the action made the value. */
      changes: z.array(z.object({ field: z.string(), before: z.string().nullable(), after: z.string().nullable() })),
    }),
  ),
  total: z.number().int(),
  /** The filters' choices in the caller's language: families, actions (with their family), people in the log. */
  choices: z.object({
    families: z.array(choice),
    actions: z.array(choice.extend({ family: z.enum(AUDIT_FAMILIES) })),
    people: z.array(choice),
  }),
});
