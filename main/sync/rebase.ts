// Rebase (DESIGN.md §4 of the sync brief): after pulled rows land, the branch's own mutations that head
// office has not acknowledged yet are applied again on top, so the user keeps seeing their work — a
// scope reset or a newer server row must not hide what they entered but has not gone up yet.
import { findMutation } from '../../shared/mutations/registry';
import { MutationRefused, rowKey, type Actor } from '../../shared/mutations/types';
import type { Role } from '../../shared/auth/roles';
import type { WriteHandle } from '../../db/local/store';
import { pendingOutbox } from '../../db/local/syncStore';
import { applyWrite, readMutationRows, readRowById } from '../../db/local/writePath';

/**
 * Re-applies pending mutations in seq order. With `touched` given, only those that read or write one
 * of these rows (`table:id`); after a reset, all of them. Returns how many were re-applied.
 */
export function rebasePending(w: WriteHandle, touched: ReadonlySet<string> | 'all'): number {
  let reapplied = 0;
  for (const pending of pendingOutbox(w, Number.MAX_SAFE_INTEGER)) {
    const def = findMutation(pending.name);
    if (!def) continue;
    const parsed = def.args.safeParse(pending.args);
    if (!parsed.success) continue;
    const refs = def.reads(parsed.data);
    if (touched !== 'all' && !refs.some((r) => touched.has(rowKey(r.table, r.id)))) continue;
    const user = readRowById(w, 'users', pending.userId);
    if (!user) continue;
    const actor: Actor = {
      userId: pending.userId,
      branchId: String(user['branch_id']),
      roles: JSON.parse(String(user['roles'])) as Role[],
      deviceId: 'rebase',
    };
    let plan;
    try {
      plan = def.apply({
        args: parsed.data,
        actor,
        rows: readMutationRows(w, refs, def.readsOwned?.(parsed.data)),
        now: pending.deviceTime,
        stale: new Set(),
      });
    } catch (err) {
      // Refused against the new state (e.g. its row is still there): head office will give the verdict.
      if (err instanceof MutationRefused) continue;
      throw err;
    }
    for (const write of plan.writes) {
      if (write.op === 'insert' && readRowById(w, write.table, write.id)) continue;
      applyWrite(w, write, { branchId: actor.branchId, userId: actor.userId, now: pending.deviceTime });
    }
    reapplied += 1;
  }
  return reapplied;
}
