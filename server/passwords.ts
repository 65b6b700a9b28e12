// Head office sets passwords; branches check them offline (main/services/passwords.ts), so the hash is
// written in the stored form of shared/auth/passwordHash.
import { randomBytes, scryptSync } from 'node:crypto';
import { SCRYPT_DEFAULTS, formatScryptHash, passwordInput, scryptMaxmem } from '../shared/auth/passwordHash';

export function hashPassword(password: string): string {
  const { N, r, p, keyBytes, saltBytes } = SCRYPT_DEFAULTS;
  const salt = randomBytes(saltBytes);
  const key = scryptSync(passwordInput(password), salt, keyBytes, { N, r, p, maxmem: scryptMaxmem(N, r) });
  return formatScryptHash({ N, r, p, saltB64: salt.toString('base64'), keyB64: key.toString('base64') });
}
