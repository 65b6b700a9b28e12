// Push: mutations re-run authoritatively, each in its own transaction; duplicates answered from the
// log; refusals stored and still advancing the client's seq; revoked devices never applied.
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { buildServer } from '../../../server/app';
import { revokeDevice } from '../../../server/admin';
import type { CentralDb } from '../../../server/db';
import { pushResponse, type PushMutation, type PushResponse } from '../../../shared/sync/protocol';
import { centralBackends, enrollTestDevice, noteMutation, post, pullAll, type TestDevice } from '../../helpers/central';
import { serverTestBed, useTestBranch } from '../../helpers/serverTestBed';

describe.each(centralBackends())('push on $name', ({ open }) => {
  const { db, app } = serverTestBed(open);
  const a = useTestBranch(db);
  const b = useTestBranch(db);

  async function push(device: TestDevice, mutations: PushMutation[]): Promise<PushResponse> {
    const res = await post(app, '/sync/push', { clientId: device.clientId, mutations }, device.token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return pushResponse.parse(res.body);
  }
  const lastSeq = async (clientId: string) =>
    (await db.query<{ last_mutation_seq: number }>('SELECT last_mutation_seq FROM client_state WHERE client_id = $1', [clientId]))[0]
      ?.last_mutation_seq;
  const noteCount = async (loanId: string) =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM loan_notes WHERE loan_id = $1', [loanId]))[0]?.n;

  it('applies a mutation, and a pull returns the row with its row_version', async () => {
    const device = await enrollTestDevice(db, a.code);
    const m = noteMutation(device, a.officerId, a.loanId, { body: '客户经营正常' });
    const answer = await push(device, [m]);
    expect(answer).toEqual({ results: [{ seq: m.seq, mutationId: m.mutationId, status: 'applied' }], retryFromSeq: null, lastMutationSeq: m.seq });
    const noteId = (m.args as { id: string }).id;
    const [row] = await db.query<Record<string, unknown>>('SELECT * FROM loan_notes WHERE id = $1', [noteId]);
    expect(row).toMatchObject({ branch_id: a.id, updated_by: a.officerId, loan_id: a.loanId, body: '客户经营正常' });
    expect(row?.['created_at']).toMatch(/^\d{4}-\d\d-\d\dT/); // server time, not the device's
    const [log] = await db.query('SELECT status, user_id, name FROM mutation_log WHERE client_id = $1 AND seq = $2', [device.clientId, m.seq]);
    expect(log).toEqual({ status: 'applied', user_id: a.officerId, name: 'loanNote.add@1' });

    const pages = await pullAll(app, device.token, a.scope, { epoch: null, cursor: 0 });
    const change = pages.flatMap((p) => p.changes).find((c) => c.id === noteId);
    expect(change).toMatchObject({ table: 'loan_notes', op: 'upsert', row: { id: noteId, body: '客户经营正常', branch_id: a.id } });
    expect(change?.row?.['row_version']).toBe(change?.version);
    expect(row?.['row_version']).toBe(change?.version);
  });

  it('refuses, one by one, mutations whose text cannot be stored anywhere (ids, user, time, args, keys)', async () => {
    const device = await enrollTestDevice(db, a.code);
    const hostile = [
      { ...noteMutation(device, a.officerId, a.loanId), userId: `${a.officerId}\u0000` },
      { ...noteMutation(device, a.officerId, a.loanId), deviceTime: '2026-12-04T\ud800' },
      { ...noteMutation(device, a.officerId, a.loanId), mutationId: 'id\udfff' },
      noteMutation(device, a.officerId, a.loanId, { body: '\ud83d' }),
      { ...noteMutation(device, a.officerId, a.loanId), baseVersions: { ['loans:\u0000']: 1 } },
    ];
    const good = noteMutation(device, a.officerId, a.loanId);
    const answer = await push(device, [...hostile, good]);
    expect(answer.retryFromSeq).toBeNull();
    expect(answer.results.map((r) => r.reason?.code ?? r.status)).toEqual([...hostile.map(() => 'unstorable_text'), 'applied']);
    expect(await lastSeq(device.clientId)).toBe(good.seq);
  });

  it('refuses alone a mutation nested deeper than any store holds, files it cut short, and applies the next', async () => {
    // 20,000 levels: JSON.stringify and PostgreSQL's jsonb both give up long before. Head office used to
    // fail the chunk while filing the refusal, answering retryFromSeq for ever: the queue was stuck.
    const device = await enrollTestDevice(db, a.code);
    const deep = noteMutation(device, a.officerId, a.loanId, { args: { id: uuidv7(), loanId: a.loanId, body: '__DEEP__' } });
    const good = noteMutation(device, a.officerId, a.loanId);
    const payload = JSON.stringify({ clientId: device.clientId, mutations: [deep, good] }).replace('"__DEEP__"', `${'['.repeat(20_000)}${']'.repeat(20_000)}`);
    const res = await app.inject({ method: 'POST', url: '/sync/push', payload, headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(200);
    const answer = pushResponse.parse(res.json());
    expect(answer.retryFromSeq).toBeNull();
    expect(answer.results.map((r) => r.reason?.code ?? r.status)).toEqual(['unstorable_text', 'applied']);
    const [filed] = await db.query<{ args: { body: unknown } }>('SELECT args FROM mutation_log WHERE client_id = $1 AND seq = $2', [device.clientId, deep.seq]);
    expect(JSON.stringify(filed?.args.body)).toMatch(/^\[+null\]+$/);
  });

  it('answers a re-sent mutation as a duplicate with its original status and writes nothing twice', async () => {
    const device = await enrollTestDevice(db, a.code);
    const ok = noteMutation(device, a.officerId, a.loanId);
    const bad = noteMutation(device, a.officerId, a.loanId, { name: 'nothing.like@9' });
    await push(device, [ok, bad]);
    const notes = await noteCount(a.loanId);
    const [scope] = await db.query<{ version: number }>('SELECT version FROM scope_versions WHERE scope = $1', [a.scope]);
    const again = await push(device, [ok, bad]);
    expect(again.results).toEqual([
      { seq: ok.seq, mutationId: ok.mutationId, status: 'duplicate', originalStatus: 'applied' },
      { seq: bad.seq, mutationId: bad.mutationId, status: 'duplicate', originalStatus: 'rejected', reason: { code: 'unknown_mutation', message: expect.any(String) } },
    ]);
    expect(await noteCount(a.loanId)).toBe(notes);
    const [after] = await db.query<{ version: number }>('SELECT version FROM scope_versions WHERE scope = $1', [a.scope]);
    expect(after?.version).toBe(scope?.version);
    const logged = await db.query('SELECT seq FROM mutation_log WHERE client_id = $1', [device.clientId]);
    expect(logged).toHaveLength(2);
  });

  it('rejects what can never succeed, stores why and still advances the seq', async () => {
    const device = await enrollTestDevice(db, a.code);
    const unknown = noteMutation(device, a.officerId, a.loanId, { name: 'loanNote.add@99' });
    const badArgs = noteMutation(device, a.officerId, a.loanId, { args: { id: 'not-a-uuid', loanId: a.loanId, body: '' } });
    const otherBranch = noteMutation(device, a.officerId, b.loanId);
    const unknownUser = noteMutation(device, uuidv7(), a.loanId);
    const otherBranchUser = noteMutation(device, b.officerId, a.loanId);
    const wrongRole = noteMutation(device, a.adminId, a.loanId);
    const noLoan = noteMutation(device, a.officerId, uuidv7());
    const all = [unknown, badArgs, otherBranch, unknownUser, otherBranchUser, wrongRole, noLoan];
    const answer = await push(device, all);
    expect(answer.results.map((r) => [r.status, r.reason?.code])).toEqual([
      ['rejected', 'unknown_mutation'],
      ['rejected', 'invalid_args'],
      ['rejected', 'forbidden_branch'],
      ['rejected', 'unknown_user'],
      ['rejected', 'unknown_user'],
      ['rejected', 'forbidden_role'],
      ['rejected', 'loan_exists'],
    ]);
    expect(answer.retryFromSeq).toBeNull();
    expect(answer.lastMutationSeq).toBe(noLoan.seq);
    expect(await lastSeq(device.clientId)).toBe(noLoan.seq);
    expect(await noteCount(b.loanId)).toBe(0);
    const logged = await db.query<{ status: string; reason: { code: string } }>(
      'SELECT status, reason FROM mutation_log WHERE client_id = $1 ORDER BY seq',
      [device.clientId],
    );
    expect(logged.map((l) => l.reason.code)).toEqual(answer.results.map((r) => r.reason?.code));
    const [event] = await db.query<{ kind: string; detail: Record<string, unknown> }>(
      `SELECT kind, detail FROM security_events WHERE device_id = $1 AND kind = 'forbidden_branch'`,
      [device.deviceId],
    );
    expect(event?.detail).toMatchObject({ table: 'loans', rowId: b.loanId, rowBranch: b.id, deviceBranch: a.id });
  });

  it('reports a second note with the same id as a conflict, not an overwrite', async () => {
    const device = await enrollTestDevice(db, a.code);
    const first = noteMutation(device, a.officerId, a.loanId, { body: 'first' });
    const id = (first.args as { id: string }).id;
    const second = noteMutation(device, a.officerId, a.loanId, { args: { id, loanId: a.loanId, body: 'second' } });
    const answer = await push(device, [first, second]);
    expect(answer.results.map((r) => [r.status, r.reason?.code])).toEqual([
      ['applied', undefined],
      ['conflict', 'append_only'],
    ]);
    const [row] = await db.query<{ body: string }>('SELECT body FROM loan_notes WHERE id = $1', [id]);
    expect(row?.body).toBe('first');
  });

  it('stores a revoked device’s pushes as rejected and never applies them', async () => {
    const device = await enrollTestDevice(db, a.code);
    await revokeDevice(db, device.deviceId);
    const m = noteMutation(device, a.officerId, a.loanId);
    const answer = await push(device, [m]);
    expect(answer.results).toEqual([
      { seq: m.seq, mutationId: m.mutationId, status: 'rejected', reason: { code: 'device_revoked', message: expect.any(String) } },
    ]);
    expect(await db.query('SELECT 1 FROM loan_notes WHERE id = $1', [(m.args as { id: string }).id])).toHaveLength(0);
    expect(await lastSeq(device.clientId)).toBe(m.seq);
    const [logged] = await db.query<{ status: string }>('SELECT status FROM mutation_log WHERE client_id = $1', [device.clientId]);
    expect(logged?.status).toBe('rejected');
  });

  it('ignores any branch the client claims: rows land in the device’s branch', async () => {
    const device = await enrollTestDevice(db, a.code);
    const id = uuidv7();
    const m = noteMutation(device, a.officerId, a.loanId, { args: { id, loanId: a.loanId, body: 'claimed', branchId: b.id, branch_id: b.id } });
    expect((await push(device, [m])).results[0]?.status).toBe('applied');
    const [row] = await db.query<{ branch_id: string }>('SELECT branch_id FROM loan_notes WHERE id = $1', [id]);
    expect(row?.branch_id).toBe(a.id);
    const inB = await db.query(`SELECT 1 FROM change_log WHERE scope = $1 AND row_id = $2`, [b.scope, id]);
    expect(inB).toHaveLength(0);
  });

  it('stops the batch on a transient failure, keeps nothing of the failed chunk, and resumes on retry', async () => {
    const device = await enrollTestDevice(db, a.code);
    await push(device, [noteMutation(device, a.officerId, a.loanId)]);
    const batch = [1, 2, 3].map(() => noteMutation(device, a.officerId, a.loanId));
    // The chunk's transaction does all its work, then the connection "drops" before COMMIT.
    let calls = 0;
    const flaky: CentralDb = {
      ...db,
      query: (sql, params) => db.query(sql, params),
      transaction: (fn) =>
        ++calls === 1
          ? db.transaction(async (tx) => {
              await fn(tx);
              throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
            })
          : db.transaction(fn),
    };
    const flakyApp = buildServer({ db: flaky });
    try {
      const res = await post(flakyApp, '/sync/push', { clientId: device.clientId, mutations: batch }, device.token);
      const answer = pushResponse.parse(res.body);
      expect(answer.results).toEqual([]);
      expect(answer.retryFromSeq).toBe(batch[0]?.seq);
      expect(answer.lastMutationSeq).toBe(batch[0]!.seq - 1);
    } finally {
      await flakyApp.close();
    }
    const secondId = (batch[1]?.args as { id: string }).id;
    expect(await db.query('SELECT 1 FROM loan_notes WHERE id = $1', [secondId])).toHaveLength(0);
    expect(await db.query('SELECT 1 FROM change_log WHERE row_id = $1', [secondId])).toHaveLength(0);
    expect(await lastSeq(device.clientId)).toBe(batch[0]!.seq - 1);
    const retry = await push(device, batch);
    expect(retry.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    expect(await db.query('SELECT 1 FROM loan_notes WHERE id = $1', [secondId])).toHaveLength(1);
  });

  it('refuses a client id that belongs to another device, and a reused seq with another mutation', async () => {
    const device = await enrollTestDevice(db, a.code);
    const m = noteMutation(device, a.officerId, a.loanId);
    await push(device, [m]);
    const thief = await enrollTestDevice(db, a.code);
    const stolen = await post(app, '/sync/push', { clientId: device.clientId, mutations: [noteMutation(thief, a.officerId, a.loanId)] }, thief.token);
    expect(stolen.status).toBe(403);
    // An outbox restored from a backup reuses seqs: that work must surface, not vanish as a "duplicate".
    const reused = { ...noteMutation(device, a.officerId, a.loanId), seq: m.seq };
    const answer = await push(device, [reused]);
    expect(answer.results[0]).toMatchObject({ status: 'rejected', reason: { code: 'seq_reused' } });
  });
});
