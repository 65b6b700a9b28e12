// contactConsent.record@1 and contactConsent.withdraw@1: a customer's consent to contact at hours the
// rules keep quiet, recorded before the call with how it was given and until when; a withdrawal is a
// new row naming the consent it ends. The contact rules (contact.log, at the branch and at head office)
// read these rows; nothing on the call itself can lift the quiet hours.
import { z } from 'zod';
import { addDays, todayInTimeZone } from '../domain/dates';
import { businessDate, CONSENT_WAYS } from '../domain/vocabulary';
import { assignmentId, mayWorkLoan, requireLoan } from './collectionRules';
import { MutationRefused, rowKey, type MutationDef, type Row, type RowRef } from './types';

const consentNote = z.string().trim().min(5).max(500);

export const contactConsentRecordArgs = z.object({
  id: z.uuid(),
  loanId: z.string().min(1).max(64),
  customerId: z.string().min(1).max(64),
  givenVia: z.enum(CONSENT_WAYS),
  givenOn: businessDate,
  validUntil: businessDate,
  note: consentNote,
});
export type ContactConsentRecordArgs = z.infer<typeof contactConsentRecordArgs>;

export const contactConsentWithdrawArgs = z.object({
  id: z.uuid(),
  loanId: z.string().min(1).max(64),
  customerId: z.string().min(1).max(64),
  withdrawsId: z.uuid(),
  note: consentNote,
});
export type ContactConsentWithdrawArgs = z.infer<typeof contactConsentWithdrawArgs>;

const workReads = (a: { loanId: string; customerId: string; id: string }): RowRef[] => [
  { table: 'loans', id: a.loanId },
  { table: 'collection_assignments', id: assignmentId(a.loanId) },
  { table: 'contact_consents', id: a.id },
];

/** The loan is the customer's and the actor works it; the new row's id is free. */
function checkWork(rows: ReadonlyMap<string, Row>, a: { loanId: string; customerId: string; id: string }, actor: Parameters<typeof mayWorkLoan>[2]): void {
  const loan = requireLoan(rows, a.loanId);
  if (loan['customer_id'] !== a.customerId) throw new MutationRefused('DOMAIN_RULE', 'loan_customer', `loan ${a.loanId} is not a loan of customer ${a.customerId}`);
  if (!mayWorkLoan(rows, a.loanId, actor)) throw new MutationRefused('FORBIDDEN', 'assigned_collector', 'only the loan’s collector or a supervisor may record consent');
  if (rows.has(rowKey('contact_consents', a.id))) throw new MutationRefused('CONFLICT', 'append_only', `consent ${a.id} already exists`);
}

export const contactConsentRecord: MutationDef<ContactConsentRecordArgs, { id: string }> = {
  name: 'contactConsent.record',
  version: 1,
  args: contactConsentRecordArgs,
  roles: ['collector', 'supervisor'],
  reads: workReads,
  policies: ['contact'],
  apply({ args, actor, rows, now, policy: policyOf }) {
    checkWork(rows, args, actor);
    const policy = policyOf('contact');
    const today = todayInTimeZone(new Date(now), policy.timeZone);
    if (args.givenOn > today) throw new MutationRefused('DOMAIN_RULE', 'consent_given_in_future', `consent cannot be given after today (${today})`);
    if (args.validUntil < args.givenOn) throw new MutationRefused('DOMAIN_RULE', 'consent_until_before_given', 'consent must run at least through the day it was given');
    const latest = addDays(args.givenOn, policy.contactHours.consentMaxDays);
    if (args.validUntil > latest) throw new MutationRefused('DOMAIN_RULE', 'consent_too_long', `consent may run at most until ${latest}`);
    return {
      writes: [
        {
          op: 'insert',
          table: 'contact_consents',
          id: args.id,
          values: { customer_id: args.customerId, loan_id: args.loanId, given_via: args.givenVia, given_on: args.givenOn, valid_until: args.validUntil, note: args.note, withdraws_id: null },
        },
      ],
      audit: { action: 'contactConsent.record', entityType: 'contact_consent', entityId: args.id },
      result: { id: args.id },
    };
  },
};

export const contactConsentWithdraw: MutationDef<ContactConsentWithdrawArgs, { id: string }> = {
  name: 'contactConsent.withdraw',
  version: 1,
  args: contactConsentWithdrawArgs,
  roles: ['collector', 'supervisor'],
  reads: workReads,
  // The customer's consents and withdrawals: a consent is withdrawn once.
  readsOwned: (a) => [{ table: 'contact_consents', ownerId: a.customerId }],
  policies: ['contact'],
  apply({ args, actor, rows, now, policy: policyOf }) {
    checkWork(rows, args, actor);
    const consent = rows.get(rowKey('contact_consents', args.withdrawsId));
    const withdrawn = [...rows.values()].some((r) => r['withdraws_id'] === args.withdrawsId && r['customer_id'] === args.customerId);
    if (!consent || consent['customer_id'] !== args.customerId || consent['withdraws_id'] !== null || withdrawn) {
      throw new MutationRefused('DOMAIN_RULE', 'consent_of_customer', 'only a consent of this customer not yet withdrawn can be withdrawn');
    }
    const today = todayInTimeZone(new Date(now), policyOf('contact').timeZone);
    return {
      writes: [
        {
          op: 'insert',
          table: 'contact_consents',
          id: args.id,
          values: { customer_id: args.customerId, loan_id: args.loanId, given_via: consent['given_via'], given_on: today, valid_until: null, note: args.note, withdraws_id: args.withdrawsId },
        },
      ],
      audit: { action: 'contactConsent.withdraw', entityType: 'contact_consent', entityId: args.id },
      result: { id: args.id },
    };
  },
};
