// When head office needs a newer workstation, the old one keeps sending its queued work (nothing is
// stranded) but stops taking data it may not understand, and says an upgrade is needed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../server/app';
import { reassignLoan } from '../../../server/admin';
import { setSyncValue } from '../../../db/local/syncState';
import { startHeadOffice, type HeadOffice } from '../../helpers/headOffice';
import { openTestWorkstation, type TestWorkstation } from '../../helpers/workstation';
import type { FastifyInstance } from 'fastify';

let ho: HeadOffice;
let strict: FastifyInstance;
let ws: TestWorkstation;

beforeAll(async () => {
  ho = await startHeadOffice('pglite');
  // The same head office after an upgrade that raised the minimum branch schema.
  strict = buildServer({ db: ho.db, minSchemaVersion: 99 });
  await strict.listen({ port: 0, host: '127.0.0.1' });
  ws = openTestWorkstation();
  await ws.sync.enroll(ho.url, await ho.enrollCode('B001'), 'old version', ho.pin);
  await ws.sync.syncNow(); // let the loop's own first round finish before the server is swapped
});
afterAll(async () => {
  await ws?.close();
  await strict?.close();
  await ho?.close();
});

describe('upgrade required', () => {
  it('still pushes, no longer pulls, and tells the user', async () => {
    const address = strict.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    ws.store.transaction((w) => setSyncValue(w, 'server_url', `http://127.0.0.1:${port}`));
    await reassignLoan(ho.db, { loanId: ho.loanA, collectorId: ho.users['collector3']! });
    const noteId = ws.addNote(ho.users['officer1']!, ho.loanA, 'typed on the old version');
    await ws.sync.syncNow();
    expect(await ho.db.query('SELECT 1 FROM loan_notes WHERE id = $1', [noteId])).toHaveLength(1);
    expect(ws.store.read().sql.prepare('SELECT collector_id FROM loans WHERE id = ?').get(ho.loanA)).toEqual({
      collector_id: ho.users['collector1'],
    });
    expect(ws.sync.status()).toMatchObject({ upgradeRequired: true, pending: 0 });
  });
});
