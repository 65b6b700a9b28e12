// Rebase (DESIGN.md §7): the branch's own work that head office has not answered yet always sits on
// top of head office's state. Whenever that state moves underneath it — a pulled page, a scope reset,
// a refusal that takes a mutation back — the pending mutations from the first one concerned onwards are
// taken back (newest first, from their undo records), the change is made, and those still pending are
// applied again in seq order, each recording a fresh undo record of what it overwrote. So an undo
// record always holds head office's state plus earlier pending work, never a state a later pull has
// replaced: taking a refused mutation back can then never resurrect an old row or drop a new one.
import { branchApplyContext } from '../services/policies';
import { refreshQueueAfterWrites } from '../services/collections/queueSummary';
import { findMutation } from '../../shared/mutations/registry';
import { MutationRefused, OWNER_COLUMN, rowKey, type Actor, type OwnedTable, type Row } from '../../shared/mutations/types';
import type { Role } from '../../shared/auth/roles';
import type { ChangeEntry } from '../../shared/sync/protocol';
import type { WriteHandle } from '../../db/local/store';
import { pendingWithUndo, refusedSeqsFrom, setOutboxUndo, type PendingEntry } from '../../db/local/syncStore';
import { applyWrite, readMutationRows, readRowById, restoreRows, type UndoEntry } from '../../db/local/writePath';

/** What a pending mutation depends on: rows it reads or wrote, its user, and owners whose children it reads. */
interface Footprint {
  rows: Set<string>;
  owners: Set<string>;
}

const ownerKey = (table: string, ownerId: string) => `${table}@${ownerId}`;
/** Contacts read by the number called (the per-number cap) are concerned by any new call to it. */
const numberKey = (number: string) => `contacts#to@${number}`;

function footprintOf(entry: PendingEntry): Footprint {
  const rows = new Set<string>([rowKey('users', entry.userId), ...entry.undo.map((u) => rowKey(u.table, u.id))]);
  const owners = new Set<string>();
  const def = findMutation(entry.name);
  const parsed = def?.args.safeParse(entry.args);
  if (def && parsed?.success) {
    for (const r of def.reads(parsed.data)) rows.add(rowKey(r.table, r.id));
    for (const o of def.readsOwned?.(parsed.data) ?? []) owners.add('toNumber' in o ? numberKey(o.toNumber) : ownerKey(o.table, o.ownerId));
  }
  return { rows, owners };
}

/** The seq of the first pending mutation a pulled page concerns; null when it concerns none. */
export function firstSeqTouchedBy(w: WriteHandle, changes: readonly ChangeEntry[]): number | null {
  if (changes.length === 0) return null;
  const changedRows = new Set<string>();
  const changedOwners = new Set<string>();
  for (const c of changes) {
    changedRows.add(rowKey(c.table, c.id));
    const ownerColumn = OWNER_COLUMN[c.table as OwnedTable] as string | undefined;
    const owner = ownerColumn ? c.row?.[ownerColumn] : undefined;
    if (typeof owner === 'string') changedOwners.add(ownerKey(c.table, owner));
    const calledNumber = c.table === 'contacts' ? c.row?.['address_used'] : undefined;
    if (typeof calledNumber === 'string') changedOwners.add(numberKey(calledNumber));
  }
  for (const entry of pendingWithUndo(w)) {
    const fp = footprintOf(entry);
    for (const key of fp.rows) if (changedRows.has(key)) return entry.seq;
    for (const key of fp.owners) if (changedOwners.has(key)) return entry.seq;
  }
  return null;
}

/**
 * Takes back the pending mutations with seq >= fromSeq, runs `change`, then applies again those still
 * waiting for head office (and those it has just accepted, whose rows arrive with the next pull).
 * `fromSeq` null: nothing pending is concerned, `change` simply runs. Returns what `change` returned.
 */
export function rebaseAround<T>(w: WriteHandle, fromSeq: number | null, change: () => T): T {
  if (fromSeq === null) return change();
  const taken = pendingWithUndo(w).filter((e) => e.seq >= fromSeq);
  for (const entry of [...taken].reverse()) restoreRows(w, entry.undo);
  const result = change();
  const refused = refusedSeqsFrom(w, fromSeq);
  for (const entry of taken) if (!refused.has(entry.seq)) reapply(w, entry);
  // The queue rows of the loans whose contacts, promises or assignment were taken back or applied again.
  refreshQueueAfterWrites(w, taken.flatMap((e) => e.undo), new Date());
  return result;
}

/** Applies a pending mutation to the current rows and stores what it overwrote as its new undo record. */
function reapply(w: WriteHandle, entry: PendingEntry): void {
  const undo: UndoEntry[] = [];
  const def = findMutation(entry.name);
  const parsed = def?.args.safeParse(entry.args);
  const user = readRowById(w, 'users', entry.userId);
  if (def && parsed?.success && user) {
    const actor: Actor = {
      userId: entry.userId,
      branchId: String(user['branch_id']),
      roles: JSON.parse(String(user['roles'])) as Role[],
      deviceId: 'rebase',
    };
    try {
      const plan = def.apply({
        args: parsed.data,
        actor,
        rows: readMutationRows(w, def.reads(parsed.data), def.readsOwned?.(parsed.data)),
        now: entry.deviceTime,
        stale: new Set(),
        ...branchApplyContext(w, def, actor.branchId, entry.deviceTime),
      });
      for (const write of plan.writes) {
        const before: Row | null = readRowById(w, write.table, write.id) ?? null;
        // A row made elsewhere under the same id (e.g. a name-based answer id) is head office's to keep.
        if (write.op === 'insert' && before) continue;
        undo.push({ table: write.table, id: write.id, before });
        applyWrite(w, write, { branchId: actor.branchId, userId: actor.userId, now: entry.deviceTime });
      }
    } catch (err) {
      // Refused against the new state: it changes nothing here now; head office gives the verdict.
      if (!(err instanceof MutationRefused)) throw err;
    }
  }
  setOutboxUndo(w, entry.seq, undo);
}
