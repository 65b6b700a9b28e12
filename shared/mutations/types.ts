// Named, versioned mutations (DESIGN.md §6–7). Each definition is pure: it declares the rows it reads
// and, given those rows, returns the rows to write. The branch runs it in one SQLite transaction;
// head office re-runs the same definition authoritatively in PostgreSQL.
import type { z } from 'zod';
import type { Role } from '../auth/roles';

/** Synced tables a mutation may write. Reference tables are read-only at the branch. */
export const WRITABLE_TABLES = [
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
] as const;
export type WritableTable = (typeof WRITABLE_TABLES)[number];

export const READABLE_TABLES = [...WRITABLE_TABLES, 'loans', 'customers', 'users', 'installments', 'payments'] as const;
export type ReadableTable = (typeof READABLE_TABLES)[number];

/** A stored row as plain column -> value (snake_case column names, as in SQL). */
export type Row = Record<string, unknown>;

export interface RowRef {
  table: ReadableTable;
  id: string;
}

export interface Actor {
  userId: string;
  branchId: string;
  roles: readonly Role[];
  deviceId: string;
}

export type RowWrite =
  | { op: 'insert'; table: WritableTable; id: string; values: Row }
  | { op: 'update'; table: WritableTable; id: string; values: Row };

export interface AuditIntent {
  action: string;
  entityType: string;
  entityId: string;
}

export interface MutationPlan<R> {
  writes: RowWrite[];
  audit: AuditIntent;
  result: R;
}

export interface ApplyInput<A> {
  args: A;
  actor: Actor;
  /** Read rows, keyed `${table}:${id}`; missing or tombstoned rows are absent. */
  rows: ReadonlyMap<string, Row>;
}

/** Thrown by a mutation when a domain rule forbids it; becomes a DOMAIN_RULE / NOT_FOUND / FORBIDDEN error. */
export class MutationRefused extends Error {
  constructor(
    readonly code: 'DOMAIN_RULE' | 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT',
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'MutationRefused';
  }
}

export interface MutationDef<A = unknown, R = unknown> {
  name: string;
  version: number;
  args: z.ZodType<A>;
  roles: readonly Role[];
  reads(args: A): RowRef[];
  apply(input: ApplyInput<A>): MutationPlan<R>;
}

export function rowKey(table: string, id: string): string {
  return `${table}:${id}`;
}

export function mutationKey(def: Pick<MutationDef, 'name' | 'version'>): string {
  return `${def.name}@${def.version}`;
}
