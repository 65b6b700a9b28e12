// Inputs of checkContact (shared/domain/contactPolicy.ts) for the unit tests of a contact profile: calls
// about one loan to one number, and the codes of a verdict's reasons.
import type { ContactAttempt, ContactHistoryEntry } from '../../shared/domain/contactPolicy';
import type { OutcomeCode } from '../../shared/domain/contactOutcomes';

/**
 * `att(at)`: a phone call to the borrower about `loanId` on `phone` at `at`, about to be made; `log(at,
 * outcome)`: the same call in the history, with its outcome (none: a try that was not completed).
 * `extra` overrides any field (another number, another party).
 */
export function callsAbout(loanId: string, phone: string) {
  const att = (at: string, extra: Partial<ContactAttempt> = {}): ContactAttempt => ({ loanId, at, channel: 'phone', party: 'borrower', phone, ...extra });
  const log = (at: string, outcome: OutcomeCode | undefined, extra: Partial<ContactHistoryEntry> = {}): ContactHistoryEntry =>
    outcome === undefined ? att(at, extra) : { ...att(at, extra), outcome };
  return { att, log };
}

/** The codes of a verdict's reasons, in order. */
export const reasonCodes = (r: { reasons: { code: string }[] }): string[] => r.reasons.map((x) => x.code);
