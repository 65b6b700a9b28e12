// The audit chain proven to head office: every applied change carried, under its user's signature, the
// chain head its audit entry made. A history rewritten at the branch — re-chained without the key, or
// even with the branch's own key — fails audit.verify at head office, which compares those heads.
import { createHash, createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { createDispatcher, type Dispatch } from '../../../main/api/dispatcher';
import { SessionStore } from '../../../main/services/session';
import { canonicalJson } from '../../../shared/canonicalJson';
import type { OutputOf } from '../../../shared/api/contract';
import { availableBackends, STAFF_PASSWORD } from '../../helpers/headOffice';
import { useEnrolledWorkstations, useHeadOffice } from '../../helpers/useHeadOffice';

describe.each(availableBackends())('audit chain heads on %s', (backend) => {
  const ho = useHeadOffice(backend);
  const [ws] = useEnrolledWorkstations(ho, ['一号机']);
  let dispatch: Dispatch;
  const slot = new SessionStore().slot('s');

  beforeAll(async () => {
    dispatch = createDispatcher({ store: ws.store, deviceId: 'd', clientId: ws.clientId, sync: ws.sync });
    expect(await dispatch(slot, 'auth.signIn', { username: 'supervisor1', password: STAFF_PASSWORD }, 'zh-CN')).toMatchObject({ ok: true });
    for (let i = 0; i < 6; i++) {
      expect(await dispatch(slot, 'loan.addNote', { loanId: ho.loanA, body: `note ${i} ${uuidv7()}` }, 'zh-CN')).toMatchObject({ ok: true });
    }
    await ws.sync.syncNow();
  });

  const verify = async (): Promise<OutputOf<'audit.verify'>> => {
    const res = await dispatch(slot, 'audit.verify', {}, 'zh-CN');
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    return res.data as OutputOf<'audit.verify'>;
  };

  /** Edits one entry's actor and re-computes every link with `hashOf`, as someone with the file would. */
  function rewrite(hashOf: (prev: string, entry: Record<string, unknown>) => string): void {
    ws.store.transaction((w) => {
      w.sql.prepare("UPDATE audit_log SET actor_id = 'someone-else' WHERE seq = 3").run();
      let prev = '0'.repeat(64);
      for (const { seq, hash: _h, prev_hash: _p, ...entry } of w.sql.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Record<string, unknown>[]) {
        const hash = hashOf(prev, entry);
        w.sql.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, seq);
        prev = hash;
      }
    });
  }
  const link = (prev: string, entry: Record<string, unknown>) => `${prev}\n${canonicalJson(entry)}`;

  it('head office holds a signed head for each applied change and finds the untouched chain equal', async () => {
    const heads = await ho.db.query<{ audit_seq: string }>('SELECT audit_seq FROM mutation_log WHERE client_id = $1 AND audit_seq IS NOT NULL', [ws.clientId]);
    expect(heads).toHaveLength(6);
    const report = await verify();
    expect(report).toMatchObject({ ok: true, checked: 6, headOffice: { ok: true, checked: 6, mismatched: [], missing: [] } });
  });

  it('a chain forged and re-chained with plain SHA-256 fails at the branch and at head office', async () => {
    const saved = ws.store.read().sql.prepare('SELECT seq, actor_id, prev_hash, hash FROM audit_log ORDER BY seq').all() as Record<string, unknown>[];
    rewrite((prev, entry) => createHash('sha256').update(link(prev, entry)).digest('hex'));
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.headOffice?.ok).toBe(false);
    expect(report.headOffice?.mismatched).toEqual([1, 2, 3, 4, 5, 6]);
    // Put back, for the next case.
    ws.store.transaction((w) => {
      for (const r of saved) w.sql.prepare('UPDATE audit_log SET actor_id = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(r['actor_id'], r['prev_hash'], r['hash'], r['seq']);
    });
    expect((await verify()).headOffice?.ok).toBe(true);
  });

  it('a chain re-chained with the branch’s own key passes at the branch but not at head office', async () => {
    rewrite((prev, entry) => createHmac('sha256', ws.store.keys.audit).update(link(prev, entry)).digest('hex'));
    const report = await verify();
    expect(report.ok).toBe(true);
    expect(report.headOffice).toMatchObject({ ok: false, mismatched: [3, 4, 5, 6], missing: [] });
    const events = await ho.db.query<{ kind: string }>("SELECT kind FROM security_events WHERE kind = 'audit_mismatch'");
    expect(events.length).toBeGreaterThan(0);
  });

  it('entries deleted at the branch show as missing', async () => {
    ws.store.transaction((w) => w.sql.prepare('DELETE FROM audit_log WHERE seq >= 5').run());
    const report = await verify();
    expect(report.headOffice?.missing).toEqual([5, 6]);
  });
});
