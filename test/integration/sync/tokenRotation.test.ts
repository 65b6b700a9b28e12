// The workstation's side of device token lifetime: a token head office rotates at hello is saved before
// the round goes on with it; a rotation the workstation failed to keep does not lock it out; an
// expired token stops sync with a plain "enroll again" status instead of retrying.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncHandlers } from '../../../main/api/syncHandlers';
import { SyncController } from '../../../main/sync/controller';
import { fileTokenStore, type TokenStore } from '../../../main/sync/tokenStore';
import { httpTransport, type SyncTransport } from '../../../main/sync/transport';
import type { DeviceTokenPolicy } from '../../../server/config';
import { syncHaltMessage } from '../../../shared/i18n/errors';
import { TOKEN_EXPIRED } from '../../../shared/sync/protocol';
import { availableBackends, startHeadOffice, type HeadOffice } from '../../helpers/headOffice';
import { enrolledWorkstations, type TestWorkstation } from '../../helpers/workstation';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const POLICY: DeviceTokenPolicy = { lifetimeMs: 10 * DAY, rotateAfterMs: DAY, graceMs: 10 * MINUTE };

describe.each(availableBackends())('device token rotation at the workstation on %s', (backend) => {
  let ho: HeadOffice;
  let offsetMs = 0; // head office's clock runs this far ahead of the real one
  const opened: TestWorkstation[] = [];

  beforeAll(async () => {
    ho = await startHeadOffice(backend, { now: () => new Date(Date.now() + offsetMs), deviceTokens: POLICY });
  });
  afterAll(async () => {
    for (const ws of opened) await ws.close();
    await ho?.close();
  });

  /** A workstation enrolled now (head office's clock back to the real one), its own loop stopped. */
  async function enrolled(name: string): Promise<TestWorkstation> {
    offsetMs = 0;
    const [ws] = (await enrolledWorkstations(ho, [name])) as [TestWorkstation];
    opened.push(ws);
    return ws;
  }

  /** A loop over the workstation's store with quick retry timers, counting the rounds it starts. */
  function countingLoop(ws: TestWorkstation, tokens: TokenStore = fileTokenStore(ws.dir)) {
    const counter = { rounds: 0 };
    const transportFor = (url: string, credentials: Parameters<typeof httpTransport>[1], signal: AbortSignal): SyncTransport => {
      const real = httpTransport(url, credentials, signal);
      return { ...real, hello: (body) => ((counter.rounds += 1), real.hello(body)) };
    };
    const sync = new SyncController({
      store: ws.store, tokens, clientId: ws.clientId, appVersion: 'test', transportFor, blobStore: null,
      timers: { idleMs: 3_600_000, changePollMs: 20, maxBackoffMs: 30 },
    });
    return { sync, counter };
  }

  it('saves the token head office hands out at hello and pushes with it; the old one stops after the grace', async () => {
    const ws = await enrolled('rotating');
    const before = fileTokenStore(ws.dir).load()!;
    offsetMs = 2 * DAY;
    ws.addNote(ho.users['officer1']!, ho.loanA, 'pushed with the new token');
    await ws.sync.syncNow();
    const after = fileTokenStore(ws.dir).load()!;
    expect(after.token).not.toBe(before.token);
    expect(after.pin).toBe(before.pin);
    expect(ws.sync.status()).toMatchObject({ pending: 0, lastError: null });
    // The push used the new token, so the old one had only the grace left.
    offsetMs = 2 * DAY + 11 * MINUTE;
    const withOld = httpTransport(ho.url, () => before);
    await expect(withOld.pull({ scope: `branch:${ho.branchA}`, epoch: null, cursor: 0 })).rejects.toMatchObject({ kind: 'auth', code: TOKEN_EXPIRED });
    await ws.sync.syncNow();
    expect(fileTokenStore(ws.dir).load()!.token).toBe(after.token); // young: not rotated again
  });

  it('is not locked out when it could not keep a rotated token', async () => {
    const ws = await enrolled('disk full');
    const file = fileTokenStore(ws.dir);
    const old = file.load()!;
    let refuseSaves = true;
    const flaky: TokenStore = {
      load: () => file.load(),
      save: (c) => {
        if (refuseSaves) throw new Error('ENOSPC: no space left on device');
        file.save(c);
      },
    };
    const { sync } = countingLoop(ws, flaky);
    offsetMs = 2 * DAY;
    ws.addNote(ho.users['officer1']!, ho.loanA, 'waits for a token that was kept');
    await expect(sync.syncNow()).rejects.toThrow(/ENOSPC/);
    expect(file.load()).toEqual(old);
    expect(sync.status()).toMatchObject({ halted: null, pending: 1 }); // a passing failure: retried as usual
    refuseSaves = false;
    offsetMs = 3 * DAY;
    await sync.syncNow();
    expect(file.load()!.token).not.toBe(old.token);
    expect(sync.status()).toMatchObject({ pending: 0, lastError: null });
    await sync.stop();
  });

  it('stops with a plain "enroll again" status when the token has expired, and does not retry by itself', async () => {
    const ws = await enrolled('left off for months');
    const { sync, counter } = countingLoop(ws);
    offsetMs = POLICY.lifetimeMs + DAY;
    await expect(sync.syncNow()).rejects.toMatchObject({ kind: 'auth', status: 401, code: TOKEN_EXPIRED });
    const ctx = ws.context(ho.users['officer1']!);
    const handlers = createSyncHandlers(sync);
    expect(await handlers['sync.status'](ctx, {})).toMatchObject({ halted: 'tokenExpired', lastError: syncHaltMessage('tokenExpired', 'en') });
    expect(await handlers['sync.status']({ ...ctx, locale: 'zh-CN' }, {})).toMatchObject({ lastError: syncHaltMessage('tokenExpired', 'zh-CN') });
    const before = counter.rounds;
    sync.start(); // as at a restart: one try, then it waits for a person
    ws.addNote(ho.users['officer1']!, ho.loanA, 'kept on this PC');
    await new Promise((r) => setTimeout(r, 600));
    expect(counter.rounds - before).toBe(1);
    expect(sync.status()).toMatchObject({ halted: 'tokenExpired', pending: 1 });
    await sync.stop();
  });
});
