// Pull: pages capped by bytes with a checksum the client can recompute, epochs that force a reset,
// scope permissions, and head-office changes (a reassignment) reaching the branch.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { AdminError, importReferenceRows, reassignLoan } from '../../../server/admin';
import { canonicalJson } from '../../../shared/canonicalJson';
import { pullResponse } from '../../../shared/sync/protocol';
import { centralBackends, enrollTestDevice, noteMutation, post, pullAll } from '../../helpers/central';
import { serverTestBed, useTestBranch } from '../../helpers/serverTestBed';

const PAGE = 16 * 1024; // the smallest page the protocol allows

describe.each(centralBackends())('pull on $name', ({ open }) => {
  const { db, app } = serverTestBed(open);
  const a = useTestBranch(db);
  const b = useTestBranch(db);

  beforeAll(async () => {
    // ~60 notes of ~1.5 KB each: several 16 KiB pages.
    const mutations = Array.from({ length: 60 }, (_, i) => noteMutation(a.device, a.officerId, a.loanId, { body: `${i} ${'走访记录'.repeat(120)}` }));
    const res = await post(app, '/sync/push', { clientId: a.device.clientId, mutations }, a.device.token);
    expect(res.status).toBe(200);
  });

  it('pages by bytes with hasMore, counts and checksums the client can verify', async () => {
    const pages = await pullAll(app, a.device.token, a.scope, { epoch: null, cursor: 0 }, PAGE);
    expect(pages.length).toBeGreaterThan(3);
    let cursor = 0;
    pages.forEach((page, i) => {
      pullResponse.parse(page);
      expect(page.fromVersion).toBe(i === 0 ? 0 : cursor);
      expect(page.reset).toBe(i === 0);
      expect(page.count).toBe(page.changes.length);
      expect(page.checksum).toBe(createHash('sha256').update(canonicalJson(page.changes)).digest('hex'));
      expect(Buffer.byteLength(JSON.stringify(page.changes))).toBeLessThanOrEqual(PAGE);
      expect(page.hasMore).toBe(i < pages.length - 1);
      for (const c of page.changes) {
        expect(c.version).toBeGreaterThan(cursor);
        cursor = c.version;
      }
      expect(page.toVersion).toBe(cursor);
    });
    const all = pages.flatMap((p) => p.changes);
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    expect(all.filter((c) => c.table === 'loan_notes')).toHaveLength(60);
    expect(all.map((c) => c.table)).toEqual(expect.arrayContaining(['branches', 'users', 'customers', 'loans']));
    const user = all.find((c) => c.table === 'users')?.row;
    expect(user?.['active']).toBe(true); // booleans travel as booleans; the branch stores 0/1
    expect(Array.isArray(user?.['roles'])).toBe(true);
    expect(user?.['password_hash']).toMatch(/^scrypt\$65536\$8\$1\$/);

    // Caught up: an empty page that keeps the cursor.
    const done = pullResponse.parse((await post(app, '/sync/pull', { scope: a.scope, epoch: pages[0]?.epoch, cursor }, a.device.token)).body);
    expect(done).toMatchObject({ reset: false, fromVersion: cursor, toVersion: cursor, hasMore: false, count: 0, changes: [] });
  });

  it('sends one change even when it alone is larger than the page', async () => {
    const big = { rules: Array.from({ length: 400 }, (_, i) => ({ code: `R${i}`, text: '联系频率'.repeat(10) })) };
    await importReferenceRows(db, 'policies', [
      { id: uuidv7(), branch_id: 'HQ', code: 'contact', version: 1, body: big, effective_from: '2026-01-01' },
      { id: uuidv7(), branch_id: 'HQ', code: 'contact', version: 2, body: big, effective_from: '2026-06-01' },
    ]);
    const pages = await pullAll(app, a.device.token, 'global', { epoch: null, cursor: 0 }, PAGE);
    expect(pages.map((p) => p.count)).toEqual([1, 1]);
    expect(Buffer.byteLength(JSON.stringify(pages[0]?.changes))).toBeGreaterThan(PAGE);
    expect(pages[0]?.changes[0]?.row?.['body']).toEqual(big); // jsonb travels as JSON, not text
  });

  it('resets a scope when the epoch is unknown or differs, or the cursor is ahead of the log', async () => {
    const [{ epoch } = { epoch: '' }] = await db.query<{ epoch: string }>('SELECT epoch FROM scope_versions WHERE scope = $1', [a.scope]);
    const pull = async (e: string | null, cursor: number) =>
      pullResponse.parse((await post(app, '/sync/pull', { scope: a.scope, epoch: e, cursor }, a.device.token)).body);
    const stale = await pull('some-old-epoch', 5);
    expect(stale).toMatchObject({ reset: true, fromVersion: 0, epoch });
    expect(stale.changes[0]?.version).toBe(1);
    expect((await pull(null, 0)).reset).toBe(true);
    expect((await pull(epoch, 10_000_000)).reset).toBe(true);
    expect(await pull(epoch, 3)).toMatchObject({ reset: false, fromVersion: 3 });
  });

  it('lets a device read only the global scope and its own branch', async () => {
    const own = await post(app, '/sync/pull', { scope: 'global', epoch: null, cursor: 0 }, a.device.token);
    expect(own.status).toBe(200);
    const other = await post(app, '/sync/pull', { scope: b.scope, epoch: null, cursor: 0 }, a.device.token);
    expect(other.status).toBe(403);
    const events = await db.query(`SELECT 1 FROM security_events WHERE kind = 'forbidden_scope' AND device_id = $1`, [a.device.deviceId]);
    expect(events).toHaveLength(1);
  });

  it('delivers a head-office reassignment on the next pull', async () => {
    const device = await enrollTestDevice(db, b.code);
    const before = await pullAll(app, device.token, b.scope, { epoch: null, cursor: 0 });
    const last = before[before.length - 1];
    const { rowVersion } = await reassignLoan(db, { loanId: b.loanId, collectorId: b.collector2Id });
    const after = await pullAll(app, device.token, b.scope, { epoch: last?.epoch ?? null, cursor: last?.toVersion ?? 0 });
    const changes = after.flatMap((p) => p.changes);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ table: 'loans', id: b.loanId, version: rowVersion, row: { collector_id: b.collector2Id, row_version: rowVersion } });
    // Compacted: the loan is in the log once, at its latest version.
    const entries = await db.query('SELECT version FROM change_log WHERE scope = $1 AND row_id = $2', [b.scope, b.loanId]);
    expect(entries).toEqual([{ version: rowVersion }]);
    await expect(reassignLoan(db, { loanId: b.loanId, collectorId: a.collectorId })).rejects.toThrow(AdminError);
    await expect(reassignLoan(db, { loanId: b.loanId, officerId: b.collectorId })).rejects.toThrow(/does not have the officer role/);
  });
});
