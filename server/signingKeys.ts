// Head office's side of user signatures (shared/auth/signing.ts): it makes each user's key pair when
// their password is set, sealing the private key under that password, and it verifies the signature
// of every pushed change against the user's current public key.
import { createCipheriv, createPublicKey, generateKeyPairSync, randomBytes, scryptSync, verify, type KeyObject } from 'node:crypto';
import { passwordInput, scryptMaxmem } from '../shared/auth/passwordHash';
import { SEAL_SCRYPT, signedText, type SealedKey, type SignedChange } from '../shared/auth/signing';

export interface UserSigningKey {
  /** SPKI DER, base64. */
  publicKey: string;
  /** JSON of a SealedKey. */
  sealed: string;
}

/** A fresh key pair for a user, the private half sealed under their password. */
export function newSigningKey(password: string): UserSigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const { N, r, p, keyBytes, saltBytes } = SEAL_SCRYPT;
  const salt = randomBytes(saltBytes);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', scryptSync(passwordInput(password), salt, keyBytes, { N, r, p, maxmem: scryptMaxmem(N, r) }), iv);
  const data = Buffer.concat([cipher.update(privateKey.export({ format: 'der', type: 'pkcs8' })), cipher.final()]);
  const sealed: SealedKey = {
    v: 1,
    kdf: { alg: 'scrypt', N, r, p, salt: salt.toString('base64') },
    cipher: { alg: 'aes-256-gcm', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64') },
    data: data.toString('base64'),
  };
  return { publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'), sealed: JSON.stringify(sealed) };
}

const keyCache = new Map<string, KeyObject | null>();

function publicKeyOf(spkiB64: string): KeyObject | null {
  let key = keyCache.get(spkiB64);
  if (key === undefined) {
    try {
      key = createPublicKey({ key: Buffer.from(spkiB64, 'base64'), format: 'der', type: 'spki' });
      if (key.asymmetricKeyType !== 'ed25519') key = null;
    } catch {
      key = null;
    }
    if (keyCache.size > 10_000) keyCache.clear();
    keyCache.set(spkiB64, key);
  }
  return key;
}

/** Whether `signature` is the holder of `publicKey` signing exactly this change. */
export function verifyChangeSignature(publicKey: string, change: SignedChange, signature: string | null | undefined): boolean {
  if (!signature) return false;
  const key = publicKeyOf(publicKey);
  const bytes = Buffer.from(signature, 'base64');
  if (!key || bytes.length !== 64) return false;
  return verify(null, Buffer.from(signedText(change)), key, bytes);
}
