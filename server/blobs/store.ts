// Head office's side of attachment blobs on disk. Layout under the blob folder:
//   <sha256>            a complete blob, re-hashed before it was moved here (so its name is its proof)
//   <sha256>.json       sidecar: size, which device uploaded it and when (the central schema has no table)
//   partial/<branch>/<sha256>       bytes received so far, always a prefix of the upload
//   partial/<branch>/<sha256>.json  the declared total length and the first uploader
// An upload in progress belongs to the uploading branch: another branch can neither see its progress
// nor block it (its own upload of the same content is separate); a finished blob is one copy for all,
// since its name proves its content. Open uploads per device are capped (count and bytes).
// One process owns the folder: uploads of one blob are serialized by an in-process lock.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { syncDir } from '../../db/durable';

/** A partial upload untouched this long is abandoned; dropping it lets a later upload start clean. */
const PARTIAL_TTL_MS = 24 * 60 * 60 * 1000;
/** A PUT waits this long for another upload of the same blob to finish before it answers busy. */
const LOCK_WAIT_MS = 5_000;
/** A request body that sends nothing for this long is cut, so it cannot hold the blob's lock for ever. */
const STALL_MS = 60_000;
/** Uploads one device may have open at once, and their declared bytes together. */
export const MAX_OPEN_UPLOADS_PER_DEVICE = 20;
const MAX_OPEN_BYTES_PER_DEVICE = 200 * 1024 * 1024;

export type BlobState =
  | { kind: 'absent' }
  | { kind: 'partial'; offset: number; length: number }
  | { kind: 'complete'; length: number };

export type AppendResult =
  | { kind: 'partial'; offset: number; length: number }
  | { kind: 'complete'; length: number } // was already complete: nothing written
  | { kind: 'stored'; length: number } // this chunk completed it and the re-hash matched
  | { kind: 'offset_mismatch'; offset: number; length: number }
  | { kind: 'length_mismatch'; length: number }
  | { kind: 'beyond_length'; offset: number; length: number }
  | { kind: 'corrupt'; actual: string }
  | { kind: 'busy'; offset: number }
  | { kind: 'cut'; offset: number }
  | { kind: 'quota'; open: number; bytes: number };

export interface AppendInput {
  sha256: string;
  offset: number;
  length: number;
  contentLength: number;
  body: Readable | null;
  uploader: { deviceId: string; branchId: string };
  at: Date;
}

interface PartialMeta {
  length: number;
  startedBy: string;
  branchId: string;
  startedAt: string;
}

class BusyError extends Error {}

async function statOrNull(file: string): Promise<fs.Stats | null> {
  try {
    return await fsp.stat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await fsp.readFile(file, 'utf8')) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Sidecars are small and rewritten whole: temp + rename, so a reader never sees half a file. */
async function writeJson(file: string, value: unknown): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await fsp.writeFile(temp, JSON.stringify(value, null, 2));
  await fsp.rename(temp, file);
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

export class BlobFiles {
  private readonly locks = new Map<string, Promise<void>>();
  private readonly partialDir: string;

  /** sha256 must already be checked as 64 lowercase hex digits by the caller: it becomes a file name. */
  constructor(readonly dir: string) {
    this.partialDir = path.join(dir, 'partial');
  }

  completePath(sha256: string): string {
    return path.join(this.dir, sha256);
  }

  /** `branchId` comes from head office's device registry, never from the request. */
  partialPath(sha256: string, branchId: string): string {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(branchId)) throw new Error(`bad branch id ${branchId}`);
    return path.join(this.partialDir, branchId, sha256);
  }

  /** The blob as `branchId` sees it: complete for everyone, in progress only for its own branch. */
  async state(sha256: string, branchId: string): Promise<BlobState> {
    const complete = await statOrNull(this.completePath(sha256));
    if (complete) return { kind: 'complete', length: complete.size };
    const partial = await statOrNull(this.partialPath(sha256, branchId));
    const meta = await readJson<PartialMeta>(`${this.partialPath(sha256, branchId)}.json`);
    if (!partial || !meta) return { kind: 'absent' };
    return { kind: 'partial', offset: partial.size, length: meta.length };
  }

  /** For "a submit that references blobs is accepted only once they are verified". */
  async isComplete(sha256: string): Promise<boolean> {
    return (await statOrNull(this.completePath(sha256))) !== null;
  }

  /**
   * Appends one chunk at `offset`, which must equal the bytes already received; when the last byte is
   * in, re-hashes the whole file and keeps it only if it matches its name.
   */
  async append(input: AppendInput): Promise<AppendResult> {
    try {
      return await this.withLock(`${input.uploader.branchId}/${input.sha256}`, () => this.appendLocked(input));
    } catch (err) {
      if (!(err instanceof BusyError)) throw err;
      const state = await this.state(input.sha256, input.uploader.branchId);
      return { kind: 'busy', offset: state.kind === 'partial' ? state.offset : 0 };
    }
  }

  private async appendLocked(input: AppendInput): Promise<AppendResult> {
    const { sha256, offset, length } = input;
    const complete = await statOrNull(this.completePath(sha256));
    if (complete) return { kind: 'complete', length: complete.size };
    const branchId = input.uploader.branchId;
    const file = this.partialPath(sha256, branchId);
    await fsp.mkdir(path.dirname(file), { recursive: true });
    const metaFile = `${file}.json`;
    let stat = await statOrNull(file);
    if (stat && Date.now() - stat.mtimeMs > PARTIAL_TTL_MS) {
      await this.discardPartial(sha256, branchId);
      stat = null;
    }
    const received = stat?.size ?? 0;
    let meta = stat ? await readJson<PartialMeta>(metaFile) : null;
    if (meta && meta.length !== length) return { kind: 'length_mismatch', length: meta.length };
    if (offset !== received) return { kind: 'offset_mismatch', offset: received, length };
    if (offset + input.contentLength > length) return { kind: 'beyond_length', offset: received, length };
    if (!meta) {
      const open = await this.openUploadsOf(input.uploader.deviceId, branchId);
      if (open.count + 1 > MAX_OPEN_UPLOADS_PER_DEVICE || open.bytes + length > MAX_OPEN_BYTES_PER_DEVICE) {
        return { kind: 'quota', open: open.count, bytes: open.bytes };
      }
      // First chunk (or a crash between creating the data and the sidecar): the sidecar fixes the length.
      meta = { length, startedBy: input.uploader.deviceId, branchId: input.uploader.branchId, startedAt: input.at.toISOString() };
      await writeJson(metaFile, meta);
    }
    const written = await this.appendBody(file, input.body);
    const now = written.size;
    if (written.cut) return { kind: 'cut', offset: now };
    if (now < length) return { kind: 'partial', offset: now, length };
    return this.finish(sha256, meta, input);
  }

  /**
   * Streams the body onto the end of the file and fsyncs it, so the offset we report survives a crash.
   * Returns the file's size afterwards (bytes counted in flight may not all have reached the disk).
   */
  private async appendBody(file: string, body: Readable | null): Promise<{ size: number; cut: boolean }> {
    let cut = false;
    if (body) {
      let stall: NodeJS.Timeout | undefined;
      const arm = () => {
        clearTimeout(stall);
        stall = setTimeout(() => body.destroy(new Error('upload stalled')), STALL_MS);
      };
      arm();
      const out = fs.createWriteStream(file, { flags: 'a' });
      let writeError: unknown = null;
      out.on('error', (err) => (writeError = err));
      const tap = new Transform({
        transform(chunk: Buffer, _enc, done) {
          arm();
          done(null, chunk);
        },
      });
      try {
        await pipeline(body, tap, out);
      } catch (err) {
        // A disk failure is ours to report; a broken connection is not an error: what arrived is a
        // valid prefix and is kept for the resume.
        if (writeError) throw writeError;
        if (!body.destroyed && !body.readableAborted) throw err;
        cut = true;
      } finally {
        clearTimeout(stall);
      }
    }
    // fsync through a second descriptor flushes the file's data all the same (the write stream has closed).
    const handle = await fsp.open(file, body ? 'r+' : 'a');
    try {
      await handle.sync();
      return { size: (await handle.stat()).size, cut };
    } finally {
      await handle.close();
    }
  }

  /** The device's uploads in progress (not abandoned) in its branch: how many, and their declared bytes. */
  private async openUploadsOf(deviceId: string, branchId: string): Promise<{ count: number; bytes: number }> {
    const dir = path.dirname(this.partialPath('x', branchId));
    const names = await fsp.readdir(dir).catch(() => [] as string[]);
    let count = 0;
    let bytes = 0;
    for (const name of names.filter((n) => /^[0-9a-f]{64}\.json$/.test(n))) {
      const meta = await readJson<PartialMeta>(path.join(dir, name));
      const data = await statOrNull(path.join(dir, name.slice(0, -'.json'.length)));
      if (!meta || meta.startedBy !== deviceId || !data || Date.now() - data.mtimeMs > PARTIAL_TTL_MS) continue;
      count += 1;
      bytes += meta.length;
    }
    return { count, bytes };
  }

  private async finish(sha256: string, meta: PartialMeta, input: AppendInput): Promise<AppendResult> {
    const file = this.partialPath(sha256, input.uploader.branchId);
    const actual = await sha256OfFile(file);
    if (actual !== sha256) {
      // The bytes are not what the name promises: keep nothing, the next upload starts from zero.
      await this.discardPartial(sha256, input.uploader.branchId);
      return { kind: 'corrupt', actual };
    }
    const target = this.completePath(sha256);
    await fsp.rename(file, target);
    await syncDir(this.dir);
    await writeJson(`${target}.json`, {
      sha256,
      size: meta.length,
      startedBy: meta.startedBy,
      completedBy: input.uploader.deviceId,
      branchId: input.uploader.branchId,
      startedAt: meta.startedAt,
      completedAt: input.at.toISOString(),
    });
    await fsp.rm(`${file}.json`, { force: true });
    return { kind: 'stored', length: meta.length };
  }

  private async discardPartial(sha256: string, branchId: string): Promise<void> {
    const file = this.partialPath(sha256, branchId);
    await fsp.rm(file, { force: true });
    await fsp.rm(`${file}.json`, { force: true });
  }

  /** Serializes uploads of one blob; a waiter that gives up still keeps its place so order holds. */
  private async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.locks.set(key, tail);
    try {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new BusyError()), LOCK_WAIT_MS);
      });
      try {
        await Promise.race([previous, timeout]);
      } finally {
        clearTimeout(timer);
      }
      return await fn();
    } finally {
      release();
      if (this.locks.get(key) === tail) this.locks.delete(key);
    }
  }
}
