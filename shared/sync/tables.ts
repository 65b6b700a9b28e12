// Which synced tables travel in which scope (DESIGN.md §7). Reference data is read-only at a branch;
// branch work is made there and pushed up.
export const GLOBAL_TABLES = ['form_templates', 'policies', 'models'] as const;

export const BRANCH_REFERENCE_TABLES = ['branches', 'users', 'customers', 'loans', 'installments', 'payments'] as const;

export const BRANCH_WORK_TABLES = [
  'dd_cases',
  'form_responses',
  'inspections',
  'contacts',
  'promises_to_pay',
  'warnings',
  'attachments',
  'approvals',
  'policy_overrides',
  'loan_notes',
  'collection_assignments',
  'contact_consents',
] as const;

/**
 * Branch work written once and never changed: a mistake is corrected by a new row that references it.
 * Such a row cannot be edited on two sides, so it is never stale, and writing it is an insert only.
 */
const APPEND_ONLY_TABLES = ['contacts', 'promises_to_pay', 'policy_overrides', 'loan_notes', 'contact_consents'] as const satisfies readonly (typeof BRANCH_WORK_TABLES)[number][];

export function isAppendOnlyTable(name: string): boolean {
  return (APPEND_ONLY_TABLES as readonly string[]).includes(name);
}

export const SYNCED_TABLES = [...GLOBAL_TABLES, ...BRANCH_REFERENCE_TABLES, ...BRANCH_WORK_TABLES] as const;
export type SyncedTable = (typeof SYNCED_TABLES)[number];

export function isSyncedTable(name: string): name is SyncedTable {
  return (SYNCED_TABLES as readonly string[]).includes(name);
}

/** Columns stored as JSON (text in SQLite, jsonb at head office). */
export const JSON_COLUMNS: Partial<Record<SyncedTable, readonly string[]>> = {
  users: ['roles'],
  customers: ['contact_points'],
  form_templates: ['applies_to', 'body'],
  policies: ['body'],
  models: ['body'],
  dd_cases: ['application'],
  form_responses: ['value'],
  contacts: ['override_ids'],
};
