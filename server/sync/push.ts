// POST /sync/push (DESIGN.md §7). Mutations run in seq order, in transactions of up to CHUNK
// mutations: each mutation's seq bookkeeping, its outcome in mutation_log and its row writes commit
// together, so a crash or a retry can never apply a mutation twice or lose one. A mutation that can
// never succeed is stored as rejected and still advances the seq (else the client is stuck for ever);
// an unexpected failure stops the batch with retryFromSeq, because retrying is safe and dropping is not.
//
// Round trips, not rows, are what a drain costs, so a chunk does its bookkeeping once: the client's
// state row is locked and read at the start and updated at the end, the outcomes go to mutation_log in
// one multi-row INSERT, and the applied writes are recorded in the change log in one call, as the very
// last step, because that call takes the scope row's lock and holds it until COMMIT (versions.ts).
import { branchScope, type PushMutation, type PushRequest, type PushResponse, type PushResult } from '../../shared/sync/protocol';
import type { Device } from '../auth';
import type { CentralDb, Queryable } from '../db';
import { HttpError, isPermanentDataError, isTransient } from '../errors';
import { logSecurityEvent } from '../security';
import { storableCopy, unstorableTextPath } from '../../shared/text/storable';
import { runMutations, type MutationContext, type Outcome } from './runMutation';
import type { ChangeRef } from './versions';
import { recordChanges } from './versions';

export interface PushLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface PushContext {
  db: CentralDb;
  device: Device;
  now: () => Date;
  log?: PushLogger;
  /** Whether an attachment file is stored and verified at head office (mutations that need files check it). */
  blobStored?: (sha256: string) => Promise<boolean>;
}

const CHUNK = 100;

/** A client id is bound to the device that first pushed with it; another device may not use it. */
class ClientIdMismatch extends Error {}

export async function handlePush(ctx: PushContext, req: PushRequest): Promise<PushResponse> {
  const { db, device } = ctx;
  const [owner] = await db.query<{ device_id: string }>('SELECT device_id FROM client_state WHERE client_id = $1', [req.clientId]);
  if (owner && owner.device_id !== device.id) await refuseClientId(ctx, req.clientId, owner.device_id);
  if (device.revokedAt !== null) {
    await logSecurityEvent(db, {
      at: ctx.now(),
      deviceId: device.id,
      kind: 'revoked_device',
      detail: { route: 'push', clientId: req.clientId, mutations: req.mutations.length },
    });
  }

  const mutations = [...req.mutations].sort((a, b) => a.seq - b.seq);
  const results: PushResult[] = [];
  let retryFromSeq: number | null = null;
  let lastMutationSeq: number | undefined;
  for (let start = 0; start < mutations.length; start += CHUNK) {
    const chunk = mutations.slice(start, start + CHUNK);
    try {
      const done = await processOrIsolate(ctx, req.clientId, chunk);
      results.push(...done.results);
      lastMutationSeq = done.lastMutationSeq;
    } catch (err) {
      // Nothing of this chunk committed: the client sends it again from its first seq.
      if (err instanceof ClientIdMismatch) await refuseClientId(ctx, req.clientId, err.message);
      const first = chunk[0] as PushMutation;
      const level = isTransient(err) ? 'warn' : 'error';
      ctx.log?.[level]({ err, clientId: req.clientId, seq: first.seq }, 'push stopped; the client will retry');
      retryFromSeq = first.seq;
      break;
    }
  }
  if (lastMutationSeq === undefined) {
    const [state] = await db.query<{ last_mutation_seq: number }>('SELECT last_mutation_seq FROM client_state WHERE client_id = $1', [
      req.clientId,
    ]);
    lastMutationSeq = state?.last_mutation_seq ?? 0;
  }
  return { results, retryFromSeq, lastMutationSeq };
}

/**
 * A chunk in one transaction. When the database refuses it for a reason that will never change (a data
 * error: a value it cannot store), the chunk is run again one mutation per transaction, and the one
 * that fails that way alone is stored as rejected — a poison message can never wedge a client's queue.
 */
async function processOrIsolate(ctx: PushContext, clientId: string, chunk: readonly PushMutation[]): Promise<ChunkResult> {
  try {
    return await ctx.db.transaction((tx) => processChunk(tx, ctx, clientId, chunk));
  } catch (err) {
    if (!isPermanentDataError(err)) throw err;
    if (chunk.length === 1) {
      ctx.log?.warn({ err, clientId, seq: chunk[0]?.seq }, 'push: a mutation head office cannot store is rejected');
      return ctx.db.transaction((tx) => processChunk(tx, ctx, clientId, chunk, UNSTORABLE_VALUE));
    }
    const results: PushResult[] = [];
    let lastMutationSeq = 0;
    for (const m of chunk) {
      const done = await processOrIsolate(ctx, clientId, [m]);
      results.push(...done.results);
      lastMutationSeq = done.lastMutationSeq;
    }
    return { results, lastMutationSeq };
  }
}

async function refuseClientId(ctx: PushContext, clientId: string, ownerDeviceId: string): Promise<never> {
  await logSecurityEvent(ctx.db, {
    at: ctx.now(),
    deviceId: ctx.device.id,
    kind: 'client_id_mismatch',
    detail: { clientId, ownerDeviceId },
  });
  throw new HttpError(403, 'FORBIDDEN', 'this client id belongs to another device');
}

const REVOKED: Outcome = {
  status: 'rejected',
  reason: { code: 'device_revoked', message: 'this device has been revoked; its changes are not applied' },
};

type Logged = { mutation_id: string; status: 'applied' | 'rejected' | 'conflict'; reason: PushResult['reason'] | null };

interface ChunkResult {
  results: PushResult[];
  lastMutationSeq: number;
}

/**
 * One chunk, in the caller's transaction: results in seq order and the client's last seq afterwards.
 * `verdict` decides every new mutation without running it (a revoked device, an unstorable value).
 */
async function processChunk(
  tx: Queryable,
  ctx: PushContext,
  clientId: string,
  chunk: readonly PushMutation[],
  verdict?: Outcome,
): Promise<ChunkResult> {
  const now = ctx.now();
  await tx.query('INSERT INTO client_state (client_id, device_id, last_mutation_seq) VALUES ($1, $2, 0) ON CONFLICT (client_id) DO NOTHING', [
    clientId,
    ctx.device.id,
  ]);
  // The row lock serialises pushes of one client (a retry racing the original request) for the whole
  // chunk, and the device's revocation is read in the same transaction so a revoke takes effect at once.
  const [state] = await tx.query<{ device_id: string; last_mutation_seq: number; revoked_at: string | null }>(
    `SELECT cs.device_id, cs.last_mutation_seq, d.revoked_at
       FROM client_state cs LEFT JOIN devices d ON d.id = $2
      WHERE cs.client_id = $1 FOR UPDATE OF cs`,
    [clientId, ctx.device.id],
  );
  if (!state) throw new Error(`client_state for ${clientId} missing`);
  if (state.device_id !== ctx.device.id) throw new ClientIdMismatch(state.device_id);

  // Seqs at or below the client's last were answered before; their stored outcomes in one query.
  const seen = new Map<number, Logged>();
  const old = chunk.filter((m) => m.seq <= state.last_mutation_seq).map((m) => m.seq);
  if (old.length > 0) {
    const rows = await tx.query<Logged & { seq: number }>(
      'SELECT seq, mutation_id, status, reason FROM mutation_log WHERE client_id = $1 AND seq = ANY($2::bigint[])',
      [clientId, old],
    );
    for (const r of rows) seen.set(r.seq, r);
  }

  // Sorted by seq, so each seq above the last is new exactly once; a seq repeated within the request
  // is answered like any other seen seq, from this chunk's own outcome once it is known.
  let last = state.last_mutation_seq;
  const fresh: PushMutation[] = [];
  const isFresh: boolean[] = [];
  for (const m of chunk) {
    isFresh.push(m.seq > last);
    if (m.seq <= last) continue;
    fresh.push(m);
    last = m.seq;
  }

  const decided = state.revoked_at !== null ? REVOKED : verdict;
  const { outcomes, changes } =
    decided || fresh.length === 0
      ? { outcomes: fresh.map(() => decided ?? REVOKED), changes: [] }
      : await runStorable(tx, { deviceId: ctx.device.id, branchId: ctx.device.branchId, clientId, now, blobStored: ctx.blobStored }, fresh);
  fresh.forEach((m, i) => {
    const outcome = outcomes[i] as Outcome;
    seen.set(m.seq, { mutation_id: m.mutationId, status: outcome.status, reason: outcome.status === 'applied' ? null : outcome.reason });
  });

  let next = 0;
  const results = chunk.map((m, i): PushResult => {
    if (!isFresh[i]) return answerSeen(m, seen.get(m.seq));
    const outcome = outcomes[next++] as Outcome;
    return { seq: m.seq, mutationId: m.mutationId, status: outcome.status, ...(outcome.status === 'applied' ? {} : { reason: outcome.reason }) };
  });

  if (fresh.length > 0) {
    // A mutation refused because it cannot be filed is filed without its arguments.
    await logOutcomes(tx, clientId, fresh, outcomes, now, verdict !== UNSTORABLE_VALUE);
    await tx.query('UPDATE client_state SET last_mutation_seq = $2 WHERE client_id = $1', [clientId, last]);
  }
  // Last, right before COMMIT: this takes the scope row's lock (version order = commit order).
  if (changes.length > 0) await recordChanges(tx, branchScope(ctx.device.branchId), changes, clientId);
  return { results, lastMutationSeq: last };
}

const UNSTORABLE: Outcome = {
  status: 'rejected',
  reason: {
    code: 'unstorable_text',
    message: 'the change holds text head office cannot store (an unpaired surrogate or NUL) or nests deeper than any store holds; it was not applied',
  },
};

const UNSTORABLE_VALUE: Outcome = {
  status: 'rejected',
  reason: { code: 'unstorable_value', message: 'the change holds a value head office cannot store; it was not applied' },
};

/** A mutation whose text or nesting no database could store is refused, never run: it must not fail its chunk. */
function unstorable(m: PushMutation): boolean {
  return unstorableTextPath([m.mutationId, m.name, m.userId, m.deviceTime, m.args, m.baseVersions]) !== null;
}

/** runMutations over the storable mutations; the others are refused in place. */
async function runStorable(tx: Queryable, ctx: MutationContext, fresh: readonly PushMutation[]): Promise<{ outcomes: Outcome[]; changes: ChangeRef[] }> {
  const refused = fresh.map(unstorable);
  const storable = fresh.filter((_m, i) => !refused[i]);
  const run = storable.length > 0 ? await runMutations(tx, ctx, storable) : { outcomes: [], changes: [] };
  let next = 0;
  return { outcomes: refused.map((r) => (r ? UNSTORABLE : (run.outcomes[next++] as Outcome))), changes: run.changes };
}

/**
 * The chunk's new outcomes in mutation_log, one multi-row INSERT (10 parameters a row). An applied
 * change's audit chain head is kept: its signature was verified, so the head is the user's word.
 */
async function logOutcomes(
  tx: Queryable,
  clientId: string,
  fresh: readonly PushMutation[],
  outcomes: readonly Outcome[],
  now: Date,
  keepArgs: boolean,
): Promise<void> {
  const params: unknown[] = [clientId, now.toISOString()];
  const tuples = fresh.map((m, i) => {
    const outcome = outcomes[i] as Outcome;
    const reason = outcome.status === 'applied' ? null : outcome.reason;
    // Kept on file even when refused for its text: the unstorable characters are replaced.
    const kept = storableCopy({ mutationId: m.mutationId, name: m.name, args: m.args ?? null, userId: m.userId, deviceTime: m.deviceTime }) as Record<string, unknown>;
    const head = outcome.status === 'applied' ? (m.auditHead ?? null) : null;
    params.push(m.seq, kept['mutationId'], kept['name'], m.args === undefined || !keepArgs ? null : JSON.stringify(kept['args']), kept['userId'], kept['deviceTime'], outcome.status);
    params.push(reason ? JSON.stringify(reason) : null, head?.seq ?? null, head?.hash ?? null);
    const b = params.length - 10;
    return `($1, $${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}::text::jsonb, $${b + 5}, $${b + 6}, $2, $${b + 7}, $${b + 8}::text::jsonb, $${b + 9}::bigint, $${b + 10})`;
  });
  await tx.query(
    `INSERT INTO mutation_log (client_id, seq, mutation_id, name, args, user_id, device_time, received_at, status, reason, audit_seq, audit_hash)
     VALUES ${tuples.join(', ')}`,
    params,
  );
}

/**
 * A seq at or below the client's last: normally a retry of a mutation already processed, answered
 * with its stored outcome. A different mutation id under a known seq means the client's outbox went
 * back in time (e.g. restored from a backup); answering "duplicate" would silently drop that work, so
 * it is rejected where the user will see it.
 */
function answerSeen(m: PushMutation, logged: Logged | undefined): PushResult {
  if (logged && logged.mutation_id === m.mutationId) {
    return {
      seq: m.seq,
      mutationId: m.mutationId,
      status: 'duplicate',
      originalStatus: logged.status,
      ...(logged.reason ? { reason: logged.reason } : {}),
    };
  }
  const message = logged
    ? `seq ${m.seq} was already used by mutation ${logged.mutation_id}; this change was not applied`
    : `seq ${m.seq} arrived after a later seq of this client; this change was not applied`;
  return { seq: m.seq, mutationId: m.mutationId, status: 'rejected', reason: { code: logged ? 'seq_reused' : 'seq_out_of_order', message } };
}
