// The workstation reaches head office over TLS with head office's key pinned: plain http:// is refused
// for another computer, enrollment takes the pin head office printed (or a certificate a trusted CA
// vouches for) and keeps the key it met, and every later connection must present that key — a
// different one stops sync with a plain message and no retries of its own.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../main/api/dispatcher';
import { createSyncHandlers } from '../../../main/api/syncHandlers';
import { SessionStore } from '../../../main/services/session';
import { SyncController } from '../../../main/sync/controller';
import { fileTokenStore } from '../../../main/sync/tokenStore';
import { httpTransport, SyncTransportError, type SyncTransport } from '../../../main/sync/transport';
import type { Envelope } from '../../../shared/api/envelope';
import { fieldMessage, syncHaltMessage, unavailableReason } from '../../../shared/i18n/errors';
import { startFaultProxy, type FaultProxy } from '../../helpers/faultProxy';
import { startHeadOffice, type HeadOffice } from '../../helpers/headOffice';
import { testTls } from '../../helpers/tls';
import { openTestWorkstation, type TestWorkstation } from '../../helpers/workstation';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

function errorOf(env: Envelope<unknown>) {
  if (env.ok) throw new Error(`expected an error, got ${JSON.stringify(env.data).slice(0, 200)}`);
  return env.error;
}

describe('transport security of sync', () => {
  let ho: HeadOffice;
  const opened: TestWorkstation[] = [];
  const proxies: FaultProxy[] = [];

  beforeAll(async () => {
    ho = await startHeadOffice('pglite');
  });
  afterAll(async () => {
    for (const ws of opened) await ws.close();
    for (const p of proxies) await p.close();
    await ho?.close();
  });

  const fresh = () => {
    const ws = openTestWorkstation();
    opened.push(ws);
    return ws;
  };
  /** sync.enroll through the API's front door, as the first-start page calls it. */
  const enrollThroughApi = (ws: TestWorkstation, input: Record<string, unknown>, locale: 'en' | 'zh-CN' = 'en') =>
    createDispatcher({ store: ws.store, deviceId: 'd', clientId: ws.clientId, sync: ws.sync })(new SessionStore().slot('t'), 'sync.enroll', input, locale);

  it('refuses http:// to another computer at enrollment, under the address field, in the user’s language', async () => {
    const ws = fresh();
    for (const locale of ['en', 'zh-CN'] as const) {
      const error = errorOf(await enrollThroughApi(ws, { serverUrl: 'http://10.20.30.40:8787', code: await ho.enrollCode('B001'), deviceName: 'pc' }, locale));
      expect(error.code).toBe('VALIDATION');
      expect(error.fields).toEqual({ serverUrl: fieldMessage('httpsRequired', locale) });
    }
    const badPin = errorOf(await enrollThroughApi(ws, { serverUrl: ho.url, code: await ho.enrollCode('B001'), deviceName: 'pc', pin: 'not a pin' }));
    expect(badPin.fields).toEqual({ pin: fieldMessage('certificatePinFormat', 'en') });
    // Below the API too: the sync client itself never sends a token in clear to another computer.
    await expect(ws.sync.enroll('http://branch-gateway.example:8787', 'ABCD-EFGH-JKMN', 'pc')).rejects.toMatchObject({ kind: 'tls', code: 'plain_http' });
    expect(ws.sync.serverUrl()).toBeNull();
    expect(fileTokenStore(ws.dir).load()).toBeNull();
  });

  it('enrolls with the pin head office printed although no CA vouches for its certificate, and keeps the pin with the token', async () => {
    expect(ho.url).toMatch(/^https:\/\//);
    const ws = fresh();
    // Pasted as printed, with a line break in it.
    const env = await enrollThroughApi(ws, { serverUrl: ho.url, code: await ho.enrollCode('B001'), deviceName: 'pinned', pin: `${ho.pin!.slice(0, 20)}\n${ho.pin!.slice(20)}` });
    expect(env).toEqual({ ok: true, data: { branchId: ho.branchA } });
    expect(fileTokenStore(ws.dir).load()).toEqual({ token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), pin: ho.pin });
    expect(ws.sync.status()).toMatchObject({ lastError: null, halted: null });
  });

  it('refuses enrollment without a pin when no trusted CA vouches for the certificate, and with a wrong pin; the code is not spent', async () => {
    const ws = fresh();
    const code = await ho.enrollCode('B001');
    const untrusted = errorOf(await enrollThroughApi(ws, { serverUrl: ho.url, code, deviceName: 'pc' }));
    expect(untrusted).toMatchObject({ code: 'NOT_AVAILABLE', details: { reason: unavailableReason('certificateUntrusted', 'en') } });
    const otherKey = testTls().ca.issue();
    const wrongPin = errorOf(await enrollThroughApi(ws, { serverUrl: ho.url, code, deviceName: 'pc', pin: otherKey.pin }, 'zh-CN'));
    expect(wrongPin).toMatchObject({ code: 'NOT_AVAILABLE', details: { reason: unavailableReason('certificatePinMismatch', 'zh-CN') } });
    expect(ws.sync.serverUrl()).toBeNull();
    // The refusals happened in the handshake, before the code was sent: it still enrolls.
    expect(await enrollThroughApi(ws, { serverUrl: ho.url, code, deviceName: 'pc', pin: ho.pin })).toMatchObject({ ok: true });
  });

  it('enrolls without a pin when a CA the computer trusts (NODE_EXTRA_CA_CERTS) vouches for head office, and pins the key it met', async () => {
    const dir = fresh().dir;
    opened.pop()?.close();
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures/enrollWithoutPin.ts'), dir, ho.url, await ho.enrollCode('B001')],
      { cwd: ROOT, env: { ...process.env, NODE_EXTRA_CA_CERTS: testTls().ca.certFile } },
    );
    expect(JSON.parse(stdout.trim())).toEqual({ pin: ho.pin });
  });

  it('stops when head office later presents another key: plain words, no retries of its own; a renewal with the same key still matches', async () => {
    const proxy = await startFaultProxy(ho.port, { tls: ho.tls });
    proxies.push(proxy);
    const ws = fresh();
    await ws.sync.enroll(proxy.url, await ho.enrollCode('B001'), 'behind an interceptor', ho.pin);
    await ws.sync.stop();
    // A loop of its own with quick timers, counting every round it starts.
    let rounds = 0;
    const counting = (url: string, credentials: Parameters<typeof httpTransport>[1], signal: AbortSignal): SyncTransport => {
      const real = httpTransport(url, credentials, signal);
      return { ...real, hello: (body) => ((rounds += 1), real.hello(body)) };
    };
    const sync = new SyncController({
      store: ws.store,
      tokens: fileTokenStore(ws.dir),
      clientId: ws.clientId,
      appVersion: 'test',
      transportFor: counting,
      blobStore: null,
      timers: { idleMs: 3_600_000, changePollMs: 20, maxBackoffMs: 30 },
    });
    /** Drops the open connections, so the next requests meet the certificate now set; then a round. */
    const roundOnNewConnections = async () => {
      proxy.setMode({ kind: 'pass' });
      // A kept-alive connection cut before the client noticed fails its request: that round is a network failure.
      await sync.syncNow().catch((err: unknown) => {
        if ((err as SyncTransportError).kind !== 'network') throw err;
        return sync.syncNow();
      });
    };
    try {
      // A renewed certificate with the same key: the pin still matches.
      proxy.setCertificate(testTls().ca.issue({ keyFile: ho.tls!.keyFile }));
      await roundOnNewConnections();
      expect(sync.status().halted).toBeNull();

      proxy.setCertificate(testTls().ca.issue()); // same CA, same names, another key
      const failed = await roundOnNewConnections().then(() => null, (err: unknown) => err);
      expect(failed).toBeInstanceOf(SyncTransportError);
      expect(failed).toMatchObject({ kind: 'tls', code: 'pin_mismatch' });
      // The loop started (as at a restart) tries once, and then waits for a person: new work, the timer
      // and the backoff start no round, where a transient failure would be retried every 30 ms here.
      const before = rounds;
      sync.start();
      ws.addNote(ho.users['officer1']!, ho.loanA, 'written while halted');
      await new Promise((r) => setTimeout(r, 600));
      expect(rounds - before).toBe(1);
      const ctx = ws.context(ho.users['officer1']!);
      const handlers = createSyncHandlers(sync);
      expect(await handlers['sync.status'](ctx, {})).toMatchObject({ halted: 'certificate', lastError: syncHaltMessage('certificate', 'en') });
      expect(await handlers['sync.status']({ ...ctx, locale: 'zh-CN' }, {})).toMatchObject({ lastError: syncHaltMessage('certificate', 'zh-CN') });

      // Head office's own certificate back: "sync now" tries again, and the note goes up.
      proxy.setCertificate(ho.tls!);
      proxy.setMode({ kind: 'pass' });
      expect(await handlers['sync.now'](ctx, {})).toMatchObject({ halted: null, lastError: null, pending: 0 });
    } finally {
      await sync.stop();
    }
  });
});
