// Head-office HTTP surface: health, enrollment codes, hello, tokens, body limits and validation.
import { describe, expect, it } from 'vitest';
import { createEnrollmentCode, revokeDevice } from '../../../server/admin';
import { sha256Hex } from '../../../server/auth';
import { MIN_SCHEMA_VERSION } from '../../../server/config';
import { MAX_REQUEST_BYTES, enrollResponse, helloResponse, PROTOCOL_VERSION } from '../../../shared/sync/protocol';
import { centralBackends, enrollTestDevice, post } from '../../helpers/central';
import { serverTestBed, useTestBranch } from '../../helpers/serverTestBed';

const hello = (clientId: string, schemaVersion = 2) => ({
  protocolVersion: PROTOCOL_VERSION,
  appVersion: '0.1.0',
  schemaVersion,
  clientId,
  deviceTime: new Date().toISOString(),
});

describe.each(centralBackends())('head office HTTP on $name', ({ open }) => {
  const { db, app } = serverTestBed(open);
  const branch = useTestBranch(db);

  it('answers health and ready once the database answers', async () => {
    const health = await app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ ok: true });
    expect((await app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/nope' })).json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('enrolls a device with a one-time code and stores only hashes', async () => {
    const { code } = await createEnrollmentCode(db, { branchCode: branch.code });
    // Case and separators do not matter to a person typing the code.
    const res = await post(app, '/enroll', { code: ` ${code.toLowerCase().replace(/-/g, ' ')} `, deviceName: 'Front desk PC' });
    expect(res.status).toBe(200);
    const body = enrollResponse.parse(res.body);
    expect(body.branchId).toBe(branch.id);
    expect(Buffer.from(body.deviceToken, 'base64url')).toHaveLength(32);
    const [device] = await db.query<{ token_hash: string; name: string }>('SELECT token_hash, name FROM devices WHERE id = $1', [body.deviceId]);
    expect(device).toEqual({ token_hash: sha256Hex(body.deviceToken), name: 'Front desk PC' });
    const codes = await db.query<{ code_hash: string }>('SELECT code_hash FROM enrollment_codes');
    expect(codes.some((c) => c.code_hash.includes(code))).toBe(false);

    const again = await post(app, '/enroll', { code, deviceName: 'Second PC' });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ error: { code: 'ENROLLMENT_CODE_USED' } });
    expect(String((again.body['error'] as { message: string }).message)).toMatch(/already been used/);
  });

  it('refuses an expired or unknown code with a clear message', async () => {
    const issued = new Date(Date.now() - 3 * 3_600_000);
    const { code } = await createEnrollmentCode(db, { branchCode: branch.code, ttlHours: 1 }, issued);
    const expired = await post(app, '/enroll', { code, deviceName: 'Late PC' });
    expect(expired.status).toBe(400);
    expect(expired.body).toMatchObject({ error: { code: 'ENROLLMENT_CODE_EXPIRED', message: expect.stringMatching(/expired/) } });
    const unknown = await post(app, '/enroll', { code: 'ZZZZ-ZZZZ-ZZZZ', deviceName: 'Guess PC' });
    expect(unknown.body).toMatchObject({ error: { code: 'ENROLLMENT_CODE_INVALID' } });
    const bad = await post(app, '/enroll', { code: 'x', deviceName: '' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'VALIDATION', fields: { code: expect.any(String), deviceName: expect.any(String) } } });
  });

  it('says hello with the device, its scopes and the schema floor', async () => {
    const res = await post(app, '/sync/hello', hello(branch.device.clientId), branch.device.token);
    expect(res.status).toBe(200);
    const body = helloResponse.parse(res.body);
    expect(body).toMatchObject({ deviceId: branch.device.deviceId, branchId: branch.id, minSchemaVersion: MIN_SCHEMA_VERSION, upgradeRequired: false });
    expect(body.scopes.map((s) => s.scope)).toEqual(['global', branch.scope]);
    expect(body.scopes[1]?.version).toBeGreaterThan(0); // the branch, its users, customer and loan
    expect(Math.abs(Date.parse(body.serverTime) - Date.now())).toBeLessThan(60_000);
    const old = helloResponse.parse((await post(app, '/sync/hello', hello(branch.device.clientId, 0), branch.device.token)).body);
    expect(old.upgradeRequired).toBe(true);
  });

  it('answers 401 to a missing or unknown token and logs the unknown one', async () => {
    expect((await post(app, '/sync/hello', hello('c1'))).status).toBe(401);
    const bogus = 'A'.repeat(43);
    const res = await post(app, '/sync/pull', { scope: branch.scope, epoch: null, cursor: 0 }, bogus);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    const events = await db.query<{ kind: string }>(`SELECT kind FROM security_events WHERE kind = 'bad_token'`);
    expect(events.length).toBeGreaterThan(0);
  });

  it('refuses hello and pull from a revoked device with 403', async () => {
    const device = await enrollTestDevice(db, branch.code);
    await revokeDevice(db, device.deviceId);
    expect((await post(app, '/sync/hello', hello(device.clientId), device.token)).status).toBe(403);
    expect((await post(app, '/sync/pull', { scope: branch.scope, epoch: null, cursor: 0 }, device.token)).status).toBe(403);
    const events = await db.query<{ n: number }>(`SELECT SUM(count)::int AS n FROM security_events WHERE kind = 'revoked_device' AND device_id = $1`, [device.deviceId]);
    expect(events[0]?.n).toBeGreaterThanOrEqual(2);
  });

  it('answers 413 to an oversized body before parsing it, and 400 to a malformed one', async () => {
    const big = JSON.stringify({ clientId: 'c', mutations: [], pad: 'x'.repeat(MAX_REQUEST_BYTES) });
    const res = await app.inject({
      method: 'POST',
      url: '/sync/push',
      payload: big,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${branch.device.token}` },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: { code: 'TOO_LARGE' } });
    const malformed = await app.inject({
      method: 'POST',
      url: '/sync/push',
      payload: '{"clientId":',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${branch.device.token}` },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ error: { code: 'VALIDATION' } });
    const wrongShape = await post(app, '/sync/push', { clientId: 'c', mutations: [], branchId: 'x' }, branch.device.token);
    expect(wrongShape.status).toBe(400);
    expect(wrongShape.body).toMatchObject({ error: { code: 'VALIDATION', fields: expect.any(Object) } });
  });
});
