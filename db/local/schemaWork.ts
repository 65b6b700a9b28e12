// Branch work tables: made at the branch through the one write path, pushed to head office.
import { syncedColumns } from './columns';
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';


export const ddCases = sqliteTable('dd_cases', {
  ...syncedColumns(),
  customerId: text('customer_id').notNull(),
  loanId: text('loan_id'),
  application: text('application', { mode: 'json' }).notNull(),
  templateId: text('template_id').notNull(),
  status: text('status').notNull(), // draft | submitted | approved | returned | withdrawn
  officerId: text('officer_id').notNull(),
  submittedAt: text('submitted_at'),
  decidedAt: text('decided_at'),
  /** Goes up with each submission; a decision names the submission it decides (stale ones are refused). */
  submissionNo: integer('submission_no').notNull().default(0),
  submittedBy: text('submitted_by'),
  decidedBy: text('decided_by'),
  /** The amount approved (fen), at most the amount applied for; null until approved. */
  approvedAmountFen: integer('approved_amount_fen'),
  /** Conditions the approver set (text); null until approved. */
  approvalConditions: text('approval_conditions'),
});

export const inspections = sqliteTable('inspections', {
  ...syncedColumns(),
  loanId: text('loan_id').notNull(),
  kind: text('kind').notNull(), // first | periodic | adhoc
  dueDate: text('due_date').notNull(),
  status: text('status').notNull(),
  inspectorId: text('inspector_id').notNull(),
  templateId: text('template_id'),
  performedAt: text('performed_at'),
  location: text('location'),
  findings: text('findings'),
  proposedClass: text('proposed_class'),
});

export const formResponses = sqliteTable(
  'form_responses',
  {
    ...syncedColumns(),
    ownerType: text('owner_type').notNull(), // dd_case | inspection
    ownerId: text('owner_id').notNull(),
    itemKey: text('item_key').notNull(),
    value: text('value', { mode: 'json' }),
  },
  (t) => [index('form_responses_owner_idx').on(t.ownerType, t.ownerId)],
);

export const contacts = sqliteTable(
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
    correctsId: text('corrects_id'), // append-only: a correction is a new row pointing at the old one
    collectorId: text('collector_id').notNull(),
    /** The borrower consented to contact in quiet hours (a rule exception the check honours). */
    consentLate: integer('consent_late', { mode: 'boolean' }).notNull().default(false),
    /** A complaint the party raised on this contact (a KPI beside money recovered). */
    complaint: integer('complaint', { mode: 'boolean' }).notNull().default(false),
    /** Supervisor overrides that allowed this contact despite a rule (policy_overrides ids). */
    overrideIds: text('override_ids', { mode: 'json' }),
  },
  (t) => [
    index('contacts_loan_idx').on(t.loanId, t.startedAt),
    // Corrections only: most contacts correct nothing, and a NULL entry would still cost each insert an
    // index page at commit. `corrects_id = x` implies NOT NULL, so the lookups use it.
    index('contacts_corrects_idx').on(t.correctsId).where(sql`corrects_id IS NOT NULL`),
    // The KPI page (kpiCounts): each agent's contacts of a period are one range, in agent order (no
    // sort for the GROUP BY), and every column counted is in the index, so no table row is read.
    index('contacts_kpi_idx').on(t.branchId, t.collectorId, t.startedAt, t.outcome, t.complaint, t.overrideIds, t.id, t.deletedAt),
    // The contact that made each promise (promisesFor): promise entries only, a few pages for a month's
    // promises where the primary key costs a page per promise. The queries repeat the WHERE term.
    index('contacts_promise_idx').on(t.id, t.startedAt, t.collectorId).where(sql`outcome = 'promise_to_pay'`),
    // A number's calls today about any of the borrower's loans (the per-number cap, contactRuleReads).
    index('contacts_number_idx').on(t.addressUsed, t.startedAt),
    // The few entries the contact rules read however old they are (shared/mutations/collections.ts
    // STICKY_*): numbers found not to reach their party, and holds with their clearing. The WHERE must
    // match the queries' IN lists term for term, or SQLite will not use the partial index.
    index('contacts_invalid_number_idx')
      .on(t.loanId, t.addressUsed)
      .where(sql`outcome IN ('number_invalid', 'wrong_number')`),
    index('contacts_hold_idx')
      .on(t.loanId)
      .where(sql`outcome IN ('dispute', 'asked_to_stop', 'cleared_by_supervisor')`),
  ],
);

/** Who works a delinquent loan: one row per loan (id derived from the loan id), re-pointed on reassignment. */
export const collectionAssignments = sqliteTable(
  'collection_assignments',
  {
    ...syncedColumns(),
    loanId: text('loan_id').notNull(),
    collectorId: text('collector_id').notNull(),
    note: text('note'),
  },
  (t) => [index('collection_assignments_collector_idx').on(t.collectorId), index('collection_assignments_loan_idx').on(t.loanId)],
);

export const promisesToPay = sqliteTable(
  'promises_to_pay',
  {
    ...syncedColumns(),
    loanId: text('loan_id').notNull(),
    contactId: text('contact_id'),
    amount: integer('amount').notNull(),
    promisedOn: text('promised_on').notNull(),
    status: text('status').notNull(), // pending | kept | partially_kept | broken
  },
  (t) => [index('promises_to_pay_loan_idx').on(t.loanId), index('promises_to_pay_promised_idx').on(t.branchId, t.promisedOn)],
);

export const warnings = sqliteTable('warnings', {
  ...syncedColumns(),
  loanId: text('loan_id').notNull(),
  ruleCode: text('rule_code').notNull(),
  severity: text('severity').notNull(),
  raisedAt: text('raised_at').notNull(),
  status: text('status').notNull(),
  handledBy: text('handled_by'),
  handlingNote: text('handling_note'),
});

export const attachments = sqliteTable('attachments', {
  ...syncedColumns(),
  ownerType: text('owner_type').notNull(),
  ownerId: text('owner_id').notNull(),
  kind: text('kind').notNull(),
  sha256: text('sha256').notNull(), // blob is content-addressed in the app data folder
  sizeBytes: integer('size_bytes').notNull(),
  mimeType: text('mime_type').notNull(),
  fileName: text('file_name').notNull(),
  /** The checklist item the file answers (evidence or signature item). */
  itemKey: text('item_key'),
});

export const approvals = sqliteTable('approvals', {
  ...syncedColumns(),
  subjectType: text('subject_type').notNull(),
  subjectId: text('subject_id').notNull(),
  decision: text('decision').notNull(),
  comment: text('comment'),
  decidedBy: text('decided_by').notNull(),
  decidedAt: text('decided_at').notNull(),
});

export const policyOverrides = sqliteTable('policy_overrides', {
  ...syncedColumns(),
  loanId: text('loan_id').notNull(),
  ruleCode: text('rule_code').notNull(),
  reason: text('reason').notNull(),
  approvedBy: text('approved_by').notNull(),
  /** The override allows contacts up to this instant (ISO); a supervisor grants it for a short window. */
  validUntil: text('valid_until'),
});

/**
 * A customer's consent to contact at hours the contact rules otherwise keep quiet: how it was given,
 * from when and until when, recorded by whom (updated_by). Append-only: a withdrawal is a new row that
 * names the consent it ends.
 */
export const contactConsents = sqliteTable(
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

/** Visit and desk notes on a loan: append-only; a correction is a new note that references the old one. */
export const loanNotes = sqliteTable(
  'loan_notes',
  {
    ...syncedColumns(),
    loanId: text('loan_id').notNull(),
    body: text('body').notNull(),
    correctsId: text('corrects_id'),
  },
  (t) => [index('loan_notes_loan_idx').on(t.loanId)],
);

/** Hash-chained audit log: hash = sha256(prev_hash + canonical entry). Append-only. */
export const auditLog = sqliteTable('audit_log', {
  seq: integer('seq').primaryKey(),
  id: text('id').notNull().unique(),
  branchId: text('branch_id').notNull(),
  at: text('at').notNull(),
  actorId: text('actor_id').notNull(),
  deviceId: text('device_id').notNull(),
  action: text('action').notNull(),
  entityType: text('entity_type').notNull(),
  entityId: text('entity_id').notNull(),
  beforeDigest: text('before_digest'),
  afterDigest: text('after_digest'),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});
