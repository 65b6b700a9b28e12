// Local-only tables: sync bookkeeping, sign-in state, derived metrics and per-user preferences.
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Mutations not yet acknowledged by head office, written in the same transaction as the change. */
export const outbox = sqliteTable(
  'outbox',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }), // strictly increasing per client
    clientId: text('client_id').notNull(),
    mutationId: text('mutation_id').notNull().unique(),
    name: text('name').notNull(), // e.g. loanNote.add@1
    args: text('args', { mode: 'json' }).notNull(),
    baseVersions: text('base_versions', { mode: 'json' }).notNull(),
    userId: text('user_id').notNull(),
    deviceTime: text('device_time').notNull(),
    status: text('status').notNull().default('pending'), // pending | in_flight | applied | rejected | conflict
    result: text('result', { mode: 'json' }),
    /** The rows this mutation wrote as they were before it ([{ table, id, before }], before null for an insert): restored if head office refuses it. */
    undo: text('undo', { mode: 'json' }),
    /** The user's Ed25519 signature over the entry's canonical form (shared/auth/signing.ts), base64. */
    signature: text('signature'),
    /** The audit chain's head after this mutation's own entry (main/services/audit.ts): seq and keyed hash, signed with the entry. */
    auditSeq: integer('audit_seq'),
    auditHash: text('audit_hash'),
  },
  (t) => [index('outbox_status_idx').on(t.status)],
);

export const syncState = sqliteTable('sync_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const syncIssues = sqliteTable('sync_issues', {
  id: text('id').primaryKey(),
  mutationId: text('mutation_id'),
  kind: text('kind').notNull(), // rejected | conflict
  reason: text('reason').notNull(),
  payload: text('payload', { mode: 'json' }),
  createdAt: text('created_at').notNull(),
  resolvedAt: text('resolved_at'),
});

/** Failed sign-in counting for lockout; local to the device. */
export const signInAttempts = sqliteTable('sign_in_attempts', {
  username: text('username').primaryKey(),
  failedCount: integer('failed_count').notNull().default(0),
  lockedUntil: text('locked_until'),
});

/** Derived per-loan figures, recomputed from schedule and payments (never synced). */
export const loanMetrics = sqliteTable(
  'loan_metrics',
  {
    loanId: text('loan_id').primaryKey(),
    asOf: text('as_of').notNull(),
    dpd: integer('dpd').notNull(),
    bucket: text('bucket').notNull(),
    classFloor: text('class_floor').notNull(),
    outstandingPrincipal: integer('outstanding_principal').notNull(),
    overduePrincipal: integer('overdue_principal').notNull(),
    overdueInterest: integer('overdue_interest').notNull(),
    nextDueDate: text('next_due_date'),
  },
  (t) => [index('loan_metrics_dpd_idx').on(t.dpd), index('loan_metrics_bucket_idx').on(t.bucket, t.dpd)],
);

/**
 * The collections queue's per-loan summary (never synced): one row per delinquent loan, kept by the
 * metrics refresh and, in the same transaction, by every write of the loan's contacts, promises and
 * assignment — so the queue is one indexed read instead of a join over the contact history.
 * Promise figures are as of `as_of` (the metrics date); days to a pending promise are counted at read.
 */
export const collectionQueue = sqliteTable(
  'collection_queue',
  {
    loanId: text('loan_id').primaryKey(),
    branchId: text('branch_id').notNull(),
    asOf: text('as_of').notNull(),
    loanNo: text('loan_no').notNull(),
    customerName: text('customer_name').notNull(),
    /** The assignment's collector, else the loan's. */
    collectorId: text('collector_id'),
    dpd: integer('dpd').notNull(),
    bucket: text('bucket').notNull(),
    overduePrincipal: integer('overdue_principal').notNull(),
    overdueInterest: integer('overdue_interest').notNull(),
    lastContactAt: text('last_contact_at'),
    lastOutcome: text('last_outcome'),
    nextActionOn: text('next_action_on'),
    phoneNumbers: integer('phone_numbers').notNull(),
    invalidNumbers: integer('invalid_numbers').notNull(),
    brokenPromises: integer('broken_promises').notNull(),
    /** The latest promise (by promised date): its status on as_of, amount and date; null without one. */
    promiseStatus: text('promise_status'),
    promiseAmount: integer('promise_amount'),
    promiseOn: text('promise_on'),
    /** The earliest deadline of a promise still pending on as_of. */
    pendingPromiseDue: text('pending_promise_due'),
    /**
     * The queue order as of as_of under the branch's priority policy (collectionPriority.ts): score,
     * then the worse bucket, the larger overdue amount, the loan id. Stored so a page is an index read.
     */
    priorityScore: integer('priority_score').notNull().default(0),
    bucketRank: integer('bucket_rank').notNull().default(0),
    overdueAmount: integer('overdue_amount').notNull().default(0),
  },
  (t) => [
    index('collection_queue_branch_collector_idx').on(t.branchId, t.collectorId),
    index('collection_queue_order_idx').on(t.branchId, t.collectorId, t.priorityScore, t.bucketRank, t.overdueAmount, t.loanId),
  ],
);

export const userPrefs = sqliteTable(
  'user_prefs',
  {
    userId: text('user_id').notNull(),
    key: text('key').notNull(),
    value: text('value', { mode: 'json' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);

/**
 * Upload state of each attachment blob (DESIGN.md §7 "Attachments"), kept apart from the outbox so a
 * large file never holds up mutations. `verified` only after head office said the blob is complete
 * (it re-hashes it); `failed` needs a person (too large, or the local copy is corrupt).
 */
export const blobUploads = sqliteTable(
  'blob_uploads',
  {
    sha256: text('sha256').primaryKey(),
    sizeBytes: integer('size_bytes').notNull(),
    uploadedBytes: integer('uploaded_bytes').notNull().default(0), // last offset head office confirmed
    status: text('status').notNull().default('pending'), // pending | uploading | verified | failed
    lastError: text('last_error'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('blob_uploads_status_idx').on(t.status)],
);

/**
 * The loans that have at least one contact (of any branch or time, tombstoned or not): what the recovery
 * KPI counts as a loan worked in collections. Kept by triggers on contacts (local migration 0011: insert,
 * delete, a changed loan_id), so every writer — mutate, pulled pages, undo, scope resets — keeps it
 * without knowing it. One small row per loan, where listing them from contacts reads a page per loan.
 */
export const contactLoans = sqliteTable('contact_loans', {
  loanId: text('loan_id').primaryKey(),
});
