// The format of a file sealed at rest: "BCWS1" | 12-byte random nonce | AES-256-GCM ciphertext | 16-byte
// tag. The file's name (its content's SHA-256) is bound in as associated data, so a sealed file renamed
// to stand for another content fails to open. A version tag first, so a later format can be told apart.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';

const MAGIC = Buffer.from('BCWS1', 'latin1');
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const SEALED_OVERHEAD_BYTES = MAGIC.length + NONCE_BYTES + TAG_BYTES;

export function seal(key: Buffer, content: Buffer, name: string): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(name, 'utf8'));
  const body = Buffer.concat([cipher.update(content), cipher.final()]);
  return Buffer.concat([MAGIC, nonce, body, cipher.getAuthTag()]);
}

/** The content, or an exception when the file is not sealed under this key and name (altered, damaged). */
export function openSealed(key: Buffer, sealed: Buffer, name: string): Buffer {
  if (sealed.length < SEALED_OVERHEAD_BYTES || !sealed.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a sealed file');
  const nonce = sealed.subarray(MAGIC.length, MAGIC.length + NONCE_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(Buffer.from(name, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(MAGIC.length + NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
}

export function isSealed(file: string): boolean {
  const head = Buffer.alloc(MAGIC.length);
  const fd = fs.openSync(file, 'r');
  try {
    return fs.readSync(fd, head, 0, head.length, 0) === head.length && head.equals(MAGIC);
  } finally {
    fs.closeSync(fd);
  }
}
