// Central (head office) PostgreSQL schema. Synced tables mirror the branch schema (db/local/schema*.ts)
// column for column, so rows travel as plain {column: value} objects (DESIGN.md §5):
// text ids, ISO timestamps and 'YYYY-MM-DD' dates; bigint money; jsonb where the branch stores JSON text;
// boolean where the branch uses an integer-mode boolean.
//
// No foreign keys here: drizzle-kit writes FK targets schema-qualified ("public"."x"), which would
// break a database opened in another schema (tests use one per run), and reference rows arrive from
// the core-banking feed in batches whose order we do not control. The branch keeps its own FKs.
import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { syncedColumns } from './columns';
import { HOME_TIME_ZONE } from '../../shared/domain/dates';

// ---------- reference data (head office is the source of truth) ----------

export const branches = pgTable('branches', {
  ...syncedColumns(),
  code: text('code').notNull().unique(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  timeZone: text('time_zone').notNull().default(HOME_TIME_ZONE),
  /** The branch's telephone for customers, as printed on its letters; null when head office has none. */
  phone: text('phone'),
  /** The branch's street address, as printed on its letters. */
  address: text('address'),
});

export const users = pgTable(
  'users',
  {
    ...syncedColumns(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    roles: jsonb('roles').$type<string[]>().notNull(),
    passwordHash: text('password_hash').notNull(),
    active: boolean('active').notNull().default(true),
    /** Ed25519 public key (SPKI DER, base64): every pushed change of this user must carry its signature. */
    signingPublicKey: text('signing_public_key'),
    /** The private key sealed under the user's password; travels to the branch, opened at sign-in there. */
    signingKeySealed: text('signing_key_sealed'),
  },
  (t) => [index('users_branch_idx').on(t.branchId)],
);

export const customers = pgTable(
  'customers',
  {
    ...syncedColumns(),
    customerNo: text('customer_no').notNull().unique(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    segment: text('segment').notNull(),
    idNumberMasked: text('id_number_masked'),
    phone: text('phone'),
    address: text('address'),
    contactPoints: jsonb('contact_points').$type<unknown[]>().notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [index('customers_name_idx').on(t.name), index('customers_branch_idx').on(t.branchId)],
);

export const loans = pgTable(
  'loans',
  {
    ...syncedColumns(),
    loanNo: text('loan_no').notNull().unique(),
    customerId: text('customer_id').notNull(),
    product: text('product').notNull(),
    purpose: text('purpose').notNull(),
    principal: bigint('principal', { mode: 'number' }).notNull(),
    annualRate: text('annual_rate').notNull(),
    termMonths: integer('term_months').notNull(),
    method: text('method').notNull(),
    rounding: text('rounding').notNull().default('half_up'),
    disbursedOn: text('disbursed_on').notNull(),
    firstDueDate: text('first_due_date').notNull(),
    maturityDate: text('maturity_date').notNull(),
    officerId: text('officer_id'),
    collectorId: text('collector_id'),
    riskGrade: text('risk_grade').notNull(),
    fiveClass: text('five_class').notNull(),
    restructuredUntil: text('restructured_until'),
    status: text('status').notNull().default('active'),
  },
  (t) => [
    index('loans_customer_idx').on(t.customerId),
    index('loans_officer_idx').on(t.officerId),
    index('loans_branch_idx').on(t.branchId),
  ],
);

export const installments = pgTable(
  'installments',
  {
    ...syncedColumns(),
    loanId: text('loan_id').notNull(),
    seq: integer('seq').notNull(),
    dueDate: text('due_date').notNull(),
    principalDue: bigint('principal_due', { mode: 'number' }).notNull(),
    interestDue: bigint('interest_due', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('installments_loan_seq_uq').on(t.loanId, t.seq)],
);

export const payments = pgTable(
  'payments',
  {
    ...syncedColumns(),
    loanId: text('loan_id').notNull(),
    paidOn: text('paid_on').notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    channel: text('channel').notNull(),
    reference: text('reference'),
  },
  (t) => [index('payments_loan_idx').on(t.loanId, t.paidOn)],
);

export const formTemplates = pgTable(
  'form_templates',
  {
    ...syncedColumns(),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    titleZh: text('title_zh').notNull(),
    titleEn: text('title_en').notNull(),
    appliesTo: jsonb('applies_to').notNull(),
    body: jsonb('body').notNull(),
    publishedAt: text('published_at').notNull(),
  },
  (t) => [uniqueIndex('form_templates_code_version_uq').on(t.code, t.version)],
);

export const policies = pgTable(
  'policies',
  {
    ...syncedColumns(),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    body: jsonb('body').notNull(),
    effectiveFrom: text('effective_from').notNull(),
  },
  (t) => [uniqueIndex('policies_code_version_uq').on(t.code, t.version)],
);

export const models = pgTable(
  'models',
  {
    ...syncedColumns(),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    body: jsonb('body').notNull(),
  },
  (t) => [uniqueIndex('models_code_version_uq').on(t.code, t.version)],
);

export * from './schemaWork';
export * from './schemaSync';
