// Device token lifetime and rotation (DESIGN.md §7 "Auth"). A token is refused once it is older than
// the policy's lifetime; hello replaces it when it is older than the rotation age. The replaced token
// keeps working until the new one is first used, and then for a short grace, because the hello answer
// carrying the new token can be lost: the device then still holds only the old token, and its next
// hello (with the old token) gets another new one. Only sha256 of every token is stored.
import type { DeviceTokenPolicy } from './config';
import { newDeviceToken, sha256Hex, type Device } from './auth';
import type { CentralDb, Queryable } from './db';

interface DeviceTokenRow {
  id: string;
  branch_id: string;
  name: string;
  revoked_at: string | null;
  token_hash: string;
  token_issued_at: string;
  token_first_used_at: string | null;
  previous_token_hash: string | null;
  previous_token_valid_until: string | null;
}

export type TokenCheck =
  /** `via`: the device's current token, or the one it replaced (still inside its grace). */
  | { status: 'valid'; device: Device; via: 'current' | 'previous' }
  /** The device's token (current or replaced) is past its time: the device must enroll again. */
  | { status: 'expired'; deviceId: string }
  | { status: 'unknown' };

const COLUMNS = `id, branch_id, name, revoked_at, token_hash, token_issued_at, token_first_used_at,
  previous_token_hash, previous_token_valid_until`;

function later(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

function tokenExpiresAt(issuedAt: string, policy: DeviceTokenPolicy): string {
  return later(issuedAt, policy.lifetimeMs);
}

function deviceOf(row: DeviceTokenRow): Device {
  return { id: row.id, branchId: row.branch_id, name: row.name, revokedAt: row.revoked_at };
}

/**
 * Who a bearer token belongs to and whether it may still be used. The first request with a new token
 * records that use and cuts the replaced token's remaining life down to the grace (one write per
 * rotation; later requests only read).
 */
export async function checkDeviceToken(q: Queryable, token: string, now: Date, policy: DeviceTokenPolicy): Promise<TokenCheck> {
  const hash = sha256Hex(token);
  const [row] = await q.query<DeviceTokenRow>(`SELECT ${COLUMNS} FROM devices WHERE token_hash = $1 OR previous_token_hash = $1`, [hash]);
  if (!row) return { status: 'unknown' };
  const nowIso = now.toISOString();
  if (row.token_hash === hash) {
    if (tokenExpiresAt(row.token_issued_at, policy) <= nowIso) return { status: 'expired', deviceId: row.id };
    if (row.token_first_used_at === null) {
      const graceEnd = later(nowIso, policy.graceMs);
      await q.query(
        `UPDATE devices SET token_first_used_at = $3,
           previous_token_valid_until = CASE WHEN previous_token_valid_until > $4 THEN $4 ELSE previous_token_valid_until END
         WHERE id = $1 AND token_hash = $2 AND token_first_used_at IS NULL`,
        [row.id, hash, nowIso, graceEnd],
      );
    }
    return { status: 'valid', device: deviceOf(row), via: 'current' };
  }
  if (row.previous_token_valid_until !== null && row.previous_token_valid_until > nowIso) {
    return { status: 'valid', device: deviceOf(row), via: 'previous' };
  }
  return { status: 'expired', deviceId: row.id };
}

export interface RotatedToken {
  token: string;
  expiresAt: string;
}

/**
 * At hello: a new token when the current one is older than the rotation age, or when the device still
 * calls with the replaced one and has never used the new one (the answer that carried it was lost).
 * The device row is locked, so two hellos cannot hand out two tokens of which only one is kept.
 */
export async function rotateTokenIfDue(db: CentralDb, token: string, now: Date, policy: DeviceTokenPolicy): Promise<RotatedToken | null> {
  const hash = sha256Hex(token);
  return db.transaction(async (tx) => {
    const [row] = await tx.query<DeviceTokenRow>(`SELECT ${COLUMNS} FROM devices WHERE token_hash = $1 OR previous_token_hash = $1 FOR UPDATE`, [hash]);
    if (!row) return null;
    const nowIso = now.toISOString();
    const fresh = newDeviceToken();
    if (row.token_hash === hash) {
      if (later(row.token_issued_at, policy.rotateAfterMs) > nowIso) return null;
      // The replaced token keeps the rest of its own life until the new one is used (checkDeviceToken).
      await tx.query(
        `UPDATE devices SET token_hash = $2, token_issued_at = $3, token_first_used_at = NULL,
           previous_token_hash = token_hash, previous_token_valid_until = $4 WHERE id = $1`,
        [row.id, sha256Hex(fresh), nowIso, tokenExpiresAt(row.token_issued_at, policy)],
      );
    } else {
      // A replaced token whose successor was already used is a late request, or a copy of the device:
      // it gets no new token, and stops working when its grace ends.
      if (row.token_first_used_at !== null) return null;
      await tx.query('UPDATE devices SET token_hash = $2, token_issued_at = $3 WHERE id = $1', [row.id, sha256Hex(fresh), nowIso]);
    }
    return { token: fresh, expiresAt: tokenExpiresAt(nowIso, policy) };
  });
}
