// Model-based property test (fast-check): devices of two branches and head office, random work,
// random sync rounds, crashes (a device dropped without a clean shutdown, then reopened) and network
// partitions. At quiescence every device equals head office's projection of its branch, cursors only
// ever moved forward, and nothing was lost or applied twice.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSyncValue } from '../../../db/local/writePath';
import { startFaultProxy, type FaultProxy } from '../../helpers/faultProxy';
import { startHeadOffice, type HeadOffice } from '../../helpers/headOffice';
import { openTestWorkstation, type TestWorkstation } from '../../helpers/workstation';
import { soak } from '../../helpers/soak';

interface Device {
  branch: 'B001' | 'B002';
  dir: string;
  ws: TestWorkstation;
  proxy: FaultProxy;
  written: string[];
  cursors: Map<string, number>;
}

let ho: HeadOffice;
beforeAll(async () => {
  ho = await startHeadOffice('pglite');
});
afterAll(async () => ho?.close());

function userOf(d: Device): string {
  return d.branch === 'B001' ? ho.users['officer1']! : ho.users['officer2']!;
}

function loanOf(d: Device): string {
  return d.branch === 'B001' ? ho.loanA : ho.loanB;
}

/** Cursors only move forward (a reset starts a new epoch and may begin again at 0). */
function checkCursors(d: Device): void {
  for (const scope of [`branch:${d.branch === 'B001' ? ho.branchA : ho.branchB}`, 'global']) {
    const r = d.ws.store.read();
    const key = `${getSyncValue(r, `epoch:${scope}`)}|${scope}`;
    const now = Number(getSyncValue(r, `cursor:${scope}`) ?? 0);
    expect(now).toBeGreaterThanOrEqual(d.cursors.get(key) ?? 0);
    d.cursors.set(key, now);
  }
}

type Step =
  | { kind: 'note'; device: number }
  | { kind: 'sync'; device: number }
  | { kind: 'partition'; device: number; cut: boolean }
  | { kind: 'crash'; device: number }
  | { kind: 'reassign' };

const stepArb = (devices: number): fc.Arbitrary<Step> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.nat(devices - 1).map((device) => ({ kind: 'note' as const, device })) },
    { weight: 3, arbitrary: fc.nat(devices - 1).map((device) => ({ kind: 'sync' as const, device })) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('partition' as const), device: fc.nat(devices - 1), cut: fc.boolean() }) },
    { weight: 1, arbitrary: fc.nat(devices - 1).map((device) => ({ kind: 'crash' as const, device })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'reassign' as const }) },
  );

describe('sync model', () => {
  it('converges every device to head office', { timeout: soak(60_000) }, async () => {
    const DEVICES = 4;
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb(DEVICES), { minLength: 10, maxLength: 30 }), async (steps) => {
        const devices: Device[] = [];
        for (let i = 0; i < DEVICES; i++) {
          const branch = i % 2 === 0 ? 'B001' : 'B002';
          const proxy = await startFaultProxy(ho.port);
          const ws = openTestWorkstation();
          await ws.sync.enroll(proxy.url, await ho.enrollCode(branch), `device ${i}`);
          devices.push({ branch, dir: ws.dir, ws, proxy, written: [], cursors: new Map() });
        }
        try {
          let collector = 'collector3';
          for (const step of steps) {
            if (step.kind === 'reassign') {
              const { reassignLoan } = await import('../../../server/admin');
              collector = collector === 'collector3' ? 'collector1' : 'collector3';
              await reassignLoan(ho.db, { loanId: ho.loanA, collectorId: ho.users[collector]! });
              continue;
            }
            const d = devices[step.device]!;
            if (step.kind === 'note') d.written.push(d.ws.addNote(userOf(d), loanOf(d), `n${d.written.length}`));
            if (step.kind === 'sync') {
              await d.ws.sync.syncNow().catch(() => undefined);
              checkCursors(d);
            }
            if (step.kind === 'partition') d.proxy.setMode(step.cut ? { kind: 'refuse' } : { kind: 'pass' });
            if (step.kind === 'crash') {
              // No clean stop: whatever was in flight stays marked so, as after a power cut.
              d.ws.store.close();
              d.ws = openTestWorkstation(d.dir);
            }
          }
          // Quiescence: heal every link and let each device sync until two rounds in a row succeed.
          for (const d of devices) d.proxy.setMode({ kind: 'pass' });
          for (let pass = 0; pass < 2; pass++) {
            for (const d of devices) {
              let ok = false;
              for (let attempt = 0; attempt < 5 && !ok; attempt++) ok = await d.ws.sync.syncNow().then(() => true, () => false);
              expect(ok).toBe(true);
              checkCursors(d);
            }
          }
          for (const d of devices) {
            const branchId = d.branch === 'B001' ? ho.branchA : ho.branchB;
            const outbox = d.ws.store.read().sql.prepare('SELECT status FROM outbox').all() as { status: string }[];
            expect(outbox.filter((o) => o.status !== 'applied')).toEqual([]);
            expect(outbox).toHaveLength(d.written.length);
            for (const table of ['loan_notes', 'loans', 'users']) {
              const server = await ho.db.query(`SELECT id, row_version FROM ${table} WHERE branch_id = $1 ORDER BY id`, [branchId]);
              const local = d.ws.store.read().sql.prepare(`SELECT id, row_version FROM ${table} ORDER BY id`).all();
              expect(local).toEqual(server);
            }
          }
        } finally {
          for (const d of devices) {
            await d.ws.close();
            await d.proxy.close();
          }
        }
      }),
      { numRuns: soak(6), seed: process.env['SOAK'] ? Date.now() : 4242, endOnFailure: true },
    );
  });
});
