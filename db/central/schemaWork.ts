// Branch work tables at head office: made at a branch, pushed up, re-applied here by the named
// mutations (shared/mutations). Same columns as db/local/schemaWork.ts.
import { bigint, boolean, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { syncedColumns } from './columns';

export const ddCases = pgTable(
  'dd_cases',
  {
    ...syncedColumns(),
    customerId: text('customer_id').notNull(),
    loanId: text('loan_id'),
    application: jsonb('application').notNull(),
    templateId: text('template_id').notNull(),
    status: text('status').notNull(),
    officerId: text('officer_id').notNull(),
    submittedAt: text('submitted_at'),
    decidedAt: text('decided_at'),
    /** Goes up with each submission; a decision names the submission it decides (stale ones are refused). */
    submissionNo: integer('submission_no').notNull().default(0),
    submittedBy: text('submitted_by'),
    decidedBy: text('decided_by'),
    /** The amount approved (fen), at most the amount applied for; null until approved. */
    approvedAmountFen: bigint('approved_amount_fen', { mode: 'number' }),
    /** Conditions the approver set (text); null until approved. */
    approvalConditions: text('approval_conditions'),
  },
  (t) => [index('dd_cases_branch_idx').on(t.branchId)],
);

export const inspections = pgTable(
  'inspections',
  {
    ...syncedColumns(),
    loanId: text('loan_id').notNull(),
    kind: text('kind').notNull(),
    dueDate: text('due_date').notNull(),
    status: text('status').notNull(),
    inspectorId: text('inspector_id').notNull(),
    templateId: text('template_id'),
    performedAt: text('performed_at'),
    location: text('location'),
    findings: text('findings'),
    proposedClass: text('proposed_class'),
  },
  (t) => [index('inspections_loan_idx').on(t.loanId)],
);

export const formResponses = pgTable(
  'form_responses',
  {
    ...syncedColumns(),
    ownerType: text('owner_type').notNull(),
    ownerId: text('owner_id').notNull(),
    itemKey: text('item_key').notNull(),
    value: jsonb('value'),
  },
  (t) => [index('form_responses_owner_idx').on(t.ownerType, t.ownerId)],
);

export const contacts = pgTable(
  'contacts',
  {
    ...syncedColumns(),
    loanId: text('loan_id').notNull(),
    channel: text('channel').notNull(),
    party: text('party').notNull(),
    partyRelation: text('party_relation'),
    addressUsed: text('address_used'),
    startedAt: text('started_at').notNull(),
    durationSeconds: integer('duration_seconds'),
    outcome: text('outcome').notNull(),
    note: text('note'),
    nextActionOn: text('next_action_on'),
    correctsId: text('corrects_id'),
    collectorId: text('collector_id').notNull(),
    consentLate: boolean('consent_late').notNull().default(false),
    complaint: boolean('complaint').notNull().default(false),
    overrideIds: jsonb('override_ids'),
  },
  (t) => [
    index('contacts_loan_idx').on(t.loanId, t.startedAt),
    // A number's calls today about any of the borrower's loans (the per-number cap, contactRuleReads).
    index('contacts_number_idx').on(t.branchId, t.addressUsed, t.startedAt),
  ],
);

export const collectionAssignments = pgTable(
  'collection_assignments',
  {
    ...syncedColumns(),
    loanId: text('loan_id').notNull(),
    collectorId: text('collector_id').notNull(),
    note: text('note'),
  },
  (t) => [index('collection_assignments_branch_idx').on(t.branchId)],
);

export const promisesToPay = pgTable(
  'promises_to_pay',
  {
    ...syncedColumns(),
    loanId: text('loan_id').notNull(),
    contactId: text('contact_id'),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    promisedOn: text('promised_on').notNull(),
    status: text('status').notNull(),
  },
  (t) => [index('promises_to_pay_loan_idx').on(t.loanId)],
);

export const warnings = pgTable(
  'warnings',
  {
    ...syncedColumns(),
    loanId: text('loan_id').notNull(),
    ruleCode: text('rule_code').notNull(),
    severity: text('severity').notNull(),
    raisedAt: text('raised_at').notNull(),
    status: text('status').notNull(),
    handledBy: text('handled_by'),
    handlingNote: text('handling_note'),
  },
  (t) => [index('warnings_loan_idx').on(t.loanId)],
);

export const attachments = pgTable(
  'attachments',
  {
    ...syncedColumns(),
    ownerType: text('owner_type').notNull(),
    ownerId: text('owner_id').notNull(),
    kind: text('kind').notNull(),
    sha256: text('sha256').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    mimeType: text('mime_type').notNull(),
    fileName: text('file_name').notNull(),
    /** The checklist item the file answers (evidence or signature item). */
    itemKey: text('item_key'),
  },
  (t) => [index('attachments_owner_idx').on(t.ownerType, t.ownerId)],
);

export const approvals = pgTable('approvals', {
  ...syncedColumns(),
  subjectType: text('subject_type').notNull(),
  subjectId: text('subject_id').notNull(),
  decision: text('decision').notNull(),
  comment: text('comment'),
  decidedBy: text('decided_by').notNull(),
  decidedAt: text('decided_at').notNull(),
});

export const policyOverrides = pgTable('policy_overrides', {
  ...syncedColumns(),
  loanId: text('loan_id').notNull(),
  ruleCode: text('rule_code').notNull(),
  reason: text('reason').notNull(),
  approvedBy: text('approved_by').notNull(),
  validUntil: text('valid_until'),
});

/**
 * A customer's consent to contact at hours the contact rules otherwise keep quiet: how it was given,
 * from when and until when, recorded by whom (updated_by). Append-only: a withdrawal is a new row that
 * names the consent it ends.
 */
export const contactConsents = pgTable(
  'contact_consents',
  {
    ...syncedColumns(),
    customerId: text('customer_id').notNull(),
    /** The loan whose collection work recorded it (the recorder's right to work it was checked there). */
    loanId: text('loan_id').notNull(),
    givenVia: text('given_via').notNull(),
    givenOn: text('given_on').notNull(),
    validUntil: text('valid_until'),
    note: text('note').notNull(),
    withdrawsId: text('withdraws_id'),
  },
  (t) => [index('contact_consents_customer_idx').on(t.customerId)],
);

export const loanNotes = pgTable(
  'loan_notes',
  {
    ...syncedColumns(),
    loanId: text('loan_id').notNull(),
    body: text('body').notNull(),
    correctsId: text('corrects_id'),
  },
  (t) => [index('loan_notes_loan_idx').on(t.loanId)],
);
