// POST /sync/push (DESIGN.md §7). Mutations run in seq order, in transactions of up to CHUNK
// mutations: each mutation's seq bookkeeping, its outcome in mutation_log and its row writes commit
// together (a refused mutation rolls back to its own savepoint), so a crash or a retry can never apply
// a mutation twice or lose one. Committing a chunk at once instead of each mutation saves a commit
// (and a log flush) per mutation, which is most of the cost of a drain. A mutation that can never
// succeed is stored as rejected and still advances the seq (else the client is stuck for ever); an
// unexpected failure stops the batch with retryFromSeq, because retrying is safe and dropping is not.
import type { PushMutation, PushRequest, PushResponse, PushResult } from '../../shared/sync/protocol';
import type { Device } from '../auth';
import type { CentralDb, Queryable } from '../db';
import { HttpError, isTransient } from '../errors';
import { logSecurityEvent } from '../security';
import { runMutation, type Outcome } from './runMutation';

export interface PushLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface PushContext {
  db: CentralDb;
  device: Device;
  now: () => Date;
  log?: PushLogger;
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
      const done = await db.transaction(async (tx) => {
        const out: { result: PushResult; lastMutationSeq: number }[] = [];
        for (const m of chunk) out.push(await processOne(tx, ctx, req.clientId, m));
        return out;
      });
      for (const d of done) {
        results.push(d.result);
        lastMutationSeq = d.lastMutationSeq;
      }
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

async function refuseClientId(ctx: PushContext, clientId: string, ownerDeviceId: string): Promise<never> {
  await logSecurityEvent(ctx.db, {
    at: ctx.now(),
    deviceId: ctx.device.id,
    kind: 'client_id_mismatch',
    detail: { clientId, ownerDeviceId },
  });
  throw new HttpError(403, 'FORBIDDEN', 'this client id belongs to another device');
}

async function processOne(
  tx: Queryable,
  ctx: PushContext,
  clientId: string,
  m: PushMutation,
): Promise<{ result: PushResult; lastMutationSeq: number }> {
  const now = ctx.now();
  await tx.query('INSERT INTO client_state (client_id, device_id, last_mutation_seq) VALUES ($1, $2, 0) ON CONFLICT (client_id) DO NOTHING', [
    clientId,
    ctx.device.id,
  ]);
  // The row lock serialises pushes of one client (a retry racing the original request), and the
  // device's revocation is read in the same transaction so a revoke takes effect at once.
  const [state] = await tx.query<{ device_id: string; last_mutation_seq: number; revoked_at: string | null }>(
    `SELECT cs.device_id, cs.last_mutation_seq, d.revoked_at
       FROM client_state cs LEFT JOIN devices d ON d.id = $2
      WHERE cs.client_id = $1 FOR UPDATE OF cs`,
    [clientId, ctx.device.id],
  );
  if (!state) throw new Error(`client_state for ${clientId} missing`);
  if (state.device_id !== ctx.device.id) throw new ClientIdMismatch(state.device_id);
  const last = state.last_mutation_seq;

  if (m.seq <= last) return { result: await answerSeen(tx, clientId, m), lastMutationSeq: last };

  const outcome: Outcome =
    state.revoked_at !== null
      ? { status: 'rejected', reason: { code: 'device_revoked', message: 'this device has been revoked; its changes are not applied' } }
      : await runMutation(tx, { deviceId: ctx.device.id, branchId: ctx.device.branchId, now }, m);
  const reason = outcome.status === 'applied' ? null : outcome.reason;
  await tx.query(
    `INSERT INTO mutation_log (client_id, seq, mutation_id, name, args, user_id, device_time, received_at, status, reason)
     VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, $7, $8, $9, $10::text::jsonb)`,
    [
      clientId,
      m.seq,
      m.mutationId,
      m.name,
      m.args === undefined ? null : JSON.stringify(m.args),
      m.userId,
      m.deviceTime,
      now.toISOString(),
      outcome.status,
      reason ? JSON.stringify(reason) : null,
    ],
  );
  await tx.query('UPDATE client_state SET last_mutation_seq = $2 WHERE client_id = $1', [clientId, m.seq]);
  return {
    result: { seq: m.seq, mutationId: m.mutationId, status: outcome.status, ...(reason ? { reason } : {}) },
    lastMutationSeq: m.seq,
  };
}

/**
 * A seq at or below the client's last: normally a retry of a mutation already processed, answered
 * with its stored outcome. A different mutation id under a known seq means the client's outbox went
 * back in time (e.g. restored from a backup); answering "duplicate" would silently drop that work, so
 * it is rejected where the user will see it.
 */
async function answerSeen(tx: Queryable, clientId: string, m: PushMutation): Promise<PushResult> {
  const [logged] = await tx.query<{ mutation_id: string; status: 'applied' | 'rejected' | 'conflict'; reason: PushResult['reason'] | null }>(
    'SELECT mutation_id, status, reason FROM mutation_log WHERE client_id = $1 AND seq = $2',
    [clientId, m.seq],
  );
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
