// Anti-entropy (DESIGN.md §7): after the last page of a scope, the workstation's row sum (without the
// work head office has not accepted yet) must equal head office's. A difference means this copy has
// drifted — a lost update, a wrong undo, a file edited by hand — and no later pull would notice, so it
// is recorded for the supervisor and repaired by pulling the scope again from scratch (the reset path,
// which keeps the outbox). A scope repaired within the hour is not reset again, so a difference that
// a repair does not cure can never make the workstation re-download for ever; it stays flagged.
import { v7 as uuidv7 } from 'uuid';
import { hashToHex, type Hash64 } from '../../shared/sync/rowHash';
import type { WriteHandle } from '../../db/local/store';
import { computeRowSum, divergenceStatus, setStoredRowSum, storedRowSum, sumWithoutPending } from '../../db/local/rowSums';
import { insertSyncIssue, pendingWithUndo } from '../../db/local/syncStore';
import { getSyncValue, setSyncValue } from '../../db/local/syncState';

const REPAIR_COOLDOWN_MS = 60 * 60 * 1000;

export type RowSumVerdict = 'match' | 'repair' | 'unresolved';

/**
 * Compares this workstation's copy of `scope` with head office's sum, inside the transaction that
 * applied the scope's last page. `fromScratch` recomputes the local sum from every row (at start and
 * now and then) instead of trusting the kept one, which is how edits made outside the app are found.
 */
export function checkRowSum(w: WriteHandle, scope: string, serverSum: string, opts: { fromScratch: boolean; now: string }): RowSumVerdict {
  const pending = pendingWithUndo(w).flatMap((e) => e.undo);
  const matches = (local: Hash64) => hashToHex(sumWithoutPending(w, scope, local, pending)) === serverSum;
  const kept = opts.fromScratch ? undefined : storedRowSum(w, scope);
  if (kept !== undefined && matches(kept)) return verified(w, scope, opts.now);
  // The kept sum may have drifted from the rows (a write outside the write path): judge the rows.
  const fresh = computeRowSum(w, scope);
  setStoredRowSum(w, scope, fresh);
  if (matches(fresh)) return verified(w, scope, opts.now);

  const lastRepair = getSyncValue(w, `rowsum_repair_at:${scope}`);
  const coolingDown = lastRepair !== undefined && Date.parse(opts.now) - Date.parse(lastRepair) < REPAIR_COOLDOWN_MS;
  const verdict: RowSumVerdict = coolingDown ? 'unresolved' : 'repair';
  setSyncValue(w, 'rowsum_detected', String(Number(getSyncValue(w, 'rowsum_detected') ?? 0) + 1));
  setSyncValue(w, 'rowsum_last_detected_at', opts.now);
  if (verdict === 'repair') setSyncValue(w, `rowsum_repair_at:${scope}`, opts.now);
  else setUnresolved(w, scope, true);
  insertSyncIssue(w, {
    id: `divergence-${uuidv7()}`,
    kind: 'divergence',
    reason: JSON.stringify({ code: verdict === 'repair' ? 'scope_repaired' : 'scope_unresolved', message: `${scope}: ${hashToHex(fresh)} ≠ ${serverSum}` }),
    payload: JSON.stringify({ name: null, args: { scope, local: hashToHex(fresh), headOffice: serverSum }, userId: null }),
    createdAt: opts.now,
  });
  return verdict;
}

function verified(w: WriteHandle, scope: string, now: string): RowSumVerdict {
  setSyncValue(w, 'rowsum_last_verified_at', now);
  setUnresolved(w, scope, false);
  return 'match';
}

function setUnresolved(w: WriteHandle, scope: string, on: boolean): void {
  const scopes = new Set(divergenceStatus(w).unresolved);
  if (on === scopes.has(scope)) return;
  if (on) scopes.add(scope);
  else scopes.delete(scope);
  setSyncValue(w, 'rowsum_unresolved', JSON.stringify([...scopes].sort()));
}
