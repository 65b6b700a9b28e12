// The world of the sync model test (test/integration/sync/model.test.ts): workstations of two
// branches, each behind its own loopback fault proxy, sharing a due-diligence case and loans in
// collections, and the random steps they take. The steps run in syncModelSteps.ts; the checks at
// quiescence are in syncModelChecks.ts.
import fc from 'fast-check';
import { expect } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { getSyncValue } from '../../db/local/syncState';
import { answer as answerDd, open as openDdCase } from '../../main/services/dd/cases';
import { logContact as logCollectionContact } from '../../main/services/collections/contact';
import { ServiceError } from '../../main/services/errors';
import { importReferenceRows } from '../../server/admin';
import { buildSchedule } from '../../shared/domain/schedule';
import { branchScope } from '../../shared/sync/protocol';
import { startFaultProxy, type FaultProxy, type RequestFault } from './faultProxy';
import type { HeadOffice } from './headOffice';
import { openTestWorkstation, type TestWorkstation } from './workstation';

export interface Device {
  index: number;
  branch: 'B001' | 'B002';
  ws: TestWorkstation;
  proxy: FaultProxy;
  /** The link is cut (the proxy refuses connections). */
  partitioned: boolean;
  /** Highest cursor seen per epoch and scope. */
  cursors: Map<string, number>;
}

/** What happened in the runs so far, to show the steps reached what they are meant to test. */
export interface Coverage {
  runs: number;
  lostPushAnswers: number;
  crashesMidPush: number;
  actionsBetweenPushAndPull: number;
  actionsDuringRequest: number;
  verdicts: Record<string, number>;
}

export const newCoverage = (): Coverage => ({ runs: 0, lostPushAnswers: 0, crashesMidPush: 0, actionsBetweenPushAndPull: 0, actionsDuringRequest: 0, verdicts: {} });

export interface ModelRun {
  ho: HeadOffice;
  devices: Device[];
  /** The case every B001 device answers, and the loans its collector calls about (fresh each run). */
  caseId: string;
  loanIds: string[];
  /** Yesterday in Shanghai: every call of the run is made that day, in order, in working hours. */
  day: string;
  slot: number;
  coverage: Coverage;
}

export type Action = { kind: 'note' } | { kind: 'answer'; item: number; value: number } | { kind: 'contact'; loan: number; dispute: boolean };

/** How the second PC of a race goes on after the first PC's work reached head office. */
export type RaceEnding = 'plain' | 'losePushAnswer' | 'crashMidPush' | 'betweenPushAndPull';

export type Step =
  | { kind: 'act'; device: number; action: Action }
  | { kind: 'sync'; device: number }
  /** A round whose pull waits for an action on the device and a whole round of another device. */
  | { kind: 'interleave'; device: number; action: Action; other: number }
  /** A round whose nth request the proxy holds back while the device acts. */
  | { kind: 'during'; device: number; action: Action; request: number }
  /** Head office commits the device's push; the answer is cut part-way. */
  | { kind: 'losePushAnswer'; device: number; afterBytes: number }
  | { kind: 'requestFault'; device: number; path: string; fault: RequestFault }
  | { kind: 'partition'; device: number; cut: boolean }
  /** The device loses power: between rounds, or while head office is receiving its push. */
  | { kind: 'crash'; device: number; midPush: boolean }
  | { kind: 'reassign' }
  /**
   * Two B001 PCs, neither having the other's work: `a` answers an item (or logs a dispute), `b` gives
   * the item another value (or calls after the dispute), `a` syncs first, so head office refuses b's
   * work — which `b` then learns in one of the ways `ending` names. The other steps make these
   * collisions rarely; these are the paths where a refusal must take back exactly what head office refused.
   */
  | { kind: 'race'; a: number; b: number; work: { kind: 'answer'; item: number; value: number } | { kind: 'contact'; loan: number }; ending: RaceEnding; afterBytes: number };

/** Three PCs in B001 (they share the case and the loans), one in B002. */
export const BRANCHES = ['B001', 'B001', 'B001', 'B002'] as const;
const B001_DEVICES = 3;
/** Loans in collections per run: a dispute holds its loan for the rest of the run, so races need several. */
const LOANS = 3;

/** Items of the shipped consumer template, and values PCs give them (neighbours always differ). */
const ITEMS = [
  { key: 'applicant_age', values: [30, 41, 52, 63] },
  { key: 'id_verified', values: ['yes', 'no', 'yes', 'no'] },
] as const;

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Action>({ kind: 'note' }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('answer' as const), item: fc.nat(ITEMS.length - 1), value: fc.nat(3) }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('contact' as const), loan: fc.nat(LOANS - 1), dispute: fc.nat(3).map((n) => n === 0) }),
  },
);

const requestFaultArb: fc.Arbitrary<RequestFault> = fc.oneof(
  fc.integer({ min: 0, max: 400 }).map<RequestFault>((afterBytes) => ({ kind: 'cutRequest', afterBytes })),
  fc.integer({ min: 0, max: 400 }).map<RequestFault>((afterBytes) => ({ kind: 'cutResponse', afterBytes })),
  fc.integer({ min: 1, max: 40 }).map<RequestFault>((ms) => ({ kind: 'delay', ms })),
  fc.constant<RequestFault>({ kind: 'duplicateRequest' }),
);

const raceArb = fc.record({
  kind: fc.constant('race' as const),
  a: fc.nat(B001_DEVICES - 1),
  b: fc.nat(B001_DEVICES - 2),
  work: fc.oneof(
    fc.record({ kind: fc.constant('answer' as const), item: fc.nat(ITEMS.length - 1), value: fc.nat(3) }),
    fc.record({ kind: fc.constant('contact' as const), loan: fc.nat(LOANS - 1) }),
  ),
  ending: fc.constantFrom<RaceEnding>('plain', 'losePushAnswer', 'crashMidPush', 'betweenPushAndPull'),
  afterBytes: fc.integer({ min: 0, max: 400 }),
});

export function stepArb(devices: number): fc.Arbitrary<Step> {
  const device = fc.nat(devices - 1);
  return fc.oneof(
    { weight: 7, arbitrary: fc.record({ kind: fc.constant('act' as const), device, action: actionArb }) },
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('sync' as const), device }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('interleave' as const), device, action: actionArb, other: device }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('during' as const), device, action: actionArb, request: fc.integer({ min: 1, max: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('losePushAnswer' as const), device, afterBytes: fc.integer({ min: 0, max: 400 }) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('requestFault' as const),
        device,
        path: fc.constantFrom('/sync/hello', '/sync/push', '/sync/pull'),
        fault: requestFaultArb,
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('partition' as const), device, cut: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('crash' as const), device, midPush: fc.boolean() }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'reassign' as const }) },
    { weight: 2, arbitrary: raceArb },
  );
}

let runNo = 0;

/** Fresh loans and a fresh case for this run, and freshly enrolled devices that hold them. */
export async function openRun(ho: HeadOffice, templateId: string, coverage: Coverage): Promise<ModelRun> {
  runNo += 1;
  const terms = { principal: 2_000_000, annualRate: '4.35', termMonths: 12, method: 'equal_installment' as const, firstDueDate: '2026-03-10' };
  const loans = Array.from({ length: LOANS }, (_, i) => ({
    customerId: uuidv7(),
    loanId: uuidv7(),
    // A number of its own: the per-number limits count calls of every loan that used it.
    phone: `137${String(runNo * LOANS + i).padStart(8, '0')}`,
    no: `${runNo}-${i}`,
  }));
  await importReferenceRows(
    ho.db,
    'customers',
    loans.map((l) => ({
      id: l.customerId, branch_id: ho.branchA, customer_no: `CM${l.no}`, name: '王五', type: 'individual', segment: 'retail', phone: l.phone,
      contact_points: [{ kind: 'mobile', value: l.phone, party: 'borrower', name: '王五' }],
    })),
  );
  await importReferenceRows(
    ho.db,
    'loans',
    loans.map((l) => ({
      id: l.loanId, branch_id: ho.branchA, loan_no: `LN-M-${l.no}`, customer_id: l.customerId, product: 'consumer_credit', purpose: 'consumer',
      principal: terms.principal, annual_rate: terms.annualRate, term_months: 12, method: terms.method, rounding: 'half_up',
      disbursed_on: '2026-02-10', first_due_date: terms.firstDueDate, maturity_date: '2027-02-10', officer_id: ho.users['officer1'],
      collector_id: ho.users['collector1'], risk_grade: 'low', five_class: 'normal', status: 'active',
    })),
  );
  await importReferenceRows(
    ho.db,
    'installments',
    loans.flatMap((l) =>
      buildSchedule(terms).map((r) => ({
        id: uuidv7(), branch_id: ho.branchA, loan_id: l.loanId, seq: r.seq, due_date: r.dueDate, principal_due: r.principal, interest_due: r.interest,
      })),
    ),
  );
  const devices: Device[] = [];
  for (const [index, branch] of BRANCHES.entries()) {
    const proxy = await startFaultProxy(ho.port, { tls: ho.tls });
    const ws = openTestWorkstation();
    await ws.sync.enroll(proxy.url, await ho.enrollCode(branch), `device ${index}`, ho.pin);
    // Rounds only when a step runs one: no background retry races the steps.
    await ws.sync.stop();
    devices.push({ index, branch, ws, proxy, partitioned: false, cursors: new Map() });
  }
  const first = devices[0] as Device;
  const { caseId } = openDdCase(first.ws.context(ho.users['officer1']!), {
    customerId: loans[0]!.customerId,
    templateId,
    application: { purpose: 'consumer', amount: 10_000_000, termMonths: 24, annualRate: '4.35', method: 'equal_installment' },
  });
  for (const d of devices) await d.ws.sync.syncNow();
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() - 86_400_000));
  return { ho, devices, caseId, loanIds: loans.map((l) => l.loanId), day, slot: 0, coverage };
}

export async function closeRun(run: ModelRun): Promise<void> {
  for (const d of run.devices) {
    await d.ws.close();
    await d.proxy.close();
  }
}

/** The time of call number `slot` of the run: yesterday from 09:00, 2 minutes apart, so calls keep their order. */
function callTime(run: ModelRun, slot: number): string {
  const minutes = 9 * 60 + 2 * slot;
  return `${run.day}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+08:00`;
}

/**
 * One user action on the device; a B002 PC, which has neither the case nor the loans, writes a note.
 * A call takes the next time slot unless given one.
 */
export function act(run: ModelRun, d: Device, action: Action, slot = run.slot++): void {
  const { ho } = run;
  if (action.kind === 'note' || d.branch === 'B002') {
    const [user, loan] = d.branch === 'B001' ? [ho.users['officer1']!, ho.loanA] : [ho.users['officer2']!, ho.loanB];
    d.ws.addNote(user, loan, `note ${slot}`);
    return;
  }
  if (action.kind === 'answer') {
    const item = ITEMS[action.item] as (typeof ITEMS)[number];
    answerDd(d.ws.context(ho.users['officer1']!), { caseId: run.caseId, itemKey: item.key, value: item.values[action.value % 4]! });
    return;
  }
  try {
    logCollectionContact(d.ws.context(ho.users['collector1']!), {
      loanId: run.loanIds[action.loan]!,
      channel: 'phone',
      party: 'borrower',
      contactPoint: 0,
      startedAt: callTime(run, slot),
      outcome: action.dispute ? 'dispute' : 'refused_to_pay',
      complaint: false,
    });
  } catch (err) {
    // This PC already knows of a dispute: the call is refused here (and recorded as a blocked try).
    if (!(err instanceof ServiceError && err.code === 'CONTACT_BLOCKED')) throw err;
  }
}

/** Cursors only move forward (a reset starts a new epoch and may begin again at 0). */
export function checkCursors(run: ModelRun, d: Device): void {
  for (const scope of [branchScope(d.branch === 'B001' ? run.ho.branchA : run.ho.branchB), 'global']) {
    const r = d.ws.store.read();
    const key = `${getSyncValue(r, `epoch:${scope}`)}|${scope}`;
    const now = Number(getSyncValue(r, `cursor:${scope}`) ?? 0);
    expect(now).toBeGreaterThanOrEqual(d.cursors.get(key) ?? 0);
    d.cursors.set(key, now);
  }
}

