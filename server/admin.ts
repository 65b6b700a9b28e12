// Head-office administration: branches, users, enrollment codes, device revocation, reference-data
// changes. Every write to a synced table is recorded in the change log (versions.ts) in the same
// transaction, so branches receive it on their next pull.
import { v7 as uuidv7 } from 'uuid';
import { ROLES, type Role } from '../shared/auth/roles';
import { HOME_TIME_ZONE } from '../shared/domain/dates';
import { isValidTimeZone } from '../shared/domain/contactPolicyTime';
import { branchScope } from '../shared/sync/protocol';
import type { SyncedTable } from '../shared/sync/tables';
import { enrollmentCodeHash, newEnrollmentCode } from './auth';
import { DEFAULT_ENROLL_TTL_HOURS } from './config';
import type { CentralDb, Queryable } from './db';
import { hashPassword } from './passwords';
import { newSigningKey } from './signingKeys';
import { encodeValue, ident, placeholder, scopeOf, tableInfo } from './sync/rows';
import { recordChanges, type ChangeRef } from './sync/versions';

/** A refusal an operator can act on; the CLI prints its message without a stack. */
export class AdminError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdminError';
  }
}

/** Who head-office writes are attributed to in updated_by (the demo and the branch seed use the same). */
export const SYSTEM_USER = 'system';

export async function findBranchByCode(q: Queryable, code: string): Promise<{ id: string; code: string }> {
  const [row] = await q.query<{ id: string; code: string }>('SELECT id, code FROM branches WHERE code = $1 AND deleted_at IS NULL', [code]);
  if (!row) throw new AdminError(`no branch with code ${code}`);
  return row;
}

export interface NewBranch {
  code: string;
  nameZh: string;
  nameEn: string;
  timeZone?: string;
  /** The contact line the branch's letters print. */
  phone?: string;
  address?: string;
}

export async function createBranch(db: CentralDb, input: NewBranch, now = new Date()): Promise<{ id: string; code: string }> {
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(input.code)) throw new AdminError(`branch code must be 1-32 letters, digits, _ or -; got ${input.code}`);
  if (input.timeZone !== undefined && !isValidTimeZone(input.timeZone)) throw new AdminError(`${input.timeZone} is not an IANA time zone (e.g. Asia/Shanghai)`);
  const id = uuidv7();
  await db.transaction(async (tx) => {
    const [clash] = await tx.query('SELECT 1 FROM branches WHERE code = $1', [input.code]);
    if (clash) throw new AdminError(`a branch with code ${input.code} already exists`);
    await upsertRows(tx, 'branches', [
      { id, branch_id: id, code: input.code, name_zh: input.nameZh, name_en: input.nameEn, time_zone: input.timeZone ?? HOME_TIME_ZONE,
        phone: input.phone ?? null, address: input.address ?? null },
    ], SYSTEM_USER, now);
  });
  return { id, code: input.code };
}

export interface NewUser {
  branchCode: string;
  username: string;
  displayName: string;
  roles: readonly string[];
  password: string;
}

export async function createUser(db: CentralDb, input: NewUser, now = new Date()): Promise<{ id: string; branchId: string }> {
  const roles = [...new Set(input.roles)];
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (roles.length === 0 || unknown.length > 0) throw new AdminError(`roles must be some of ${ROLES.join(', ')}; got ${input.roles.join(',')}`);
  if (input.password.length < 8) throw new AdminError('the password must be at least 8 characters');
  if (!/^[A-Za-z0-9._-]{2,64}$/.test(input.username)) throw new AdminError(`username must be 2-64 letters, digits, . _ or -; got ${input.username}`);
  // Hashing is slow on purpose; do it before the transaction so no lock is held meanwhile.
  const passwordHash = hashPassword(input.password);
  const key = newSigningKey(input.password);
  const id = uuidv7();
  let branchId = '';
  await db.transaction(async (tx) => {
    branchId = (await findBranchByCode(tx, input.branchCode)).id;
    const [clash] = await tx.query('SELECT 1 FROM users WHERE username = $1', [input.username]);
    if (clash) throw new AdminError(`a user named ${input.username} already exists`);
    await upsertRows(tx, 'users', [
      {
        id,
        branch_id: branchId,
        username: input.username,
        display_name: input.displayName,
        roles,
        password_hash: passwordHash,
        active: true,
        signing_public_key: key.publicKey,
        signing_key_sealed: key.sealed,
      },
    ], SYSTEM_USER, now);
  });
  return { id, branchId };
}

/**
 * Sets a user's password (a reset) and gives them a new signing key sealed under it. The old key is
 * revoked with it: head office refuses any later change signed with the old key, however it was
 * queued. The new hash and key reach the branch with the next pull.
 */
export async function setPassword(db: CentralDb, input: { username: string; password: string }, now = new Date()): Promise<void> {
  if (input.password.length < 8) throw new AdminError('the password must be at least 8 characters');
  const passwordHash = hashPassword(input.password);
  const key = newSigningKey(input.password);
  await db.transaction(async (tx) => {
    const [user] = await tx.query<Record<string, unknown>>('SELECT * FROM users WHERE username = $1 FOR UPDATE', [input.username]);
    if (!user) throw new AdminError(`no user named ${input.username}`);
    await upsertRows(
      tx,
      'users',
      [{ ...user, password_hash: passwordHash, signing_public_key: key.publicKey, signing_key_sealed: key.sealed }],
      SYSTEM_USER,
      now,
    );
  });
}

/** A one-time enrollment code for a branch; only its hash is stored, so it is shown once. */
export async function createEnrollmentCode(
  db: CentralDb,
  input: { branchCode: string; ttlHours?: number },
  now = new Date(),
): Promise<{ code: string; branchId: string; expiresAt: string }> {
  const ttlHours = input.ttlHours ?? DEFAULT_ENROLL_TTL_HOURS;
  if (!(ttlHours > 0 && ttlHours <= 24 * 30)) throw new AdminError(`ttl must be between 0 and 720 hours; got ${ttlHours}`);
  const branch = await findBranchByCode(db, input.branchCode);
  const code = newEnrollmentCode();
  const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000).toISOString();
  await db.query('INSERT INTO enrollment_codes (code_hash, branch_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
    enrollmentCodeHash(code),
    branch.id,
    now.toISOString(),
    expiresAt,
  ]);
  return { code, branchId: branch.id, expiresAt };
}

/** Revokes a device: its token stops working for hello and pull; its pushes are stored as rejected. */
export async function revokeDevice(db: CentralDb, deviceId: string, now = new Date()): Promise<void> {
  const [row] = await db.query<{ revoked_at: string }>(
    'UPDATE devices SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 RETURNING revoked_at',
    [deviceId, now.toISOString()],
  );
  if (!row) throw new AdminError(`no device ${deviceId}`);
}

/**
 * Moves a loan to another officer and/or collector of the same branch (the supervisor's "reassign
 * work"). Returns the loan's new row_version.
 */
export async function reassignLoan(
  db: CentralDb,
  input: { loanId: string; officerId?: string; collectorId?: string; by?: string },
  now = new Date(),
): Promise<{ rowVersion: number }> {
  if (input.officerId === undefined && input.collectorId === undefined) throw new AdminError('name a new officer, a new collector, or both');
  return db.transaction(async (tx) => {
    const [loan] = await tx.query<{ branch_id: string }>('SELECT branch_id FROM loans WHERE id = $1 AND deleted_at IS NULL FOR UPDATE', [
      input.loanId,
    ]);
    if (!loan) throw new AdminError(`no loan ${input.loanId}`);
    const changes: Record<string, unknown> = {};
    for (const [column, userId, role] of [
      ['officer_id', input.officerId, 'officer'],
      ['collector_id', input.collectorId, 'collector'],
    ] as const) {
      if (userId === undefined) continue;
      await assertStaff(tx, userId, loan.branch_id, role);
      changes[column] = userId;
    }
    await updateRow(tx, 'loans', input.loanId, changes, input.by ?? SYSTEM_USER, now);
    const versions = await recordChanges(tx, branchScope(loan.branch_id), [{ table: 'loans', id: input.loanId, op: 'upsert' }]);
    return { rowVersion: versions.get(`loans:${input.loanId}`) as number };
  });
}

async function assertStaff(q: Queryable, userId: string, branchId: string, role: Role): Promise<void> {
  const [user] = await q.query<{ branch_id: string; roles: unknown; active: boolean }>(
    'SELECT branch_id, roles, active FROM users WHERE id = $1 AND deleted_at IS NULL',
    [userId],
  );
  if (!user || !user.active) throw new AdminError(`no active user ${userId}`);
  if (user.branch_id !== branchId) throw new AdminError(`user ${userId} works at another branch than the loan`);
  if (!Array.isArray(user.roles) || !user.roles.includes(role)) throw new AdminError(`user ${userId} does not have the ${role} role`);
}

async function updateRow(q: Queryable, table: SyncedTable, id: string, values: Record<string, unknown>, by: string, now: Date): Promise<void> {
  const info = tableInfo(table);
  const params: unknown[] = [];
  const bind = (column: string, value: unknown) => {
    params.push(encodeValue(info, column, value));
    return placeholder(info, column, params.length);
  };
  const sets = Object.entries({ ...values, updated_at: now.toISOString(), updated_by: by }).map(([c, v]) => {
    if (!info.columns.has(c)) throw new AdminError(`${table} has no column ${c}`);
    return `${ident(c)} = ${bind(c, v)}`;
  });
  await q.query(`UPDATE ${ident(table)} SET ${sets.join(', ')} WHERE id = ${bind('id', id)}`, params);
}

/**
 * Writes reference rows (insert or replace by id) and records them, the way a core-banking feed or an
 * operator correction enters head office. Each row carries id and branch_id plus the table's own
 * columns; created_at/updated_at/updated_by default to now / `by`. A row whose branch changed leaves
 * the old branch's scope with a `remove` entry and enters the new one.
 */
export async function importReferenceRows(
  db: CentralDb,
  table: SyncedTable,
  rows: readonly Record<string, unknown>[],
  options: { by?: string; now?: Date } = {},
): Promise<void> {
  await db.transaction((tx) => upsertRows(tx, table, rows, options.by ?? SYSTEM_USER, options.now ?? new Date()));
}

async function upsertRows(tx: Queryable, table: SyncedTable, rows: readonly Record<string, unknown>[], by: string, now: Date): Promise<void> {
  const info = tableInfo(table);
  const nowIso = now.toISOString();
  const ids = rows.map((r) => String(r['id']));
  const before = await tx.query<{ id: string; branch_id: string }>(
    `SELECT id, branch_id FROM ${ident(table)} WHERE id IN (SELECT jsonb_array_elements_text($1::text::jsonb)) FOR UPDATE`,
    [JSON.stringify(ids)],
  );
  const oldBranch = new Map(before.map((r) => [r.id, r.branch_id]));
  const byScope = new Map<string, ChangeRef[]>();
  const note = (scope: string, change: ChangeRef) => {
    const list = byScope.get(scope) ?? [];
    list.push(change);
    byScope.set(scope, list);
  };
  for (const input of rows) {
    if (typeof input['id'] !== 'string' || typeof input['branch_id'] !== 'string') throw new AdminError(`${table} rows need id and branch_id`);
    const row: Record<string, unknown> = { created_at: nowIso, ...input, updated_at: nowIso, updated_by: by };
    delete row['row_version'];
    const columns = Object.keys(row);
    for (const c of columns) if (!info.columns.has(c)) throw new AdminError(`${table} has no column ${c}`);
    const marks = columns.map((c, i) => placeholder(info, c, i + 1));
    const updates = columns.filter((c) => c !== 'id' && c !== 'created_at').map((c) => `${ident(c)} = EXCLUDED.${ident(c)}`);
    await tx.query(
      `INSERT INTO ${ident(table)} (${columns.map(ident).join(', ')}) VALUES (${marks.join(', ')})
       ON CONFLICT (id) DO UPDATE SET ${updates.join(', ')}`,
      columns.map((c) => encodeValue(info, c, row[c])),
    );
    const branchId = input['branch_id'];
    const previous = oldBranch.get(input['id']);
    if (previous !== undefined && previous !== branchId && scopeOf(table, previous) !== scopeOf(table, branchId)) {
      note(scopeOf(table, previous), { table, id: input['id'], op: 'remove' });
    }
    note(scopeOf(table, branchId), { table, id: input['id'], op: 'upsert' });
  }
  // Scope rows are locked in name order, so two imports touching the same scopes cannot deadlock.
  for (const scope of [...byScope.keys()].sort()) {
    await recordChanges(tx, scope as ReturnType<typeof scopeOf>, byScope.get(scope) as ChangeRef[]);
  }
}
