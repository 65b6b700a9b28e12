// Attachment blobs between a workstation and a real head office on loopback (PGlite): chunked and
// verified uploads, one copy per content, resume after a cut connection from head office's offset,
// refusal of bytes that do not match their sha256, offset conflicts, auth and size limits.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOB_FOLDER, workstationBlobs, type BlobStore } from '../../../main/services/blobStore';
import { blobUploadState, isBlobVerified, runBlobQueue, unverifiedBlobs, type BlobQueueOptions } from '../../../main/sync/blobs';
import { fileTokenStore } from '../../../main/sync/tokenStore';
import { httpTransport } from '../../../main/sync/transport';
import { headOfficeLink } from '../../../main/sync/headOfficeLink';
import { MAX_BLOB_BYTES, MAX_CHUNK_BYTES } from '../../../server/blobs';
import { MAX_OPEN_UPLOADS_PER_DEVICE } from '../../../server/blobs/store';
import { startFaultProxy, type FaultProxy } from '../../helpers/faultProxy';
import { tempDir } from '../../helpers/fixtures';
import { useEnrolledWorkstations, useHeadOffice } from '../../helpers/useHeadOffice';
import { openTestWorkstation } from '../../helpers/workstation';

const MiB = 1024 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('attachment blobs', () => {
  const ho = useHeadOffice('pglite');
  const [ws] = useEnrolledWorkstations(ho, ['blob test'], { keepSyncing: true });
  let blobs: BlobStore;
  let token: string;
  let proxy: FaultProxy;

  beforeAll(async () => {
    token = fileTokenStore(ws.dir).load()!.token;
    blobs = workstationBlobs(ws.store);
    proxy = await startFaultProxy(ho.port, { tls: ho.tls });
  });
  afterAll(async () => {
    await proxy?.close();
  });

  /** An attachments row as the workflows will write it (here directly; the blob queue is what is tested). */
  function attach(sha: string, size: number, fileName: string): void {
    const at = new Date().toISOString();
    ws.store.transaction((w) =>
      w.sql
        .prepare(
          `INSERT INTO attachments (id, branch_id, created_at, updated_at, updated_by, owner_type, owner_id, kind, sha256,
             size_bytes, mime_type, file_name) VALUES (?, ?, ?, ?, ?, 'loan', ?, 'photo', ?, ?, 'image/jpeg', ?)`,
        )
        .run(uuidv7(), ho.branchA, at, at, ho.users['officer1'], ho.loanA, sha, size, fileName),
    );
  }

  async function storeAndAttach(bytes: Buffer, fileName = 'photo.jpg') {
    const stored = await blobs.putFile(bytes);
    attach(stored.sha256, stored.size, fileName);
    return stored;
  }

  /** fetch to head office or the proxy in front of it, trusting head office's key by its pin. */
  const pinnedFetch: typeof fetch = (input, init) => headOfficeLink(new URL(String(input)).origin, ho.pin).fetch(input, init);

  /** Counts requests by method and status, optionally acting before a request goes out. */
  function countingFetch(before?: (method: string, url: string, init: RequestInit) => Promise<void>) {
    const seen: string[] = [];
    const wrapped: typeof fetch = async (input, init = {}) => {
      const method = init.method ?? 'GET';
      await before?.(method, String(input), init);
      const res = await pinnedFetch(input, init);
      seen.push(`${method} ${res.status}`);
      return res;
    };
    return { fetch: wrapped, seen };
  }

  const queue = (extra: Partial<BlobQueueOptions> = {}) =>
    runBlobQueue({ store: ws.store, blobStore: blobs, serverUrl: ho.url, token, fetch: pinnedFetch, ...extra });

  const put = (sha: string, headers: Record<string, string>, body: Buffer, auth = `Bearer ${token}`) =>
    pinnedFetch(`${ho.url}/blobs/${sha}`, {
      method: 'PUT',
      headers: { authorization: auth, 'content-type': 'application/octet-stream', ...headers },
      body,
    });

  /** The partial file's size once head office has stopped writing it (it may still be when the client gives up). */
  async function settledPartialSize(sha: string): Promise<number> {
    const file = path.join(ho.blobDir, 'partial', ho.branchA, sha);
    let last = -1;
    const deadline = Date.now() + 10_000;
    for (let same = 0; same < 4 && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 50));
      const size = fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
      // No file yet is not settled: on a loaded machine head office may not have reached it.
      same = size === last && size > 0 ? same + 1 : 0;
      last = size;
    }
    return last;
  }

  const partialDir = () => path.join(ho.blobDir, 'partial', ho.branchA);
  const partialFiles = () => (fs.existsSync(partialDir()) ? fs.readdirSync(partialDir()) : []);

  it('uploads a 3 MiB file in 1 MiB chunks, and marks it verified once head office has re-hashed it', async () => {
    const bytes = randomBytes(3 * MiB + 123);
    const { sha256: sha } = await storeAndAttach(bytes);
    expect(unverifiedBlobs(ws.store.read(), [sha])).toEqual([sha]);
    const counter = countingFetch();
    expect(await queue({ fetch: counter.fetch })).toEqual({ uploaded: 1, bytes: bytes.length, verified: 1, failed: 0 });
    expect(counter.seen).toEqual(['HEAD 404', 'PUT 200', 'PUT 200', 'PUT 200', 'PUT 201', 'HEAD 200']);
    expect(isBlobVerified(ws.store.read(), sha)).toBe(true);
    expect(blobUploadState(ws.store.read(), sha)).toMatchObject({ status: 'verified', uploadedBytes: bytes.length, lastError: null });
    expect(fs.readFileSync(path.join(ho.blobDir, sha)).equals(bytes)).toBe(true);
    const deviceId = ws.store.read().sql.prepare("SELECT value FROM sync_state WHERE key = 'server_device_id'").get() as { value: string };
    expect(JSON.parse(fs.readFileSync(path.join(ho.blobDir, `${sha}.json`), 'utf8'))).toMatchObject({
      sha256: sha, size: bytes.length, completedBy: deviceId.value, branchId: ho.branchA,
    });
    const head = await pinnedFetch(`${ho.url}/blobs/${sha}`, { method: 'HEAD', headers: { authorization: `Bearer ${token}` } });
    expect([head.status, head.headers.get('upload-complete'), head.headers.get('content-length')]).toEqual([200, '?1', String(bytes.length)]);
    expect(partialFiles()).toEqual([]);
  });

  it('stores the same file attached twice once, and uploads it once', async () => {
    const source = path.join(tempDir('src-'), 'scan.pdf');
    fs.writeFileSync(source, randomBytes(200_000));
    const first = await blobs.putFile(source);
    const second = await blobs.putFile(source);
    expect(second).toEqual(first);
    attach(first.sha256, first.size, 'scan.pdf');
    attach(first.sha256, first.size, 'scan (copy).pdf');
    const shard = path.join(blobs.root, first.sha256.slice(0, 2));
    expect(fs.readdirSync(shard).filter((n) => n === first.sha256)).toHaveLength(1);
    expect(fs.readdirSync(path.join(blobs.root, 'tmp'))).toEqual([]);
    expect(await queue()).toEqual({ uploaded: 1, bytes: first.size, verified: 1, failed: 0 });
    expect(await queue()).toEqual({ uploaded: 0, bytes: 0, verified: 0, failed: 0 });
  });

  it('resumes an upload cut mid-way from head office offset, not from zero', async () => {
    const bytes = randomBytes(3 * MiB);
    const { sha256: sha } = await storeAndAttach(bytes);
    proxy.setMode({ kind: 'cutRequest', afterBytes: 1.5 * MiB });
    await expect(queue({ serverUrl: proxy.url })).rejects.toMatchObject({ kind: 'network' });
    expect(proxy.faults['cutRequest']).toBeGreaterThan(0);
    // The client gives up as soon as its socket dies; head office may still be writing what reached it.
    const received = await settledPartialSize(sha);
    // The whole first chunk, and the part of the second that got through before the cut.
    expect(received).toBeGreaterThan(MiB);
    expect(received).toBeLessThan(bytes.length);
    // What the client saw acknowledged: whole chunks, never more than head office holds. (How many
    // depends on how the connections were used; undici's pool may put the first chunk on a connection
    // of its own, so the cut can meet the second or the third.)
    const acknowledged = blobUploadState(ws.store.read(), sha);
    expect(acknowledged?.status).toBe('uploading');
    expect((acknowledged?.uploadedBytes ?? 0) % MiB).toBe(0);
    expect(acknowledged?.uploadedBytes).toBeGreaterThanOrEqual(MiB);
    expect(acknowledged?.uploadedBytes).toBeLessThanOrEqual(received);
    expect(blobUploadState(ws.store.read(), sha)?.lastError).toMatch(/cannot reach head office/);
    const head = await pinnedFetch(`${ho.url}/blobs/${sha}`, { method: 'HEAD', headers: { authorization: `Bearer ${token}` } });
    expect([head.status, head.headers.get('upload-complete'), head.headers.get('upload-offset')]).toEqual([200, '?0', String(received)]);

    proxy.setMode({ kind: 'pass' });
    const report = await queue({ serverUrl: proxy.url });
    expect(report).toMatchObject({ uploaded: 1, bytes: bytes.length - received });
    expect(isBlobVerified(ws.store.read(), sha)).toBe(true);
    expect(fs.readFileSync(path.join(ho.blobDir, sha)).equals(bytes)).toBe(true);
    expect(partialFiles()).toEqual([]);
  });

  it('refuses bytes that do not match the declared sha256 with 422 and keeps nothing', async () => {
    const claimed = randomBytes(64 * 1024);
    const sha = sha256(claimed);
    const res = await put(sha, { 'upload-offset': '0', 'upload-length': String(claimed.length) }, randomBytes(claimed.length));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('HASH_MISMATCH');
    expect(fs.existsSync(path.join(ho.blobDir, sha))).toBe(false);
    expect(partialFiles()).toEqual([]);

    // The queue's local copy went bad on disk: head office refuses it, the copy is set aside for a person.
    const bytes = randomBytes(300_000);
    const stored = await storeAndAttach(bytes);
    const onDisk = path.join(ws.dir, BLOB_FOLDER, stored.sha256.slice(0, 2), stored.sha256);
    const damaged = fs.readFileSync(onDisk);
    damaged[1234] = (damaged[1234]! + 1) % 256;
    fs.writeFileSync(onDisk, damaged);
    expect(await queue()).toEqual({ uploaded: 0, bytes: 0, verified: 0, failed: 1 });
    expect(blobUploadState(ws.store.read(), stored.sha256)).toMatchObject({ status: 'failed' });
    expect(blobUploadState(ws.store.read(), stored.sha256)?.lastError).toMatch(/damaged/);
    expect(blobs.has(stored.sha256)).toBe(false);
    expect(fs.existsSync(path.join(ho.blobDir, stored.sha256))).toBe(false);
    expect(partialFiles()).toEqual([]);
  });

  it('answers 409 with its offset to a chunk at the wrong place, and the client carries on from there', async () => {
    const bytes = randomBytes(2 * MiB + 10);
    const sha = sha256(bytes);
    const wrong = await put(sha, { 'upload-offset': '5', 'upload-length': String(bytes.length) }, bytes.subarray(5, 10));
    expect([wrong.status, wrong.headers.get('upload-offset')]).toEqual([409, '0']);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('OFFSET_MISMATCH');

    // Another device sends the same first chunk between this client's HEAD and its first PUT.
    await storeAndAttach(bytes);
    let raced = false;
    const counter = countingFetch(async (method) => {
      if (method !== 'PUT' || raced) return;
      raced = true;
      const res = await put(sha, { 'upload-offset': '0', 'upload-length': String(bytes.length) }, bytes.subarray(0, MiB));
      expect(res.status).toBe(200);
    });
    const report = await queue({ fetch: counter.fetch });
    expect(counter.seen.filter((s) => s === 'PUT 409')).toHaveLength(1);
    expect(report).toMatchObject({ uploaded: 1, bytes: bytes.length - MiB });
    expect(fs.readFileSync(path.join(ho.blobDir, sha)).equals(bytes)).toBe(true);
  });

  it('serializes two uploads of the same chunk: one is appended, the other told the new offset', async () => {
    const bytes = randomBytes(2 * MiB);
    const sha = sha256(bytes);
    const headers = { 'upload-offset': '0', 'upload-length': String(bytes.length) };
    const answers = await Promise.all([put(sha, headers, bytes.subarray(0, MiB)), put(sha, headers, bytes.subarray(0, MiB))]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.map((a) => a.headers.get('upload-offset'))).toEqual([String(MiB), String(MiB)]);
    expect(fs.statSync(path.join(ho.blobDir, 'partial', ho.branchA, sha)).size).toBe(MiB);
    const rest = await put(sha, { ...headers, 'upload-offset': String(MiB) }, bytes.subarray(MiB));
    expect(rest.status).toBe(201);
  });

  it('keeps an upload in progress to its branch: another branch cannot see it or block it with a wrong length', async () => {
    const other = openTestWorkstation();
    try {
      await other.sync.enroll(ho.url, await ho.enrollCode('B002'), 'other branch', ho.pin);
      const otherToken = `Bearer ${fileTokenStore(other.dir).load()!.token}`;
      const bytes = randomBytes(MiB + 7);
      const sha = sha256(bytes);
      // Branch B002 starts the same content with a wrong length, as if to block it for a day.
      const block = await put(sha, { 'upload-offset': '0', 'upload-length': String(bytes.length + 1) }, bytes.subarray(0, 10), otherToken);
      expect(block.status).toBe(200);
      // This branch sees nothing of it, and uploads its own as if it were not there.
      const head = await pinnedFetch(`${ho.url}/blobs/${sha}`, { method: 'HEAD', headers: { authorization: `Bearer ${token}` } });
      expect(head.status).toBe(404);
      const first = await put(sha, { 'upload-offset': '0', 'upload-length': String(bytes.length) }, bytes.subarray(0, MiB));
      expect(first.status).toBe(200);
      const otherHead = await pinnedFetch(`${ho.url}/blobs/${sha}`, { method: 'HEAD', headers: { authorization: otherToken } });
      expect(otherHead.headers.get('upload-offset')).toBe('10');
      expect((await put(sha, { 'upload-offset': String(MiB), 'upload-length': String(bytes.length) }, bytes.subarray(MiB))).status).toBe(201);
      expect(fs.readFileSync(path.join(ho.blobDir, sha)).equals(bytes)).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('caps the uploads one device may have open at once (429), and lets it continue once they finish', async () => {
    const started: { sha: string; bytes: Buffer }[] = [];
    for (let i = 0; i < MAX_OPEN_UPLOADS_PER_DEVICE + 1; i++) {
      const bytes = randomBytes(64);
      const sha = sha256(bytes);
      const res = await put(sha, { 'upload-offset': '0', 'upload-length': String(bytes.length) }, bytes.subarray(0, 8));
      if (i < MAX_OPEN_UPLOADS_PER_DEVICE) {
        expect(res.status).toBe(200);
        started.push({ sha, bytes });
      } else {
        expect(res.status).toBe(429);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UPLOAD_QUOTA');
      }
    }
    const done = started[0]!;
    expect((await put(done.sha, { 'upload-offset': '8', 'upload-length': '64' }, done.bytes.subarray(8))).status).toBe(201);
    const next = randomBytes(64);
    expect((await put(sha256(next), { 'upload-offset': '0', 'upload-length': '64' }, next)).status).toBe(201);
    for (const { sha, bytes } of started.slice(1)) expect((await put(sha, { 'upload-offset': '8', 'upload-length': '64' }, bytes.subarray(8))).status).toBe(201);
  });

  it('refuses callers without a valid device token (401) and revoked devices (403)', async () => {
    const bytes = randomBytes(1000);
    const sha = sha256(bytes);
    const headers = { 'upload-offset': '0', 'upload-length': '1000' };
    expect((await pinnedFetch(`${ho.url}/blobs/${sha}`, { method: 'HEAD' })).status).toBe(401);
    expect((await put(sha, headers, bytes, '')).status).toBe(401);
    expect((await put(sha, headers, bytes, 'Bearer not-a-real-device-token-000')).status).toBe(401);
    await storeAndAttach(bytes);
    await expect(queue({ token: 'not-a-real-device-token-000' })).rejects.toMatchObject({ kind: 'auth', status: 401 });
    expect(fs.existsSync(path.join(ho.blobDir, sha))).toBe(false);

    const other = await httpTransport(ho.url, () => null, undefined, ho.pin).enroll(await ho.enrollCode('B001'), 'to revoke');
    const { revokeDevice } = await import('../../../server/admin');
    await revokeDevice(ho.db, other.deviceId);
    expect((await put(sha, headers, bytes, `Bearer ${other.deviceToken}`)).status).toBe(403);
    expect(await queue()).toMatchObject({ uploaded: 1 }); // the enrolled device still goes through
  });

  it('refuses blobs over the size limit and chunks over the chunk limit with 413', async () => {
    const sha = sha256(Buffer.from('too large'));
    const tooLarge = await put(sha, { 'upload-offset': '0', 'upload-length': String(MAX_BLOB_BYTES + 1) }, randomBytes(1024));
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { error: { code: string } }).error.code).toBe('BLOB_TOO_LARGE');
    const bigChunk = await put(sha, { 'upload-offset': '0', 'upload-length': String(MAX_CHUNK_BYTES + 1) }, randomBytes(MAX_CHUNK_BYTES + 1));
    expect(bigChunk.status).toBe(413);
    expect(((await bigChunk.json()) as { error: { code: string } }).error.code).toBe('CHUNK_TOO_LARGE');
    expect(partialFiles()).toEqual([]);
  });

  it('runs the blob queue after each sync round; a blob that fails never fails the round', async () => {
    const small = await storeAndAttach(randomBytes(50_000), 'id-card.jpg');
    const huge = await storeAndAttach(randomBytes(MAX_BLOB_BYTES + 1), 'video.mp4');
    await ws.sync.syncNow();
    await ws.sync.blobsSettled();
    expect(ws.sync.status()).toMatchObject({ online: true, lastError: null });
    expect(isBlobVerified(ws.store.read(), small.sha256)).toBe(true);
    expect(blobUploadState(ws.store.read(), huge.sha256)).toMatchObject({ status: 'failed' });
    expect(blobUploadState(ws.store.read(), huge.sha256)?.lastError).toMatch(/too large/);
    expect(unverifiedBlobs(ws.store.read(), [small.sha256, huge.sha256])).toEqual([huge.sha256]);
    // A later round does not send it again.
    await ws.sync.syncNow();
    await ws.sync.blobsSettled();
    expect(partialFiles()).toEqual([]);
  });
});
