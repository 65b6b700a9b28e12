// Local (branch) SQLite schema: the whole data model of DESIGN.md §5.
// Every synced table carries the same bookkeeping columns (see syncedColumns).
import { sql } from 'drizzle-orm';
import { syncedColumns } from './columns';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { HOME_TIME_ZONE } from '../../shared/domain/dates';


// ---------- reference data (from head office) ----------

export const branches = sqliteTable('branches', {
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

export const users = sqliteTable('users', {
  ...syncedColumns(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  roles: text('roles', { mode: 'json' }).$type<string[]>().notNull(),
  passwordHash: text('password_hash').notNull(), // scrypt$N$r$p$salt$hash, for offline sign-in
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  /** Ed25519 public key (SPKI DER, base64): head office checks the user's signature on every change with it. */
  signingPublicKey: text('signing_public_key'),
  /** The matching private key sealed under the user's password (shared/auth/signing.ts): opened at sign-in. */
  signingKeySealed: text('signing_key_sealed'),
});

export const customers = sqliteTable(
  'customers',
  {
    ...syncedColumns(),
    customerNo: text('customer_no').notNull().unique(),
    name: text('name').notNull(),
    type: text('type').notNull(), // individual | enterprise | micro
    segment: text('segment').notNull(),
    idNumberMasked: text('id_number_masked'),
    phone: text('phone'),
    address: text('address'),
    contactPoints: text('contact_points', { mode: 'json' }).$type<unknown[]>().notNull().default(sql`'[]'`),
  },
  (t) => [index('customers_name_idx').on(t.name)],
);

export const loans = sqliteTable(
  'loans',
  {
    ...syncedColumns(),
    loanNo: text('loan_no').notNull().unique(),
    customerId: text('customer_id').notNull().references(() => customers.id),
    product: text('product').notNull(),
    purpose: text('purpose').notNull(), // consumer | business | housing
    principal: integer('principal').notNull(), // fen
    annualRate: text('annual_rate').notNull(), // percent, decimal string
    termMonths: integer('term_months').notNull(),
    method: text('method').notNull(), // equal_installment | equal_principal | interest_only
    rounding: text('rounding').notNull().default('half_up'),
    disbursedOn: text('disbursed_on').notNull(),
    firstDueDate: text('first_due_date').notNull(),
    maturityDate: text('maturity_date').notNull(),
    officerId: text('officer_id').references(() => users.id),
    collectorId: text('collector_id').references(() => users.id),
    riskGrade: text('risk_grade').notNull(), // low | medium | high
    fiveClass: text('five_class').notNull(), // confirmed class
    restructuredUntil: text('restructured_until'), // end of the watch period, if restructured
    status: text('status').notNull().default('active'), // active | closed | written_off
  },
  (t) => [
    index('loans_customer_idx').on(t.customerId),
    index('loans_officer_idx').on(t.officerId),
    index('loans_collector_idx').on(t.collectorId),
    // A loan's branch and collector by its id without reading its row (recoveredByCollector: ~10,000 loans a month).
    index('loans_collector_of_idx').on(t.id, t.branchId, t.collectorId),
  ],
);

export const installments = sqliteTable(
  'installments',
  {
    ...syncedColumns(),
    loanId: text('loan_id').notNull().references(() => loans.id),
    seq: integer('seq').notNull(),
    dueDate: text('due_date').notNull(),
    principalDue: integer('principal_due').notNull(),
    interestDue: integer('interest_due').notNull(),
  },
  (t) => [uniqueIndex('installments_loan_seq_uq').on(t.loanId, t.seq)],
);

export const payments = sqliteTable(
  'payments',
  {
    ...syncedColumns(),
    loanId: text('loan_id').notNull().references(() => loans.id),
    paidOn: text('paid_on').notNull(),
    amount: integer('amount').notNull(), // fen
    channel: text('channel').notNull(),
    reference: text('reference'),
  },
  (t) => [
    // amount and deleted_at ride along so promise evaluation reads a loan's payments from the index alone.
    index('payments_loan_idx').on(t.loanId, t.paidOn, t.amount, t.deletedAt),
    // A period's payments of the whole book as one range, read from the index alone (recoveredByCollector).
    index('payments_paid_idx').on(t.paidOn, t.loanId, t.amount, t.deletedAt),
  ],
);

export const formTemplates = sqliteTable(
  'form_templates',
  {
    ...syncedColumns(),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    titleZh: text('title_zh').notNull(),
    titleEn: text('title_en').notNull(),
    appliesTo: text('applies_to', { mode: 'json' }).notNull(),
    body: text('body', { mode: 'json' }).notNull(),
    publishedAt: text('published_at').notNull(),
  },
  (t) => [uniqueIndex('form_templates_code_version_uq').on(t.code, t.version)],
);

export const policies = sqliteTable(
  'policies',
  {
    ...syncedColumns(),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    body: text('body', { mode: 'json' }).notNull(),
    effectiveFrom: text('effective_from').notNull(),
  },
  (t) => [uniqueIndex('policies_code_version_uq').on(t.code, t.version)],
);

export const models = sqliteTable(
  'models',
  {
    ...syncedColumns(),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    body: text('body', { mode: 'json' }).notNull(),
  },
  (t) => [uniqueIndex('models_code_version_uq').on(t.code, t.version)],
);

export * from './schemaWork';
export * from './schemaLocal';
