// Due-diligence policy values (head office may publish others in the 'dd' policy record).
// DOMAIN.md "Service levels": approval decision within 48 hours of submission.
import { z } from 'zod';

export const DD_ALLOWED_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;

/** Ceiling of the policy's attachment limit: what head office's blob store and every transport are sized for. */
export const MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024;

export const ddPolicy = z.object({
  decisionSlaHours: z.number().min(1).max(24 * 30).default(48),
  /** A submitted case this close to its deadline shows as due soon. */
  dueSoonHours: z.number().min(0).max(24 * 7).default(8),
  maxAttachmentBytes: z.number().int().min(1024).max(MAX_ATTACHMENT_BYTES).default(20 * 1024 * 1024),
  allowedMimeTypes: z.array(z.enum(DD_ALLOWED_MIME_TYPES)).min(1).default([...DD_ALLOWED_MIME_TYPES]),
});
export type DdPolicy = z.infer<typeof ddPolicy>;


/** 《个人贷款管理办法》(2024): consumer loans at most 5 years; business-purpose personal loans never over 10. */
export const MAX_TERM_MONTHS_BY_PURPOSE = { consumer: 60, business: 120, housing: 360 } as const;

export type SlaState = 'none' | 'ok' | 'due_soon' | 'overdue';

/** Decision deadline of a submission, as an ISO instant. */
export function decisionDueAt(submittedAt: string, policy: DdPolicy): string {
  return new Date(Date.parse(submittedAt) + policy.decisionSlaHours * 3_600_000).toISOString();
}

/** From this instant a submitted case shows as due soon: the deadline less the policy's warning hours. */
export function dueSoonAt(submittedAt: string, policy: DdPolicy): string {
  return new Date(Date.parse(submittedAt) + (policy.decisionSlaHours - policy.dueSoonHours) * 3_600_000).toISOString();
}

export function slaState(status: string, submittedAt: string | null, now: Date, policy: DdPolicy): SlaState {
  if (status !== 'submitted' || !submittedAt) return 'none';
  const left = Date.parse(decisionDueAt(submittedAt, policy)) - now.getTime();
  if (left < 0) return 'overdue';
  return left <= policy.dueSoonHours * 3_600_000 ? 'due_soon' : 'ok';
}
