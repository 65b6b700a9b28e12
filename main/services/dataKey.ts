// The workstation's key for data at rest. One random 32-byte data key per data folder, kept in
// `<dataDir>/store.key` sealed by a key protector: the OS keystore in Electron (main/app supplies it),
// or, for the browser-hosted dev/test host only, the file itself. Keys for the database, the blobs and
// the audit chain are derived from it (HKDF), so one unsealing opens everything and no key is used for
// two purposes. Losing the data key loses the unsynced work of this PC (head office holds the rest), so
// the key file is written atomically and never replaced.
import { hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isEncryptedDatabase, type StoreKeys } from '../../db/local/store';

export const DATA_KEY_FILE_NAME = 'store.key';
const DATA_KEY_BYTES = 32;

/** Seals and opens the data key. `kind` is recorded with the sealed key so a mismatch is explained, not guessed. */
export interface KeyProtector {
  readonly kind: 'os-keystore' | 'file';
  seal(key: Buffer): Buffer;
  open(sealed: Buffer): Buffer;
}

/** The dev/test host's protector: the key lies in the data folder, readable by the owner only (README says so). */
export const keyInDataFolder: KeyProtector = {
  kind: 'file',
  seal: (key) => Buffer.from(key),
  open: (sealed) => Buffer.from(sealed),
};

const keyFile = z.object({
  version: z.literal(1),
  protection: z.enum(['os-keystore', 'file']),
  sealed: z.base64(),
});

export class DataKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataKeyError';
  }
}

/** Creates the data folder readable by its owner only (and tightens one that exists). */
export function ensurePrivateFolder(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') fs.chmodSync(dir, 0o700);
}

function writeAtomically(file: string, content: string): void {
  const temp = `${file}.${randomUUID()}.tmp`;
  const fd = fs.openSync(temp, 'wx', 0o600);
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  // link, not rename: an existing key file is never replaced, whoever raced us.
  try {
    fs.linkSync(temp, file);
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/**
 * The data key of a folder: unsealed from `store.key`, or made and sealed when the folder has none.
 * `mayCreate` is false when the folder already holds an encrypted database: a new key could not open
 * it, so a missing key file is an error to show, never a reason to start over.
 */
export function loadDataKey(dataDir: string, protector: KeyProtector, mayCreate: boolean): Buffer {
  ensurePrivateFolder(dataDir);
  const file = path.join(dataDir, DATA_KEY_FILE_NAME);
  if (!fs.existsSync(file)) {
    if (!mayCreate) throw new DataKeyError(`the key file ${file} is missing; the encrypted database beside it cannot be opened`);
    const key = randomBytes(DATA_KEY_BYTES);
    const sealed = protector.seal(key).toString('base64');
    writeAtomically(file, JSON.stringify({ version: 1, protection: protector.kind, sealed }));
    return key;
  }
  const parsed = keyFile.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new DataKeyError(`the key file ${file} is not readable`);
  if (parsed.data.protection !== protector.kind) {
    throw new DataKeyError(`the key file ${file} is protected by "${parsed.data.protection}", but this host uses "${protector.kind}"`);
  }
  const key = protector.open(Buffer.from(parsed.data.sealed, 'base64'));
  if (key.length !== DATA_KEY_BYTES) throw new DataKeyError(`the key in ${file} has the wrong length`);
  return key;
}

const DERIVATION_SALT = Buffer.from('branch-credit-workstation/at-rest/v1');

function derive(dataKey: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, DERIVATION_SALT, purpose, 32));
}

export function deriveStoreKeys(dataKey: Buffer): StoreKeys {
  return { database: derive(dataKey, 'database'), blobs: derive(dataKey, 'blobs'), audit: derive(dataKey, 'audit-chain') };
}

/** The keys of a data folder's database file, its blobs and its audit chain. */
export function storeKeysFor(databaseFile: string, protector: KeyProtector): StoreKeys {
  return deriveStoreKeys(loadDataKey(path.dirname(databaseFile), protector, !isEncryptedDatabase(databaseFile)));
}
