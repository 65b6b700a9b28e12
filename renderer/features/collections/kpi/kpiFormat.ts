// KPI arithmetic for display: rates as percentages, and the complaint rate the service does not send.
import type { z } from 'zod';
import type { kpiRow } from '../../../../shared/api/collectionSchemas';

export type KpiRow = z.infer<typeof kpiRow>;

/**
 * DOMAIN.md "Service levels": complaint rate <= 2 %. Complaints are counted against right-party
 * contacts (the people actually spoken to), the stricter of the two possible denominators, so an
 * agent cannot dilute complaints with unanswered dialling.
 */
export const COMPLAINT_RATE_TARGET = 0.02;

export function complaintRate(r: Pick<KpiRow, 'complaints' | 'rightPartyContacts'>): number | null {
  return r.rightPartyContacts > 0 ? r.complaints / r.rightPartyContacts : null;
}

/** A 0..1 rate as "12.5%"; an undefined rate (nothing to divide by) as an em dash. */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined || Number.isNaN(rate) ? '—' : `${(rate * 100).toFixed(1)}%`;
}
