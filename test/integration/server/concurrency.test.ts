// Version order equals commit order (DESIGN.md §7): several devices push at once while a branch pulls
// continuously. If a version could commit after a higher one, the puller would move its cursor past
// it and never see that row; here it must see every row, and the scope's versions must have no gaps.
import { describe, expect, it } from 'vitest';
import { pullResponse, pushResponse, type PushMutation } from '../../../shared/sync/protocol';
import { centralBackends, enrollTestDevice, noteMutation, post, type TestDevice } from '../../helpers/central';
import { serverTestBed, useTestBranch } from '../../helpers/serverTestBed';

const DEVICES = 5;
const PER_DEVICE = 50;
const PER_PUSH = 5;

describe.each(centralBackends())('concurrent pushes on $name', ({ open }) => {
  const { db, app } = serverTestBed(open);
  const branch = useTestBranch(db);

  it(`orders versions by commit with ${DEVICES} devices × ${PER_DEVICE} mutations`, async () => {
    const devices: TestDevice[] = [];
    for (let i = 0; i < DEVICES; i++) devices.push(await enrollTestDevice(db, branch.code));
    const sent = new Map<string, { device: number; seq: number }>();

    const pushAll = async (device: TestDevice, index: number) => {
      for (let start = 0; start < PER_DEVICE; start += PER_PUSH) {
        const mutations: PushMutation[] = [];
        for (let k = 0; k < PER_PUSH; k++) {
          const m = noteMutation(device, branch.officerId, branch.loanId, { body: `device ${index} note ${start + k}` });
          sent.set((m.args as { id: string }).id, { device: index, seq: m.seq });
          mutations.push(m);
        }
        const res = await post(app, '/sync/push', { clientId: device.clientId, mutations }, device.token);
        expect(res.status).toBe(200);
        const answer = pushResponse.parse(res.body);
        expect(answer.retryFromSeq).toBeNull();
        expect(answer.results.every((r) => r.status === 'applied')).toBe(true);
      }
    };

    // A branch pulling all the while: its cursor only moves forward, so a version committed late
    // (below the cursor) would be lost to it.
    const seen = new Set<string>();
    let epoch: string | null = null;
    let cursor = 0;
    const pullOnce = async () => {
      const res = await post(app, '/sync/pull', { scope: branch.scope, epoch, cursor }, branch.device.token);
      const page = pullResponse.parse(res.body);
      for (const c of page.changes) {
        expect(c.version).toBeGreaterThan(page.fromVersion);
        seen.add(c.id);
      }
      epoch = page.epoch;
      cursor = page.toVersion;
      return page.hasMore;
    };
    let pushing = true;
    const puller = (async () => {
      while (pushing) await pullOnce();
    })();
    await Promise.all(devices.map((d, i) => pushAll(d, i)));
    pushing = false;
    await puller;
    while (await pullOnce());

    for (const id of sent.keys()) expect(seen.has(id), `pulled note ${id}`).toBe(true);

    const versions = await db.query<{ version: number; row_id: string }>(
      'SELECT version, row_id FROM change_log WHERE scope = $1 ORDER BY version',
      [branch.scope],
    );
    // Every row here was written once, so the compacted log holds every version: 1..N, no gaps.
    expect(versions.map((v) => v.version)).toEqual(versions.map((_, i) => i + 1));
    const [scope] = await db.query<{ version: number }>('SELECT version FROM scope_versions WHERE scope = $1', [branch.scope]);
    expect(scope?.version).toBe(versions.length);

    // Each device's mutations got increasing versions in seq order.
    const byDevice = new Map<number, { seq: number; version: number }[]>();
    for (const v of versions) {
      const s = sent.get(v.row_id);
      if (!s) continue;
      const list = byDevice.get(s.device) ?? [];
      list.push({ seq: s.seq, version: v.version });
      byDevice.set(s.device, list);
    }
    expect([...byDevice.values()].reduce((n, l) => n + l.length, 0)).toBe(DEVICES * PER_DEVICE);
    for (const list of byDevice.values()) {
      const bySeq = [...list].sort((x, y) => x.seq - y.seq).map((x) => x.version);
      expect(bySeq).toEqual([...bySeq].sort((x, y) => x - y));
    }
  });
});
