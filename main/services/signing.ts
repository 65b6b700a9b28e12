// The branch's side of user signatures (shared/auth/signing.ts): the private key head office sealed
// under the user's password is opened at sign-in (offline too) and kept only in the session, in
// memory; every outbox entry the user makes is signed with it.
import { createDecipheriv, createPrivateKey, createPublicKey, scryptSync, sign, type KeyObject } from 'node:crypto';
import { passwordInput, scryptMaxmem, withinScryptLimits } from '../../shared/auth/passwordHash';
import { parseSealedKey, signedText, type SignedChange } from '../../shared/auth/signing';

/** The user's private key, or null when none is stored or the password does not open it. */
export function openSigningKey(sealedText: string | null | undefined, password: string): KeyObject | null {
  const sealed = parseSealedKey(sealedText);
  if (!sealed) return null;
  try {
    const { N, r, p, salt } = sealed.kdf;
    if (!withinScryptLimits(N, r, p)) return null;
    const key = scryptSync(passwordInput(password), Buffer.from(salt, 'base64'), 32, { N, r, p, maxmem: scryptMaxmem(N, r) });
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.cipher.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(sealed.cipher.tag, 'base64'));
    const der = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
    const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    return privateKey.asymmetricKeyType === 'ed25519' ? privateKey : null;
  } catch {
    return null; // wrong password (the GCM tag does not match) or a damaged record
  }
}

/** The user's signature over a change, base64. */
export function signChange(key: KeyObject, change: SignedChange): string {
  return sign(null, Buffer.from(signedText(change)), key).toString('base64');
}

const publicOf = new WeakMap<KeyObject, string>();

/** The public half of a private key as head office publishes it (SPKI DER, base64). */
export function publicKeyText(key: KeyObject): string {
  let text = publicOf.get(key);
  if (text === undefined) {
    text = createPublicKey(key).export({ format: 'der', type: 'spki' }).toString('base64');
    publicOf.set(key, text);
  }
  return text;
}
