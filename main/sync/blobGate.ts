// Holds back a pushed mutation whose effect relies on attachment files (a case submitted with its
// evidence) until the blob queue has seen head office verify those files, so a supervisor never gets
// a case whose photos are still on the officer's laptop. Mutations before it go up as usual; it and
// the ones after it wait (seq order is kept) until a later round, after the blob queue has run.
import { branchApplyContext } from '../services/policies';
import type { Role } from '../../shared/auth/roles';
import { findMutation } from '../../shared/mutations/registry';
import type { Actor } from '../../shared/mutations/types';
import type { OutboxRow } from '../../db/local/syncStore';
import type { ReadHandle } from '../../db/local/store';
import { readMutationRows, readRowById } from '../../db/local/writePath';
import { blobUploadState } from '../../db/local/queries/blobUploads';
import type { BlobStore } from '../services/blobStore';

const NOTHING_STALE: ReadonlySet<string> = new Set();

/** The longest prefix of `batch` that may go up now. */
export function sendablePrefix(r: ReadHandle, blobs: BlobStore, batch: readonly OutboxRow[]): OutboxRow[] {
  for (let i = 0; i < batch.length; i++) {
    const m = batch[i] as OutboxRow;
    if (waitingBlobs(r, blobs, m).length > 0) return batch.slice(0, i);
  }
  return [...batch];
}

/**
 * Files the mutation needs that this workstation holds but head office has not verified yet. A file
 * this workstation does not hold, or whose upload failed for good, does not hold the mutation back:
 * head office then refuses it with the reason, which the Sync inbox shows.
 */
function waitingBlobs(r: ReadHandle, blobs: BlobStore, m: OutboxRow): string[] {
  const def = findMutation(m.name);
  if (!def?.blobsNeeded) return [];
  const parsed = def.args.safeParse(m.args);
  const user = readRowById(r, 'users', m.userId);
  if (!parsed.success || !user) return [];
  const actor: Actor = {
    userId: m.userId,
    branchId: String(user['branch_id']),
    roles: JSON.parse(String(user['roles'])) as Role[],
    deviceId: 'push',
  };
  const rows = readMutationRows(r, def.reads(parsed.data), def.readsOwned?.(parsed.data));
  const digests = def.blobsNeeded({ args: parsed.data, actor, rows, now: m.deviceTime, stale: NOTHING_STALE, ...branchApplyContext(r, def, actor.branchId, m.deviceTime) });
  return digests.filter((sha) => {
    if (!blobs.has(sha)) return false;
    const upload = blobUploadState(r, sha);
    return upload?.status !== 'verified' && upload?.status !== 'failed';
  });
}
