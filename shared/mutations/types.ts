// Named, versioned mutations (DESIGN.md §6–7). Each definition is pure: it declares the rows it reads
// and, given those rows, returns the rows to write. The branch runs it in one SQLite transaction;
// head office re-runs the same definition authoritatively in PostgreSQL.
import type { z } from 'zod';
import type { Role } from '../auth/roles';
import type { PolicyKind, PolicyValue } from '../domain/policies';
import { BRANCH_WORK_TABLES } from '../sync/tables';

/** Synced tables a mutation may write: the branch work tables. Reference tables are read-only at the branch. */
export const WRITABLE_TABLES = BRANCH_WORK_TABLES;
export type WritableTable = (typeof WRITABLE_TABLES)[number];

export const READABLE_TABLES = [...WRITABLE_TABLES, 'loans', 'customers', 'users', 'installments', 'payments', 'form_templates', 'policies'] as const;
export type ReadableTable = (typeof READABLE_TABLES)[number];

/**
 * A stored row as plain column -> value (snake_case column names, as in SQL), in the branch's SQLite
 * shape: JSON columns as text, booleans as 0/1. Head office converts its rows to this shape before
 * apply(), so a definition behaves the same on both sides.
 */
export type Row = Record<string, unknown>;

export interface RowRef {
  table: ReadableTable;
  id: string;
}

/**
 * Child tables a mutation may read whole by owner, and the column naming the owner: the answers and
 * files of one case; the contacts, promises and overrides of one loan (the contact rules need them).
 */
export const OWNER_COLUMN = {
  form_responses: 'owner_id',
  attachments: 'owner_id',
  contacts: 'loan_id',
  promises_to_pay: 'loan_id',
  policy_overrides: 'loan_id',
  contact_consents: 'customer_id',
} as const;
export type OwnedTable = keyof typeof OWNER_COLUMN;
export const OWNED_TABLES = Object.keys(OWNER_COLUMN) as OwnedTable[];

/**
 * Contact outcomes the rules read however old the entry is: numbers found not to reach their party,
 * and holds with their clearing. Two groups, each matching a partial index of the branch database.
 */
export const CONTACT_STICKY_OUTCOMES = {
  invalidNumber: ['number_invalid', 'wrong_number'],
  hold: ['dispute', 'asked_to_stop', 'cleared_by_supervisor'],
} as const;

/** Every live row of `table` whose owner column is `ownerId`; they land in `rows` under their own keys. */
export interface ByOwnerRef {
  table: OwnedTable;
  ownerId: string;
  /**
   * Contacts only: instead of the whole history, the rows started at or after `since` or at or after the
   * `latest`-th most recent start (ties included, so both ends read the same rows), and every entry of a
   * sticky outcome (CONTACT_STICKY_OUTCOMES) — what the contact rules read, so a loan's years of history
   * are not loaded for each call. The rows carry CONTACT_RULE_COLUMNS only.
   */
  window?: { since: string; latest: number };
}

/**
 * The columns of the contacts a window or a number's calls are read with, at the branch and at head
 * office: what the rules, branch isolation and staleness use. A call is logged many times a day, and
 * fifty full rows (notes and all) cost more to load than the rules take to run.
 */
export const CONTACT_RULE_COLUMNS = [
  'id', 'branch_id', 'row_version', 'deleted_at', 'loan_id', 'started_at', 'channel', 'party', 'address_used', 'outcome', 'consent_late', 'corrects_id',
] as const;

/**
 * Every live contact of the branch made to the number `toNumber` (as stored, `address_used`) and
 * started at or after `since`, whichever loan it was about: a number's daily cap counts the calls to it
 * for all the borrower's loans. The rows carry CONTACT_RULE_COLUMNS only.
 */
export interface ToNumberRef {
  table: 'contacts';
  toNumber: string;
  since: string;
}

export type OwnedRef = ByOwnerRef | ToNumberRef;

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
  /** The authoritative time: the device's clock at the branch, head office's when it re-runs the mutation. */
  now: string;
  /**
   * Keys of read rows that someone else changed after the client read them (head office only: the
   * row's version is above the client's base version and another client or head office wrote it
   * last). Drafts merge per field against it (DESIGN.md §7). Always empty at the branch.
   */
  stale: ReadonlySet<string>;
  /** The actor's branch's zone (its `branches` row): business dates of the mutation are judged on it. */
  timeZone: string;
  /**
   * The actor's branch's value of a published policy the definition declared in `policies`, loaded by
   * the one loader on each side (asking for an undeclared kind is a programming error: head office
   * loads only what is declared).
   */
  policy<K extends PolicyKind>(kind: K): PolicyValue<K>;
}

/** Thrown by a mutation when a domain rule forbids it; becomes a DOMAIN_RULE / NOT_FOUND / FORBIDDEN error. */
export class MutationRefused extends Error {
  constructor(
    readonly code: 'DOMAIN_RULE' | 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT',
    readonly rule: string,
    message: string,
    /** Structured facts for the caller (e.g. each contact rule that stopped a contact). */
    readonly details?: Record<string, unknown>,
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
  /** Whole child sets the mutation needs (e.g. every answer of a case to check completeness at submit). */
  readsOwned?(args: A): OwnedRef[];
  /** Published policies apply() judges by (ApplyInput.policy). */
  policies?: readonly PolicyKind[];
  apply(input: ApplyInput<A>): MutationPlan<R>;
  /**
   * SHA-256 digests of attachment files the mutation's effect relies on (e.g. the evidence of a case
   * being submitted). The branch holds such a mutation back until head office has verified those
   * files; head office refuses it while any of them is missing.
   */
  blobsNeeded?(input: ApplyInput<A>): string[];
}

/** ApplyInput.policy over values loaded for the declared kinds. */
export function declaredPolicies(def: Pick<MutationDef, 'name' | 'policies'>, load: (kind: PolicyKind) => unknown): ApplyInput<unknown>['policy'] {
  const loaded = new Map<PolicyKind, unknown>();
  for (const kind of def.policies ?? []) loaded.set(kind, load(kind));
  return <K extends PolicyKind>(kind: K) => {
    if (!loaded.has(kind)) throw new Error(`${def.name} reads policy ${kind} without declaring it`);
    return loaded.get(kind) as PolicyValue<K>;
  };
}

export function rowKey(table: string, id: string): string {
  return `${table}:${id}`;
}

export function mutationKey(def: Pick<MutationDef, 'name' | 'version'>): string {
  return `${def.name}@${def.version}`;
}
