// Workstations against a real head office over loopback HTTP: enrollment, bootstrap pull, pushing
// branch work, head-office changes reaching the branch, and the sync inbox for refused work.
import { describe, expect, it } from 'vitest';
import { availableBackends, STAFF_PASSWORD } from '../../helpers/headOffice';
import { useHeadOffice, useWorkstation } from '../../helpers/useHeadOffice';
import type { TestWorkstation } from '../../helpers/workstation';

function rows<T>(w: TestWorkstation, sql: string, ...params: unknown[]): T[] {
  return w.store.read().sql.prepare(sql).all(...params) as T[];
}

describe.each(availableBackends())('sync with head office on %s', (backend) => {
  const ho = useHeadOffice(backend);
  // Not enrolled yet: the first tests enroll them.
  const a = useWorkstation();
  const b = useWorkstation();

  it('enrolls with a one-time code and downloads its own branch only', async () => {
    const code = await ho.enrollCode('B001');
    expect(await a.sync.enroll(ho.url, code, '柜台一号机', ho.pin)).toEqual({ branchId: ho.branchA });
    const users = rows<{ username: string }>(a, 'SELECT username FROM users ORDER BY username').map((u) => u.username);
    expect(users).toEqual(['collector1', 'collector3', 'officer1', 'supervisor1']);
    expect(rows(a, 'SELECT id FROM loans')).toEqual([{ id: ho.loanA }]);
    expect(rows<{ n: number }>(a, 'SELECT COUNT(*) AS n FROM installments')[0]?.n).toBe(12);
    await expect(b.sync.enroll(ho.url, code, 'reuse', ho.pin)).rejects.toThrow();
    expect(a.sync.status()).toMatchObject({ serverConfigured: true, online: true, pending: 0 });
  });

  it('pushes branch work to head office and on to a second workstation of the branch', async () => {
    await b.sync.enroll(ho.url, await ho.enrollCode('B001'), '柜台二号机', ho.pin);
    const noteId = a.addNote(ho.users['officer1']!, ho.loanA, '客户承诺月底前还款');
    expect(a.sync.status().pending).toBe(1);
    await a.sync.syncNow();
    expect(a.sync.status().pending).toBe(0);
    const [atServer] = await ho.db.query<{ body: string; row_version: number; updated_by: string }>(
      'SELECT body, row_version, updated_by FROM loan_notes WHERE id = $1',
      [noteId],
    );
    expect(atServer).toMatchObject({ body: '客户承诺月底前还款', updated_by: ho.users['officer1'] });
    // The pulled copy replaced the optimistic row and carries head office's row version.
    expect(rows(a, 'SELECT row_version FROM loan_notes WHERE id = ?', noteId)).toEqual([{ row_version: atServer!.row_version }]);
    await b.sync.syncNow();
    expect(rows(b, 'SELECT body FROM loan_notes WHERE id = ?', noteId)).toEqual([{ body: '客户承诺月底前还款' }]);
  });

  it('brings a head-office reassignment to the branch', async () => {
    const { reassignLoan } = await import('../../../server/admin');
    await reassignLoan(ho.db, { loanId: ho.loanA, collectorId: ho.users['collector3']! });
    await a.sync.syncNow();
    expect(rows(a, 'SELECT collector_id FROM loans WHERE id = ?', ho.loanA)).toEqual([{ collector_id: ho.users['collector3'] }]);
  });

  it('puts work head office refuses in the sync inbox with the reason, and keeps it', async () => {
    // A user the branch knows but head office does not (e.g. removed there meanwhile).
    a.store.transaction((w) =>
      w.sql
        .prepare(
          `INSERT INTO users (id, branch_id, created_at, updated_at, updated_by, username, display_name, roles, password_hash)
           VALUES ('ghost', ?, 'x', 'x', 'x', 'ghost', 'Ghost', '["officer"]', 'x')`,
        )
        .run(ho.branchA),
    );
    const noteId = a.addNote('ghost', ho.loanA, 'from a user head office does not know');
    await a.sync.syncNow();
    const [outbox] = rows<{ status: string; args: string }>(a, "SELECT status, args FROM outbox WHERE json_extract(args, '$.id') = ?", noteId);
    expect(outbox?.status).toBe('rejected');
    const issues = rows<{ kind: string; reason: string }>(a, 'SELECT kind, reason FROM sync_issues');
    expect(issues).toHaveLength(1);
    expect(issues[0]?.kind).toBe('rejected');
    expect(JSON.parse(issues[0]!.reason).message).toBeTruthy();
    expect(JSON.parse(outbox!.args).body).toBe('from a user head office does not know');
    expect(a.sync.status()).toMatchObject({ pending: 0, rejected: 1 });
    // Later rounds go on: the refused mutation advanced the server's sequence.
    const next = a.addNote(ho.users['officer1']!, ho.loanA, 'after the refusal');
    await a.sync.syncNow();
    expect(rows(a, "SELECT status FROM outbox WHERE json_extract(args, '$.id') = ?", next)).toEqual([{ status: 'applied' }]);
  });

  it('shows a supervisor the whole branch’s refused work, from every device', async () => {
    const { createDispatcher } = await import('../../../main/api/dispatcher');
    const { SessionStore } = await import('../../../main/services/session');
    const dispatch = createDispatcher({ store: b.store, deviceId: 'b', clientId: b.clientId, sync: b.sync });
    const session = new SessionStore().slot('supervisor');
    expect((await dispatch(session, 'auth.signIn', { username: 'supervisor1', password: STAFF_PASSWORD }, 'zh-CN')).ok).toBe(true);
    const res = await dispatch(session, 'sync.branchIssues', {}, 'zh-CN');
    if (!res.ok) throw new Error(res.error.message);
    const issues = (res.data as { issues: { deviceName: string; userId: string; kind: string; reason: { code: string } }[] }).issues;
    // Made on A, seen from B: head office's record, not B's own inbox (which is empty).
    expect(issues).toEqual([expect.objectContaining({ deviceName: '柜台一号机', userId: 'ghost', kind: 'rejected', reason: expect.objectContaining({ code: 'unknown_user' }) })]);
    expect(rows(b, 'SELECT id FROM sync_issues')).toEqual([]);
    const officer = new SessionStore().slot('officer');
    await dispatch(officer, 'auth.signIn', { username: 'officer1', password: STAFF_PASSWORD }, 'zh-CN');
    expect(await dispatch(officer, 'sync.branchIssues', {}, 'zh-CN')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('records the work of a revoked device as rejected, and tells the user', async () => {
    const { revokeDevice } = await import('../../../server/admin');
    const deviceId = b.store.read().sql.prepare("SELECT value FROM sync_state WHERE key = 'server_device_id'").get() as { value: string };
    await revokeDevice(ho.db, deviceId.value);
    const noteId = b.addNote(ho.users['officer1']!, ho.loanA, 'typed after the device was revoked');
    await expect(b.sync.syncNow()).rejects.toThrow();
    expect(rows(b, "SELECT status FROM outbox WHERE json_extract(args, '$.id') = ?", noteId)).toEqual([{ status: 'rejected' }]);
    const [issue] = rows<{ reason: string }>(b, 'SELECT reason FROM sync_issues WHERE mutation_id IN (SELECT mutation_id FROM outbox WHERE json_extract(args, \'$.id\') = ?)', noteId);
    expect(JSON.parse(issue!.reason).code).toBe('device_revoked');
    expect(await ho.db.query('SELECT 1 FROM loan_notes WHERE id = $1', [noteId])).toHaveLength(0);
    expect(b.sync.status().lastError).toBeTruthy();
  });
});
