// A contact try the rules stop, recorded the way the app records one (contact.blocked's own plan:
// outcome and note as the service writes them), with the reasons checkContact gives for it.
import { OUTCOMES, type OutcomeCode } from '../domain/contactOutcomes';
import { checkContact, type ContactAttempt, type ContactHistoryEntry, type ContactPolicy } from '../domain/contactPolicy';
import { contactBlocked } from '../mutations/collections';
import { rowKey } from '../mutations/types';
import type { DemoContact, DemoLoan } from './types';

/** A loan's log as the contact rules read it: blocked tries were never made. */
function ruleHistory(contacts: readonly DemoContact[]): ContactHistoryEntry[] {
  return contacts.flatMap((c) => {
    if (!(c.outcome in OUTCOMES)) return [];
    const phone = c.channel === 'phone' || c.channel === 'sms' ? (c.addressUsed ?? undefined) : undefined;
    return [{ loanId: c.loanId, at: c.startedAt, channel: c.channel, party: c.party, phone, outcome: c.outcome as OutcomeCode, consentToLateContact: c.consentLate }];
  });
}

/** The entry for `attempt` if the rules stop it given the loan's log so far; null when they allow it. */
export function blockedContact(
  id: string,
  loan: DemoLoan,
  policy: ContactPolicy,
  contacts: readonly DemoContact[],
  attempt: ContactAttempt,
  timeZone: string,
): DemoContact | null {
  const verdict = checkContact(policy, ruleHistory(contacts), attempt);
  if (verdict.allowed) return null;
  const { channel, party, at } = attempt;
  const plan = contactBlocked.apply({
    args: { id, loanId: loan.id, channel, party, startedAt: at, reasonCodes: verdict.reasons.map((r) => r.code) },
    actor: { userId: loan.collectorId, branchId: loan.branchId, roles: ['collector'], deviceId: 'demo' },
    rows: new Map([[rowKey('loans', loan.id), { id: loan.id }]]),
    now: at,
    stale: new Set(),
    timeZone,
    policy: () => {
      throw new Error('contact.blocked reads no policy');
    },
  });
  const row = plan.writes[0]?.values ?? {};
  return {
    id, loanId: loan.id, channel, party, partyRelation: null, addressUsed: null, startedAt: at, durationSeconds: null,
    outcome: String(row['outcome']), note: String(row['note']), nextActionOn: null, collectorId: loan.collectorId,
    consentLate: false, complaint: false, overrideIds: null,
  };
}
