// POST /sync/pull (DESIGN.md §7): the changes of one scope after the client's cursor, paged by bytes.
// The change log is compacted (one entry per row holding its latest state), so "from version 0" is a
// full snapshot of the scope; that is what a reset answers.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonicalJson';
import { DEFAULT_PULL_PAGE_BYTES, branchScope, type ChangeEntry, type PullRequest, type PullResponse } from '../../shared/sync/protocol';
import type { Device } from '../auth';
import { bigIntToHash, hashToHex, ROW_HASH_VERSION } from '../../shared/sync/rowHash';
import type { CentralDb, Queryable } from '../db';
import { HttpError } from '../errors';
import { logSecurityEvent } from '../security';
import { ensureScope, recomputeRowSum } from './versions';

/** Rows fetched per query while filling a page; a page is usually far more or far fewer rows. */
const CHUNK_ROWS = 500;

function mayReadScope(device: Device, scope: string): boolean {
  return scope === 'global' || scope === branchScope(device.branchId);
}

export async function handlePull(db: CentralDb, device: Device, req: PullRequest, now: Date): Promise<PullResponse> {
  if (!mayReadScope(device, req.scope)) {
    await logSecurityEvent(db, { at: now, deviceId: device.id, kind: 'forbidden_scope', detail: { scope: req.scope } });
    throw new HttpError(403, 'FORBIDDEN', `this device may not read scope ${req.scope}`);
  }
  await ensureScope(db, req.scope);
  const [known] = await db.query<{ ok: boolean }>('SELECT row_sum IS NOT NULL AND row_sum_version = $2 AS ok FROM scope_versions WHERE scope = $1', [
    req.scope,
    ROW_HASH_VERSION,
  ]);
  if (!known?.ok) await db.transaction((tx) => recomputeRowSum(tx, req.scope));
  // One snapshot for the page and the scope's version and row sum: the sum then describes exactly the
  // state a client holds after applying everything up to that version.
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    return readPage(tx, req);
  });
}

async function readPage(q: Queryable, req: PullRequest): Promise<PullResponse> {
  const [state] = await q.query<{ epoch: string; version: number; row_sum: string | null }>(
    'SELECT epoch, version, row_sum::text AS row_sum FROM scope_versions WHERE scope = $1',
    [req.scope],
  );
  if (!state) throw new Error(`scope ${req.scope} vanished`);
  const { epoch, version } = state;
  // A cursor past the scope's version cannot come from this epoch's log (e.g. a database restored
  // from an older backup): starting over is the only safe answer.
  const reset = req.epoch !== epoch || req.cursor > version;
  const fromVersion = reset ? 0 : req.cursor;
  const maxBytes = req.maxBytes ?? DEFAULT_PULL_PAGE_BYTES;

  const changes: ChangeEntry[] = [];
  // The checksum is sha256(canonicalJson(changes)). canonicalJson of an array is '[' + its entries'
  // canonical texts joined by ',' + ']', so each entry is serialized once, for its size and the hash.
  const hash = createHash('sha256').update('[');
  let bytes = 2; // the surrounding []
  let after = fromVersion;
  let hasMore = false;
  fill: for (;;) {
    const rows = await q.query<{ table_name: string; row_id: string; version: number; op: 'upsert' | 'remove'; data: Record<string, unknown> | null }>(
      // No upper bound: the snapshot holds nothing past the scope's version (and a bound covering the
      // whole log led the planner to sort it for every chunk).
      `SELECT table_name, row_id, version, op, data FROM change_log
        WHERE scope = $1 AND version > $2 ORDER BY version LIMIT ${CHUNK_ROWS}`,
      [req.scope, after],
    );
    for (const r of rows) {
      const entry: ChangeEntry = { table: r.table_name, id: r.row_id, op: r.op, version: r.version, row: r.op === 'upsert' ? r.data : null };
      const text = canonicalJson(entry);
      const size = Buffer.byteLength(text) + 1;
      // Capped by bytes, but never empty: one row larger than the cap still travels alone.
      if (changes.length > 0 && bytes + size > maxBytes) {
        hasMore = true;
        break fill;
      }
      hash.update(changes.length > 0 ? `,${text}` : text);
      changes.push(entry);
      bytes += size;
      after = r.version;
    }
    if (rows.length < CHUNK_ROWS) break;
  }
  return {
    scope: req.scope,
    epoch,
    reset,
    fromVersion,
    // Nothing lies between the last entry and the snapshot's version, so the cursor may move up to it.
    toVersion: hasMore ? after : Math.max(after, version),
    hasMore,
    changes,
    count: changes.length,
    checksum: hash.update(']').digest('hex'),
    // Only the last page leaves the client at the scope's version, where the sum applies.
    rowSum: !hasMore && state.row_sum !== null ? hashToHex(bigIntToHash(state.row_sum)) : null,
  };
}
