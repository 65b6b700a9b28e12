// Attachment blob transfer (DESIGN.md §7 "Attachments"): resumable, chunked uploads addressed by the
// SHA-256 of the content. Bearer device token as for sync (revoked devices refused).
//
// HTTP convention (byte counts are decimal integers; `?1`/`?0` are structured-field booleans):
//   HEAD /blobs/<sha256>
//     200 + Upload-Complete: ?1, Upload-Length: N, Upload-Offset: N, Content-Length: N
//                                          stored and verified (re-hashed) at head office
//     200 + Upload-Complete: ?0, Upload-Length: N, Upload-Offset: K, Content-Length: 0
//                                          incomplete: K bytes received; send the rest from K
//     404                                  unknown: start at offset 0 (also after a 422 discarded it)
//   PUT /blobs/<sha256>   Content-Type: application/octet-stream, Content-Length: n (≤ 4 MiB),
//                         Upload-Offset: where this chunk starts, Upload-Length: total size
//     200 { offset, length, complete: false } + Upload-Offset   chunk appended; more to send
//     201 { offset, length, complete: true }                     last byte in, re-hash matched
//     200 { ..., complete: true }                                already complete (nothing written)
//     409 { error, offset } + Upload-Offset   offset is not the bytes received (or another upload of
//                                             the same blob is running): resume from Upload-Offset
//     409 LENGTH_MISMATCH                     an upload with another Upload-Length is in progress (this branch's)
//     429 UPLOAD_QUOTA                        the device has too many uploads (or bytes) in progress
//     422 HASH_MISMATCH                       the bytes do not hash to the name: all of it discarded
//     413 BLOB_TOO_LARGE / CHUNK_TOO_LARGE, 411 without Content-Length, 415 another content type,
//     400 bad headers or a body past Upload-Length, 401/403 as for sync.
// The body is streamed to disk, never held in memory. The uploading device is recorded in a sidecar
// JSON next to the blob (see blobs/store.ts) and in the request log.
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Device } from './auth';
import { BlobFiles, type AppendResult } from './blobs/store';
import { DEFAULT_DATA_DIR } from './config';
import { HttpError } from './errors';
import { MAX_ATTACHMENT_BYTES } from '../shared/domain/ddPolicy';

/** Largest file head office stores: the ceiling of policy dd's attachment limit (the policy itself is judged by attachment.add). */
export const MAX_BLOB_BYTES = MAX_ATTACHMENT_BYTES;
/** Largest chunk in one PUT; bounds what a single request can tie up. */
export const MAX_CHUNK_BYTES = 4 * 1024 * 1024;

const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface BlobRoutesOptions {
  dir: string;
  requireDevice(request: FastifyRequest): Promise<Device>;
  now: () => Date;
}

/** Where the CLI keeps blobs: next to the PGlite data, `<DATA_DIR>/blobs` (also with PostgreSQL). */
export function defaultBlobDir(): string {
  return path.join(process.env['DATA_DIR'] ?? DEFAULT_DATA_DIR, 'blobs');
}

/** For the submit rule "accepted only once its blobs are verified": is this blob complete here? */
export function blobIsStored(dir: string, sha256: string): Promise<boolean> {
  return SHA256_HEX.test(sha256) ? new BlobFiles(dir).isComplete(sha256) : Promise.resolve(false);
}

function shaParam(request: FastifyRequest): string {
  const sha = (request.params as { sha256?: string }).sha256 ?? '';
  if (!SHA256_HEX.test(sha)) throw new HttpError(400, 'VALIDATION', 'the blob name must be a sha256 digest in lowercase hex', { sha256: 'invalid' });
  return sha;
}

function byteCount(request: FastifyRequest, header: string): number {
  const raw = request.headers[header];
  const value = typeof raw === 'string' && /^\d{1,15}$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value)) throw new HttpError(400, 'VALIDATION', `header ${header} must be a byte count`, { [header]: 'invalid' });
  return value;
}

function fail(reply: FastifyReply, status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
  return reply.status(status).send({ error: { code, message }, ...extra });
}

/**
 * Registered as an encapsulated plugin, so the octet-stream parser and the per-device lookup apply to
 * these routes only.
 */
export async function blobRoutes(app: FastifyInstance, opts: BlobRoutesOptions): Promise<void> {
  const files = new BlobFiles(opts.dir);
  const devices = new WeakMap<FastifyRequest, Device>();

  // Authenticate before the body is touched: an unknown caller is refused without reading 4 MiB.
  app.addHook('onRequest', async (request) => {
    devices.set(request, await opts.requireDevice(request));
  });

  // The body is handed over as the raw stream; the route writes it to disk as it arrives. Fastify's
  // bodyLimit does not apply to a stream parser, so the size is checked here from Content-Length.
  app.addContentTypeParser('application/octet-stream', async (request: FastifyRequest, payload: Readable) => {
    const declared = Number(request.headers['content-length']);
    if (declared > MAX_CHUNK_BYTES) {
      throw new HttpError(413, 'CHUNK_TOO_LARGE', `send blobs in chunks of at most ${MAX_CHUNK_BYTES} bytes`);
    }
    return payload;
  });

  app.head('/blobs/:sha256', async (request, reply) => {
    const device = devices.get(request);
    if (!device) throw new HttpError(401, 'UNAUTHENTICATED', 'missing bearer token');
    const state = await files.state(shaParam(request), device.branchId);
    // Content-Length is the blob's size once complete; before that there is nothing to fetch: 0.
    if (state.kind === 'absent') return reply.status(404).header('content-length', '0').send();
    const complete = state.kind === 'complete';
    const offset = complete ? state.length : state.offset;
    void reply.headers({
      'upload-complete': complete ? '?1' : '?0',
      'upload-length': String(state.length),
      'upload-offset': String(offset),
      'cache-control': 'no-store',
    });
    void reply.header('content-length', complete ? String(state.length) : '0');
    return reply.status(200).send();
  });

  app.put('/blobs/:sha256', async (request, reply) => {
    const device = devices.get(request);
    if (!device) throw new HttpError(401, 'UNAUTHENTICATED', 'missing bearer token');
    const sha256 = shaParam(request);
    const offset = byteCount(request, 'upload-offset');
    const length = byteCount(request, 'upload-length');
    if (request.headers['content-length'] === undefined) {
      return fail(reply, 411, 'LENGTH_REQUIRED', 'send each chunk with a Content-Length');
    }
    const contentLength = byteCount(request, 'content-length');
    if (length > MAX_BLOB_BYTES) {
      return fail(reply, 413, 'BLOB_TOO_LARGE', `attachments are limited to ${MAX_BLOB_BYTES} bytes; this one has ${length}`, {
        limit: MAX_BLOB_BYTES,
      });
    }
    const body = request.body;
    const stream = body && typeof (body as Readable).pipe === 'function' ? (body as Readable) : null;
    if (!stream && contentLength > 0) return fail(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', 'send chunks as application/octet-stream');

    const result = await files.append({
      sha256, offset, length, contentLength, body: stream,
      uploader: { deviceId: device.id, branchId: device.branchId },
      at: opts.now(),
    });
    // Whatever the answer, a body we did not read must not be left in the connection.
    if (stream && !stream.readableEnded) stream.resume();
    return answerAppend(request, reply, sha256, device, result);
  });
}

function answerAppend(request: FastifyRequest, reply: FastifyReply, sha256: string, device: Device, result: AppendResult) {
  switch (result.kind) {
    case 'stored':
    case 'complete':
      if (result.kind === 'stored') request.log.info({ sha256, deviceId: device.id, branchId: device.branchId }, 'blob stored');
      return reply
        .status(result.kind === 'stored' ? 201 : 200)
        .header('upload-offset', String(result.length))
        .send({ offset: result.length, length: result.length, complete: true });
    case 'partial':
      return reply
        .status(200)
        .header('upload-offset', String(result.offset))
        .send({ offset: result.offset, length: result.length, complete: false });
    case 'offset_mismatch':
    case 'busy':
      void reply.header('upload-offset', String(result.offset));
      return fail(
        reply, 409, result.kind === 'busy' ? 'UPLOAD_BUSY' : 'OFFSET_MISMATCH',
        result.kind === 'busy' ? 'another upload of this blob is running; resume from Upload-Offset' : `head office has ${result.offset} bytes of this blob; resume from there`,
        { offset: result.offset },
      );
    case 'length_mismatch':
      return fail(reply, 409, 'LENGTH_MISMATCH', `an upload of this blob with Upload-Length ${result.length} is in progress`, { length: result.length });
    case 'beyond_length':
      void reply.header('upload-offset', String(result.offset));
      return fail(reply, 400, 'VALIDATION', 'the chunk goes past Upload-Length', { offset: result.offset });
    case 'corrupt':
      request.log.warn({ sha256, actual: result.actual, deviceId: device.id }, 'blob upload did not match its sha256; discarded');
      return fail(reply, 422, 'HASH_MISMATCH', 'the uploaded bytes do not match the sha256 they were sent under; nothing was kept');
    case 'quota':
      return fail(
        reply, 429, 'UPLOAD_QUOTA',
        `this device already has ${result.open} uploads (${result.bytes} bytes) in progress; finish them first`,
        { open: result.open, bytes: result.bytes },
      );
    case 'cut':
      // Usually nobody is listening any more; a client that is gets where to resume.
      void reply.header('upload-offset', String(result.offset));
      return fail(reply, 400, 'INCOMPLETE_BODY', 'the chunk arrived incomplete; resume from Upload-Offset', { offset: result.offset });
  }
}
