// The API's front door through both transports: the IPC handler body (as Electron calls it) and the
// dev-web loopback HTTP host. Same validation, roles, errors and envelope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/api/envelope';
import { createDispatcher } from '../../main/api/dispatcher';
import { createIpcApiHandler } from '../../main/api/ipcHandler';
import { startDevWeb } from '../../devweb/host';
import { createFixture, PASSWORD, tableCount, tempDir, type Fixture } from '../helpers/fixtures';

type Call = (name: string, input: unknown, locale?: 'zh-CN' | 'en') => Promise<Envelope<unknown>>;

interface Transport {
  name: string;
  /** A fresh client (its own session). */
  client(): Call;
  fx: Fixture;
  clock: { now: number };
  close(): Promise<void>;
}

async function ipcTransport(): Promise<Transport> {
  const fx = createFixture();
  const clock = { now: Date.parse('2026-11-26T02:00:00Z') };
  const dispatch = createDispatcher({ store: fx.store, deviceId: 'd', clientId: 'c', clock: () => new Date(clock.now) });
  const handler = createIpcApiHandler(dispatch, (url) => url.startsWith('file:///app/'));
  let nextSender = 1;
  return {
    name: 'ipc',
    fx,
    clock,
    client: () => {
      const sender = { id: nextSender++ };
      return (name, input, locale = 'zh-CN') => handler({ sender, senderFrame: { url: 'file:///app/index.html' } }, name, input, locale);
    },
    close: async () => fx.store.close(),
  };
}

async function httpTransport(): Promise<Transport> {
  const dir = tempDir();
  const fx = createFixture(dir);
  const clock = { now: Date.now() };
  const host = await startDevWeb({ port: 0, dataDir: dir, staticDir: tempDir() });
  return {
    name: 'http',
    fx,
    clock,
    client: () => {
      let cookie = '';
      return async (name, input, locale = 'zh-CN') => {
        const res = await fetch(`${host.url}/api/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-locale': locale, ...(cookie ? { cookie } : {}) },
          body: JSON.stringify(input),
        });
        const set = res.headers.get('set-cookie');
        if (set) cookie = set.split(';')[0] ?? '';
        return (await res.json()) as Envelope<unknown>;
      };
    },
    close: async () => {
      await host.close();
      fx.store.close();
    },
  };
}

function errorOf(env: Envelope<unknown>) {
  if (env.ok) throw new Error(`expected an error, got ${JSON.stringify(env.data).slice(0, 200)}`);
  return env.error;
}

for (const make of [ipcTransport, httpTransport]) {
  describe(`API over ${make.name.replace('Transport', '')}`, () => {
    let t: Transport;
    beforeAll(async () => {
      t = await make();
    });
    afterAll(async () => t.close());

    it('rejects an unknown method and a call without a session', async () => {
      const call = t.client();
      expect(errorOf(await call('loan.delete', {}))).toMatchObject({ code: 'UNKNOWN_METHOD', message: '未知的接口：loan.delete' });
      expect(errorOf(await call('portfolio.list', {})).code).toBe('UNAUTHENTICATED');
    });

    it('locks an account after 5 bad passwords, with messages in the caller language', async () => {
      const call = t.client();
      for (let remaining = 4; remaining >= 1; remaining--) {
        const err = errorOf(await call('auth.signIn', { username: 'collectorA', password: 'wrong' }, 'en'));
        expect(err).toMatchObject({ code: 'BAD_CREDENTIALS', message: `Wrong username or password (${remaining} tries left)` });
      }
      expect(errorOf(await call('auth.signIn', { username: 'collectorA', password: 'wrong' })).code).toBe('ACCOUNT_LOCKED');
      const locked = errorOf(await call('auth.signIn', { username: 'collectorA', password: PASSWORD }));
      expect(locked.code).toBe('ACCOUNT_LOCKED');
      // The time as every other screen writes it (YYYY-MM-DD HH:mm), in both languages.
      expect(locked.message).toMatch(/账户已锁定至 ?\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?!\d)/);
      const lockedEn = errorOf(await call('auth.signIn', { username: 'collectorA', password: PASSWORD }, 'en'));
      expect(lockedEn.message).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?!:)/);
      expect(lockedEn.message).not.toMatch(/[\u3000-\u303f\uff00-\uffef]/);
    });

    it('denies a role, validates input with field errors, and writes nothing on refusal', async () => {
      const officer = t.client();
      const signed = await officer('auth.signIn', { username: 'officerA', password: PASSWORD });
      expect(signed).toMatchObject({ ok: true, data: { user: { username: 'officerA', roles: ['officer'], branchId: 'branch-A' } } });
      expect(errorOf(await officer('audit.verify', {})).code).toBe('FORBIDDEN');

      const before = tableCount(t.fx.store, 'outbox');
      const invalid = errorOf(await officer('loan.addNote', { loanId: t.fx.loanA, body: '   ' }, 'en'));
      expect(invalid.code).toBe('VALIDATION');
      expect(Object.keys(invalid.fields ?? {})).toEqual(['body']);
      expect(errorOf(await officer('loan.addNote', { loanId: t.fx.loanA, body: 'x', extra: 1 })).code).toBe('VALIDATION');
      expect(errorOf(await officer('loan.addNote', { loanId: t.fx.loanB, body: 'other branch' })).code).toBe('FORBIDDEN');
      // A pasted lone surrogate (or a NUL) could never be stored at head office: refused on its field.
      for (const body of ['客户\ud83d说', 'a\udc00', 'nul\u0000']) {
        const malformed = errorOf(await officer('loan.addNote', { loanId: t.fx.loanA, body }));
        expect(malformed).toMatchObject({ code: 'VALIDATION', fields: { body: expect.stringContaining('无法保存的字符') } });
      }
      expect(errorOf(await officer('loan.addNote', { loanId: t.fx.loanA, body: 'x', ['k\ud800']: 1 })).fields).toEqual({ 'k\ud800': expect.any(String) });
      expect(tableCount(t.fx.store, 'outbox')).toBe(before);

      expect(await officer('loan.addNote', { loanId: t.fx.loanA, body: '客户称下月初还款' })).toMatchObject({ ok: true });
      expect(tableCount(t.fx.store, 'outbox')).toBe(before + 1);

      const supervisor = t.client();
      await supervisor('auth.signIn', { username: 'supervisorA', password: PASSWORD });
      expect(await supervisor('audit.verify', {})).toMatchObject({ ok: true, data: { ok: true, firstBroken: null } });
    });

    it('keeps sessions apart: another client is not signed in', async () => {
      const a = t.client();
      await a('auth.signIn', { username: 'inspectorA', password: PASSWORD });
      expect(await a('auth.me', {})).toMatchObject({ ok: true, data: { user: { username: 'inspectorA' } } });
      expect(await t.client()('auth.me', {})).toMatchObject({ ok: true, data: { user: null } });
    });
  });
}

describe('idle lock and lockout expiry (policy clock)', () => {
  it('locks a session after 15 idle minutes, unlocks with the password, and lockout ends after 15 minutes', async () => {
    const t = await ipcTransport();
    const call = t.client();
    await call('auth.signIn', { username: 'officerA', password: PASSWORD });
    expect((await call('portfolio.list', {})).ok).toBe(true);
    t.clock.now += 14 * 60_000;
    expect((await call('portfolio.list', {})).ok).toBe(true);
    t.clock.now += 16 * 60_000;
    expect(errorOf(await call('portfolio.list', {})).code).toBe('SESSION_LOCKED');
    expect(await call('auth.me', {})).toMatchObject({ ok: true, data: { locked: true } });
    expect(errorOf(await call('auth.unlock', { password: 'nope' })).code).toBe('BAD_CREDENTIALS');
    expect((await call('auth.unlock', { password: PASSWORD })).ok).toBe(true);
    expect((await call('portfolio.list', {})).ok).toBe(true);

    // Background status polling is not the user's activity: an unattended session still locks.
    for (let minute = 0; minute < 16; minute++) {
      t.clock.now += 60_000;
      if (minute < 15) expect((await call('sync.status', {})).ok).toBe(true);
    }
    expect(errorOf(await call('sync.status', {})).code).toBe('SESSION_LOCKED');
    expect(await call('auth.me', {})).toMatchObject({ ok: true, data: { locked: true, idleLockMinutes: 15 } });
    expect((await call('auth.unlock', { password: PASSWORD })).ok).toBe(true);

    // The user locks on leaving the desk: nothing but the password opens it, and nobody signed out cannot lock.
    expect(await call('auth.lock', {})).toMatchObject({ ok: true });
    expect(errorOf(await call('portfolio.list', {})).code).toBe('SESSION_LOCKED');
    expect(await call('auth.me', {})).toMatchObject({ ok: true, data: { locked: true } });
    expect((await call('auth.unlock', { password: PASSWORD })).ok).toBe(true);
    expect((await call('portfolio.list', {})).ok).toBe(true);
    expect(errorOf(await t.client()('auth.lock', {})).code).toBe('UNAUTHENTICATED');

    const other = t.client();
    for (let i = 0; i < 5; i++) await other('auth.signIn', { username: 'adminA', password: 'bad' });
    expect(errorOf(await other('auth.signIn', { username: 'adminA', password: PASSWORD })).code).toBe('ACCOUNT_LOCKED');
    t.clock.now += 15 * 60_000 + 1;
    expect((await other('auth.signIn', { username: 'adminA', password: PASSWORD })).ok).toBe(true);
    await t.close();
  });
});

describe('values no store can hold, as structured clone (IPC) carries them', () => {
  it('refuses nesting past the limit and a bigint on their field, and answers a cyclic value instead of hanging', async () => {
    const t = await ipcTransport();
    const call = t.client();
    await call('auth.signIn', { username: 'officerA', password: PASSWORD });
    let deep: unknown = [];
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;
    // prefs.set takes any value: these reached JSON.stringify (INTERNAL) and, for a cycle, never returned.
    for (const value of [deep, { n: 10n }, cyclic]) {
      const err = errorOf(await call('prefs.set', { key: 'grid', value }));
      expect(err.code).toBe('VALIDATION');
      expect(Object.keys(err.fields ?? {})[0]).toMatch(/^value/);
    }
    expect((await call('prefs.set', { key: 'grid', value: { columns: ['loanNo'] } })).ok).toBe(true);
    await t.close();
  });
});
