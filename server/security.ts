// Security events: refusals worth a later review (a device writing another branch's row, a revoked
// device still calling, an unknown token). Written in the caller's transaction when there is one, so
// the event and the refusal it explains commit together.
import { v7 as uuidv7 } from 'uuid';
import type { Queryable } from './db';

export type SecurityEventKind =
  | 'bad_token'
  | 'enroll_refused'
  | 'revoked_device'
  | 'forbidden_branch'
  | 'forbidden_scope'
  | 'client_id_mismatch';

export async function logSecurityEvent(
  q: Queryable,
  event: { at: Date; deviceId: string | null; kind: SecurityEventKind; detail: Record<string, unknown> },
): Promise<void> {
  await q.query('INSERT INTO security_events (id, at, device_id, kind, detail) VALUES ($1, $2, $3, $4, $5::text::jsonb)', [
    uuidv7(),
    event.at.toISOString(),
    event.deviceId,
    event.kind,
    JSON.stringify(event.detail),
  ]);
}
