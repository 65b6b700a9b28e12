// Enrollment codes cannot be guessed by a script: ten wrong codes from one address and /enroll says
// 429 (even to a right code) until the window passes; each refusal is a security event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnrollmentCode } from '../../../server/admin';
import { buildServer } from '../../../server/app';
import type { CentralDb } from '../../../server/db';
import { ENROLL_MAX_FAILURES, ENROLL_WINDOW_MS } from '../../../server/enrollGuard';
import { centralBackends, post, setupBranch, type TestBranch } from '../../helpers/central';

describe.each(centralBackends())('enrollment guard on $name', ({ open }) => {
  let db: CentralDb;
  let branch: TestBranch;
  const clock = { now: Date.now() };
  beforeAll(async () => {
    db = await open();
    branch = await setupBranch(db, 'B001');
  });
  afterAll(async () => db?.close());

  it('answers 429 after too many wrong codes, then lets the address try again', async () => {
    const app = buildServer({ db, now: () => new Date(clock.now) });
    const { code } = await createEnrollmentCode(db, { branchCode: branch.code });
    for (let i = 0; i < ENROLL_MAX_FAILURES; i++) {
      expect((await post(app, '/enroll', { code: `WRONG-CODE-${i}`, deviceName: 'guess' })).status).toBe(400);
    }
    const blocked = await post(app, '/enroll', { code, deviceName: 'real PC' });
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ error: { code: 'TOO_MANY_ATTEMPTS' } });
    // Counted, in one row per address and hour: a flood grows a counter, not the table.
    const events = await db.query<{ rows: number; n: number }>(
      "SELECT COUNT(*)::int AS rows, SUM(count)::int AS n FROM security_events WHERE kind = 'enroll_refused'",
    );
    expect(events[0]).toEqual({ rows: 1, n: ENROLL_MAX_FAILURES });
    clock.now += ENROLL_WINDOW_MS + 1;
    expect((await post(app, '/enroll', { code, deviceName: 'real PC' })).status).toBe(200);
    await app.close();
  });
});
