// The stored form of a password hash, a contract between head office (which sets passwords) and the
// branch (which checks them offline): `scrypt$N$r$p$saltB64$keyB64` over password.normalize('NFKC').
// The scrypt call itself is node:crypto on each side; this module only says what is stored and how.
export const SCRYPT_DEFAULTS = { N: 16384, r: 8, p: 1, keyBytes: 32, saltBytes: 16 } as const;

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
  return { N, r, p, saltB64: parts[4], keyB64: parts[5] };
}
