// Collections through the API dispatcher on a real SQLite file: the queue, contact logging with the
// contact rules enforced in the service (and in the mutation, so a direct call cannot skip them),
// promises, overrides visible in the audit log, corrections, holds, assignment and KPIs.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { Envelope } from '../../../shared/api/envelope';
import { createDispatcher } from '../../../main/api/dispatcher';
import { refreshLoanMetrics } from '../../../main/services/metrics';
import { refreshCollectionQueue } from '../../../main/services/collections/queueSummary';
import { mutate } from '../../../main/services/mutate';
import { ServiceError } from '../../../main/services/errors';
import { SessionStore } from '../../../main/services/session';
import { contactLog } from '../../../shared/mutations/collections';
import { createFixture, PASSWORD, serviceContext, tableCount, type Fixture } from '../../helpers/fixtures';

const BORROWER = '13800001234';
const SPOUSE = '13900005678';
const NOW = Date.parse('2026-11-26T02:00:00Z'); // 10:00 in Shanghai

let fx: Fixture;
let clock: { now: number };
let call: (user: string) => (name: string, input: unknown) => Promise<Envelope<unknown>>;

function ok<T>(env: Envelope<unknown>): T {
  if (!env.ok) throw new Error(`${env.error.code}: ${env.error.message} ${JSON.stringify(env.error.fields ?? env.error.details ?? {})}`);
  return env.data as T;
}

function footprint(): number[] {
  return ['contacts', 'promises_to_pay', 'policy_overrides', 'outbox', 'audit_log'].map((t) => tableCount(fx.store, t));
}

const phone = (startedAt: string, extra: Record<string, unknown> = {}) => ({
  loanId: fx.loanA,
  channel: 'phone',
  party: 'borrower',
  contactPoint: 0,
  startedAt,
  outcome: 'no_answer',
  ...extra,
});

beforeEach(async () => {
  fx = createFixture();
  fx.store.transaction((w) => {
    w.sql.prepare('UPDATE customers SET contact_points = ?, address = ? WHERE id = ?').run(
      JSON.stringify([
        { kind: 'mobile', value: BORROWER, party: 'borrower', name: '客户A' },
        { kind: 'mobile', value: SPOUSE, party: 'spouse', name: '配偶A' },
        { kind: 'mobile', value: '13700009999', party: 'emergency_contact', name: '联系人A' },
      ]),
      '杭州市上城区解放路1号',
      'cust-A',
    );
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
  for (const u of ['collectorA', 'supervisorA', 'collectorB']) ok(await call(u)('auth.signIn', { username: u, password: PASSWORD }));
});
afterEach(() => fx.store.close());

/** The queue rows as kept, and as a rebuild from scratch gives them: the kept ones must never lag. */
function queueKeptAndRebuilt(): { kept: unknown[]; rebuilt: unknown[] } {
  const read = () => fx.store.read().sql.prepare('SELECT * FROM collection_queue ORDER BY loan_id').all();
  const kept = read();
  fx.store.transaction((w) => refreshCollectionQueue(w, null, new Date(clock.now)));
  return { kept, rebuilt: read() };
}

describe('collections', () => {
  it('keeps the queue summary current in the same transaction as each contact, promise and assignment', async () => {
    const collector = call('collectorA');
    const summary = () => fx.store.read().sql.prepare('SELECT * FROM collection_queue WHERE loan_id = ?').get(fx.loanA) as Record<string, unknown>;
    expect(summary()).toMatchObject({ last_outcome: null, promise_status: null, collector_id: 'user-collector-A' });
    ok(await collector('collections.logContact', { ...phone('2026-11-26T01:00:00Z'), complaint: false }));
    expect(summary()).toMatchObject({ last_outcome: 'no_answer', last_contact_at: '2026-11-26T01:00:00.000Z' });
    ok(
      await collector('collections.logContact', {
        ...phone('2026-11-26T01:30:00Z', { outcome: 'promise_to_pay' }),
        complaint: false,
        promise: { amount: 50_000, promisedOn: '2026-11-28' },
      }),
    );
    expect(summary()).toMatchObject({ last_outcome: 'promise_to_pay', promise_status: 'pending', promise_amount: 50_000, pending_promise_due: '2026-11-29' });
    let q = queueKeptAndRebuilt();
    expect(q.kept).toEqual(q.rebuilt);
    // A second collector of the branch takes the loan: it leaves collectorA's queue at once.
    fx.store.transaction((w) =>
      w.sql
        .prepare(
          `INSERT INTO users (id, branch_id, username, display_name, roles, password_hash, active, created_at, updated_at, updated_by, row_version)
           SELECT 'user-collector-A2', branch_id, 'collectorA2', 'collector A2', '["collector"]', password_hash, 1, created_at, updated_at, updated_by, 1
             FROM users WHERE id = 'user-collector-A'`,
        )
        .run(),
    );
    ok(await call('supervisorA')('collections.assign', { loanIds: [fx.loanA], collectorId: 'user-collector-A2' }));
    expect(summary()).toMatchObject({ collector_id: 'user-collector-A2' });
    expect(ok<{ total: number }>(await collector('collections.queue', {})).total).toBe(0);
    q = queueKeptAndRebuilt();
    expect(q.kept).toEqual(q.rebuilt);
  });

  it('keeps the queue row equal to a rebuild through later, earlier, tied, corrected, blocked and sticky contacts', async () => {
    const agent = call('collectorA');
    const quiet = { complaint: false };
    const steps: (() => Promise<Envelope<unknown>>)[] = [];
    let firstId = '';
    steps.push(async () => {
      const env = await agent('collections.logContact', { ...phone('2026-11-25T03:00:00Z'), ...quiet, nextActionOn: '2026-11-27' });
      firstId = ok<{ contactId: string }>(env).contactId;
      return env;
    });
    // Earlier than the last attempt: the last attempt stays; then one at the very same instant.
    steps.push(() => agent('collections.logContact', { ...phone('2026-11-24T03:00:00Z', { outcome: 'right_party_contact' }), ...quiet }));
    steps.push(() => agent('collections.logContact', { ...phone('2026-11-25T03:00:00Z', { outcome: 'busy' }), ...quiet }));
    // The spouse's number is dead: contactability changes.
    steps.push(() => agent('collections.logContact', { ...phone('2026-11-25T04:00:00Z', { party: 'co_borrower', contactPoint: 1, outcome: 'number_invalid' }), ...quiet }));
    steps.push(() => agent('collections.logContact', { ...phone('2026-11-25T03:00:00Z', { outcome: 'voicemail', correctsId: firstId }), ...quiet }));
    steps.push(() => agent('collections.logContact', { loanId: fx.loanA, channel: 'letter', party: 'borrower', startedAt: '2026-11-25T05:00:00Z', outcome: 'letter_sent', nextActionOn: '2026-12-01', ...quiet }));
    // A 22:30 call is stopped and kept as a blocked try, which is no attempt.
    steps.push(() => agent('collections.logContact', { ...phone('2026-11-25T14:30:00Z'), ...quiet }));
    steps.push(() => agent('collections.logContact', { ...phone('2026-11-26T01:00:00Z', { outcome: 'promise_to_pay' }), ...quiet, promise: { amount: 20_000, promisedOn: '2026-11-27' } }));
    steps.push(() => agent('collections.logContact', { ...phone('2026-11-26T01:30:00Z', { outcome: 'right_party_contact' }), ...quiet, nextActionOn: 'not-a-date' }));
    const outcomes: string[] = [];
    for (const step of steps) {
      const env = await step();
      outcomes.push(env.ok ? 'ok' : env.error.code);
      const q = queueKeptAndRebuilt();
      expect(q.kept).toEqual(q.rebuilt);
    }
    expect(outcomes).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'CONTACT_BLOCKED', 'ok', 'VALIDATION']);
    expect(fx.store.read().sql.prepare('SELECT invalid_numbers, last_outcome FROM collection_queue WHERE loan_id = ?').get(fx.loanA)).toEqual({
      invalid_numbers: 1,
      last_outcome: 'promise_to_pay',
    });
  });

  it('builds the agent queue with the parts of each priority, and refuses another branch', async () => {
    const q = ok<{ rows: { loanId: string; bucket: string; priority: { score: number; parts: { code: string; points: number }[] } }[]; total: number }>(
      await call('collectorA')('collections.queue', {}),
    );
    expect(q.total).toBe(1);
    expect(q.rows[0]).toMatchObject({ loanId: fx.loanA, bucket: 'M7+' });
    expect(q.rows[0]?.priority.parts.map((p) => p.code)).toContain('bucket');
    expect(q.rows[0]?.priority.score).toBe(q.rows[0]?.priority.parts.reduce((s, p) => s + p.points, 0));
    expect(ok<{ total: number }>(await call('collectorB')('collections.queue', {})).total).toBe(1); // B's own loan
    const screen = ok<{ delinquency: { dpd: number; overduePrincipal: number; overdueInterest: number; penaltyInterest: number; totalToCure: number }; escalation: { allowedChannels: string[] } }>(
      await call('collectorA')('collections.loan', { loanId: fx.loanA }),
    );
    // Nothing paid since 2026-02-15: ten installments overdue, 罚息 at 4.9 % × 1.5 / 360 a day on their principal.
    expect(screen.delinquency.dpd).toBe(284);
    expect(screen.delinquency.penaltyInterest).toBeGreaterThan(0);
    expect(screen.delinquency.totalToCure).toBe(screen.delinquency.overduePrincipal + screen.delinquency.overdueInterest + screen.delinquency.penaltyInterest);
    expect(screen.escalation.allowedChannels).toContain('legal');
    const other = await call('collectorB')('collections.loan', { loanId: fx.loanA });
    expect(other.ok === false && other.error.code).toBe('NOT_FOUND');
  });

  it('logs a no-answer call and a promise, refusing bad input without writing anything', async () => {
    const agent = call('collectorA');
    const logged = ok<{ contactId: string }>(await agent('collections.logContact', phone('2026-11-26T09:30:00+08:00')));
    const before = footprint();
    const bad: [unknown, string][] = [
      [phone('2026-11-26T09:31:00+08:00', { outcome: 'made_up' }), 'outcome'],
      [phone('2026-11-26T12:00:00+08:00'), 'startedAt'], // two hours after now: in the future
      [phone('2026-11-26T09:31:00+08:00', { contactPoint: 9 }), 'contactPoint'],
      [phone('2026-11-26T09:31:00+08:00', { party: 'guarantor' }), 'party'], // the borrower's number, not a guarantor's
      [phone('2026-11-26T09:31:00+08:00', { outcome: 'promise_to_pay', promise: { amount: 0, promisedOn: '2026-11-30' } }), 'promise.amount'],
      [phone('2026-11-26T09:31:00+08:00', { outcome: 'promise_to_pay', promise: { amount: 50_000, promisedOn: '2026-11-20' } }), 'promise.promisedOn'],
      // Impossible calendar dates and instants, which once reached head office and broke every PC's queue.
      [phone('2026-11-26T09:31:00+08:00', { outcome: 'promise_to_pay', promise: { amount: 50_000, promisedOn: '2027-02-30' } }), 'promise.promisedOn'],
      [phone('2026-11-26T09:31:00+08:00', { nextActionOn: '2026-11-31' }), 'nextActionOn'],
      [phone('2026-02-30T09:31:00+08:00'), 'startedAt'],
    ];
    for (const [input, field] of bad) {
      const env = await agent('collections.logContact', input);
      expect(env.ok === false && env.error.code, field).toBe('VALIDATION');
      expect(env.ok === false && Object.keys(env.error.fields ?? {}), field).toContain(field);
    }
    expect(footprint()).toEqual(before);

    const promised = ok<{ promiseId: string }>(
      await agent('collections.logContact', phone('2026-11-26T09:40:00+08:00', { outcome: 'promise_to_pay', durationSeconds: 95, promise: { amount: 500_000, promisedOn: '2026-11-30' } })),
    );
    const screen = ok<{ contacts: { id: string; outcome: string }[]; promises: { id: string; status: string; amount: number }[]; contactPoints: { value: string; masked: boolean }[] }>(
      await agent('collections.loan', { loanId: fx.loanA }),
    );
    expect(screen.contacts.map((c) => c.outcome)).toEqual(['promise_to_pay', 'no_answer']);
    expect(screen.contacts[1]?.id).toBe(logged.contactId);
    expect(screen.promises).toEqual([expect.objectContaining({ id: promised.promiseId, status: 'pending', amount: 500_000 })]);
    expect(screen.contactPoints[0]).toMatchObject({ value: BORROWER, masked: false });
    // The supervisor reads the file, but sees numbers only to their last 4 digits.
    const seen = ok<{ contactPoints: { value: string }[] }>(await call('supervisorA')('collections.loan', { loanId: fx.loanA }));
    expect(seen.contactPoints[0]?.value).toBe('*******1234');
  });

  it('blocks a 22:30 call with the reason, keeps the blocked try, and lets it through after a supervisor override', async () => {
    const agent = call('collectorA');
    const late = phone('2026-11-25T22:30:00+08:00');
    const { outcome: _outcome, ...lateAttempt } = late;
    const check = ok<{ allowed: boolean; reasons: { code: string; message: string }[] }>(await agent('collections.check', lateAttempt));
    expect(check.allowed).toBe(false);
    expect(check.reasons.map((r) => r.code)).toEqual(['quiet_hours']);
    const blocked = await agent('collections.logContact', late);
    expect(blocked.ok === false && blocked.error.code).toBe('CONTACT_BLOCKED');
    expect(blocked.ok === false && (blocked.error.details?.['reasons'] as { code: string }[]).map((r) => r.code)).toEqual(['quiet_hours']);
    expect(blocked.ok === false && blocked.error.message).toMatch(/22|晚/);
    expect(fx.store.read().sql.prepare("SELECT outcome, note FROM contacts").all()).toEqual([{ outcome: 'blocked', note: 'quiet_hours' }]);

    // Calling the mutation directly, past the service, does not get round the rules either.
    const direct = () =>
      mutate(serviceContext(fx, 'collectorA', () => new Date(clock.now)), contactLog, {
        id: uuidv7(), loanId: fx.loanA, customerId: 'cust-A', channel: 'phone', party: 'borrower', addressUsed: BORROWER,
        startedAt: '2026-11-25T14:30:00.000Z', outcome: 'no_answer',
      });
    expect(direct).toThrow(ServiceError);

    const denied = await agent('collections.override', { loanId: fx.loanA, ruleCode: 'quiet_hours', reason: '客户约定晚间回电' });
    expect(denied.ok === false && denied.error.code).toBe('FORBIDDEN');
    const granted = ok<{ overrideId: string }>(
      await call('supervisorA')('collections.override', { loanId: fx.loanA, ruleCode: 'quiet_hours', reason: '客户白天上班，书面同意晚间联系' }),
    );
    expect(ok<{ allowed: boolean; overriddenBy: string[] }>(await agent('collections.check', lateAttempt))).toMatchObject({ allowed: true, overriddenBy: [granted.overrideId] });
    expect(ok<{ overriddenBy: string[] }>(await agent('collections.logContact', late)).overriddenBy).toEqual([granted.overrideId]);

    const audit = ok<{ entries: { action: string; description: string; actorName: string | null }[] }>(await call('supervisorA')('audit.list', {}));
    const entry = audit.entries.find((e) => e.action === 'policyOverride.grant');
    expect(entry).toMatchObject({ actorName: 'supervisor A' });
    expect(entry?.description).toMatch(/^特批「夜间禁止联系」至 .+，理由：客户白天上班，书面同意晚间联系$/);
  });

  it('lifts the quiet hours only on a consent recorded on the customer beforehand, dated and withdrawable, never on a box ticked on the call', async () => {
    const agent = call('collectorA');
    const late = phone('2026-11-25T22:30:00+08:00');
    const { outcome: _outcome, ...lateAttempt } = late;
    type Check = { allowed: boolean; reasons: { code: string }[]; consent: { givenVia: string; givenOn: string; validUntil: string } | null };
    // The call cannot vouch for itself: the old tick is no longer an input, and changes nothing.
    const ticked = await agent('collections.logContact', { ...late, consentToLateContact: true });
    expect(ticked.ok === false && ticked.error.code).toBe('VALIDATION');
    expect(ok<Check>(await agent('collections.check', lateAttempt))).toMatchObject({ allowed: false, consent: null });

    // Impossible records are refused on their field and write nothing.
    const before = [...footprint(), tableCount(fx.store, 'contact_consents')];
    const consent = { loanId: fx.loanA, givenVia: 'written', givenOn: '2026-11-20', validUntil: '2027-05-20', note: '书面同意书 2026-118 号' };
    const refusals = [
      [{ ...consent, givenOn: '2026-11-27' }, 'givenOn'],
      [{ ...consent, validUntil: '2026-11-19' }, 'validUntil'],
      [{ ...consent, validUntil: '2027-11-21' }, 'validUntil'],
      [{ ...consent, note: '同意' }, 'note'],
      [{ ...consent, givenOn: '2026-02-30' }, 'givenOn'],
    ] as const;
    for (const [input, field] of refusals) {
      const env = await agent('collections.recordConsent', input);
      expect(env.ok === false && Object.keys(env.error.fields ?? {})).toEqual([field]);
    }
    expect([...footprint(), tableCount(fx.store, 'contact_consents')]).toEqual(before);

    const { consentId } = ok<{ consentId: string }>(await agent('collections.recordConsent', consent));
    expect(ok<Check>(await agent('collections.check', lateAttempt))).toMatchObject({
      allowed: true,
      reasons: [],
      consent: { givenVia: 'written', givenOn: '2026-11-20', validUntil: '2027-05-20' },
    });
    // A daytime call does not mention the consent: it did not matter there.
    const { outcome: _o2, ...dayAttempt } = phone('2026-11-25T10:30:00+08:00');
    expect(ok<Check>(await agent('collections.check', dayAttempt)).consent).toBeNull();
    const logged = ok<{ contactId: string }>(await agent('collections.logContact', late));
    expect(fx.store.read().sql.prepare('SELECT consent_late FROM contacts WHERE id = ?').get(logged.contactId)).toEqual({ consent_late: 1 });
    const view = ok<{ consents: { id: string; state: string; recordedByName: string | null }[] }>(await agent('collections.loan', { loanId: fx.loanA }));
    expect(view.consents).toEqual([expect.objectContaining({ id: consentId, state: 'active', recordedByName: 'collector A' })]);

    // Withdrawn today: this morning's 07:30 call is in the quiet hours again; the consent stays on record, marked withdrawn.
    ok(await agent('collections.withdrawConsent', { loanId: fx.loanA, consentId, note: '客户来电撤回同意' }));
    const tonight = phone('2026-11-26T07:30:00+08:00');
    const { outcome: _o3, ...tonightAttempt } = tonight;
    expect(ok<Check>(await agent('collections.check', tonightAttempt))).toMatchObject({ allowed: false, consent: null });
    const after = ok<{ consents: { id: string; state: string; withdrawnOn: string | null }[] }>(await agent('collections.loan', { loanId: fx.loanA }));
    expect(after.consents).toEqual([expect.objectContaining({ id: consentId, state: 'withdrawn', withdrawnOn: '2026-11-26' })]);
    const again = await agent('collections.withdrawConsent', { loanId: fx.loanA, consentId, note: '再次撤回同意' });
    expect(again.ok === false && Object.keys(again.error.fields ?? {})).toEqual(['consentId']);

    const audit = ok<{ entries: { action: string; description: string }[] }>(await call('supervisorA')('audit.list', {}));
    expect(audit.entries.find((e) => e.action === 'contactConsent.record')?.description).toBe('客户书面同意夜间联系，2026-11-20 至 2027-05-20，说明：书面同意书 2026-118 号');
  });

  it('stops the 7th unanswered call to one number on one day, but not a call to another number', async () => {
    const agent = call('collectorA');
    for (let i = 0; i < 6; i++) ok(await agent('collections.logContact', phone(`2026-11-26T08:${String(10 + i).padStart(2, '0')}:00+08:00`)));
    const seventh = await agent('collections.logContact', phone('2026-11-26T09:00:00+08:00'));
    expect(seventh.ok === false && (seventh.error.details?.['reasons'] as { code: string }[]).map((r) => r.code)).toEqual(['max_unanswered_per_number']);
    ok(await agent('collections.logContact', phone('2026-11-26T09:05:00+08:00', { party: 'co_borrower', contactPoint: 1 })));
  });

  it('holds a disputed loan until a supervisor clears it', async () => {
    const agent = call('collectorA');
    ok(await agent('collections.logContact', phone('2026-11-26T09:00:00+08:00', { outcome: 'dispute', note: '客户称已结清' })));
    const held = await agent('collections.logContact', phone('2026-11-26T09:20:00+08:00'));
    expect(held.ok === false && held.error.code).toBe('CONTACT_BLOCKED');
    expect(ok<{ hold: { code: string } | null }>(await agent('collections.loan', { loanId: fx.loanA })).hold).toMatchObject({ code: 'dispute' });
    ok(await call('supervisorA')('collections.clearHold', { loanId: fx.loanA, reason: '核实账务无误，恢复催收' })); // at 10:00
    expect(ok<{ hold: unknown }>(await agent('collections.loan', { loanId: fx.loanA })).hold).toBeNull();
    clock.now += 15 * 60_000;
    ok(await agent('collections.logContact', phone('2026-11-26T10:10:00+08:00')));
  });

  it('corrects an entry with a new one that references it, never editing it away', async () => {
    const agent = call('collectorA');
    const first = ok<{ contactId: string }>(await agent('collections.logContact', phone('2026-11-26T09:00:00+08:00', { outcome: 'busy' })));
    const fix = ok<{ contactId: string }>(await agent('collections.logContact', phone('2026-11-26T09:00:00+08:00', { outcome: 'no_answer', correctsId: first.contactId })));
    const contacts = ok<{ contacts: { id: string; outcome: string; correctedById: string | null; correctsId: string | null }[] }>(
      await agent('collections.loan', { loanId: fx.loanA }),
    ).contacts;
    expect(contacts.find((c) => c.id === first.contactId)).toMatchObject({ outcome: 'busy', correctedById: fix.contactId });
    expect(contacts.find((c) => c.id === fix.contactId)).toMatchObject({ correctsId: first.contactId });
    // The contacts the rules read are append-only, never stale: only the rows that can change are versioned.
    const base = JSON.parse(String((fx.store.read().sql.prepare('SELECT base_versions AS b FROM outbox ORDER BY seq DESC LIMIT 1').get() as { b: string }).b)) as Record<string, number>;
    expect(Object.keys(base).sort()).toEqual([`customers:cust-A`, `loans:${fx.loanA}`]);
  });

  it('reassigns loans in bulk and reports agent KPIs that are not only money', async () => {
    const agent = call('collectorA');
    ok(await agent('collections.logContact', phone('2026-11-26T09:00:00+08:00')));
    ok(await agent('collections.logContact', phone('2026-11-26T09:10:00+08:00', { outcome: 'right_party_contact', complaint: true })));
    await agent('collections.logContact', phone('2026-11-25T23:00:00+08:00'));
    const kpi = ok<{ rows: { collectorId: string; attempts: number; rightPartyContacts: number; rightPartyRate: number | null; blocks: number; complaints: number }[] }>(
      await call('supervisorA')('collections.kpis', { from: '2026-11-01', to: '2026-11-30' }),
    );
    expect(kpi.rows.find((r) => r.collectorId === 'user-collector-A')).toMatchObject({ attempts: 2, rightPartyContacts: 1, rightPartyRate: 0.5, blocks: 1, complaints: 1 });

    const refused = await call('supervisorA')('collections.assign', { loanIds: [fx.loanA], collectorId: 'user-officer-A' });
    expect(refused.ok === false && refused.error.code).toBe('DOMAIN_RULE');
    const foreign = await call('supervisorA')('collections.assign', { loanIds: [fx.loanB], collectorId: 'user-collector-A' });
    expect(foreign.ok === false && foreign.error.code).toBe('FORBIDDEN');
    expect(ok<{ assigned: number }>(await call('supervisorA')('collections.assign', { loanIds: [fx.loanA], collectorId: 'user-collector-A', note: '重新分配' })).assigned).toBe(1);
  });
});
