// Device tokens expire and rotate (server/deviceTokens.ts): a token past its lifetime is refused with
// 401 token_expired; hello hands out a new token once the current one is older than the rotation age;
// the replaced token keeps working until the new one is first used and then for the grace only; a
// rotation answer that never arrived does not lock the device out.
import { beforeEach, describe, expect, it } from 'vitest';
import type { DeviceTokenPolicy } from '../../../server/config';
import { helloResponse, PROTOCOL_VERSION, TOKEN_EXPIRED } from '../../../shared/sync/protocol';
import { centralBackends, enrollTestDevice, post } from '../../helpers/central';
import { serverTestBed, useTestBranch } from '../../helpers/serverTestBed';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const POLICY: DeviceTokenPolicy = { lifetimeMs: 10 * DAY, rotateAfterMs: DAY, graceMs: 10 * MINUTE };

describe.each(centralBackends())('device token lifetime on $name', ({ open }) => {
  let enrolledAt: number;
  let now: number;
  const { db, app } = serverTestBed(open, { now: () => new Date(now), deviceTokens: POLICY });
  const branch = useTestBranch(db);

  const at = (offsetMs: number) => {
    now = enrolledAt + offsetMs;
  };
  const hello = async (token: string) => {
    const res = await post(app, '/sync/hello', { protocolVersion: PROTOCOL_VERSION, appVersion: 't', schemaVersion: 9, clientId: 'c', deviceTime: new Date(now).toISOString() }, token);
    return { status: res.status, body: res.body, rotated: res.status === 200 ? (helloResponse.parse(res.body).rotatedToken?.token ?? null) : null };
  };
  /** Any authenticated call other than hello: what a device does with its token between hellos. */
  const pull = async (token: string) => (await post(app, '/sync/pull', { scope: branch.scope, epoch: null, cursor: 0 }, token)).status;
  const errorCode = (body: Record<string, unknown>) => (body['error'] as { code?: string } | undefined)?.code;

  beforeEach(() => {
    enrolledAt = Date.now();
    now = enrolledAt;
  });

  it('refuses a token past its lifetime with 401 token_expired, on every route, and records it', async () => {
    const { token, deviceId } = await enrollTestDevice(db, branch.code, new Date(enrolledAt));
    expect((await hello(token)).status).toBe(200);
    at(POLICY.lifetimeMs + MINUTE);
    const refused = await hello(token);
    expect(refused.status).toBe(401);
    expect(errorCode(refused.body)).toBe(TOKEN_EXPIRED);
    expect(await pull(token)).toBe(401);
    const events = await db.query<{ kind: string }>('SELECT kind FROM security_events WHERE device_id = $1', [deviceId]);
    expect(events.map((e) => e.kind)).toContain('expired_token');
    // An unknown token is still just unknown, not expired.
    const unknown = await hello('x'.repeat(43));
    expect(unknown.status).toBe(401);
    expect(errorCode(unknown.body)).toBe('UNAUTHENTICATED');
  });

  it('rotates at hello after the rotation age; the old token works until the new one is used, then only for the grace', async () => {
    const { token: old } = await enrollTestDevice(db, branch.code, new Date(enrolledAt));
    at(12 * HOUR);
    expect((await hello(old)).rotated).toBeNull();

    at(2 * DAY);
    const fresh = (await hello(old)).rotated;
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fresh).not.toBe(old);
    // Not used yet: the old token goes on working, hours later too (the answer may still be on its way).
    at(2 * DAY + 3 * HOUR);
    expect(await pull(old)).toBe(200);

    expect(await pull(fresh!)).toBe(200); // first use: the old one has the grace left
    at(2 * DAY + 3 * HOUR + 5 * MINUTE);
    expect(await pull(old)).toBe(200);
    // A replaced token whose successor is in use is a late request or a copy: no new token for it.
    expect((await hello(old)).rotated).toBeNull();
    at(2 * DAY + 3 * HOUR + 11 * MINUTE);
    const late = await hello(old);
    expect(late.status).toBe(401);
    expect(errorCode(late.body)).toBe(TOKEN_EXPIRED);
    expect(await pull(fresh!)).toBe(200);
    expect((await hello(fresh!)).rotated).toBeNull(); // young again

    // A device that keeps syncing never reaches the lifetime: each rotation starts a new one.
    at(2 * DAY + POLICY.lifetimeMs - HOUR);
    const third = (await hello(fresh!)).rotated;
    expect(third).not.toBeNull();
    at(2 * DAY + POLICY.lifetimeMs + HOUR);
    expect(await pull(third!)).toBe(200);
  });

  it('does not lock a device out when the answer with its new token is lost', async () => {
    const { token: old } = await enrollTestDevice(db, branch.code, new Date(enrolledAt));
    at(2 * DAY);
    const lost = (await hello(old)).rotated; // head office handed it out; the device never got it
    expect(lost).not.toBeNull();
    at(3 * DAY);
    const again = await hello(old);
    expect(again.status).toBe(200);
    expect(again.rotated).not.toBeNull();
    expect(again.rotated).not.toBe(lost);
    // Only the newest token counts; the lost one was never seen by the device and is gone.
    expect(await pull(lost!)).toBe(401);
    expect(await pull(again.rotated!)).toBe(200);
    at(3 * DAY + 11 * MINUTE);
    expect(await pull(old)).toBe(401);
  });

  it('keeps the replaced token no longer than its own lifetime, even when the new one is never used', async () => {
    const { token: old } = await enrollTestDevice(db, branch.code, new Date(enrolledAt));
    at(2 * DAY);
    expect((await hello(old)).rotated).not.toBeNull();
    at(POLICY.lifetimeMs - MINUTE);
    expect(await pull(old)).toBe(200);
    at(POLICY.lifetimeMs + MINUTE);
    expect(await pull(old)).toBe(401);
  });
});
