// Security events: refusals worth a later review (a device writing another branch's row, a revoked
// device still calling, an unknown token), counted per kind, source and hour. Written in the caller's transaction when there is one, so
// the event and the refusal it explains commit together.
import { v7 as uuidv7 } from 'uuid';
import type { Queryable } from './db';

export type SecurityEventKind =
  | 'bad_token'
  | 'expired_token'
  | 'enroll_refused'
  | 'revoked_device'
  | 'forbidden_branch'
  | 'forbidden_scope'
  | 'client_id_mismatch'
  | 'audit_mismatch';

export async function logSecurityEvent(
  q: Queryable,
  event: { at: Date; deviceId: string | null; kind: SecurityEventKind; detail: Record<string, unknown> },
): Promise<void> {
  const at = event.at.toISOString();
  const ip = typeof event.detail['ip'] === 'string' ? event.detail['ip'] : '';
  // One row per kind, source and hour (bounded however often a caller misbehaves).
  const bucket = [event.kind, event.deviceId ?? '', ip, at.slice(0, 13)].join('|');
  await q.query(
    `INSERT INTO security_events (id, at, device_id, kind, detail, bucket, count, last_at) VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, 1, $2)
     ON CONFLICT (bucket) DO UPDATE SET count = security_events.count + 1, last_at = EXCLUDED.last_at`,
    [uuidv7(), at, event.deviceId, event.kind, JSON.stringify(event.detail), bucket],
  );
}
