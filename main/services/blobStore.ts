// The workstation's content-addressed attachment store (DESIGN.md §5): each file lives once under
// `<dataDir>/blobs/<first two hex>/<sha256>`, whatever name it was attached under and however often.
// A file is written to a temp file, fsynced, then renamed into place, so a crash leaves either no blob
// or a whole one — never a truncated file under a valid name. The attachments row that refers to a
// blob is written separately, through the one write path.
// Files are sealed at rest (AES-256-GCM under the store's blob key, see sealedFile.ts): the name is the
// SHA-256 of the plain content, which is what head office and the attachments rows know.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { isSealed, openSealed, seal, SEALED_OVERHEAD_BYTES } from './sealedFile';
import { syncDir } from '../../db/durable';

export const BLOB_FOLDER = 'blobs';
const SHA256_HEX = /^[0-9a-f]{64}$/;
/** Temp files this old are leftovers of a crash; younger ones may belong to a write in progress. */
const STALE_TEMP_MS = 60 * 60 * 1000;

export interface StoredBlob {
  sha256: string;
  size: number;
}

export interface BlobStore {
  readonly root: string;
  /** Stores a file (by path) or bytes; the same content is kept once. */
  putFile(source: string | Buffer): Promise<StoredBlob>;
  has(sha256: string): boolean;
  /** Size of the content, or null when the blob is not here. */
  size(sha256: string): number | null;
  /** The content; throws BlobDamagedError when the sealed file was altered or damaged. */
  read(sha256: string): Promise<Buffer>;
  /** Opens and re-hashes the stored file: false when it no longer matches its name (disk or tampering). */
  verify(sha256: string): Promise<boolean>;
  /** Moves a corrupt blob aside (kept for inspection) so the same content can be stored again. */
  quarantine(sha256: string): Promise<void>;
}

function checkSha(sha256: string): string {
  // The name becomes a path: anything but 64 lowercase hex digits could walk out of the folder.
  if (!SHA256_HEX.test(sha256)) throw new Error(`not a sha256 hex digest: ${sha256.slice(0, 80)}`);
  return sha256;
}

export class BlobDamagedError extends Error {
  constructor(readonly sha256: string) {
    super(`the stored attachment ${sha256} is damaged or was altered`);
    this.name = 'BlobDamagedError';
  }
}

/** Writes bytes to a new file and fsyncs it before the caller renames it into place. */
async function writeDurably(file: string, bytes: Buffer): Promise<void> {
  const handle = await fsp.open(file, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function openBlobStore(dataDir: string, key: Buffer): BlobStore {
  const root = path.join(dataDir, BLOB_FOLDER);
  const tmpDir = path.join(root, 'tmp');
  const blobPath = (sha256: string) => path.join(root, checkSha(sha256).slice(0, 2), sha256);
  removeStaleTemps(tmpDir);
  sealPlainBlobs(root, key);

  async function read(sha256: string): Promise<Buffer> {
    const sealed = await fsp.readFile(blobPath(sha256));
    try {
      return openSealed(key, sealed, sha256);
    } catch {
      throw new BlobDamagedError(sha256);
    }
  }

  return {
    root,
    async putFile(source) {
      // Evidence files are bounded by the dd policy (tens of MB): sealing them whole keeps one format.
      const content = Buffer.isBuffer(source) ? source : await fsp.readFile(source);
      const sha256 = createHash('sha256').update(content).digest('hex');
      const target = blobPath(sha256);
      const existing = fs.statSync(target, { throwIfNoEntry: false });
      // Already stored: same name means same content (a size that differs means a damaged copy,
      // which the rename below replaces).
      if (existing?.size === content.length + SEALED_OVERHEAD_BYTES) return { sha256, size: content.length };
      await fsp.mkdir(tmpDir, { recursive: true, mode: 0o700 });
      const temp = path.join(tmpDir, randomUUID());
      try {
        await writeDurably(temp, seal(key, content, sha256));
        await fsp.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
        await fsp.rename(temp, target);
      } catch (err) {
        await fsp.rm(temp, { force: true });
        throw err;
      }
      await syncDir(path.dirname(target));
      return { sha256, size: content.length };
    },
    has: (sha256) => fs.existsSync(blobPath(sha256)),
    size: (sha256) => {
      const onDisk = fs.statSync(blobPath(sha256), { throwIfNoEntry: false })?.size;
      return onDisk === undefined ? null : Math.max(0, onDisk - SEALED_OVERHEAD_BYTES);
    },
    read,
    verify: async (sha256) => {
      try {
        return createHash('sha256').update(await read(sha256)).digest('hex') === sha256;
      } catch {
        return false;
      }
    },
    async quarantine(sha256) {
      const dir = path.join(root, 'corrupt');
      await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
      await fsp.rename(blobPath(sha256), path.join(dir, `${sha256}.${Date.now()}`));
    },
  };
}

/**
 * Blobs stored before sealing existed are sealed once, in place (temp file, fsync, rename), at open. A
 * file whose content no longer matches its name is left as it is, for verify() to set aside.
 */
function sealPlainBlobs(root: string, key: Buffer): void {
  let prefixes: string[];
  try {
    prefixes = fs.readdirSync(root).filter((name) => /^[0-9a-f]{2}$/.test(name));
  } catch {
    return; // no blobs yet
  }
  for (const prefix of prefixes) {
    for (const name of fs.readdirSync(path.join(root, prefix))) {
      const file = path.join(root, prefix, name);
      if (!SHA256_HEX.test(name) || isSealed(file)) continue;
      const content = fs.readFileSync(file);
      if (createHash('sha256').update(content).digest('hex') !== name) continue;
      const temp = `${file}.${randomUUID()}.tmp`;
      const fd = fs.openSync(temp, 'wx', 0o600);
      try {
        fs.writeFileSync(fd, seal(key, content, name));
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(temp, file);
    }
  }
}

function removeStaleTemps(tmpDir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(tmpDir);
  } catch {
    return; // no temp folder yet
  }
  const cutoff = Date.now() - STALE_TEMP_MS;
  for (const name of names) {
    const file = path.join(tmpDir, name);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat && stat.mtimeMs < cutoff) fs.rmSync(file, { force: true });
  }
}

const openStores = new Map<string, BlobStore>();

/** The workstation's blob store: `blobs/` beside the database file, sealed with the store's blob key. */
export function workstationBlobs(store: { file: string; keys: { blobs: Buffer } }): BlobStore {
  const dir = path.dirname(store.file);
  let blobs = openStores.get(dir);
  if (!blobs) openStores.set(dir, (blobs = openBlobStore(dir, store.keys.blobs)));
  return blobs;
}
