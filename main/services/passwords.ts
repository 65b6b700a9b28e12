// scrypt password hashes (node:crypto) in the stored form of shared/auth/passwordHash, so offline
// sign-in can check hashes head office made, whatever parameters they were made with.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { SCRYPT_DEFAULTS, formatScryptHash, parseScryptHash, passwordInput, scryptMaxmem } from '../../shared/auth/passwordHash';

export function hashPassword(password: string, salt: Buffer = randomBytes(SCRYPT_DEFAULTS.saltBytes)): string {
  const { N, r, p, keyBytes } = SCRYPT_DEFAULTS;
  const key = scryptSync(passwordInput(password), salt, keyBytes, { N, r, p, maxmem: scryptMaxmem(N, r) });
  return formatScryptHash({ N, r, p, saltB64: salt.toString('base64'), keyB64: key.toString('base64') });
}

export function verifyPassword(password: string, stored: string): boolean {
  const h = parseScryptHash(stored);
  if (!h) return false;
  const expected = Buffer.from(h.keyB64, 'base64');
  if (expected.length === 0) return false;
  const actual = scryptSync(passwordInput(password), Buffer.from(h.saltB64, 'base64'), expected.length, {
    N: h.N,
    r: h.r,
    p: h.p,
    maxmem: scryptMaxmem(h.N, h.r),
  });
  return timingSafeEqual(actual, expected);
}
