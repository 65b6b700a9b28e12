// The workbench counts through the API dispatcher on a real SQLite file: an officer's drafts and
// returned cases, a supervisor's pending and overdue reviews (the deadline from the published dd
// policy) and holds to clear, a collector's queue; another branch's work is never counted, and a
// role without a workbench is refused, by the dispatcher and by the service itself.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/api/envelope';
import { createDispatcher } from '../../main/api/dispatcher';
import type { ServiceContext } from '../../main/services/context';
import { decide as decideDd, open as openDdCase, submit as submitDd, templates as ddTemplates } from '../../main/services/dd/cases';
import { ServiceError } from '../../main/services/errors';
import { refreshLoanMetrics } from '../../main/services/metrics';
import { SessionStore } from '../../main/services/session';
import { counts as workbenchCounts } from '../../main/services/workbench';
import { seedShippedTemplates } from '../../db/local/seed';
import { GLOBAL_BRANCH_ID } from '../../shared/forms/publishedId';
import { fillCase } from '../helpers/ddFill';
import { createFixture, PASSWORD, serviceContext, type Fixture } from '../helpers/fixtures';

const NOW = Date.parse('2026-11-26T02:00:00Z'); // 10:00 in Shanghai
const HOUR = 3_600_000;
const APPLICATION = { purpose: 'consumer', amount: 10_000_000, termMonths: 24, annualRate: '4.35', method: 'equal_installment' } as const;

let fx: Fixture;
let clock: { now: number };
let call: (user: string) => (name: string, input: unknown) => Promise<Envelope<unknown>>;

function ok<T>(env: Envelope<unknown>): T {
  if (!env.ok) throw new Error(`${env.error.code}: ${env.error.message}`);
  return env.data as T;
}

type Counts = {
  officer: { drafts: number; returned: number } | null;
  supervisor: { pending: number; overdue: number; holds: number } | null;
  collector: { queue: number } | null;
};
const countsOf = async (user: string) => ok<Counts>(await call(user)('workbench.counts', {}));
const total = async (user: string, input: unknown) => ok<{ total: number }>(await call(user)('dd.list', input)).total;

const ctx = (user: string): ServiceContext => serviceContext(fx, user, () => new Date(clock.now));

/** A case for the branch's customer, complete when `complete`, submitted when `submit`. */
async function ddCase(officer: string, { complete = true, submit = true } = {}): Promise<string> {
  const c = ctx(officer);
  const customerId = officer.endsWith('B') ? 'cust-B' : 'cust-A';
  const [template] = ddTemplates(c, { customerId, purpose: 'consumer' }).templates;
  if (!template) throw new Error('no template');
  const { caseId } = openDdCase(c, { customerId, templateId: template.id, application: { ...APPLICATION } });
  if (complete) await fillCase(c, caseId);
  if (submit) submitDd(c, { caseId });
  return caseId;
}

function publishDdPolicy(body: unknown): void {
  const at = new Date(NOW).toISOString();
  fx.store.transaction((w) =>
    w.sql
      .prepare(
        `INSERT INTO policies (id, branch_id, created_at, updated_at, updated_by, row_version, code, version, body, effective_from)
         VALUES ('dd@1', ?, ?, ?, 'system', 1, 'dd', 1, ?, '2026-01-01')`,
      )
      .run(GLOBAL_BRANCH_ID, at, at, JSON.stringify(body)),
  );
}

beforeEach(async () => {
  fx = createFixture();
  fx.store.transaction((w) => {
    seedShippedTemplates(w, '2026-01-01T00:00:00.000Z');
    for (const b of ['A', 'B']) {
      w.sql
        .prepare('UPDATE customers SET contact_points = ? WHERE id = ?')
        .run(JSON.stringify([{ kind: 'mobile', value: `1380000123${b === 'A' ? 4 : 5}`, party: 'borrower', name: `客户${b}` }]), `cust-${b}`);
    }
  });
  refreshLoanMetrics(fx.store, '2026-11-26');
  clock = { now: NOW };
  const dispatch = createDispatcher({ store: fx.store, deviceId: 'd', clientId: 'c', clock: () => new Date(clock.now) });
  const sessions = new SessionStore();
  const signedIn = new Map<string, ReturnType<SessionStore['slot']>>();
  call = (user) => {
    let slot = signedIn.get(user);
    if (!slot) signedIn.set(user, (slot = sessions.slot(user)));
    const s = slot;
    return (name, input) => dispatch(s, name, input, 'zh-CN');
  };
  for (const u of ['officerA', 'supervisorA', 'collectorA', 'inspectorA', 'adminA', 'officerB', 'supervisorB', 'collectorB']) {
    ok(await call(u)('auth.signIn', { username: u, password: PASSWORD }));
  }
});
afterEach(() => fx.store.close());

describe('workbench.counts', () => {
  it("counts an officer's drafts and returned cases and a supervisor's pending and overdue reviews, by the published deadline", async () => {
    // Head office has shortened the decision deadline to 24 hours (the default is 48).
    publishDdPolicy({ decisionSlaHours: 24 });
    await ddCase('officerA', { complete: false, submit: false }); // a draft
    const returned = await ddCase('officerA');
    await ddCase('officerA');
    await ddCase('officerA');
    decideDd(ctx('supervisorA'), { caseId: returned, submissionNo: 1, decision: 'return', comment: '请补充收入证明', conditions: '' });
    // Another branch's submitted case and draft.
    await ddCase('officerB');
    await ddCase('officerB', { complete: false, submit: false });

    expect(await countsOf('officerA')).toEqual({ officer: { drafts: 1, returned: 1 }, supervisor: null, collector: null });
    expect((await countsOf('supervisorA')).supervisor).toMatchObject({ pending: 2, overdue: 0 });

    // 25 hours later the two waiting cases are past the published 24-hour deadline (not past 48).
    clock.now += 25 * HOUR;
    // A day idle locks every session: each user unlocks with their password.
    for (const u of ['officerA', 'supervisorA', 'officerB', 'supervisorB']) ok(await call(u)('auth.unlock', { password: PASSWORD }));
    await ddCase('officerA'); // submitted now: pending, not overdue
    const a = await countsOf('supervisorA');
    expect(a).toMatchObject({ officer: null, collector: null, supervisor: { pending: 3, overdue: 2 } });
    // The badge and the lists it leads to agree.
    expect(await total('supervisorA', { statuses: ['submitted'] })).toBe(3);
    expect(await total('supervisorA', { statuses: ['submitted'], slaStates: ['overdue'] })).toBe(2);
    expect(await total('officerA', { statuses: ['draft'] })).toBe(1);
    expect(await total('officerA', { statuses: ['returned'] })).toBe(1);

    // Branch B counts its own cases only.
    expect((await countsOf('supervisorB')).supervisor).toMatchObject({ pending: 1, overdue: 1 });
    expect((await countsOf('officerB')).officer).toEqual({ drafts: 1, returned: 0 });
  });

  it("counts a collector's own queue and the loans a hold stops until the supervisor clears it, per branch", async () => {
    const queueTotal = async (user: string) => ok<{ total: number }>(await call(user)('collections.queue', { offset: 0, limit: 100 })).total;
    const a = await countsOf('collectorA');
    expect(a).toEqual({ officer: null, supervisor: null, collector: { queue: 1 } });
    expect(a.collector?.queue).toBe(await queueTotal('collectorA'));
    expect((await countsOf('supervisorA')).supervisor?.holds).toBe(0);

    const dispute = (loanId: string, phoneIndex = 0) => ({
      loanId, channel: 'phone', party: 'borrower', contactPoint: phoneIndex, startedAt: '2026-11-26T09:00:00+08:00', outcome: 'dispute', note: '客户称已结清',
    });
    ok(await call('collectorA')('collections.logContact', dispute(fx.loanA)));
    ok(await call('collectorB')('collections.logContact', dispute(fx.loanB)));
    expect((await countsOf('supervisorA')).supervisor?.holds).toBe(1);
    expect(ok(await call('supervisorA')('workbench.holds', {}))).toEqual({
      rows: [{ loanId: fx.loanA, loanNo: 'LN-A-1', customerName: '客户A', hold: 'dispute', since: expect.any(String) }],
      total: 1,
    });
    ok(await call('supervisorA')('collections.clearHold', { loanId: fx.loanA, reason: '核实账务无误，恢复催收' }));
    expect((await countsOf('supervisorA')).supervisor?.holds).toBe(0);
    expect(ok(await call('supervisorA')('workbench.holds', {}))).toEqual({ rows: [], total: 0 });
    // Branch B's hold stays B's.
    expect((await countsOf('supervisorB')).supervisor?.holds).toBe(1);
    expect((await countsOf('collectorB')).collector).toEqual({ queue: 1 });
  });

  it('refuses a role without a workbench, at the door and in the service', async () => {
    for (const user of ['inspectorA', 'adminA']) {
      const env = await call(user)('workbench.counts', {});
      expect(env.ok === false && env.error.code).toBe('FORBIDDEN');
    }
    for (const user of ['collectorA', 'officerA']) {
      const env = await call(user)('workbench.holds', {});
      expect(env.ok === false && env.error.code).toBe('FORBIDDEN');
    }
    let refused: unknown = null;
    try {
      workbenchCounts(ctx('inspectorA'));
    } catch (err) {
      refused = err;
    }
    expect(refused instanceof ServiceError && refused.code).toBe('FORBIDDEN');
  });
});
