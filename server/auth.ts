// Device authentication (DESIGN.md §7 "Auth"). A device is enrolled to one branch with a one-time
// code and receives a random bearer token. Head office stores only sha256 of tokens and codes, so a
// copy of the database cannot be used to impersonate a device or to enroll one.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { CentralDb, Queryable } from './db';

export interface Device {
  id: string;
  branchId: string;
  name: string;
  revokedAt: string | null;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** 32 random bytes, base64url: 256 bits, so guessing is hopeless and a plain hash suffices to store it. */
export function newDeviceToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+([A-Za-z0-9_-]{16,128})\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/** Recorded at most once a minute per device, so a busy sync loop does not write on every call. */
export async function touchDevice(q: Queryable, deviceId: string, now: Date): Promise<void> {
  const cutoff = new Date(now.getTime() - 60_000).toISOString();
  await q.query('UPDATE devices SET last_seen_at = $2 WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < $3)', [
    deviceId,
    now.toISOString(),
    cutoff,
  ]);
}

// ---------- enrollment codes ----------

/** Crockford base32: no I, L, O or U, so a code read out over the phone is not misheard. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 12 symbols (60 bits) in groups of four; single use and short-lived, so this is plenty. */
export function newEnrollmentCode(): string {
  let out = '';
  for (let i = 0; i < 12; i++) {
    if (i > 0 && i % 4 === 0) out += '-';
    out += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  }
  return out;
}

/** Case, spaces and dashes do not matter when a person types the code in. */
function normalizeEnrollmentCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

export function enrollmentCodeHash(code: string): string {
  return sha256Hex(normalizeEnrollmentCode(code));
}

export type EnrollmentErrorCode = 'ENROLLMENT_CODE_INVALID' | 'ENROLLMENT_CODE_USED' | 'ENROLLMENT_CODE_EXPIRED';

export class EnrollmentError extends Error {
  constructor(
    readonly code: EnrollmentErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EnrollmentError';
  }
}

export interface Enrollment {
  deviceId: string;
  deviceToken: string;
  branchId: string;
}

/**
 * Consumes a one-time code and registers the device, in one transaction: the code row is locked, so
 * two devices racing with the same code cannot both succeed.
 */
export async function enrollDevice(db: CentralDb, input: { code: string; deviceName: string; now: Date }): Promise<Enrollment> {
  const nowIso = input.now.toISOString();
  return db.transaction(async (tx) => {
    const [code] = await tx.query<{ branch_id: string; expires_at: string; used_at: string | null }>(
      'SELECT branch_id, expires_at, used_at FROM enrollment_codes WHERE code_hash = $1 FOR UPDATE',
      [enrollmentCodeHash(input.code)],
    );
    if (!code) throw new EnrollmentError('ENROLLMENT_CODE_INVALID', 'This enrollment code is not known. Check it, or ask head office for a new one.');
    if (code.used_at !== null) {
      throw new EnrollmentError('ENROLLMENT_CODE_USED', 'This enrollment code has already been used. Each code enrolls one device; ask head office for a new one.');
    }
    if (code.expires_at <= nowIso) {
      throw new EnrollmentError('ENROLLMENT_CODE_EXPIRED', `This enrollment code expired at ${code.expires_at}. Ask head office for a new one.`);
    }
    const deviceId = uuidv7();
    const deviceToken = newDeviceToken();
    await tx.query('INSERT INTO devices (id, branch_id, name, token_hash, token_issued_at, enrolled_at) VALUES ($1, $2, $3, $4, $5, $5)', [
      deviceId,
      code.branch_id,
      input.deviceName,
      sha256Hex(deviceToken),
      nowIso,
    ]);
    await tx.query('UPDATE enrollment_codes SET used_at = $2, device_id = $3 WHERE code_hash = $1', [
      enrollmentCodeHash(input.code),
      nowIso,
      deviceId,
    ]);
    return { deviceId, deviceToken, branchId: code.branch_id };
  });
}
