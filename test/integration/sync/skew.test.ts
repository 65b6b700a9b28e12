// Device clocks decide nothing: a workstation a year ahead, a year behind, or whose clock jumps
// backwards syncs the same way; order comes from head office's sequence, times from head office.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadOffice, type HeadOffice } from '../../helpers/headOffice';
import { openTestWorkstation, type TestWorkstation } from '../../helpers/workstation';

const YEAR_MS = 365 * 24 * 3600 * 1000;
let ho: HeadOffice;
beforeAll(async () => {
  ho = await startHeadOffice('pglite');
});
afterAll(async () => ho?.close());

describe('clock skew', () => {
  it('orders and stamps branch work by head office, whatever the device clocks say', async () => {
    let jumpingOffset = 0;
    const devices: [string, TestWorkstation][] = [
      ['ahead', openTestWorkstation(undefined, () => new Date(Date.now() + YEAR_MS))],
      ['behind', openTestWorkstation(undefined, () => new Date(Date.now() - YEAR_MS))],
      ['jumping', openTestWorkstation(undefined, () => new Date(Date.now() + jumpingOffset))],
    ];
    const written: string[] = [];
    for (const [name, ws] of devices) {
      await ws.sync.enroll(ho.url, await ho.enrollCode('B001'), name, ho.pin);
    }
    for (let i = 0; i < 3; i++) {
      for (const [name, ws] of devices) {
        if (name === 'jumping') jumpingOffset -= 30 * 24 * 3600 * 1000; // a month back each time
        written.push(ws.addNote(ho.users['officer1']!, ho.loanA, `${name} ${i}`));
        await ws.sync.syncNow();
      }
    }
    const ahead = devices[0]![1].sync.status().skewMs ?? 0;
    const behind = devices[1]![1].sync.status().skewMs ?? 0;
    expect(ahead).toBeLessThan(-YEAR_MS + 60_000); // shown to the user, never acted on
    expect(behind).toBeGreaterThan(YEAR_MS - 60_000);

    const server = await ho.db.query<{ id: string; created_at: string; row_version: number }>(
      'SELECT id, created_at, row_version FROM loan_notes ORDER BY row_version',
    );
    // Head office's versions follow arrival order, which here is the order the notes were written.
    expect(server.map((n) => n.id)).toEqual(written);
    for (const n of server) expect(Math.abs(Date.parse(n.created_at) - Date.now())).toBeLessThan(5 * 60_000);
    for (const [, ws] of devices) {
      await ws.sync.syncNow();
      expect(ws.store.read().sql.prepare('SELECT id, row_version FROM loan_notes ORDER BY row_version').all()).toEqual(
        server.map(({ id, row_version }) => ({ id, row_version })),
      );
      await ws.close();
    }
  });
});
