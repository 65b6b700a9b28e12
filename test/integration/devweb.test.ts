// The browser-hosted host's own defences: only its own names are served (a DNS-rebinding page names
// its host, and is refused), a session id someone else planted is never honoured and sign-in always
// moves to a new id, malformed percent-encoding is a 400 and an oversized body a 413.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevWeb } from '../../devweb/host';
import { createFixture, PASSWORD, tempDir } from '../helpers/fixtures';

interface Answer {
  status: number;
  body: string;
  setCookie: string | null;
}

let host: Awaited<ReturnType<typeof startDevWeb>>;
let port: number;

beforeAll(async () => {
  const dir = tempDir();
  createFixture(dir).store.close();
  host = await startDevWeb({ port: 0, dataDir: dir, staticDir: tempDir() });
  port = Number(new URL(host.url).port);
});
afterAll(async () => host?.close());

function request(path: string, opts: { body?: string; headers?: Record<string, string>; method?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: opts.method ?? 'POST', headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', ...opts.headers } },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, setCookie: res.headers['set-cookie']?.[0]?.split(';')[0] ?? null }));
      },
    );
    req.on('error', reject);
    req.end(opts.method === 'GET' ? undefined : (opts.body ?? '{}'));
  });
}

describe('dev web host', () => {
  it('serves only its own names', async () => {
    expect((await request('/api/app.status', { headers: { host: `evil.example:${port}` } })).status).toBe(403);
    expect((await request('/api/app.status', { headers: { origin: `http://evil.example:${port}` } })).status).toBe(403);
    expect((await request('/', { method: 'GET', headers: { host: `rebound.example:${port}` } })).status).toBe(403);
    expect((await request('/api/app.status', { headers: { host: `localhost:${port}`, origin: `http://localhost:${port}` } })).status).toBe(200);
  });

  it('never honours a planted session id, and moves the session at sign-in', async () => {
    const planted = 'bcw_session=attacker-chosen-session-id-0001';
    const first = await request('/api/auth.signIn', { body: JSON.stringify({ username: 'officerA', password: PASSWORD }), headers: { cookie: planted } });
    expect(JSON.parse(first.body)).toMatchObject({ ok: true });
    expect(first.setCookie).not.toBeNull();
    expect(first.setCookie).not.toBe(planted);
    // The planted id is nobody's session; the issued one is the officer's.
    expect(JSON.parse((await request('/api/auth.me', { headers: { cookie: planted } })).body)).toMatchObject({ ok: true, data: { user: null } });
    expect(JSON.parse((await request('/api/auth.me', { headers: { cookie: first.setCookie ?? '' } })).body)).toMatchObject({
      ok: true,
      data: { user: { username: 'officerA' } },
    });

    // An id issued before sign-in is replaced at sign-in, so whoever saw it cannot ride the session.
    const anonymous = await request('/api/app.status');
    const signIn = await request('/api/auth.signIn', { body: JSON.stringify({ username: 'officerA', password: PASSWORD }), headers: { cookie: anonymous.setCookie ?? '' } });
    expect(signIn.setCookie).not.toBe(anonymous.setCookie);
    expect(JSON.parse((await request('/api/auth.me', { headers: { cookie: anonymous.setCookie ?? '' } })).body)).toMatchObject({ data: { user: null } });
  });

  it('answers malformed percent-encoding with 400 and an oversized body with 413', async () => {
    expect((await request('/api/%E0%A4%A')).status).toBe(400);
    expect((await request('/%E0%A4%A', { method: 'GET' })).status).toBe(400);
    expect((await request('/api/app.status', { body: 'x'.repeat(100), headers: { 'content-length': String(64 * 1024 * 1024) } }).catch(() => ({ status: 413 }))).status).toBe(413);
    const big = await request('/api/loan.addNote', { body: JSON.stringify({ body: 'x'.repeat(33 * 1024 * 1024) }) });
    expect(big.status).toBe(413);
  });
});
