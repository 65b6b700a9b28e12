// How the sync model's steps (syncModel.ts) run: plain rounds, rounds hooked between push and pull,
// rounds through a proxy that faults one request of a kept-alive connection, power cuts, and races
// where head office must refuse one PC's work because another PC's reached it first.
import { expect } from 'vitest';
import { SyncClient } from '../../main/sync/client';
import { fileTokenStore } from '../../main/sync/tokenStore';
import { httpTransport, type SyncTransport } from '../../main/sync/transport';
import { reassignLoan } from '../../server/admin';
import type { RequestFault } from './faultProxy';
import { act, checkCursors, type Action, type Device, type ModelRun, type Step } from './syncModel';
import { openTestWorkstation } from './workstation';

/** A round that may fail (the link is what the steps made it). */
async function sync(run: ModelRun, d: Device): Promise<void> {
  await d.ws.sync.syncNow().catch(() => undefined);
  checkCursors(run, d);
}

/** A round of `d` through its proxy whose first pull waits for `beforePull` (after the push was answered). */
async function hookedRound(run: ModelRun, d: Device, beforePull: () => Promise<void>): Promise<void> {
  const real = httpTransport(d.proxy.url, () => fileTokenStore(d.ws.dir).load(), new AbortController().signal);
  let hook: (() => Promise<void>) | null = beforePull;
  const transport: SyncTransport = {
    ...real,
    pull: async (body) => {
      const h = hook;
      hook = null;
      if (h) {
        await h();
        run.coverage.actionsBetweenPushAndPull += 1;
      }
      return real.pull(body);
    },
  };
  const client = new SyncClient({ store: d.ws.store, transport, clientId: d.ws.clientId, appVersion: 'test', blobStore: null });
  await client.syncOnce().catch(() => undefined);
  // The round failed before pulling: the user still did what the step says, just after it.
  if (hook) await hook();
  checkCursors(run, d);
}

const pendingCount = (d: Device) =>
  (d.ws.store.read().sql.prepare("SELECT COUNT(*) AS n FROM outbox WHERE status IN ('pending', 'in_flight')").get() as { n: number }).n;

/** Runs `round` with the proxy in a one-request fault mode over the kept-alive connections, then heals it. */
async function withRequestFault(d: Device, mode: { path?: string; nth?: number; fault: RequestFault }, round: () => Promise<void>): Promise<void> {
  d.proxy.setMode({ kind: 'request', ...mode }, { keepConnections: true });
  try {
    await round();
  } finally {
    d.proxy.setMode({ kind: 'pass' }, { keepConnections: true });
  }
}

/** A round whose nth request the proxy holds back while the device does `action`. */
async function actDuringRequest(run: ModelRun, d: Device, action: Action, nth: number): Promise<void> {
  if (d.partitioned) {
    act(run, d, action);
    return sync(run, d);
  }
  let acted = false;
  const off = d.proxy.onInjected(() => {
    // Called as the proxy holds the request: head office has not seen it, the round waits for it.
    acted = true;
    act(run, d, action);
    run.coverage.actionsDuringRequest += 1;
  });
  await withRequestFault(d, { nth, fault: { kind: 'delay', ms: 30 } }, () => sync(run, d)).finally(off);
  if (!acted) act(run, d, action);
}

/** Head office commits the device's push (a note at least), and the answer is cut part-way. */
async function losePushAnswer(run: ModelRun, d: Device, afterBytes: number): Promise<void> {
  if (pendingCount(d) === 0) act(run, d, { kind: 'note' });
  if (d.partitioned) return sync(run, d);
  const cuts = d.proxy.faults['cutResponse'] ?? 0;
  const lastSeq = (d.ws.store.read().sql.prepare('SELECT MAX(seq) AS seq FROM outbox').get() as { seq: number }).seq;
  let failed = false;
  await withRequestFault(d, { path: '/sync/push', fault: { kind: 'cutResponse', afterBytes } }, () =>
    d.ws.sync.syncNow().catch(() => void (failed = true)),
  );
  if ((d.proxy.faults['cutResponse'] ?? 0) === cuts) return; // the round failed before its push
  // Head office holds a verdict for the entry; the device never heard it, so the entry waits to go again.
  expect(failed, 'a round whose push answer was lost fails').toBe(true);
  const [logged] = await run.ho.db.query<{ status: string }>('SELECT status FROM mutation_log WHERE client_id = $1 AND seq = $2', [
    d.ws.clientId,
    lastSeq,
  ]);
  expect(logged?.status, 'head office committed the push').toBeDefined();
  const local = d.ws.store.read().sql.prepare('SELECT status FROM outbox WHERE seq = ?').get(lastSeq) as { status: string };
  expect(local.status).toBe('pending');
  run.coverage.lostPushAnswers += 1;
  checkCursors(run, d);
}

/** The device loses power: between rounds, or while head office is receiving its push (entries stay in flight). */
async function crash(run: ModelRun, d: Device, midPush: boolean): Promise<void> {
  const old = d.ws;
  if (midPush && !d.partitioned && pendingCount(d) > 0) {
    let crashed = false;
    const off = d.proxy.onInjected(() => {
      crashed = true;
      old.store.close();
    });
    await withRequestFault(d, { path: '/sync/push', fault: { kind: 'delay', ms: 20 } }, () => old.sync.syncNow().catch(() => undefined)).finally(off);
    if (crashed) run.coverage.crashesMidPush += 1;
    else old.store.close();
  } else {
    old.store.close();
  }
  d.ws = openTestWorkstation(old.dir);
}

async function race(run: ModelRun, step: Extract<Step, { kind: 'race' }>): Promise<void> {
  const a = run.devices[step.a] as Device;
  // `b` is drawn among the other two B001 PCs.
  const b = run.devices[step.b >= step.a ? step.b + 1 : step.b] as Device;
  const w = step.work;
  const slot = run.slot;
  run.slot += 2;
  // a's dispute comes before b's call in time, so head office, holding it, must refuse the call.
  const first: [Action, number] = w.kind === 'answer' ? [{ ...w }, slot] : [{ kind: 'contact', loan: w.loan, dispute: true }, slot];
  const second: [Action, number] =
    w.kind === 'answer' ? [{ ...w, value: w.value + 1 }, slot + 1] : [{ kind: 'contact', loan: w.loan, dispute: false }, slot + 1];
  if (step.ending === 'betweenPushAndPull') {
    // b's round has pushed; a's work reaches head office and b does its own before b pulls a's.
    return hookedRound(run, b, async () => {
      act(run, a, ...first);
      await sync(run, a);
      act(run, b, ...second);
    });
  }
  act(run, b, ...second);
  act(run, a, ...first);
  await sync(run, a);
  if (step.ending === 'plain') return sync(run, b);
  if (step.ending === 'losePushAnswer') return losePushAnswer(run, b, step.afterBytes);
  return crash(run, b, true);
}

export async function runStep(run: ModelRun, step: Step): Promise<void> {
  const { ho, devices } = run;
  if (step.kind === 'reassign') {
    const [loan] = await ho.db.query<{ collector_id: string }>('SELECT collector_id FROM loans WHERE id = $1', [ho.loanA]);
    const next = loan?.collector_id === ho.users['collector3'] ? 'collector1' : 'collector3';
    await reassignLoan(ho.db, { loanId: ho.loanA, collectorId: ho.users[next]! });
    return;
  }
  if (step.kind === 'race') return race(run, step);
  const d = devices[step.device] as Device;
  switch (step.kind) {
    case 'act':
      return act(run, d, step.action);
    case 'sync':
      return sync(run, d);
    case 'interleave': {
      const other = devices[step.other] as Device;
      return hookedRound(run, d, async () => {
        act(run, d, step.action);
        if (other !== d) await sync(run, other);
      });
    }
    case 'during':
      return actDuringRequest(run, d, step.action, step.request);
    case 'losePushAnswer':
      return losePushAnswer(run, d, step.afterBytes);
    case 'requestFault':
      if (d.partitioned) return sync(run, d);
      return withRequestFault(d, { path: step.path, fault: step.fault }, () => sync(run, d));
    case 'partition':
      d.partitioned = step.cut;
      return d.proxy.setMode(step.cut ? { kind: 'refuse' } : { kind: 'pass' });
    case 'crash':
      return crash(run, d, step.midPush);
  }
}
