// Re-runs one pushed mutation authoritatively (DESIGN.md §7): the actor comes from head office's own
// registry (device -> branch, users table -> roles), the declared rows are read and locked here, the
// shared pure definition decides, and its writes land with server time and the device's branch.
// Runs inside the caller's transaction; a refusal rolls back to a savepoint so the caller can still
// record the outcome and advance the client's seq in the same transaction.
import { hasAnyRole } from '../../shared/auth/roles';
import { findMutation } from '../../shared/mutations/registry';
import {
  MutationRefused,
  READABLE_TABLES,
  WRITABLE_TABLES,
  rowKey,
  type Actor,
  type Row,
  type RowWrite,
} from '../../shared/mutations/types';
import { branchScope, type PushMutation } from '../../shared/sync/protocol';
import type { Queryable } from '../db';
import { isPermanentDataError } from '../errors';
import { logSecurityEvent } from '../security';
import { encodeValue, ident, placeholder, tableInfo, toBranchShape } from './rows';
import { recordChanges } from './versions';

export type Outcome =
  | { status: 'applied' }
  | { status: 'rejected' | 'conflict'; reason: { code: string; message: string } };

const rejected = (code: string, message: string): Outcome => ({ status: 'rejected', reason: { code, message } });

/** Columns the server sets itself; a mutation's values may not touch them. */
const MANAGED = new Set(['id', 'branch_id', 'created_at', 'updated_at', 'updated_by', 'row_version']);

export interface MutationContext {
  deviceId: string;
  branchId: string;
  now: Date;
}

export async function runMutation(tx: Queryable, ctx: MutationContext, m: PushMutation): Promise<Outcome> {
  const def = findMutation(m.name);
  if (!def) return rejected('unknown_mutation', `head office does not know the mutation ${m.name}`);
  const parsed = def.args.safeParse(m.args);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(args)'}: ${i.message}`).join('; ');
    return rejected('invalid_args', `invalid arguments for ${m.name}: ${detail}`);
  }
  const args = parsed.data;

  const [user] = await tx.query<{ id: string; roles: unknown; active: boolean }>(
    'SELECT id, roles, active FROM users WHERE id = $1 AND branch_id = $2 AND deleted_at IS NULL',
    [m.userId, ctx.branchId],
  );
  if (!user || !user.active) return rejected('unknown_user', `user ${m.userId} is not an active user of this device's branch`);
  const roles = Array.isArray(user.roles) ? user.roles.filter((r): r is string => typeof r === 'string') : [];
  if (!hasAnyRole(roles, def.roles)) return rejected('forbidden_role', `user ${m.userId} may not run ${m.name}`);
  const actor: Actor = { userId: user.id, branchId: ctx.branchId, roles: roles as Actor['roles'], deviceId: ctx.deviceId };

  await tx.query('SAVEPOINT run_mutation');
  try {
    const refs = def.reads(args);
    const rows = new Map<string, Row>();
    for (const ref of refs) {
      const row = await readForUpdate(tx, ref.table, ref.id);
      if (!row) continue;
      const foreign = row['branch_id'] !== ctx.branchId;
      if (foreign) {
        await tx.query('ROLLBACK TO SAVEPOINT run_mutation');
        return refuseForeignRow(tx, ctx, m, ref.table, ref.id, String(row['branch_id']));
      }
      rows.set(rowKey(ref.table, ref.id), toBranchShape(tableInfo(ref.table), row));
    }
    let writes: RowWrite[];
    try {
      writes = def.apply({ args, actor, rows }).writes;
    } catch (err) {
      if (err instanceof MutationRefused) throw err;
      // apply() is pure: an exception will recur on every retry, so it is a rejection, not a retry.
      throw new MutationRefused('DOMAIN_RULE', 'mutation_error', `${m.name} failed: ${String(err)}`);
    }
    for (const w of writes) await writeRow(tx, w, { branchId: ctx.branchId, userId: actor.userId, now: ctx.now.toISOString() });
    await recordChanges(
      tx,
      branchScope(ctx.branchId),
      writes.map((w) => ({ table: w.table, id: w.id, op: 'upsert' as const })),
    );
    await tx.query('RELEASE SAVEPOINT run_mutation');
    return { status: 'applied' };
  } catch (err) {
    if (err instanceof MutationRefused) {
      await tx.query('ROLLBACK TO SAVEPOINT run_mutation');
      return { status: err.code === 'CONFLICT' ? 'conflict' : 'rejected', reason: { code: err.rule, message: err.message } };
    }
    if (isPermanentDataError(err)) {
      // A constraint or type error from the writes recurs on every retry; the savepoint clears the
      // aborted state so the rejection itself can still be stored.
      await tx.query('ROLLBACK TO SAVEPOINT run_mutation');
      return rejected('invalid_write', `${m.name} could not be stored: ${(err as Error).message}`);
    }
    throw err;
  }
}

async function readForUpdate(tx: Queryable, table: string, id: string): Promise<Row | undefined> {
  if (!(READABLE_TABLES as readonly string[]).includes(table)) throw new MutationRefused('DOMAIN_RULE', 'invalid_read', `cannot read ${table}`);
  // Rows the mutation may write are locked for update; reference rows only against change (a loan
  // moving branch mid-mutation), so notes on one loan from many devices do not queue behind each other.
  const lock = (WRITABLE_TABLES as readonly string[]).includes(table) ? 'FOR UPDATE' : 'FOR SHARE';
  const [row] = await tx.query<Row>(`SELECT * FROM ${ident(tableInfo(table).name)} WHERE id = $1 AND deleted_at IS NULL ${lock}`, [id]);
  return row;
}

/**
 * A declared row belongs to another branch. If it left this branch's scope (a loan moved branch),
 * the branch's pending edit is a conflict the user sees (DESIGN.md §7); otherwise the device asked
 * for a row it never had, which is refused and logged for review.
 */
async function refuseForeignRow(
  tx: Queryable,
  ctx: MutationContext,
  m: PushMutation,
  table: string,
  id: string,
  rowBranch: string,
): Promise<Outcome> {
  const [moved] = await tx.query(
    `SELECT 1 FROM change_log WHERE scope = $1 AND table_name = $2 AND row_id = $3 AND op = 'remove'`,
    [branchScope(ctx.branchId), table, id],
  );
  if (moved) {
    return { status: 'conflict', reason: { code: 'moved_branch', message: `${table} ${id} has moved to another branch` } };
  }
  await logSecurityEvent(tx, {
    at: ctx.now,
    deviceId: ctx.deviceId,
    kind: 'forbidden_branch',
    detail: { mutation: m.name, mutationId: m.mutationId, table, rowId: id, rowBranch, deviceBranch: ctx.branchId },
  });
  return rejected('forbidden_branch', `${table} ${id} belongs to another branch`);
}

interface WriteMeta {
  branchId: string;
  userId: string;
  now: string;
}

async function writeRow(tx: Queryable, w: RowWrite, meta: WriteMeta): Promise<void> {
  if (!(WRITABLE_TABLES as readonly string[]).includes(w.table)) {
    throw new MutationRefused('DOMAIN_RULE', 'invalid_write', `a mutation may not write ${w.table}`);
  }
  const info = tableInfo(w.table);
  const columns = Object.keys(w.values).sort();
  for (const c of columns) {
    if (MANAGED.has(c) || !info.columns.has(c)) throw new MutationRefused('DOMAIN_RULE', 'invalid_write', `${w.table}.${c} cannot be written`);
  }
  const params: unknown[] = [];
  const bind = (column: string, value: unknown): string => {
    params.push(encodeValue(info, column, value));
    return placeholder(info, column, params.length);
  };
  const t = ident(info.name);
  if (w.op === 'insert') {
    const all = ['id', 'branch_id', 'created_at', 'updated_at', 'updated_by', ...columns];
    const values = [w.id, meta.branchId, meta.now, meta.now, meta.userId, ...columns.map((c) => w.values[c])];
    const marks = all.map((c, i) => bind(c, values[i]));
    // DO NOTHING rather than an error: an id that exists (a racing device, or a tombstoned row the
    // read could not see) is a conflict to report, and must not abort the transaction.
    const done = await tx.query(
      `INSERT INTO ${t} (${all.map(ident).join(', ')}) VALUES (${marks.join(', ')}) ON CONFLICT (id) DO NOTHING RETURNING id`,
      params,
    );
    if (done.length === 0) throw new MutationRefused('CONFLICT', 'id_exists', `${w.table} ${w.id} already exists`);
  } else {
    const sets = [
      ...columns.map((c) => `${ident(c)} = ${bind(c, w.values[c])}`),
      `updated_at = ${bind('updated_at', meta.now)}`,
      `updated_by = ${bind('updated_by', meta.userId)}`,
    ];
    const idMark = bind('id', w.id);
    const branchMark = bind('branch_id', meta.branchId);
    const done = await tx.query(`UPDATE ${t} SET ${sets.join(', ')} WHERE id = ${idMark} AND branch_id = ${branchMark} RETURNING id`, params);
    if (done.length === 0) throw new MutationRefused('NOT_FOUND', 'row_exists', `${w.table} ${w.id} does not exist in this branch`);
  }
}
