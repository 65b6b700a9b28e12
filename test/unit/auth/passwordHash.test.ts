// The stored password hash: new hashes use the raised scrypt cost, old ones still verify, and a hash
// with absurd parameters (it arrives by sync, so it is input) is refused without running scrypt.
import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SCRYPT_DEFAULTS, formatScryptHash, parseScryptHash } from '../../../shared/auth/passwordHash';
import { hashPassword, verifyPassword } from '../../../main/services/passwords';
import { hashPassword as headOfficeHash } from '../../../server/passwords';

describe('password hashes', () => {
  it('are made with N = 2^16 at least, on both sides, and verify', () => {
    for (const stored of [hashPassword('Pässwörd#1'), headOfficeHash('Pässwörd#1')]) {
      expect(parseScryptHash(stored)?.N).toBeGreaterThanOrEqual(65536);
      expect(verifyPassword('Pässwörd#1', stored)).toBe(true);
      expect(verifyPassword('Passwörd#1', stored)).toBe(false);
    }
    expect(SCRYPT_DEFAULTS.N).toBe(65536);
  });

  it('still verify when made with the first release cost', () => {
    const salt = Buffer.from('saltsaltsaltsalt');
    const key = scryptSync('Old#pass1', salt, 32, { N: 16384, r: 8, p: 1 });
    const old = formatScryptHash({ N: 16384, r: 8, p: 1, saltB64: salt.toString('base64'), keyB64: key.toString('base64') });
    expect(verifyPassword('Old#pass1', old)).toBe(true);
    expect(verifyPassword('Old#pass2', old)).toBe(false);
  });

  it('refuse parameters no release makes, without running scrypt', () => {
    const salt = Buffer.alloc(16).toString('base64');
    const key = Buffer.alloc(32).toString('base64');
    for (const [N, r, p] of [[1 << 30, 8, 1], [65536, 1024, 1], [65536, 8, 4096], [65535, 8, 1], [1, 8, 1]] as const) {
      const stored = formatScryptHash({ N, r, p, saltB64: salt, keyB64: key });
      expect(parseScryptHash(stored)).toBeNull();
      // N = 2^30 would need 128 GiB: refusing before scrypt is what keeps this from throwing or hanging.
      expect(verifyPassword('x', stored)).toBe(false);
    }
  });
});
