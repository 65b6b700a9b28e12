// scrypt password hashes for the users table. Branches verify them offline, so the format is a
// contract: `scrypt$N$r$p$saltB64$keyB64`, N=16384 r=8 p=1, 32-byte key, over password.normalize('NFKC').
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEY_BYTES = 32;

export function hashPassword(password: string, salt: Buffer = randomBytes(16)): string {
  const key = scryptSync(password.normalize('NFKC'), salt, KEY_BYTES, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Checks a password against a stored hash, honouring the parameters stored with it. */
export function verifyPassword(password: string, stored: string): boolean {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const expected = Buffer.from(parts[5] as string, 'base64');
  if (expected.length === 0) return false;
  const actual = scryptSync(password.normalize('NFKC'), Buffer.from(parts[4] as string, 'base64'), expected.length, {
    N: n,
    r,
    p,
    maxmem: 128 * n * r * 2,
  });
  return timingSafeEqual(actual, expected);
}
