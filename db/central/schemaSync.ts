// Head-office-only tables: the device registry, enrollment codes, the per-client command log and the
// per-scope change log that branches pull from (DESIGN.md §7).
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * An enrolled workstation. Only sha256(token) is stored, so a database leak does not leak tokens.
 * A token expires a fixed time after it was issued (server/config.ts) and is replaced at hello before
 * then; the replaced one stays usable (previous_token_*) until the new one is first used
 * (token_first_used_at) plus a short grace, so a lost hello answer never locks a device out
 * (server/deviceTokens.ts).
 */
export const devices = pgTable(
  'devices',
  {
    id: text('id').primaryKey(),
    branchId: text('branch_id').notNull(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    tokenIssuedAt: text('token_issued_at').notNull(),
    tokenFirstUsedAt: text('token_first_used_at'),
    previousTokenHash: text('previous_token_hash').unique(),
    previousTokenValidUntil: text('previous_token_valid_until'),
    enrolledAt: text('enrolled_at').notNull(),
    revokedAt: text('revoked_at'),
    lastSeenAt: text('last_seen_at'),
  },
  (t) => [index('devices_branch_idx').on(t.branchId)],
);

/** One-time enrollment codes, stored hashed; used_at/device_id record who consumed one. */
export const enrollmentCodes = pgTable('enrollment_codes', {
  codeHash: text('code_hash').primaryKey(),
  branchId: text('branch_id').notNull(),
  createdAt: text('created_at').notNull(),
  expiresAt: text('expires_at').notNull(),
  usedAt: text('used_at'),
  deviceId: text('device_id'),
});

/** Per client (one outbox): the last seq processed. Its row lock serialises a client's pushes. */
export const clientState = pgTable('client_state', {
  clientId: text('client_id').primaryKey(),
  deviceId: text('device_id').notNull(),
  lastMutationSeq: bigint('last_mutation_seq', { mode: 'number' }).notNull().default(0),
});

/** Every mutation received, with its outcome, so a re-sent seq answers the stored result. */
export const mutationLog = pgTable(
  'mutation_log',
  {
    clientId: text('client_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    mutationId: text('mutation_id').notNull(),
    name: text('name').notNull(),
    args: jsonb('args'),
    userId: text('user_id').notNull(),
    deviceTime: text('device_time').notNull(),
    receivedAt: text('received_at').notNull(),
    status: text('status').notNull(), // applied | rejected | conflict
    reason: jsonb('reason'),
    /** The branch's audit chain head this applied change carried, under the user's verified signature. */
    auditSeq: bigint('audit_seq', { mode: 'number' }),
    auditHash: text('audit_hash'),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.seq] })],
);

/**
 * The version counter of each scope. Bumping it inside the writing transaction orders versions by commit.
 * row_sum is the XOR of the hashes of the scope's current rows (shared/sync/rowHash.ts), kept in the
 * same transactions; NULL (or an older row_sum_version) means not computed yet, and the first pull
 * computes it from the change log.
 */
export const scopeVersions = pgTable('scope_versions', {
  scope: text('scope').primaryKey(),
  epoch: text('epoch').notNull(),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
  rowSum: bigint('row_sum', { mode: 'bigint' }),
  rowSumVersion: integer('row_sum_version'),
});

/**
 * Compacted change log: one entry per (scope, table, row) holding the row's latest state, so a scope
 * snapshot is simply "everything after version 0". (scope, version) is unique: a version names one change.
 */
export const changeLog = pgTable(
  'change_log',
  {
    scope: text('scope').notNull(),
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    version: bigint('version', { mode: 'number' }).notNull(),
    op: text('op').notNull(), // upsert | remove
    data: jsonb('data'),
    /** The client whose pushed mutation wrote this state last (null: head office itself); drafts merge against it. */
    clientId: text('client_id'),
  },
  (t) => [primaryKey({ columns: [t.scope, t.tableName, t.rowId] }), uniqueIndex('change_log_scope_version_uq').on(t.scope, t.version)],
);

/** Refusals worth a security review: cross-branch writes, revoked devices, bad tokens. */
export const securityEvents = pgTable(
  'security_events',
  {
    id: text('id').primaryKey(),
    at: text('at').notNull(),
    deviceId: text('device_id'),
    kind: text('kind').notNull(),
    detail: jsonb('detail'),
    /**
     * Events of one kind from one source (device or address) in one hour share a row: the first one's
     * detail, how many, and when the last was. So a flood of bad tokens grows a counter, not the table.
     */
    bucket: text('bucket').unique(),
    count: integer('count').notNull().default(1),
    lastAt: text('last_at'),
  },
  (t) => [index('security_events_at_idx').on(t.at)],
);
