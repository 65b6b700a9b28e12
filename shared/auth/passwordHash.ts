// The stored form of a password hash, a contract between head office (which sets passwords) and the
// branch (which checks them offline): `scrypt$N$r$p$saltB64$keyB64` over password.normalize('NFKC').
// The scrypt call itself is node:crypto on each side; this module only says what is stored and how.
// N = 2^16 (64 MiB, about 0.2-0.4 s on a branch PC): four times the first release's cost. Stored hashes
// keep their own parameters, so older hashes still verify and are replaced at the next password change.
export const SCRYPT_DEFAULTS = { N: 65536, r: 8, p: 1, keyBytes: 32, saltBytes: 16 } as const;

/** Parameters beyond these are refused: a hash that arrives by sync must not make sign-in allocate gigabytes. */
const SCRYPT_LIMITS = { N: 1 << 20, r: 32, p: 16 } as const;

/** node:crypto refuses scrypt above its maxmem (32 MiB by default); this is what N and r need, with room. */
export function scryptMaxmem(N: number, r: number): number {
  return 128 * N * r * 2;
}

export function withinScryptLimits(N: number, r: number, p: number): boolean {
  const powerOfTwo = N > 1 && (N & (N - 1)) === 0;
  return powerOfTwo && N <= SCRYPT_LIMITS.N && r >= 1 && r <= SCRYPT_LIMITS.r && p >= 1 && p <= SCRYPT_LIMITS.p;
}

export interface ScryptHash {
  N: number;
  r: number;
  p: number;
  saltB64: string;
  keyB64: string;
}

export function passwordInput(password: string): string {
  return password.normalize('NFKC');
}

export function formatScryptHash(h: ScryptHash): string {
  return ['scrypt', h.N, h.r, h.p, h.saltB64, h.keyB64].join('$');
}

/** The parameters stored with a hash, or null when it is not one of ours. */
export function parseScryptHash(stored: string): ScryptHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((v) => Number.isSafeInteger(v) && v > 0) || !parts[4] || !parts[5]) return null;
  if (!withinScryptLimits(N, r, p)) return null;
  return { N, r, p, saltB64: parts[4], keyB64: parts[5] };
}
