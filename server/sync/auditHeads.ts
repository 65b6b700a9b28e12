// Head office's side of the branch audit chain (main/services/audit.ts). Every applied change carries,
// under its user's verified signature, the branch's chain head after that change's audit entry; head
// office keeps it in mutation_log. Later the branch is asked for its chain hashes at a sample of those
// seqs and head office compares: a history rewritten at the branch — even re-chained with the branch's
// own key — no longer has the hashes its users signed.
//   POST /sync/audit/heads  → the seqs head office holds heads for (a sample, oldest to newest)
//   POST /sync/audit/verify → the branch's hashes at those seqs, compared here
import type { AuditHeadsResponse, AuditVerifyRequest, AuditVerifyResponse } from '../../shared/sync/protocol';
import { AUDIT_HEADS_MAX } from '../../shared/sync/protocol';
import type { Device } from '../auth';
import type { Queryable } from '../db';
import { HttpError } from '../errors';
import { logSecurityEvent } from '../security';

/** The newest heads always; older ones evenly spaced, so a rewrite anywhere is likely met, and the first. */
const NEWEST = AUDIT_HEADS_MAX / 2;

async function requireOwnClient(db: Queryable, device: Device, clientId: string): Promise<void> {
  const [owner] = await db.query<{ device_id: string }>('SELECT device_id FROM client_state WHERE client_id = $1', [clientId]);
  if (owner && owner.device_id !== device.id) throw new HttpError(403, 'FORBIDDEN', 'this client id belongs to another device');
}

export async function handleAuditHeads(db: Queryable, device: Device, clientId: string): Promise<AuditHeadsResponse> {
  await requireOwnClient(db, device, clientId);
  const rows = await db.query<{ audit_seq: string | number }>(
    `WITH heads AS (
       SELECT audit_seq, row_number() OVER (ORDER BY seq) AS rn, count(*) OVER () AS n
         FROM mutation_log WHERE client_id = $1 AND audit_seq IS NOT NULL)
     SELECT audit_seq FROM heads
      WHERE rn = 1 OR rn > n - $2 OR rn % greatest(1, (n - $2) / $2) = 0
      ORDER BY audit_seq DESC
      LIMIT $3`,
    [clientId, NEWEST, AUDIT_HEADS_MAX],
  );
  return { seqs: rows.map((r) => Number(r.audit_seq)).reverse() };
}

export async function handleAuditVerify(db: Queryable, device: Device, req: AuditVerifyRequest, now: Date): Promise<AuditVerifyResponse> {
  await requireOwnClient(db, device, req.clientId);
  const seqs = req.heads.map((h) => h.seq);
  const stored = await db.query<{ audit_seq: string | number; audit_hash: string }>(
    'SELECT audit_seq, audit_hash FROM mutation_log WHERE client_id = $1 AND audit_seq = ANY($2::bigint[])',
    [req.clientId, seqs],
  );
  const held = new Map(stored.map((r) => [Number(r.audit_seq), r.audit_hash]));
  const mismatched: number[] = [];
  const missing: number[] = [];
  let checked = 0;
  for (const h of req.heads) {
    const expected = held.get(h.seq);
    if (expected === undefined) continue; // not a head head office holds: nothing to compare
    checked += 1;
    if (h.hash === null) missing.push(h.seq);
    else if (h.hash !== expected) mismatched.push(h.seq);
  }
  const ok = mismatched.length === 0 && missing.length === 0;
  if (!ok) {
    await logSecurityEvent(db, {
      at: now,
      deviceId: device.id,
      kind: 'audit_mismatch',
      detail: { clientId: req.clientId, mismatched: mismatched.slice(0, 20), missing: missing.slice(0, 20) },
    });
  }
  return { ok, checked, mismatched, missing };
}
