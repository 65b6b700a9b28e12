// The attachment blob queue (DESIGN.md §7 "Attachments"): separate from the outbox, so a large file
// never holds up mutations. For every attachment whose blob is in the local store and not yet
// verified, it asks head office how much it has (HEAD), PUTs the rest in chunks, and marks the blob
// verified only when HEAD says it is complete (head office re-hashes it first). Progress is saved per
// chunk in blob_uploads; after a cut connection the next run resumes from head office's offset.
// The HTTP convention is described in server/blobs.ts.
import type { LocalStore } from '../../db/local/store';
import {
  blobUploadState,
  isBlobVerified,
  queuedBlobs,
  saveBlobUploadState as saveState,
  unverifiedBlobs,
  type BlobUploadStatus,
} from '../../db/local/queries/blobUploads';

export { blobUploadState, isBlobVerified, unverifiedBlobs };
import { BlobDamagedError, type BlobStore } from '../services/blobStore';

const DAMAGED_COPY = 'the local copy of this attachment is damaged (it no longer matches its sha256); attach the file again';
import { SyncTransportError } from './transport';

const BLOB_CHUNK_BYTES = 1024 * 1024;
const REQUEST_TIMEOUT_MS = 60_000;
/** 409 and 422 answers are followed at most this often per blob per run, so a confused server cannot loop us. */
const MAX_RETRIES_PER_BLOB = 5;
const BUSY_PAUSE_MS = 300;

export interface BlobQueueOptions {
  store: LocalStore;
  blobStore: BlobStore;
  serverUrl: string;
  token: string;
  signal?: AbortSignal;
  chunkBytes?: number;
  clock?: () => Date;
  /** For tests and proxies; default the global fetch. */
  fetch?: typeof fetch;
}

export interface BlobQueueReport {
  /** Blobs this run sent bytes for and saw verified. */
  uploaded: number;
  /** Bytes head office acknowledged in this run. */
  bytes: number;
  /** Blobs newly verified, including those head office already had (same file from another device). */
  verified: number;
  /** Blobs that now need a person (too large, local copy corrupt). */
  failed: number;
}

// ---------- HTTP ----------

interface ServerBlob {
  complete: boolean;
  offset: number;
  length: number;
}

interface PutAnswer {
  status: number;
  offset: number | null;
  complete: boolean;
  code: string | null;
  text: string;
}

function blobHttp(opts: BlobQueueOptions) {
  const base = `${opts.serverUrl.replace(/\/+$/, '')}/blobs/`;
  const doFetch = opts.fetch ?? fetch;

  async function send(method: 'HEAD' | 'PUT', sha256: string, headers: Record<string, string>, body?: Buffer): Promise<Response> {
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    try {
      return await doFetch(base + sha256, {
        method,
        headers: { authorization: `Bearer ${opts.token}`, ...headers },
        body,
        signal: opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout,
      });
    } catch (err) {
      throw new SyncTransportError('network', `cannot reach head office: ${String(err)}`);
    }
  }

  function refuse(res: Response, text: string): never {
    if (res.status === 401 || res.status === 403) throw new SyncTransportError('auth', text.slice(0, 300), res.status);
    if (res.status >= 500) throw new SyncTransportError('server', text.slice(0, 300), res.status);
    throw new SyncTransportError('bad_request', text.slice(0, 300), res.status);
  }

  const count = (value: string | null) => (value !== null && /^\d+$/.test(value) ? Number(value) : null);

  return {
    /** Head office's view of the blob, or null when it has none of it. */
    async head(sha256: string): Promise<ServerBlob | null> {
      const res = await send('HEAD', sha256, {});
      if (res.status === 404) return null;
      if (res.status !== 200) refuse(res, `HEAD answered ${res.status}`);
      const offset = count(res.headers.get('upload-offset'));
      const length = count(res.headers.get('upload-length'));
      if (offset === null || length === null) throw new SyncTransportError('protocol', 'HEAD /blobs answered without Upload-Offset/Upload-Length');
      return { complete: res.headers.get('upload-complete') === '?1', offset, length };
    },
    async put(sha256: string, offset: number, length: number, chunk: Buffer): Promise<PutAnswer> {
      const res = await send('PUT', sha256, {
        'content-type': 'application/octet-stream',
        'upload-offset': String(offset),
        'upload-length': String(length),
      }, chunk);
      let text: string;
      try {
        text = await res.text();
      } catch (err) {
        throw new SyncTransportError('network', `connection lost while reading the answer: ${String(err)}`);
      }
      if (res.status === 401 || res.status === 403 || res.status >= 500) refuse(res, text);
      let json: { complete?: unknown; error?: { code?: unknown } } = {};
      try {
        json = JSON.parse(text) as typeof json;
      } catch {
        // A cut connection can deliver a truncated body after a good status line.
        if (res.ok) throw new SyncTransportError('network', 'truncated answer from head office');
      }
      return {
        status: res.status,
        offset: count(res.headers.get('upload-offset')),
        complete: json.complete === true,
        code: typeof json.error?.code === 'string' ? json.error.code : null,
        text: text.slice(0, 300),
      };
    },
  };
}

// ---------- the queue ----------

type Outcome = { result: 'uploaded' | 'verified' | 'failed' | 'skipped'; bytes: number };

/**
 * Uploads what is queued, one blob at a time. Resolves with what it did; rejects (SyncTransportError)
 * when head office cannot be reached or refuses the device — progress so far is saved, and the next
 * run resumes. A blob that can never go up is marked failed and the queue moves on.
 */
export async function runBlobQueue(opts: BlobQueueOptions): Promise<BlobQueueReport> {
  const clock = opts.clock ?? (() => new Date());
  // Chosen before anything is awaited, while the caller's database is certainly open.
  const queue = queuedBlobs(opts.store.read()).filter((sha) => opts.blobStore.has(sha));
  const report: BlobQueueReport = { uploaded: 0, bytes: 0, verified: 0, failed: 0 };
  const http = blobHttp(opts);
  for (const sha256 of queue) {
    opts.signal?.throwIfAborted();
    const size = opts.blobStore.size(sha256);
    if (size === null) continue; // removed meanwhile
    const outcome = await uploadOne({ opts, http, clock, sha256, size });
    report.bytes += outcome.bytes;
    if (outcome.result === 'uploaded') report.uploaded += 1;
    if (outcome.result === 'uploaded' || outcome.result === 'verified') report.verified += 1;
    if (outcome.result === 'failed') report.failed += 1;
  }
  return report;
}

interface UploadContext {
  opts: BlobQueueOptions;
  http: ReturnType<typeof blobHttp>;
  clock: () => Date;
  sha256: string;
  size: number;
}

async function uploadOne(ctx: UploadContext): Promise<Outcome> {
  const { opts, http, clock, sha256, size } = ctx;
  const save = (status: BlobUploadStatus, uploadedBytes: number, lastError: string | null = null) =>
    saveState(opts.store, clock(), { sha256, sizeBytes: size, uploadedBytes, status, lastError });
  let offset = 0;
  let bytes = 0;
  try {
    const server = await http.head(sha256);
    // Already there (this device's earlier run, or the same file from another device): nothing to send.
    if (server?.complete) {
      save('verified', server.length);
      return { result: 'verified', bytes: 0 };
    }
    offset = server?.offset ?? 0;
    save('uploading', offset);
    const chunkBytes = opts.chunkBytes ?? BLOB_CHUNK_BYTES;
    let content: Buffer;
    try {
      content = await opts.blobStore.read(sha256);
    } catch (err) {
      if (!(err instanceof BlobDamagedError)) throw err;
      // No retry can help a copy that no longer opens: set it aside for a person.
      await opts.blobStore.quarantine(sha256);
      save('failed', 0, DAMAGED_COPY);
      return { result: 'failed', bytes };
    }
    let retries = 0;
    let complete = false;
    while (!complete) {
      opts.signal?.throwIfAborted();
      const n = Math.min(chunkBytes, size - offset);
      const chunk = content.subarray(offset, offset + n);
      const answer = await http.put(sha256, offset, size, chunk);
      if (answer.status === 200 || answer.status === 201) {
        bytes += n;
        complete = answer.complete;
        offset = answer.offset ?? offset + n;
        save('uploading', offset);
        continue;
      }
      if (++retries > MAX_RETRIES_PER_BLOB) {
        throw new SyncTransportError('server', `gave up on blob ${sha256} after ${MAX_RETRIES_PER_BLOB} retries: ${answer.text}`, answer.status);
      }
      if (answer.status === 409 && answer.offset !== null) {
        // Head office has a different amount than we thought (a lost answer, or another device
        // uploading the same file): continue from its offset.
        if (answer.code === 'UPLOAD_BUSY') await new Promise((r) => setTimeout(r, BUSY_PAUSE_MS));
        offset = answer.offset;
        continue;
      }
      if (answer.status === 422) {
        // Head office re-hashed and refused. If our copy is sound the bytes were damaged on the way:
        // start again. If our copy is damaged, no retry can help: set it aside for a person.
        if (await opts.blobStore.verify(sha256)) {
          offset = 0;
          continue;
        }
        await opts.blobStore.quarantine(sha256);
        save('failed', 0, DAMAGED_COPY);
        return { result: 'failed', bytes };
      }
      if (answer.status === 413) {
        save('failed', 0, `head office refuses this attachment as too large: ${answer.text}`);
        return { result: 'failed', bytes };
      }
      // Any other refusal (e.g. LENGTH_MISMATCH): keep it queued with the reason; try again next run.
      save('pending', offset, `${answer.status} ${answer.text}`);
      return { result: 'skipped', bytes };
    }
    const confirmed = await http.head(sha256);
    if (!confirmed?.complete) {
      save('pending', confirmed?.offset ?? 0, 'head office did not confirm the upload as complete');
      return { result: 'skipped', bytes };
    }
    save('verified', confirmed.length);
    return { result: 'uploaded', bytes };
  } catch (err) {
    // Progress already saved per chunk; the reason is kept for the status view and the next run resumes.
    save(offset > 0 ? 'uploading' : 'pending', offset, err instanceof Error ? err.message : String(err));
    throw err;
  }
}
