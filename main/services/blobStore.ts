// The workstation's content-addressed attachment store (DESIGN.md §5): each file lives once under
// `<dataDir>/blobs/<first two hex>/<sha256>`, whatever name it was attached under and however often.
// A file is written to a temp file, fsynced, then renamed into place, so a crash leaves either no blob
// or a whole one — never a truncated file under a valid name. The attachments row that refers to a
// blob is written separately, through the one write path.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';

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
  /** Size on disk, or null when the blob is not here. */
  size(sha256: string): number | null;
  path(sha256: string): string;
  open(sha256: string): Readable;
  /** Re-hashes the stored file: false when it no longer matches its name (disk or tampering). */
  verify(sha256: string): Promise<boolean>;
  /** Moves a corrupt blob aside (kept for inspection) so the same content can be stored again. */
  quarantine(sha256: string): Promise<void>;
}

export function isSha256Hex(value: string): boolean {
  return SHA256_HEX.test(value);
}

function checkSha(sha256: string): string {
  // The name becomes a path: anything but 64 lowercase hex digits could walk out of the folder.
  if (!SHA256_HEX.test(sha256)) throw new Error(`not a sha256 hex digest: ${sha256.slice(0, 80)}`);
  return sha256;
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

/** fsync of the folder makes a rename inside it durable (POSIX); Windows cannot open folders, and does not need it. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function openBlobStore(dataDir: string): BlobStore {
  const root = path.join(dataDir, BLOB_FOLDER);
  const tmpDir = path.join(root, 'tmp');
  const blobPath = (sha256: string) => path.join(root, checkSha(sha256).slice(0, 2), sha256);
  removeStaleTemps(tmpDir);

  /** Writes the source to a temp file while hashing it, and fsyncs it; returns its digest and size. */
  async function writeTemp(source: string | Buffer): Promise<{ temp: string } & StoredBlob> {
    await fsp.mkdir(tmpDir, { recursive: true });
    const temp = path.join(tmpDir, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    try {
      if (Buffer.isBuffer(source)) {
        hash.update(source);
        size = source.length;
        await fsp.writeFile(temp, source, { flag: 'wx' });
      } else {
        const tap = new Transform({
          transform(chunk: Buffer, _enc, done) {
            hash.update(chunk);
            size += chunk.length;
            done(null, chunk);
          },
        });
        await pipeline(fs.createReadStream(source), tap, fs.createWriteStream(temp, { flags: 'wx' }));
      }
      // The write stream has closed; fsync through a new descriptor flushes the same file.
      const handle = await fsp.open(temp, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (err) {
      await fsp.rm(temp, { force: true });
      throw err;
    }
    return { temp, sha256: hash.digest('hex'), size };
  }

  return {
    root,
    async putFile(source) {
      const { temp, sha256, size } = await writeTemp(source);
      const target = blobPath(sha256);
      const existing = fs.statSync(target, { throwIfNoEntry: false });
      if (existing?.size === size) {
        // Already stored: same name means same content (a size that differs means a damaged copy,
        // which the rename below replaces).
        await fsp.rm(temp, { force: true });
        return { sha256, size };
      }
      await fsp.mkdir(path.dirname(target), { recursive: true });
      await fsp.rename(temp, target);
      await syncDir(path.dirname(target));
      return { sha256, size };
    },
    has: (sha256) => fs.existsSync(blobPath(sha256)),
    size: (sha256) => fs.statSync(blobPath(sha256), { throwIfNoEntry: false })?.size ?? null,
    path: blobPath,
    open: (sha256) => fs.createReadStream(blobPath(sha256)),
    verify: async (sha256) => (await sha256OfFile(blobPath(sha256))) === sha256,
    async quarantine(sha256) {
      const dir = path.join(root, 'corrupt');
      await fsp.mkdir(dir, { recursive: true });
      await fsp.rename(blobPath(sha256), path.join(dir, `${sha256}.${Date.now()}`));
    },
  };
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

/** The workstation's blob store: `blobs/` beside the database file, where the sync blob queue looks too. */
export function workstationBlobs(databaseFile: string): BlobStore {
  const dir = path.dirname(databaseFile);
  let store = openStores.get(dir);
  if (!store) openStores.set(dir, (store = openBlobStore(dir)));
  return store;
}
