// Who did each thing, verifiable by head office (DESIGN.md §7, Auth). Every user has an Ed25519 key
// pair made by head office when their password is set: the public key stays at head office and
// travels with the user's row; the private key travels sealed under the user's password, so the
// branch can open it only at sign-in (offline too), and signs every outbox entry with it. Head office
// checks each pushed change against the user's current public key and refuses it otherwise.
//
// This module is the contract between the two sides: what is signed and how a sealed key is written.
// The cryptography (node:crypto) lives with each side: server/signingKeys.ts, main/services/signing.ts.
import { z } from 'zod';
import { canonicalJson } from '../canonicalJson';
import { SCRYPT_DEFAULTS } from './passwordHash';

/** A signed change: the outbox entry as pushed, bound to its client and seq so it cannot be replayed elsewhere. */
export interface SignedChange {
  clientId: string;
  seq: number;
  mutationId: string;
  name: string;
  args: unknown;
  baseVersions: Readonly<Record<string, number>>;
  userId: string;
  deviceTime: string;
  /** The branch's audit chain head after this change's entry: head office keeps it to compare later. */
  auditHead?: { seq: number; hash: string } | null;
}

const DOMAIN_TAG = 'bcw/mutation/v1';

/** The exact text signed and verified: canonical JSON with a domain tag, so no other message can be passed off as one. */
export function signedText(c: SignedChange): string {
  return canonicalJson({
    tag: DOMAIN_TAG,
    clientId: c.clientId,
    seq: c.seq,
    mutationId: c.mutationId,
    name: c.name,
    args: c.args ?? null,
    baseVersions: c.baseVersions,
    userId: c.userId,
    deviceTime: c.deviceTime,
    // Changes made before the audit chain was keyed carry no head; the text then is what they signed.
    ...(c.auditHead ? { auditHead: { seq: c.auditHead.seq, hash: c.auditHead.hash } } : {}),
  });
}

/** An Ed25519 signature, base64 (64 bytes). */
export const signatureText = z.string().regex(/^[A-Za-z0-9+/]{86}==$/);

/** Scrypt parameters of the key that seals a private key (its own salt; not the password hash's). */
export const SEAL_SCRYPT = { N: SCRYPT_DEFAULTS.N, r: SCRYPT_DEFAULTS.r, p: SCRYPT_DEFAULTS.p, keyBytes: 32, saltBytes: 16 } as const;

/** A private key (PKCS#8 DER) sealed with AES-256-GCM under scrypt(password). All binary fields base64. */
export const sealedKey = z
  .object({
    v: z.literal(1),
    kdf: z.object({ alg: z.literal('scrypt'), N: z.number().int().positive(), r: z.number().int().positive(), p: z.number().int().positive(), salt: z.string() }),
    cipher: z.object({ alg: z.literal('aes-256-gcm'), iv: z.string(), tag: z.string() }),
    data: z.string(),
  })
  .strict();
export type SealedKey = z.infer<typeof sealedKey>;

export function parseSealedKey(text: string | null | undefined): SealedKey | null {
  if (!text) return null;
  try {
    const parsed = sealedKey.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
