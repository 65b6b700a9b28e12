// Fuzz of head office's push (issue 11): for every mutation in the registry — enumerated, so a new one
// is covered without touching this file — a workstation of branch A pushes changes with arguments made
// from the mutation's zod schema and spoiled with hostile values, correctly signed by the user, or by
// someone who may not run it, or forged (unsigned, signed with another user's key, changed after
// signing, sent under another name, a used seq, a replay). Every answer must be a 200 with one verdict
// per change and a reason for each refusal, never a 5xx and never `retryFromSeq` (a poison change must
// not wedge the queue); a push that applied nothing must leave the branch-work tables and scope versions
// as they were. Afterwards an ordinary change from the same client still applies, and a clean head
// office given only the changes the first one applied ends with the very same rows.
//
//   FUZZ_RUNS=<n>   cases per mutation (default 20)   FUZZ_SEED=<n>  replay a run   FUZZ_ONLY=<name@v,...>
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutations } from '../../../shared/mutations/registry';
import { pushRequest, pushResponse, type PushMutation, type PushResult } from '../../../shared/sync/protocol';
import { centralBackends } from '../../helpers/central';
import { checkFuzz, fromJsonSchema, fuzzInputArb, fuzzRuns, fuzzSeed, fuzzTimeLimit, HOSTILE_STRINGS, jsonSchemaOf, preview, selected, toJsonText, type FuzzInput, type Hints } from './gen';
import { IDS, NOW, openWorld, PHONE, push, signAs, STAFF, workDigest, workRows, type StaffName, type World } from './headOfficeWorld';

const FILE = 'test/integration/fuzz/push.test.ts';
const BASE_SEED = fuzzSeed(0x11b92);
const RUNS = fuzzRuns(20);
const MUTATION_TIME_MS = fuzzTimeLimit(3_000);

const CASE_A = '0193a000-0000-7000-8000-00000000ca5a';
const CASE_B = '0193a000-0000-7000-8000-00000000ca5b';
const NOTE_A = '0193a000-0000-7000-8000-00000000a07a';
const NOTE_B = '0193a000-0000-7000-8000-00000000a07b';
const CONTACT_A = '0193a000-0000-7000-8000-00000000c0a1';
const CALLED_AT = '2026-11-25T10:00:00+08:00';
const APPLICATION = { purpose: 'consumer', amount: 10_000_000, termMonths: 24, annualRate: '4.35', method: 'equal_installment' };

type Forgery = 'none' | 'unsigned' | 'otherKey' | 'tampered' | 'otherName' | 'seqReused' | 'replay';
const FORGED_SIGNATURE: readonly Forgery[] = ['unsigned', 'otherKey', 'tampered'];

interface Planned {
  args: FuzzInput;
  signer: StaffName | 'ghost';
  forgery: Forgery;
  deviceTime: string;
  baseVersions: unknown;
  /** Which earlier change a replay or a reused seq takes. */
  pick: number;
}

interface Client {
  id: string;
  token: string;
  seq: number;
  /** What was pushed and answered, for replays and seq reuse. */
  sent: PushMutation[];
  /** Changes applied, in order: what a clean head office is given. */
  applied: { m: PushMutation; token: 'A' | 'B' }[];
}

interface Stats {
  pushes: number;
  changes: number;
  applied: number;
  rejected: number;
  conflict: number;
  duplicate: number;
  badRequest: number;
  forged: number;
  fiveHundreds: number;
  retryFromSeq: number;
  /** Rows compared with the clean head office's (each backend adds its count when they match). */
  cleanRowsMatched: number;
  reasons: Record<string, number>;
}

const totals: Stats = {
  pushes: 0, changes: 0, applied: 0, rejected: 0, conflict: 0, duplicate: 0, badRequest: 0, forged: 0, fiveHundreds: 0, retryFromSeq: 0, cleanRowsMatched: 0, reasons: {},
};
const backendsRun: string[] = [];
const covered = new Set<string>();
const startedAll = Date.now();

afterAll(() => {
  console.log(JSON.stringify({ fuzz: 'push', seed: BASE_SEED, backends: backendsRun, ...totals, mutations: covered.size, seconds: Math.round((Date.now() - startedAll) / 100) / 10 }));
});

for (const backend of centralBackends()) {
  describe(`push fuzz on ${backend.name}: every mutation, hostile and forged, never wedged`, () => {
    let world: World;
    let a: Client;
    let b: Client;
    const stats = totals;
    let hints: Hints = {};

    const client = (id: string, token: string): Client => ({ id, token, seq: 0, sent: [], applied: [] });

    /** Pushes valid changes and expects each applied. */
    async function setup(c: Client, side: 'A' | 'B', changes: { name: string; user: StaffName; args: Record<string, unknown> }[]) {
      const list = changes.map((ch) =>
        signAs(STAFF[ch.user].id, c.id, { seq: ++c.seq, mutationId: uuidv7(), name: ch.name, args: ch.args, baseVersions: {}, userId: STAFF[ch.user].id, deviceTime: NOW.toISOString() }),
      );
      const res = await push(world, c.token, { clientId: c.id, mutations: list });
      expect(res.status).toBe(200);
      const results = (res.body as { results: PushResult[] }).results;
      expect(results.map((r) => `${r.status} ${r.reason?.code ?? ''}`.trim())).toEqual(list.map(() => 'applied'));
      c.sent.push(...list);
      c.applied.push(...list.map((m) => ({ m, token: side })));
    }

    beforeAll(async () => {
      world = await openWorld(await backend.open());
      backendsRun.push(backend.name);
      a = client('fuzz-client-a', world.tokenA);
      b = client('fuzz-client-b', world.tokenB);
      const [first] = world.templateIds;
      const template = first as string;
      await setup(a, 'A', [
        { name: 'ddCase.open@1', user: 'officerA', args: { id: CASE_A, customerId: IDS.customerA, templateId: template, application: APPLICATION } },
        { name: 'ddAnswer.set@1', user: 'officerA', args: { caseId: CASE_A, templateId: template, itemKey: 'id_verified', value: 'yes' } },
        { name: 'loanNote.add@1', user: 'collectorA', args: { id: NOTE_A, loanId: IDS.loanA, body: 'setup note' } },
        {
          name: 'contact.log@1',
          user: 'collectorA',
          args: { id: CONTACT_A, loanId: IDS.loanA, customerId: IDS.customerA, channel: 'phone', party: 'borrower', addressUsed: PHONE, startedAt: CALLED_AT, outcome: 'no_answer' },
        },
      ]);
      await setup(b, 'B', [
        { name: 'ddCase.open@1', user: 'officerB', args: { id: CASE_B, customerId: IDS.customerB, templateId: template, application: APPLICATION } },
        { name: 'loanNote.add@1', user: 'officerB', args: { id: NOTE_B, loanId: IDS.loanB, body: 'branch B note' } },
      ]);
      hints = {
        // Mostly a new row; now and then one that exists (append-only conflicts), here or in branch B.
        id: fc.oneof({ arbitrary: fc.uuid({ version: 7 }), weight: 6 }, { arbitrary: fc.constantFrom(NOTE_A, CONTACT_A, CASE_A, NOTE_B), weight: 1 }),
        eventId: fc.uuid({ version: 7 }),
        loanId: [IDS.loanA, IDS.loanA, IDS.loanA, IDS.loanB, 'loan-unknown'],
        loanIds: [[IDS.loanA], [IDS.loanA, IDS.loanB], [IDS.loanB]],
        customerId: [IDS.customerA, IDS.customerA, IDS.customerB],
        templateId: [template, template, template, ...world.templateIds],
        purpose: ['consumer', 'consumer', 'business'],
        caseId: [CASE_A, CASE_A, CASE_A, CASE_B],
        ownerId: [CASE_A, CASE_A, CASE_B],
        correctsId: [NOTE_A, CONTACT_A, NOTE_B],
        collectorId: [STAFF.collectorA.id, STAFF.collector2A.id, STAFF.officerA.id, STAFF.officerB.id],
        itemKey: ['id_verified', 'id_scan', 'applicant_age', 'interview_date', 'marital_status', 'monthly_income', 'spouse_name'],
        kind: ['id_scan', 'income_proof'],
        addressUsed: [PHONE, PHONE, '13900005678'],
        channel: ['phone', 'phone', 'sms', 'visit'],
        party: ['borrower', 'borrower', 'guarantor'],
        outcome: ['no_answer', 'right_party_contact', 'promise_to_pay', 'busy', 'dispute'],
        startedAt: [CALLED_AT, '2026-11-25T14:30:00+08:00', '2026-11-25T23:30:00+08:00', '2026-11-26T09:15:00+08:00'],
        validUntil: [new Date(NOW.getTime() + 3_600_000).toISOString(), new Date(NOW.getTime() + 100 * 3_600_000).toISOString()],
        submissionNo: [1, 2],
        ruleCode: ['quiet_hours', 'regf_7_in_7', 'dispute_hold'],
        reasonCodes: [['quiet_hours'], ['regf_7_in_7', 'dispute_hold']],
      };
    }, 120_000);

    afterAll(async () => {
      await world?.close();
    });

    /** Builds one change of the case; `mustNotApply` when its signature is forged or its signer may not run it. */
    function build(name: string, p: Planned): { m: PushMutation; mustNotApply: boolean; expect?: PushResult['status'] } {
      const signer = p.signer === 'ghost' ? null : STAFF[p.signer];
      const userId = signer?.id ?? '0193a000-0000-7000-8000-0000000fffff';
      if (p.forgery === 'replay' && a.sent.length > 0) {
        const earlier = a.sent[p.pick % a.sent.length] as PushMutation;
        return { m: earlier, mustNotApply: true, expect: 'duplicate' };
      }
      const reuse = p.forgery === 'seqReused' && a.seq > 0;
      const seq = reuse ? 1 + (p.pick % a.seq) : ++a.seq;
      const otherNames = [...mutations.keys()].filter((k) => k !== name);
      const sentName = p.forgery === 'otherName' ? (otherNames[p.pick % (otherNames.length + 1)] ?? 'ghost.thing@1') : name;
      const def = mutations.get(sentName);
      const mayRun = !!signer && signer.branch === IDS.branchA && !!def && signer.roles.some((r) => (def.roles as readonly string[]).includes(r));
      const change = { seq, mutationId: uuidv7(), name: sentName, args: p.args.value, baseVersions: p.baseVersions as Record<string, number>, userId, deviceTime: p.deviceTime };
      const sign = (who: string) => {
        try {
          return signAs(who, a.id, change).signature ?? null;
        } catch {
          return null; // arguments no workstation could sign (e.g. nested past any limit)
        }
      };
      let m: PushMutation;
      switch (p.forgery) {
        case 'unsigned':
          m = { ...change, signature: null };
          break;
        case 'otherKey':
          m = { ...change, signature: sign(userId === STAFF.supervisorA.id ? STAFF.officerA.id : STAFF.supervisorA.id) };
          break;
        case 'tampered': {
          const args = p.args.value !== null && typeof p.args.value === 'object' && !Array.isArray(p.args.value) ? { ...p.args.value, note: 'changed after signing' } : { was: p.args.value };
          m = { ...change, signature: sign(userId), args };
          break;
        }
        default:
          m = { ...change, signature: sign(userId) };
      }
      const forged = FORGED_SIGNATURE.includes(p.forgery);
      if (forged) stats.forged++;
      return { m, mustNotApply: forged || !mayRun || reuse, ...(reuse ? { expect: 'rejected' as const } : {}) };
    }

    async function pushCase(name: string, planned: Planned[]): Promise<void> {
      const seqBefore = a.seq;
      const built = planned.map((p) => build(name, p));
      const body = { clientId: a.id, mutations: built.map((x) => x.m) };
      const text = toJsonText(body);
      let wellFormed: boolean;
      try {
        wellFormed = pushRequest.safeParse(JSON.parse(text)).success;
      } catch {
        wellFormed = false;
      }
      const before = await workDigest(world.db);
      const res = await world.app.inject({ method: 'POST', url: '/sync/push', payload: text, headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/json' } });
      stats.pushes++;
      if (res.statusCode >= 500) stats.fiveHundreds++;
      const answer = (() => {
        try {
          return res.json() as unknown;
        } catch {
          return res.body;
        }
      })();
      const where = `${name}: push answered ${res.statusCode} ${preview(answer, 800)}`;
      expect(res.statusCode, where).toBeLessThan(500);
      if (!wellFormed) {
        // Not the protocol: refused whole, nothing taken; the seqs it named were never used.
        stats.badRequest++;
        expect(res.statusCode, where).toBe(400);
        a.seq = seqBefore;
        expect(await workDigest(world.db), `${name}: a refused request wrote`).toBe(before);
        return;
      }
      expect(res.statusCode, where).toBe(200);
      const parsed = pushResponse.safeParse(answer);
      expect(parsed.success, where).toBe(true);
      const { results, retryFromSeq, lastMutationSeq } = parsed.data!;
      if (retryFromSeq !== null) stats.retryFromSeq++;
      expect(retryFromSeq, `${where}\n(a change that can never pass must not stop the queue)`).toBeNull();
      expect(results).toHaveLength(built.length);
      expect(lastMutationSeq).toBe(a.seq);
      const bySeq = [...built].sort((x, y) => x.m.seq - y.m.seq);
      results.forEach((r, i) => {
        const x = bySeq[i]!;
        stats.changes++;
        stats[r.status]++;
        const code = r.reason?.code ?? r.status;
        stats.reasons[code] = (stats.reasons[code] ?? 0) + 1;
        if (r.status === 'rejected' || r.status === 'conflict') {
          expect(r.reason?.code && r.reason.message, `${where}: a refusal without a reason`).toBeTruthy();
        }
        if (x.mustNotApply) expect(r.status, `${where}: seq ${r.seq} was forged or not the signer's to run (${preview(x.m, 300)})`).not.toBe('applied');
        if (x.expect === 'duplicate') expect(['duplicate', 'rejected']).toContain(r.status);
        else if (x.expect) expect(r.status, where).toBe(x.expect);
        if (r.status === 'applied') a.applied.push({ m: x.m, token: 'A' });
      });
      for (const x of built) if (!a.sent.includes(x.m)) a.sent.push(x.m);
      if (!results.some((r) => r.status === 'applied')) expect(await workDigest(world.db), `${where}: nothing applied, yet rows changed`).toBe(before);
    }

    it('answers every mutation with a verdict and a reason, never a 5xx or a retry', async () => {
      const signers = Object.keys(STAFF) as StaffName[];
      const deviceTime = fc.oneof(
        { arbitrary: fc.constant(NOW.toISOString()), weight: 6 },
        { arbitrary: fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s.length <= 60)), weight: 1 },
      );
      const baseVersions = fc.oneof(
        { arbitrary: fc.constant({}), weight: 6 },
        { arbitrary: fc.dictionary(fc.constantFrom(`dd_cases:${CASE_A}`, `loan_notes:${NOTE_A}`, 'x', '\ud800'), fc.oneof(fc.nat(), fc.constantFrom(-1, 0.5, 2 ** 53, 1e308))), weight: 1 },
      );
      const forgery = fc.oneof(
        { arbitrary: fc.constant<Forgery>('none'), weight: 12 },
        { arbitrary: fc.constantFrom<Forgery>('unsigned', 'otherKey', 'tampered', 'otherName', 'seqReused', 'replay'), weight: 3 },
      );
      for (const [name, def] of [...mutations.entries()].filter(([k]) => selected(k))) {
        const allowed = signers.filter((s) => STAFF[s].branch === IDS.branchA && STAFF[s].roles.some((r) => (def.roles as readonly string[]).includes(r)));
        const signer = fc.oneof(
          { arbitrary: fc.constantFrom(...allowed), weight: 6 },
          { arbitrary: fc.constantFrom<StaffName | 'ghost'>(...signers, 'ghost'), weight: 1 },
        );
        const planned = fc.record({
          // Arguments may hold `__proto__` or `constructor.prototype`: head office drops those keys, so the
          // change fails its signature alone instead of the whole push being refused (which wedged the queue).
          args: fuzzInputArb(fromJsonSchema(jsonSchemaOf(def.args), hints), 'push'),
          signer,
          forgery,
          deviceTime,
          baseVersions,
          pick: fc.nat(),
        });
        const property = fc.asyncProperty(fc.array(planned, { minLength: 1, maxLength: 3 }), (list) => pushCase(name, list));
        await checkFuzz(FILE, `${backend.name}:${name}`, BASE_SEED, property, RUNS, MUTATION_TIME_MS);
        covered.add(name);
      }
    }, 240_000);

    it('still applies an ordinary change from the same client, and matches a clean head office row for row', async () => {
      const note = { id: uuidv7(), loanId: IDS.loanA, body: 'after the fuzz' };
      const m = signAs(STAFF.officerA.id, a.id, { seq: ++a.seq, mutationId: uuidv7(), name: 'loanNote.add@1', args: note, baseVersions: {}, userId: STAFF.officerA.id, deviceTime: NOW.toISOString() });
      const res = await push(world, a.token, { clientId: a.id, mutations: [m] });
      expect(res.body).toMatchObject({ results: [{ status: 'applied' }], retryFromSeq: null });
      a.applied.push({ m, token: 'A' });

      const clean = await openWorld(await backend.open());
      try {
        for (const [from, token] of [
          [b, clean.tokenB],
          [a, clean.tokenA],
        ] as const) {
          const replayClient = `clean-${from.id}`;
          const list = from.applied.map(({ m: x }, i) => signAs(x.userId, replayClient, { ...x, seq: i + 1 }));
          for (let i = 0; i < list.length; i += 100) {
            const chunk = list.slice(i, i + 100);
            const answer = await push(clean, token, { clientId: replayClient, mutations: chunk });
            const results = (answer.body as { results?: PushResult[] }).results ?? [];
            const notApplied = results.filter((r) => r.status !== 'applied');
            expect(notApplied, `the clean head office refused what the fuzzed one applied: ${preview(notApplied, 1200)}`).toEqual([]);
            expect(results).toHaveLength(chunk.length);
          }
        }
        const fuzzed = await workRows(world.db);
        expect(fuzzed).toEqual(await workRows(clean.db));
        stats.cleanRowsMatched += Object.values(fuzzed).reduce((n, rows) => n + rows.length, 0);
      } finally {
        await clean.close();
      }
    }, 120_000);
  });
}
