// Fuzz of the two HTTP surfaces (issue 11), briefly: head office's /enroll, /sync/* and /blobs routes, and
// the dev-web host's /api/<method> (every method of the contract). Malformed JSON, wrong types and
// shapes made from the protocol's and the contract's zod schemas then spoiled, bodies past the limits,
// odd content types, tokens and cookies, methods and paths. Never a 5xx; a refusal (4xx) writes nothing;
// the dev host's 200 is always an envelope, never INTERNAL.
//
//   FUZZ_RUNS=<n>   requests per surface (default 150)   FUZZ_SEED=<n>  replay a run   FUZZ_ONLY=<surface,...>
import http from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../../shared/api/contract';
import { branchIssuesRequest, enrollRequest, helloRequest, MAX_REQUEST_BYTES, pullRequest, pushRequest } from '../../../shared/sync/protocol';
import { startDevWeb } from '../../../devweb/host';
import { centralBackends } from '../../helpers/central';
import { createFixture, PASSWORD, tempDir, type Fixture } from '../../helpers/fixtures';
import { checkFuzz, fromJsonSchema, fuzzInputArb, fuzzRuns, fuzzSeed, fuzzTimeLimit, jsonSchemaOf, preview, selected, toJsonText, type Hints } from './gen';
import { IDS, openWorld, workDigest, type World } from './headOfficeWorld';

const FILE = 'test/integration/fuzz/http.test.ts';
const BASE_SEED = fuzzSeed(0x11c93);
const RUNS = fuzzRuns(150);
const SURFACE_TIME_MS = fuzzTimeLimit(8_000);

/** Bodies no parser should take, and some it should (to get past it). */
const RAW_BODIES = [
  '', '{', '}', '{"a":', '[', 'nul', 'null', 'true', '0', '-0', '"x"', '[]', '{}', '{"clientId":1}', '1e999999', '{"a":1}{"b":2}',
  '\u0000', '\ufeff{}', '{"x":"\ud800"}', '{"x":"\\ud800"}', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"x":1}}}',
  `${'['.repeat(100_000)}${']'.repeat(100_000)}`, `{"a":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`, '{"mutations":[' + '{},'.repeat(5_000) + '{}]}',
];
const ODD_CONTENT_TYPES = [
  'application/json; charset=utf-8', 'application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x', 'application/octet-stream', '', 'application/json, text/plain',
];

/** Mostly the usual value, now and then one of the odd ones. */
function mostly<T>(usual: T, odd: readonly T[]): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: fc.constant(usual), weight: 4 }, { arbitrary: fc.constantFrom(...odd), weight: 1 });
}
const contentTypeArb = mostly('application/json', ODD_CONTENT_TYPES);

interface Stats {
  surface: string;
}

/** One line for the whole file: every surface's requests by status. */
const totals = { surfaces: [] as string[], requests: 0, fiveHundreds: 0, internal: 0, byStatus: {} as Record<string, number> };
const startedAll = Date.now();
afterAll(() => {
  console.log(JSON.stringify({ fuzz: 'http', seed: BASE_SEED, ...totals, seconds: Math.round((Date.now() - startedAll) / 100) / 10 }));
});

function count(stats: Stats, status: number): void {
  if (!totals.surfaces.includes(stats.surface)) totals.surfaces.push(stats.surface);
  totals.requests++;
  if (status >= 500) totals.fiveHundreds++;
  totals.byStatus[String(status)] = (totals.byStatus[String(status)] ?? 0) + 1;
}

/** A body: raw text, a protocol/contract shape spoiled, or one past the size limit. */
function bodyArb(shapes: fc.Arbitrary<unknown>, oversize: number): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...RAW_BODIES), weight: 10 },
    { arbitrary: shapes.map((v) => toJsonText(v)), weight: 20 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 3 },
    { arbitrary: fc.constant(oversize).map((n) => `{"pad":"${'x'.repeat(n)}"}`), weight: 1 },
  );
}

for (const backend of centralBackends()) {
  describe(`head office HTTP fuzz on ${backend.name}`, () => {
    let world: World;
    const stats: Stats = { surface: `headOffice:${backend.name}` };
    beforeAll(async () => {
      world = await openWorld(await backend.open());
    }, 60_000);
    afterAll(async () => {
      await world?.close();
    });

    it('answers every route with a 4xx, never a 5xx, and a refusal writes nothing', async () => {
      if (!selected(stats.surface)) return;
      const hints: Hints = {
        scope: ['global', `branch:${IDS.branchA}`, `branch:${IDS.branchB}`, 'branch:'],
        clientId: ['fuzz-http-client'],
        epoch: [null, 'x'],
      };
      const shape = (s: Parameters<typeof jsonSchemaOf>[0]) => fuzzInputArb(fromJsonSchema(jsonSchemaOf(s), hints), 'json').map((x) => x.value);
      const routes = fc.oneof(
        { arbitrary: fc.constantFrom('/enroll', '/sync/hello', '/sync/push', '/sync/pull', '/sync/issues'), weight: 4 },
        { arbitrary: fc.constantFrom('/sync/nope', '/sync/push?x=%ZZ', '/%00', '/blobs/abc', `/blobs/${'a'.repeat(64)}`), weight: 1 },
      );
      const request = fc.record({
        method: mostly('POST', ['GET', 'PUT', 'HEAD', 'DELETE', 'PATCH']),
        url: routes,
        contentType: contentTypeArb,
        auth: mostly('A', ['B', 'none', 'Bearer garbage', 'Basic dXNlcjpwYXNz', `Bearer ${'x'.repeat(10_000)}`, 'Bearer \u00ff']),
        body: bodyArb(fc.oneof(shape(enrollRequest), shape(helloRequest), shape(pushRequest), shape(pullRequest), shape(branchIssuesRequest)), MAX_REQUEST_BYTES),
      });
      const property = fc.asyncProperty(request, async (r) => {
        const before = await workDigest(world.db);
        const authorization = r.auth === 'A' ? `Bearer ${world.tokenA}` : r.auth === 'B' ? `Bearer ${world.tokenB}` : r.auth === 'none' ? undefined : r.auth;
        const res = await world.app.inject({
          method: r.method as 'POST',
          url: r.url,
          payload: r.method === 'GET' || r.method === 'HEAD' ? undefined : r.body,
          headers: { ...(r.contentType ? { 'content-type': r.contentType } : {}), ...(authorization ? { authorization } : {}) },
        });
        count(stats, res.statusCode);
        const where = `${r.method} ${r.url} (${r.contentType}) answered ${res.statusCode} ${res.body.slice(0, 300)} to ${preview(r.body, 200)}`;
        expect(res.statusCode, where).toBeLessThan(500);
        if (res.statusCode >= 400) {
          if (r.method !== 'HEAD') expect((res.json() as { error?: { code?: unknown } }).error?.code, where).toEqual(expect.any(String));
          expect(await workDigest(world.db), `${where}: refused, yet rows changed`).toBe(before);
        }
        if (r.url === '/sync/push' && res.statusCode === 200) expect((res.json() as { retryFromSeq: unknown }).retryFromSeq, where).toBeNull();
      });
      await checkFuzz(FILE, stats.surface, BASE_SEED, property, RUNS, SURFACE_TIME_MS);
    }, 120_000);
  });
}

describe('dev-web host HTTP fuzz: /api/<method>', () => {
  let fx: Fixture;
  let host: Awaited<ReturnType<typeof startDevWeb>>;
  let port = 0;
  const cookies: Record<string, string> = {};
  const stats: Stats = { surface: 'devweb' };

  function send(r: { method: string; path: string; headers: Record<string, string>; body?: string }): Promise<{ status: number; body: string; setCookie?: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: r.method, path: r.path, headers: r.headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), setCookie: res.headers['set-cookie']?.[0] }));
        res.on('error', reject);
      });
      // The host answers 413 and closes without reading the rest: that is its answer, not a failure.
      req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? resolve({ status: 413, body: '{"error":"closed"}' }) : reject(err)));
      req.end(r.body);
    });
  }

  beforeAll(async () => {
    const dir = tempDir();
    fx = createFixture(dir);
    host = await startDevWeb({ port: 0, dataDir: dir, staticDir: tempDir() });
    port = Number(new URL(host.url).port);
    for (const username of ['officerA', 'supervisorA', 'collectorA']) {
      const res = await send({
        method: 'POST',
        path: '/api/auth.signIn',
        headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      });
      expect(res.status).toBe(200);
      cookies[username] = (res.setCookie ?? '').split(';')[0] ?? '';
    }
  }, 60_000);
  afterAll(async () => {
    await host?.close();
    fx?.store.close();
  });

  it('answers every method with an envelope or a 4xx, never a 5xx or INTERNAL', async () => {
    if (!selected(stats.surface)) return;
    const names = Object.keys(api);
    const hints: Hints = { loanId: [fx.loanA, fx.loanB], customerId: ['cust-A', 'cust-B'], username: ['officerA'], password: [PASSWORD] };
    const inputs = fc.oneof(...names.map((n) => fuzzInputArb(fromJsonSchema(jsonSchemaOf(api[n as keyof typeof api].input), hints), 'json').map((x) => x.value)));
    const request = fc.record({
      method: mostly('POST', ['GET', 'PUT', 'OPTIONS']),
      path: fc.oneof(
        { arbitrary: fc.constantFrom(...names).map((n) => `/api/${n}`), weight: 10 },
        { arbitrary: fc.constantFrom('/api/', '/api/%ZZ', '/api/loan.delete', '/api/__proto__', '/api/constructor', '/api/auth.signIn/..', '/api/%00', '/../../etc/passwd'), weight: 1 },
      ),
      contentType: contentTypeArb,
      host: mostly('own', ['localhost', 'evil.example:80', '']),
      origin: mostly<string | undefined>(undefined, ['http://evil.example', 'null', 'own']),
      cookie: fc.oneof(
        { arbitrary: fc.constantFrom('officerA', 'supervisorA', 'collectorA'), weight: 4 },
        { arbitrary: fc.constantFrom('none', 'bcw_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'bcw_session=%ZZ; bcw_session=x'), weight: 1 },
      ),
      locale: mostly('zh-CN', ['en', 'xx', '\u00ff']),
      body: bodyArb(inputs, 33 * 1024 * 1024),
    });
    const property = fc.asyncProperty(request, async (r) => {
      const own = `127.0.0.1:${port}`;
      const headers: Record<string, string> = { 'x-locale': r.locale };
      headers['host'] = r.host === 'own' ? own : r.host === 'localhost' ? `localhost:${port}` : r.host;
      if (r.contentType) headers['content-type'] = r.contentType;
      if (r.origin) headers['origin'] = r.origin === 'own' ? `http://${own}` : r.origin;
      const cookie = cookies[r.cookie] ?? (r.cookie === 'none' ? '' : r.cookie);
      if (cookie) headers['cookie'] = cookie;
      const res = await send({ method: r.method, path: r.path, headers, body: r.method === 'GET' ? undefined : r.body });
      count(stats, res.status);
      const where = `${r.method} ${r.path} answered ${res.status} ${res.body.slice(0, 300)} to ${preview(r.body, 200)}`;
      expect(res.status, where).toBeLessThan(500);
      if (res.status === 200 && r.path.startsWith('/api/')) {
        const envelope = JSON.parse(res.body) as { ok: boolean; error?: { code: string } };
        if (envelope.error?.code === 'INTERNAL') totals.internal++;
        expect(typeof envelope.ok, where).toBe('boolean');
        expect(envelope.error?.code, where).not.toBe('INTERNAL');
      }
    });
    await checkFuzz(FILE, stats.surface, BASE_SEED, property, RUNS, SURFACE_TIME_MS);
  }, 120_000);
});
