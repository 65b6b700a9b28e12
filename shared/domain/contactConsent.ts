// Which recorded consent to late contact holds on a day. A consent is a dated record on the customer
// (contact_consents): given on a day, valid through a day, ended early by a withdrawal row that names it.
// The contact rules read this instead of a box ticked on the call itself, so a quiet-hours call is
// allowed only on evidence someone recorded beforehand.
import type { Row } from '../mutations/types';

export interface ConsentRecord {
  id: string;
  givenVia: string;
  givenOn: string;
  validUntil: string | null;
  withdrawsId: string | null;
}

export function consentRecordOf(row: Row): ConsentRecord {
  return {
    id: String(row['id']),
    givenVia: String(row['given_via']),
    givenOn: String(row['given_on']),
    validUntil: typeof row['valid_until'] === 'string' ? row['valid_until'] : null,
    withdrawsId: typeof row['withdraws_id'] === 'string' ? row['withdraws_id'] : null,
  };
}

export type ConsentState = 'active' | 'not_yet' | 'expired' | 'withdrawn';

/** The state of consent `c` on `date` among the customer's `records` (withdrawals included). */
export function consentStateOn(c: ConsentRecord, records: readonly ConsentRecord[], date: string): ConsentState {
  if (records.some((w) => w.withdrawsId === c.id && w.givenOn <= date)) return 'withdrawn';
  if (date < c.givenOn) return 'not_yet';
  if (c.validUntil === null || date > c.validUntil) return 'expired';
  return 'active';
}

/** The consent that lets a quiet-hours contact go ahead on the local `date`, if any (the latest given). */
export function activeConsentOn(records: readonly ConsentRecord[], date: string): ConsentRecord | null {
  let best: ConsentRecord | null = null;
  for (const c of records) {
    if (c.withdrawsId !== null || consentStateOn(c, records, date) !== 'active') continue;
    if (!best || c.givenOn > best.givenOn || (c.givenOn === best.givenOn && c.id > best.id)) best = c;
  }
  return best;
}
