// Collections mutations (催收). Contacts are append-only: a mistake is corrected by a new entry that
// references it. The contact rules are checked here, inside the mutation, against the loan's contact
// history and active supervisor overrides — at the branch and again at head office — so calling the
// API directly cannot bypass them.
import { z } from 'zod';
import { businessDate, CONTACT_CHANNELS, CONTACT_PARTIES } from '../domain/vocabulary';
import { checkContact, CONTACT_RULE_LOOKBACK_DAYS, type ContactAttempt } from '../domain/contactPolicy';
import { OUTCOME_CODES, OUTCOMES } from '../domain/contactOutcomes';
import { todayInTimeZone } from '../domain/dates';
import { activeOverride, assignmentId, contactHistory, lateConsentOf, matchContactPoint, mayWorkLoan, requireLoan } from './collectionRules';
import { MutationRefused, rowKey, type MutationDef, type MutationPlan, type OwnedRef } from './types';

const instant = z.iso.datetime({ offset: true });

/** Recent entries beyond the window, for "the last 3 attempts failed" on a loan called rarely. */
const RECENT_ENTRIES = 50;

/**
 * What the contact rules need of a loan's history for an attempt at `at`: the contacts of the last
 * rules' longest window, the 50 latest, every hold, clearing and invalid number — the loan's
 * overrides and the customer's recorded consents to late contact; for a call, also the last day's calls to the number about any loan (the per-number daily
 * cap; a local day starts less than 24 hours before any instant of it). The branch's check and head
 * office's re-check read exactly this.
 */
export function contactRuleReads(loanId: string, customerId: string, at: string, calledNumber?: string): OwnedRef[] {
  const since = new Date(Date.parse(at) - CONTACT_RULE_LOOKBACK_DAYS * 86_400_000).toISOString();
  const reads: OwnedRef[] = [
    { table: 'contacts', ownerId: loanId, window: { since, latest: RECENT_ENTRIES } },
    { table: 'policy_overrides', ownerId: loanId },
    { table: 'contact_consents', ownerId: customerId },
  ];
  if (calledNumber !== undefined) reads.push({ table: 'contacts', toNumber: calledNumber, since: new Date(Date.parse(at) - 86_400_000).toISOString() });
  return reads;
}

export const contactLogArgs = z.object({
  id: z.uuid(),
  loanId: z.string().min(1).max(64),
  customerId: z.string().min(1).max(64),
  channel: z.enum(CONTACT_CHANNELS),
  party: z.enum(CONTACT_PARTIES),
  partyRelation: z.string().trim().max(40).optional(),
  /** The number (phone, sms) or address (letter, visit, legal) used, in full. */
  addressUsed: z.string().trim().min(1).max(200),
  startedAt: instant,
  durationSeconds: z.number().int().min(0).max(6 * 3600).optional(),
  outcome: z.enum(OUTCOME_CODES),
  note: z.string().trim().max(2000).optional(),
  nextActionOn: businessDate.optional(),
  complaint: z.boolean().default(false),
  correctsId: z.uuid().optional(),
  promise: z.object({ id: z.uuid(), amount: z.number().int().min(1), promisedOn: businessDate }).strict().optional(),
});
export type ContactLogArgs = z.infer<typeof contactLogArgs>;

export const contactLog: MutationDef<ContactLogArgs, { id: string; overrideIds: string[] }> = {
  name: 'contact.log',
  version: 1,
  args: contactLogArgs,
  roles: ['collector', 'supervisor'],
  reads: (a) => [
    { table: 'loans', id: a.loanId },
    { table: 'customers', id: a.customerId },
    { table: 'collection_assignments', id: assignmentId(a.loanId) },
    { table: 'contacts', id: a.id },
    ...(a.promise ? [{ table: 'promises_to_pay' as const, id: a.promise.id }] : []),
  ],
  readsOwned: (a) => contactRuleReads(a.loanId, a.customerId, a.startedAt, a.channel === 'phone' ? a.addressUsed : undefined),
  policies: ['contact'],
  apply({ args, actor, rows, policy: policyOf }) {
    const loan = requireLoan(rows, args.loanId);
    if (loan['customer_id'] !== args.customerId) throw new MutationRefused('DOMAIN_RULE', 'loan_customer', `loan ${args.loanId} is not a loan of customer ${args.customerId}`);
    if (!mayWorkLoan(rows, args.loanId, actor)) throw new MutationRefused('FORBIDDEN', 'assigned_collector', 'only the loan’s collector or a supervisor may log its contacts');
    if (rows.has(rowKey('contacts', args.id))) throw new MutationRefused('CONFLICT', 'append_only', `contact ${args.id} already exists`);
    if (!OUTCOMES[args.outcome].isAttempt) {
      throw new MutationRefused('DOMAIN_RULE', 'administrative_outcome', `${args.outcome} is not a contact; a supervisor clears a hold with its own action`);
    }
    const spec = OUTCOMES[args.outcome];
    if (!(spec.channels as readonly string[]).includes(args.channel)) {
      throw new MutationRefused('DOMAIN_RULE', 'outcome_channel', `outcome ${args.outcome} does not apply to a ${args.channel} contact`);
    }
    matchContactPoint(rows.get(rowKey('customers', args.customerId)), args.channel, args.party, args.addressUsed);
    if (args.correctsId) {
      const corrected = rows.get(rowKey('contacts', args.correctsId));
      if (!corrected || corrected['loan_id'] !== args.loanId) {
        throw new MutationRefused('DOMAIN_RULE', 'correction_same_loan', 'a correction must reference a contact of the same loan');
      }
    }
    const policy = policyOf('contact');
    let overrideIds: string[] = [];
    let consented = false;
    // A correction re-describes a contact already checked; a new contact is checked against the rules.
    if (!args.correctsId) {
      consented = lateConsentOf(rows, args.customerId, args.startedAt, policy.timeZone) !== null;
      const attempt: ContactAttempt = {
        loanId: args.loanId,
        at: args.startedAt,
        channel: args.channel,
        party: args.party,
        phone: args.channel === 'phone' || args.channel === 'sms' ? args.addressUsed : undefined,
        consentToLateContact: consented,
      };
      const verdict = checkContact(policy, contactHistory(rows), attempt);
      if (!verdict.allowed) {
        const covering = verdict.reasons.map((r) => activeOverride(rows, args.loanId, r.code, args.startedAt));
        if (covering.some((id) => id === null)) {
          const open = verdict.reasons.filter((_, i) => covering[i] === null);
          throw new MutationRefused('DOMAIN_RULE', 'contact_blocked', open.map((r) => `${r.code}: ${r.message}`).join('; '), {
            contactBlocked: open.map((r) => ({ code: r.code, messageZh: r.messageZh, messageEn: r.messageEn })),
          });
        }
        overrideIds = [...new Set(covering as string[])];
      }
    }
    const writes: ReturnType<MutationDef['apply']>['writes'] = [
      {
        op: 'insert',
        table: 'contacts',
        id: args.id,
        values: {
          loan_id: args.loanId,
          channel: args.channel,
          party: args.party,
          party_relation: args.partyRelation ?? null,
          address_used: args.addressUsed,
          started_at: args.startedAt,
          duration_seconds: args.durationSeconds ?? null,
          outcome: args.outcome,
          note: args.note ?? null,
          next_action_on: args.nextActionOn ?? null,
          corrects_id: args.correctsId ?? null,
          collector_id: actor.userId,
          consent_late: consented,
          complaint: args.complaint,
          override_ids: overrideIds,
        },
      },
    ];
    if (args.promise) {
      if (args.outcome !== 'promise_to_pay') throw new MutationRefused('DOMAIN_RULE', 'promise_outcome', 'a promise is recorded with the outcome promise_to_pay');
      if (rows.has(rowKey('promises_to_pay', args.promise.id))) throw new MutationRefused('CONFLICT', 'append_only', `promise ${args.promise.id} already exists`);
      const contactDay = todayInTimeZone(new Date(args.startedAt), policy.timeZone);
      if (args.promise.promisedOn < contactDay) {
        throw new MutationRefused('DOMAIN_RULE', 'promise_in_past', `a promise cannot fall before the day it was made (${contactDay})`);
      }
      writes.push({
        op: 'insert',
        table: 'promises_to_pay',
        id: args.promise.id,
        values: { loan_id: args.loanId, contact_id: args.id, amount: args.promise.amount, promised_on: args.promise.promisedOn, status: 'pending' },
      });
    }
    return {
      writes,
      audit: { action: args.correctsId ? 'contact.correct' : 'contact.log', entityType: 'contact', entityId: args.id },
      result: { id: args.id, overrideIds },
    };
  },
};

export const contactBlockedArgs = z.object({
  id: z.uuid(),
  loanId: z.string().min(1).max(64),
  channel: z.enum(CONTACT_CHANNELS),
  party: z.enum(CONTACT_PARTIES),
  startedAt: instant,
  reasonCodes: z.array(z.string().min(1).max(60)).min(1).max(10),
});
export type ContactBlockedArgs = z.infer<typeof contactBlockedArgs>;

/**
 * An entry of a loan's contact log that is not a contact attempt (a stopped try, a hold cleared): the
 * same append-only row, written by one plan.
 */
function logEntryPlan(
  rows: ReadonlyMap<string, Record<string, unknown>>,
  entry: { id: string; loanId: string; channel: string; party: string; startedAt: string; outcome: string; note: string; by: string; action: string },
): MutationPlan<{ id: string }> {
  requireLoan(rows, entry.loanId);
  if (rows.has(rowKey('contacts', entry.id))) throw new MutationRefused('CONFLICT', 'append_only', `contact ${entry.id} already exists`);
  const values = {
    loan_id: entry.loanId,
    channel: entry.channel,
    party: entry.party,
    started_at: entry.startedAt,
    outcome: entry.outcome,
    note: entry.note,
    collector_id: entry.by,
  };
  return {
    writes: [{ op: 'insert', table: 'contacts', id: entry.id, values }],
    audit: { action: entry.action, entityType: 'contact', entityId: entry.id },
    result: { id: entry.id },
  };
}

/** A contact the rules stopped: kept (as outcome 'blocked') for the agent KPIs and for review, never as an attempt. */
export const contactBlocked: MutationDef<ContactBlockedArgs, { id: string }> = {
  name: 'contact.blocked',
  version: 1,
  args: contactBlockedArgs,
  roles: ['collector', 'supervisor'],
  reads: (a) => [
    { table: 'loans', id: a.loanId },
    { table: 'contacts', id: a.id },
  ],
  apply: ({ args, actor, rows }) =>
    logEntryPlan(rows, { ...args, outcome: 'blocked', note: args.reasonCodes.join(','), by: actor.userId, action: 'contact.blocked' }),
};

export const contactHoldClearArgs = z.object({
  id: z.uuid(),
  loanId: z.string().min(1).max(64),
  reason: z.string().trim().min(5).max(2000),
});
export type ContactHoldClearArgs = z.infer<typeof contactHoldClearArgs>;

/**
 * A supervisor clears a dispute or stop-contact hold: an administrative entry in the contact log
 * (outcome cleared_by_supervisor), which the contact rules read as clearing every hold before it.
 */
export const contactHoldClear: MutationDef<ContactHoldClearArgs, { id: string }> = {
  name: 'contactHold.clear',
  version: 1,
  args: contactHoldClearArgs,
  roles: ['supervisor'],
  reads: (a) => [
    { table: 'loans', id: a.loanId },
    { table: 'contacts', id: a.id },
  ],
  apply: ({ args, actor, rows, now }) =>
    logEntryPlan(rows, {
      id: args.id,
      loanId: args.loanId,
      channel: 'phone',
      party: 'borrower',
      startedAt: now,
      outcome: 'cleared_by_supervisor',
      note: args.reason,
      by: actor.userId,
      action: 'contactHold.clear',
    }),
};
