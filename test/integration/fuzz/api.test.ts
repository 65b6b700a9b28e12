// Fuzz of the API front door (issue 11): every method of the contract — enumerated, so a new method is
// covered without touching this file — called through the real dispatcher on an enrolled workstation,
// by users whose role may call it and by users (and a caller without a session) who may not, with inputs
// generated from its zod input schema and then spoiled with hostile values. Every answer must be an
// envelope, never INTERNAL, never a throw; a refusal must leave every table and the blob store as they
// were; and afterwards the work the API accepted drains to head office.
//
//   FUZZ_RUNS=<n>   cases per method (default 40)     FUZZ_SEED=<n>  replay a run    FUZZ_ONLY=<method,...>
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type MethodName } from '../../../shared/api/contract';
import type { Envelope, Locale } from '../../../shared/api/envelope';
import type { Role } from '../../../shared/auth/roles';
import { OUTCOME_CODES } from '../../../shared/domain/contactOutcomes';
import { createDispatcher, type Dispatch } from '../../../main/api/dispatcher';
import { SessionStore, type SessionState } from '../../../main/services/session';
import { createUser } from '../../../server/admin';
import { publishVersion } from '../../../server/publish';
import { SHIPPED_TEMPLATES } from '../../../db/seeds/templates';
import { pngBytes } from '../../helpers/ddFill';
import { giveBorrowerPhone, startHeadOffice, STAFF_PASSWORD, type HeadOffice } from '../../helpers/headOffice';
import { enrolledWorkstations, type TestWorkstation } from '../../helpers/workstation';
import { checkFuzz, FUZZ_NOW, fromJsonSchema, fuzzInputArb, fuzzRuns, fuzzSeed, fuzzTimeLimit, jsonSchemaOf, preview, selected, type FuzzInput, type Hints } from './gen';
import { WorkstationState } from './workstationState';

const FILE = 'test/integration/fuzz/api.test.ts';
const BASE_SEED = fuzzSeed(0x11a91);
const RUNS = fuzzRuns(40);
/** Per method, whatever its case budget: sign-in (scrypt) and sync.now (a round with head office) are slow. */
const METHOD_TIME_MS = fuzzTimeLimit(2_500);
const PHONE = '13800001234';
/** A refused call may still count a wrong password (the lockout needs it); nothing else may change. */
const WRITTEN_ON_REFUSAL = new Set(['sign_in_attempts']);
const DENIED_CODES = ['UNAUTHENTICATED', 'FORBIDDEN'];

interface Caller {
  name: string;
  state: SessionState | null;
  /** The contract forbids this caller the method: the answer must say so. */
  denied: boolean;
}

interface Stats {
  methods: number;
  cases: number;
  ok: number;
  refused: number;
  denied: number;
  edited: number;
  internal: number;
  /** Successful calls that wrote, and refusals that counted a wrong password: the change detector at work. */
  writes: number;
  exempt: number;
  codes: Record<string, number>;
}

describe('API fuzz: every method, hostile input, nothing written on refusal', () => {
  let ho: HeadOffice;
  let ws: TestWorkstation;
  let dispatch: Dispatch;
  let state: WorkstationState;
  const logged: Record<string, unknown>[] = [];
  const users: Record<string, { id: string; roles: Role[]; state: SessionState }> = {};
  const stats: Stats = { methods: 0, cases: 0, ok: 0, refused: 0, denied: 0, edited: 0, internal: 0, writes: 0, exempt: 0, codes: {} };
  let drained: Record<string, number> = {};
  const hints: Record<string, unknown[]> = {};
  const started = Date.now();
  const clock = () => new Date(FUZZ_NOW);

  beforeAll(async () => {
    ho = await startHeadOffice('pglite');
    const templates = [];
    for (const t of SHIPPED_TEMPLATES) templates.push((await publishVersion(ho.db, 'template', t)).id);
    for (const [username, roles] of [
      ['inspector1', ['inspector']],
      ['admin1', ['admin']],
    ] as const) {
      ho.users[username] = (await createUser(ho.db, { branchCode: 'B001', username, displayName: username, roles: [...roles], password: STAFF_PASSWORD })).id;
    }
    const customerA = await giveBorrowerPhone(ho, PHONE);
    const [customerB] = await ho.db.query<{ id: string }>("SELECT id FROM customers WHERE customer_no = 'C0002'");
    [ws] = (await enrolledWorkstations(ho, ['fuzz'])) as [TestWorkstation];
    await ws.sync.syncNow();

    dispatch = createDispatcher({
      store: ws.store,
      deviceId: ws.context(ho.users['officer1']!).deviceId,
      clientId: ws.clientId,
      clock,
      sync: ws.sync,
      log: (entry) => logged.push(entry),
    });
    for (const username of ['officer1', 'inspector1', 'collector1', 'supervisor1', 'admin1']) {
      const id = ho.users[username]!;
      const session = ws.context(id).session.get()!;
      users[username] = { id, roles: session.user.roles, state: { ...session, lastActivityMs: FUZZ_NOW } };
    }

    // Rows to aim at: a case with an answer and a file, a note, a contact — made through the API itself.
    const as = async (username: string, name: MethodName, input: unknown) => {
      const slot = new SessionStore().slot('setup');
      slot.set(users[username]!.state);
      const env = await dispatch(slot, name, input, 'en');
      if (!env.ok) throw new Error(`setup ${name}: ${env.error.code} ${env.error.message} ${JSON.stringify(env.error.fields ?? {})}`);
      return env.data as Record<string, unknown>;
    };
    const png = pngBytes(7).toString('base64');
    const [offered] = ((await as('officer1', 'dd.templates', { customerId: customerA, purpose: 'consumer' })).templates as { id: string }[]) ?? [];
    const application = { purpose: 'consumer', amount: 10_000_000, termMonths: 24, annualRate: '4.35', method: 'equal_installment' };
    const caseId = (await as('officer1', 'dd.open', { customerId: customerA, templateId: offered!.id, application })).caseId as string;
    const itemKeys = collectKeys(SHIPPED_TEMPLATES);
    await as('officer1', 'dd.answer', { caseId, itemKey: 'id_verified', value: 'yes' });
    const attachment = (await as('officer1', 'dd.attach', {
      caseId, itemKey: 'id_scan', kind: 'id_scan', fileName: 'id-card.png', mimeType: 'image/png', dataBase64: png,
    })).attachmentId as string;
    const noteId = (await as('officer1', 'loan.addNote', { loanId: ho.loanA, body: 'setup note' })).id as string;
    const startedAt = '2026-11-25T10:00:00+08:00';
    const contactId = (await as('collector1', 'collections.logContact', {
      loanId: ho.loanA, channel: 'phone', party: 'borrower', contactPoint: 0, startedAt, outcome: 'no_answer',
    })).contactId as string;
    await ws.sync.syncNow();

    Object.assign(hints, {
      loanId: [ho.loanA, ho.loanB, 'loan-unknown'],
      loanIds: [[ho.loanA], [ho.loanA, ho.loanB], [ho.loanB]],
      customerId: [customerA, customerB?.id],
      templateId: templates,
      caseId: [caseId],
      attachmentId: [attachment],
      correctsId: [noteId, contactId],
      collectorId: [ho.users['collector1'], ho.users['collector3'], ho.users['officer1'], ho.users['officer2'], 'all'],
      officerId: [ho.users['officer1'], ho.users['officer2']],
      itemKey: itemKeys,
      kind: itemKeys,
      dataBase64: [png],
      thumbnailBase64: [png],
      mimeType: ['image/png', 'application/pdf', 'image/jpeg'],
      fileName: ['photo.png', 'scan.pdf'],
      username: ['officer1', 'collector1', 'nobody'],
      password: [STAFF_PASSWORD],
      startedAt: [startedAt, '2026-11-25T14:30:00+08:00', '2026-11-25T23:30:00+08:00'],
      outcome: [...OUTCOME_CODES],
      ruleCode: ['quiet_hours', 'regf_7_in_7', 'dispute_hold', 'max_unanswered_per_number'],
      submissionNo: [1, 2],
      contactPoint: [0, 1],
      key: ['theme', 'grid.portfolio.columns'],
      from: ['2026-11-01'],
      to: ['2026-11-30'],
    } satisfies Hints);
    state = new WorkstationState(ws.store, ws.dir);
  }, 120_000);

  afterAll(async () => {
    const summary = {
      fuzz: 'api',
      seed: BASE_SEED,
      methods: stats.methods,
      cases: stats.cases,
      ok: stats.ok,
      refused: stats.refused,
      denied: stats.denied,
      hostile: stats.edited,
      internal: stats.internal,
      okThatWrote: stats.writes,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      codes: stats.codes,
      drainedOutbox: drained,
    };
    console.log(JSON.stringify(summary));
    await ws?.close();
    await ho?.close();
  });

  function callersOf(name: MethodName): Caller[] {
    const access = api[name].access;
    const anonymous: Caller = { name: '(no session)', state: null, denied: access !== 'public' };
    const all = Object.entries(users).map(([username, u]) => ({ username, ...u }));
    if (access === 'public' || access === 'signedIn') return [anonymous, ...all.map((u) => ({ name: u.username, state: u.state, denied: false }))];
    return [
      anonymous,
      ...all.map((u) => ({ name: u.username, state: u.state, denied: !u.roles.some((r) => (access as readonly string[]).includes(r)) })),
    ];
  }

  async function oneCase(name: MethodName, caller: Caller, input: FuzzInput, locale: Locale): Promise<void> {
    const slot = new SessionStore().slot('fuzz');
    if (caller.state) slot.set({ ...caller.state });
    const seen = logged.length;
    let env: Envelope<unknown>;
    try {
      env = await dispatch(slot, name, input.value, locale);
    } catch (err) {
      throw new Error(`${name} as ${caller.name} threw instead of answering: ${String(err)}`);
    }
    stats.cases++;
    if (input.edited) stats.edited++;
    const code = env.ok ? 'ok' : env.error.code;
    stats.codes[code] = (stats.codes[code] ?? 0) + 1;
    if (code === 'INTERNAL') {
      stats.internal++;
      throw new Error(`${name} as ${caller.name} answered INTERNAL: ${preview(logged.slice(seen), 1500)}`);
    }
    const changed = state.changed();
    if (env.ok) {
      stats.ok++;
      if (changed.length > 0) stats.writes++;
      expect(caller.denied, `${name} let ${caller.name} in`).toBe(false);
      return;
    }
    stats.refused++;
    expect(typeof env.error.message === 'string' && env.error.message.length > 0, `${name}: ${code} without a message`).toBe(true);
    if (caller.denied) {
      stats.denied++;
      expect(DENIED_CODES, `${name} as ${caller.name}`).toContain(code);
    }
    if (changed.length > 0) stats.exempt++;
    const written = changed.filter((t) => !WRITTEN_ON_REFUSAL.has(t));
    expect(written, `${name} as ${caller.name} refused (${code}) but wrote ${written.join(', ')}`).toEqual([]);
  }

  it('answers every method cleanly, to callers who may and may not call it', async () => {
    const names = (Object.keys(api) as MethodName[]).filter(selected);
    for (const name of names) {
      const base = fromJsonSchema(jsonSchemaOf(api[name].input), hints);
      const callers = callersOf(name);
      const allowed = callers.filter((c) => !c.denied);
      const callerArb = fc.oneof(
        { arbitrary: fc.constantFrom(...(allowed.length ? allowed : callers)), weight: 4 },
        { arbitrary: fc.constantFrom(...callers), weight: 1 },
      );
      const property = fc.asyncProperty(callerArb, fuzzInputArb(base, 'ipc'), fc.constantFrom<Locale>('zh-CN', 'en'), (caller, input, locale) =>
        oneCase(name, caller, input, locale),
      );
      const before = stats.cases;
      await checkFuzz(FILE, name, BASE_SEED, property, RUNS, METHOD_TIME_MS);
      expect(stats.cases - before, `${name} ran no case`).toBeGreaterThan(0);
      stats.methods++;
    }
    expect(state.rowSumDrift(), 'row sums kept by the write path').toEqual([]);
    // The detector is not blind: accepted work and counted wrong passwords were seen as writes.
    if (!process.env['FUZZ_ONLY']) expect(stats.writes).toBeGreaterThan(0);
  }, 240_000);

  it('drains to head office afterwards: nothing stays pending, the sums agree, a new note applies', async () => {
    for (let i = 0; i < 3; i++) await ws.sync.syncNow();
    const counts = ws.store.read().sql.prepare('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status').all() as { status: string; n: number }[];
    const pending = counts.filter((c) => c.status === 'pending' || c.status === 'in_flight').reduce((n, c) => n + c.n, 0);
    expect(pending, JSON.stringify(counts)).toBe(0);
    const status = ws.sync.status();
    expect(status.lastError).toBeNull();
    expect(status.divergence.detected).toBe(0);
    expect(state.rowSumDrift()).toEqual([]);

    const slot = new SessionStore().slot('after');
    slot.set(users['officer1']!.state);
    const env = await dispatch(slot, 'loan.addNote', { loanId: ho.loanA, body: 'after the fuzz' }, 'en');
    expect(env.ok).toBe(true);
    await ws.sync.syncNow();
    const [row] = ws.store.read().sql.prepare("SELECT status FROM outbox ORDER BY seq DESC LIMIT 1").all() as { status: string }[];
    expect(row?.status).toBe('applied');
    drained = Object.fromEntries(counts.map((c) => [c.status, c.n]));
  }, 120_000);
});

/** The item keys of the templates (answers and files aim at real items). */
function collectKeys(value: unknown, out = new Set<string>()): string[] {
  if (Array.isArray(value)) for (const v of value) collectKeys(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'key' && typeof v === 'string' && /^[a-z][a-z0-9_]{0,63}$/.test(v)) out.add(v);
      else collectKeys(v, out);
    }
  }
  return [...out];
}
