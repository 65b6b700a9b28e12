// Rules the collections mutations share: who may work a loan, which numbers and addresses are on it,
// and the loan's contact history as the contact rules read it.
import { v5 as uuidv5 } from 'uuid';
import type { ContactHistoryEntry } from '../domain/contactPolicy';
import type { OutcomeCode } from '../domain/contactOutcomes';
import { activeConsentOn, consentRecordOf, type ConsentRecord } from '../domain/contactConsent';
import { todayInTimeZone } from '../domain/dates';
import { MutationRefused, rowKey, type Actor, type Row } from './types';

/** How the customer file's contact-point parties map to the parties of a contact. */
const POINT_PARTY: Record<string, 'borrower' | 'co_borrower' | 'guarantor' | 'third_party'> = {
  borrower: 'borrower',
  legal_representative: 'borrower',
  company: 'borrower',
  spouse: 'co_borrower',
  co_borrower: 'co_borrower',
  guarantor: 'guarantor',
};

export interface ContactPoint {
  kind: string;
  value: string;
  party: 'borrower' | 'co_borrower' | 'guarantor' | 'third_party';
  /** The customer file's own word for the party (spouse, emergency_contact, …). */
  relation: string;
  name: string | null;
}

export function contactPointsOf(customer: Row | undefined): ContactPoint[] {
  const raw = customer?.['contact_points'];
  const list = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
  if (!Array.isArray(list)) return [];
  return list.flatMap((p: unknown) => {
    if (!p || typeof p !== 'object') return [];
    const point = p as Record<string, unknown>;
    if (typeof point['value'] !== 'string') return [];
    const relation = typeof point['party'] === 'string' ? point['party'] : 'third_party';
    return [
      {
        kind: typeof point['kind'] === 'string' ? point['kind'] : 'mobile',
        value: point['value'],
        party: POINT_PARTY[relation] ?? 'third_party',
        relation,
        name: typeof point['name'] === 'string' ? point['name'] : null,
      },
    ];
  });
}

const ASSIGNMENT_NAMESPACE = '0b7d3c1e-9a4f-5e2b-8c6d-4f1a2b3c4d5e';

/** Ids already derived: a SHA-1 per call showed in every logged contact, and a branch has few loans in work. */
const assignmentIds = new Map<string, string>();
const ASSIGNMENT_IDS_KEPT = 50_000;

/** One assignment row per loan, the same id on every device, so two reassignments meet on one row. */
export function assignmentId(loanId: string): string {
  let id = assignmentIds.get(loanId);
  if (id === undefined) {
    if (assignmentIds.size >= ASSIGNMENT_IDS_KEPT) assignmentIds.clear();
    id = uuidv5(`collection_assignments:${loanId}`, ASSIGNMENT_NAMESPACE);
    assignmentIds.set(loanId, id);
  }
  return id;
}

export function requireLoan(rows: ReadonlyMap<string, Row>, loanId: string): Row {
  const loan = rows.get(rowKey('loans', loanId));
  if (!loan) throw new MutationRefused('NOT_FOUND', 'loan_exists', `loan ${loanId} not found`);
  return loan;
}

/** The loan's collector now: a branch reassignment if there is one, else the one head office set. */
function effectiveCollector(rows: ReadonlyMap<string, Row>, loanId: string): string | null {
  const assigned = rows.get(rowKey('collection_assignments', assignmentId(loanId)));
  if (assigned && typeof assigned['collector_id'] === 'string') return assigned['collector_id'];
  const loan = rows.get(rowKey('loans', loanId));
  return typeof loan?.['collector_id'] === 'string' ? loan['collector_id'] : null;
}

export function mayWorkLoan(rows: ReadonlyMap<string, Row>, loanId: string, actor: Actor): boolean {
  if (actor.roles.includes('supervisor')) return true;
  return effectiveCollector(rows, loanId) === actor.userId;
}

/** Refuses a number or address that is not on the loan for that party (phone numbers are matched exactly). */
export function matchContactPoint(customer: Row | undefined, channel: string, party: string, addressUsed: string): void {
  if (channel === 'phone' || channel === 'sms') {
    const point = contactPointsOf(customer).find((p) => p.value === addressUsed);
    if (!point) throw new MutationRefused('DOMAIN_RULE', 'number_on_loan', 'the number is not among the loan’s contact points');
    if (point.party !== party) throw new MutationRefused('DOMAIN_RULE', 'party_on_loan', `the number belongs to the ${point.party}, not the ${party}`);
    return;
  }
  if (party === 'borrower' && customer?.['address'] !== addressUsed) {
    throw new MutationRefused('DOMAIN_RULE', 'address_on_loan', 'the address is not the borrower’s address on file');
  }
}

/**
 * The contacts read for a check as the rules read them: what happened, not what was keyed in by
 * mistake. A corrected entry gives way to its correction; blocked attempts were never made. Each
 * keeps its own loan: contacts about the borrower's other loans (read by number) count only toward
 * the number's cap.
 */
export function contactHistory(rows: ReadonlyMap<string, Row>): ContactHistoryEntry[] {
  const contacts = [...rows].filter(([key]) => key.startsWith('contacts:')).map(([, row]) => row);
  const corrected = new Set(contacts.map((c) => c['corrects_id']).filter((id): id is string => typeof id === 'string'));
  // Each start parsed once: a sort comparing Date.parse of both sides parsed every start ~12 times.
  return contacts
    .filter((c) => c['outcome'] !== 'blocked' && !corrected.has(String(c['id'])))
    .map((c) => ({ c, ms: Date.parse(String(c['started_at'])) }))
    .sort((a, b) => a.ms - b.ms)
    .map(({ c }) => ({
      loanId: String(c['loan_id']),
      at: String(c['started_at']),
      channel: c['channel'] as ContactHistoryEntry['channel'],
      party: c['party'] as ContactHistoryEntry['party'],
      phone: c['channel'] === 'phone' || c['channel'] === 'sms' ? String(c['address_used'] ?? '') : undefined,
      outcome: c['outcome'] as OutcomeCode,
      consentToLateContact: c['consent_late'] === 1 || c['consent_late'] === true,
    }));
}

/**
 * The id of a supervisor override of `ruleCode` on the loan that stands at `at`, or null. An override
 * has an end, not a start: a supervisor may also sanction after the fact a contact already made (a
 * 22:30 call the borrower asked for, logged the next morning) — with the written reason on record.
 */
export function activeOverride(rows: ReadonlyMap<string, Record<string, unknown>>, loanId: string, ruleCode: string, at: string): string | null {
  const when = Date.parse(at);
  for (const [key, row] of rows) {
    if (!key.startsWith('policy_overrides:') || row['loan_id'] !== loanId || row['rule_code'] !== ruleCode) continue;
    const until = typeof row['valid_until'] === 'string' ? Date.parse(row['valid_until']) : NaN;
    if (Number.isFinite(until) && when <= until) return String(row['id']);
  }
  return null;
}

/**
 * The customer's recorded consent to late contact in force on the local day of `at`, from the
 * contact_consents rows a mutation read (contactRuleReads), or null.
 */
export function lateConsentOf(rows: ReadonlyMap<string, Row>, customerId: string, at: string, timeZone: string): ConsentRecord | null {
  const records: ConsentRecord[] = [];
  for (const [key, row] of rows) if (key.startsWith('contact_consents:') && row['customer_id'] === customerId) records.push(consentRecordOf(row));
  return activeConsentOn(records, todayInTimeZone(new Date(at), timeZone));
}
