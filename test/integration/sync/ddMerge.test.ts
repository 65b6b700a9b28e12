// Due-diligence work between workstations and a real head office over loopback HTTP: a case and its
// evidence travel up and across, answers merge per item (a both-sides change keeps head office's value
// and puts the client's in the Sync inbox), and head office re-checks the guarded transitions, the
// maker-checker rule and submit completeness itself (DESIGN.md §7).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_TEMPLATES } from '../../../db/seeds/templates';
import { answer as answerDd, decide as decideDd, get as getDdCase, open as openDdCase, submit as submitDd, withdraw as withdrawDd } from '../../../main/services/dd/cases';
import { attach as attachDd } from '../../../main/services/dd/attachments';
import { ServiceError } from '../../../main/services/errors';
import { isBlobVerified } from '../../../main/sync/blobs';
import { createUser } from '../../../server/admin';
import { publishVersion } from '../../../server/publish';
import { answerRowId } from '../../../shared/mutations/ddIds';
import { decodeAnswer } from '../../../shared/mutations/ddRules';
import type { AnswerValue } from '../../../shared/forms/template';
import { fillCase, pngBytes } from '../../helpers/ddFill';
import { availableBackends, STAFF_PASSWORD } from '../../helpers/headOffice';
import { useEnrolledWorkstations, useHeadOffice } from '../../helpers/useHeadOffice';
import type { TestWorkstation } from '../../helpers/workstation';

const APPLICATION = { purpose: 'consumer', amount: 10_000_000, termMonths: 24, annualRate: '4.35', method: 'equal_installment' } as const;
const CONSUMER = SHIPPED_TEMPLATES[0]!;

function rows<T = Record<string, unknown>>(w: TestWorkstation, sql: string, ...params: unknown[]): T[] {
  return w.store.read().sql.prepare(sql).all(...params) as T[];
}

interface OutboxEntry {
  seq: number;
  mutation_id: string;
  status: string;
  result: string | null;
}
interface Issue {
  kind: string;
  reason: { code: string; message: string };
  payload: { name: string; args: Record<string, unknown>; userId: string };
}

describe.each(availableBackends())('due-diligence sync on %s', (backend) => {
  const ho = useHeadOffice(backend);
  let templateId: string;
  let customerId: string;
  let officer: string;
  let supervisor: string;
  /** Officer and supervisor at once: the one user who could be maker and checker of the same case. */
  let lead: string;
  /** The case of the stale-decision test, withdrawn on A while B returned it. */
  let withdrawnCase = '';

  beforeAll(async () => {
    // startHeadOffice does not go through seedDemo: publish the consumer checklist here.
    templateId = (await publishVersion(ho.db, 'template', CONSUMER)).id;
    lead = (await createUser(ho.db, { branchCode: 'B001', username: 'lead1', displayName: 'lead1', roles: ['officer', 'supervisor'], password: STAFF_PASSWORD })).id;
    customerId = (await ho.db.query<{ id: string }>("SELECT id FROM customers WHERE customer_no = 'C0001'"))[0]!.id;
    officer = ho.users['officer1']!;
    supervisor = ho.users['supervisor1']!;
  });
  // Enrolled as in the app: each PC's background sync loop keeps running.
  const [a, b] = useEnrolledWorkstations(ho, ['柜台一号机', '柜台二号机'], { keepSyncing: true });

  const openCase = (w: TestWorkstation, userId = officer) =>
    openDdCase(w.context(userId), { customerId, templateId, application: { ...APPLICATION } }).caseId;
  const answer = (w: TestWorkstation, caseId: string, itemKey: string, value: AnswerValue, userId = officer) =>
    answerDd(w.context(userId), { caseId, itemKey, value });
  const localAnswer = (w: TestWorkstation, caseId: string, itemKey: string): unknown => {
    const [row] = rows<{ value: string }>(w, 'SELECT value FROM form_responses WHERE id = ?', answerRowId(caseId, itemKey));
    return row ? decodeAnswer(row.value) : undefined;
  };
  const hoAnswer = async (caseId: string, itemKey: string): Promise<unknown> => {
    const [row] = await ho.db.query<{ value: unknown }>('SELECT value FROM form_responses WHERE id = $1', [answerRowId(caseId, itemKey)]);
    return row ? decodeAnswer(row.value) : undefined;
  };
  const hoCase = async (caseId: string) =>
    (await ho.db.query<Record<string, unknown>>('SELECT * FROM dd_cases WHERE id = $1', [caseId]))[0];
  const hoTrail = async (caseId: string) =>
    (await ho.db.query<{ decision: string }>('SELECT decision FROM approvals WHERE subject_id = $1 ORDER BY decided_at, id', [caseId])).map((r) => r.decision);
  /** The outbox entries of `name` whose args match. */
  const outbox = (w: TestWorkstation, name: string, match: Record<string, unknown>): OutboxEntry[] =>
    rows<OutboxEntry & { args: string }>(w, 'SELECT seq, mutation_id, status, result, args FROM outbox WHERE name = ? ORDER BY seq', name).filter(
      (e) => Object.entries(match).every(([k, v]) => JSON.stringify((JSON.parse(e.args) as Record<string, unknown>)[k]) === JSON.stringify(v)),
    );
  const issue = (w: TestWorkstation, mutationId: string): Issue | undefined => {
    const [row] = rows<{ kind: string; reason: string; payload: string }>(w, 'SELECT kind, reason, payload FROM sync_issues WHERE mutation_id = ?', mutationId);
    return row && { kind: row.kind, reason: JSON.parse(row.reason), payload: JSON.parse(row.payload) };
  };
  /** A round, the blob uploads it started, and a round more for what waited on them (a submit waits for its files). */
  const syncWithFiles = async (w: TestWorkstation) => {
    await w.sync.syncNow();
    await w.sync.blobsSettled();
    await w.sync.syncNow();
  };
  /** An outbox entry written directly, as an out-of-date client of this signed-in user could send it (no local change). */
  const craft = (w: TestWorkstation, userId: string, name: string, args: Record<string, unknown>): string => w.craft(userId, name, args);

  it('brings a case, its answers and its evidence file to head office and to the second workstation', async () => {
    const caseId = openCase(a);
    answer(a, caseId, 'id_verified', 'yes');
    answer(a, caseId, 'applicant_age', 35);
    const png = pngBytes(7);
    const sha = createHash('sha256').update(png).digest('hex');
    const att = await attachDd(a.context(officer), {
      caseId, itemKey: 'id_scan', kind: 'id_scan', fileName: 'id-card.png', mimeType: 'image/png', dataBase64: png.toString('base64'),
    });
    expect(att).toMatchObject({ sha256: sha, storedBefore: false });

    await a.sync.syncNow();
    await a.sync.blobsSettled();
    expect(rows(a, 'SELECT name, status FROM outbox ORDER BY seq')).toEqual([
      { name: 'ddCase.open@1', status: 'applied' },
      { name: 'ddAnswer.set@1', status: 'applied' },
      { name: 'ddAnswer.set@1', status: 'applied' },
      { name: 'attachment.add@1', status: 'applied' },
    ]);
    const atHo = await hoCase(caseId);
    expect(atHo).toMatchObject({
      branch_id: ho.branchA, customer_id: customerId, template_id: templateId, status: 'draft', officer_id: officer, submission_no: 0, updated_by: officer,
    });
    const version = Number(atHo!['row_version']);
    expect(version).toBeGreaterThan(0);
    // The pulled copy replaced the optimistic row and carries head office's version.
    expect(rows(a, 'SELECT row_version FROM dd_cases WHERE id = ?', caseId)).toEqual([{ row_version: version }]);
    const answers = await ho.db.query<{ id: string; item_key: string; value: unknown; row_version: unknown }>(
      'SELECT id, item_key, value, row_version FROM form_responses WHERE owner_id = $1 ORDER BY item_key',
      [caseId],
    );
    expect(answers.map((r) => [r.id, r.item_key, decodeAnswer(r.value)])).toEqual([
      [answerRowId(caseId, 'applicant_age'), 'applicant_age', 35],
      [answerRowId(caseId, 'id_verified'), 'id_verified', 'yes'],
    ]);
    expect(answers.every((r) => Number(r.row_version) > version)).toBe(true);
    const [file] = await ho.db.query<Record<string, unknown>>('SELECT * FROM attachments WHERE owner_id = $1', [caseId]);
    expect(file).toMatchObject({ id: att.attachmentId, owner_type: 'dd_case', item_key: 'id_scan', kind: 'id_scan', sha256: sha, mime_type: 'image/png', file_name: 'id-card.png' });
    expect(Number(file!['size_bytes'])).toBe(png.length);
    expect(Number(file!['row_version'])).toBeGreaterThan(0);
    // The file itself went up through the blob queue and head office re-hashed it.
    expect(fs.readFileSync(path.join(ho.blobDir, sha)).equals(png)).toBe(true);
    expect(isBlobVerified(a.store.read(), sha)).toBe(true);

    await b.sync.syncNow();
    const onB = getDdCase(b.context(officer), { caseId });
    expect(onB.case).toMatchObject({ status: 'draft', officerId: officer, submissionNo: 0 });
    expect(onB.answers).toEqual({ id_verified: 'yes', applicant_age: 35 });
    expect(onB.attachments).toEqual([expect.objectContaining({ id: att.attachmentId, sha256: sha, itemKey: 'id_scan', available: false })]);
    expect(rows(b, 'SELECT row_version FROM attachments WHERE id = ?', att.attachmentId)).toEqual([{ row_version: Number(file!['row_version']) }]);
  });

  it('merges answers per item: both-sides changes keep head office’s value and go to the inbox', async () => {
    const caseId = openCase(a);
    await a.sync.syncNow();
    await b.sync.syncNow();
    expect(rows(b, 'SELECT status FROM dd_cases WHERE id = ?', caseId)).toEqual([{ status: 'draft' }]);

    // Offline on both: the same item X (applicant_age) differently, and one item each besides.
    answer(a, caseId, 'applicant_age', 30);
    answer(a, caseId, 'employer_name', '东城制造有限公司');
    answer(b, caseId, 'applicant_age', 45);
    answer(b, caseId, 'monthly_income', 800_000);
    await a.sync.syncNow();
    await b.sync.syncNow();

    expect(await hoAnswer(caseId, 'applicant_age')).toBe(30);
    expect(await hoAnswer(caseId, 'employer_name')).toBe('东城制造有限公司');
    expect(await hoAnswer(caseId, 'monthly_income')).toBe(800_000);
    const [lost] = outbox(b, 'ddAnswer.set@1', { caseId, itemKey: 'applicant_age' });
    expect(lost?.status).toBe('conflict');
    expect(JSON.parse(lost!.result!)).toMatchObject({ status: 'conflict', reason: { code: 'answer_changed' } });
    expect(outbox(b, 'ddAnswer.set@1', { caseId, itemKey: 'monthly_income' }).map((e) => e.status)).toEqual(['applied']);
    const inbox = issue(b, lost!.mutation_id);
    expect(inbox).toMatchObject({
      kind: 'conflict',
      reason: { code: 'answer_changed' },
      payload: { name: 'ddAnswer.set@1', userId: officer, args: { caseId, templateId, itemKey: 'applicant_age', value: 45 } },
    });
    expect(inbox!.reason.message).toContain('kept 30, not 45');
    // B pulled in the same round: head office's value replaced B's optimistic one.
    expect(localAnswer(b, caseId, 'applicant_age')).toBe(30);
    expect(localAnswer(b, caseId, 'employer_name')).toBe('东城制造有限公司');

    // Answered again after the pull, from a current base: it applies.
    answer(b, caseId, 'applicant_age', 46);
    await b.sync.syncNow();
    expect(outbox(b, 'ddAnswer.set@1', { caseId, itemKey: 'applicant_age', value: 46 }).map((e) => e.status)).toEqual(['applied']);
    expect(await hoAnswer(caseId, 'applicant_age')).toBe(46);
    await a.sync.syncNow();
    expect(localAnswer(a, caseId, 'applicant_age')).toBe(46);
    expect(localAnswer(a, caseId, 'monthly_income')).toBe(800_000);
    expect(rows(a, 'SELECT id FROM sync_issues')).toEqual([]);
  });

  it('never takes a client’s own earlier write for someone else’s, in one push chunk or across chunks', async () => {
    const caseId = openCase(a);
    answer(a, caseId, 'employer_name', '第一次');
    await a.sync.syncNow();
    await b.sync.syncNow();
    answer(b, caseId, 'employer_name', 'B 改过'); // last writer of the row is now another client
    await b.sync.syncNow();
    await a.sync.syncNow();
    const issuesBefore = rows(a, 'SELECT id FROM sync_issues').length;

    // Twice offline in one push (one chunk): the last value wins.
    answer(a, caseId, 'purpose_detail', '装修');
    answer(a, caseId, 'purpose_detail', '购买家电');
    // Across push chunks (head office commits 100 mutations per chunk): the second write of
    // employer_name reads a row version above its base, written by this same client — not stale.
    answer(a, caseId, 'employer_name', 'A 第一次');
    for (let i = 0; i < 100; i++) answer(a, caseId, 'queries_6m', i);
    answer(a, caseId, 'employer_name', 'A 第二次');
    await a.sync.syncNow();

    expect(outbox(a, 'ddAnswer.set@1', { caseId, itemKey: 'purpose_detail' }).map((e) => e.status)).toEqual(['applied', 'applied']);
    expect(outbox(a, 'ddAnswer.set@1', { caseId, itemKey: 'employer_name' }).map((e) => e.status)).toEqual(['applied', 'applied', 'applied']);
    expect(await hoAnswer(caseId, 'purpose_detail')).toBe('购买家电');
    expect(await hoAnswer(caseId, 'employer_name')).toBe('A 第二次');
    expect(await hoAnswer(caseId, 'queries_6m')).toBe(99);
    expect(rows(a, 'SELECT id FROM sync_issues')).toHaveLength(issuesBefore);
    expect(localAnswer(a, caseId, 'employer_name')).toBe('A 第二次');
  });

  it('refuses a supervisor’s decision on a case the officer withdrew meanwhile (stale_case)', async () => {
    const caseId = openCase(a);
    await fillCase(a.context(officer), caseId);
    expect(submitDd(a.context(officer), { caseId })).toEqual({ status: 'submitted', submissionNo: 1 });
    // The submit waits until head office has verified the case's files, then goes up.
    await a.sync.syncNow();
    expect(outbox(a, 'ddCase.submit@1', { caseId }).map((e) => e.status)).toEqual(['pending']);
    expect(await hoCase(caseId)).toMatchObject({ status: 'draft', submission_no: 0 });
    await a.sync.blobsSettled();
    await a.sync.syncNow();
    expect(outbox(a, 'ddCase.submit@1', { caseId }).map((e) => e.status)).toEqual(['applied']);
    expect(await hoCase(caseId)).toMatchObject({ status: 'submitted', submission_no: 1, submitted_by: officer });
    await b.sync.syncNow();
    expect(getDdCase(b.context(supervisor), { caseId })).toMatchObject({ case: { status: 'submitted', submissionNo: 1 }, canDecide: true });

    // The officer withdraws on A and syncs first; B's supervisor, not having pulled, returns it.
    withdrawDd(a.context(officer), { caseId, reason: '客户撤回申请' });
    await a.sync.syncNow();
    expect(decideDd(b.context(supervisor), { caseId, submissionNo: 1, decision: 'return', comment: '请补充收入证明', conditions: '' })).toEqual({ status: 'returned' });
    await b.sync.syncNow();

    const [decision] = outbox(b, 'ddCase.decide@2', { caseId });
    expect(decision?.status).toBe('conflict');
    expect(issue(b, decision!.mutation_id)).toMatchObject({
      kind: 'conflict',
      reason: { code: 'stale_case' },
      payload: { name: 'ddCase.decide@2', userId: supervisor, args: { caseId, submissionNo: 1, decision: 'return', comment: '请补充收入证明' } },
    });
    expect(await hoCase(caseId)).toMatchObject({ status: 'withdrawn', decided_by: officer, submission_no: 1 });
    expect(await hoTrail(caseId)).toEqual(['submitted', 'withdrawn']);
    expect(rows(b, 'SELECT status, decided_by FROM dd_cases WHERE id = ?', caseId)).toEqual([{ status: 'withdrawn', decided_by: officer }]);
    withdrawnCase = caseId;
  });

  // A refused mutation's optimistic rows are put back: B's 'returned' trail entry (an insert head office
  // never accepted) is gone, so B does not show a return that did not happen.
  it('drops the refused decision’s trail entry from the deciding workstation', () => {
    expect(rows(b, "SELECT comment FROM approvals WHERE subject_id = ? AND decision = 'returned'", withdrawnCase)).toEqual([]);
    expect(getDdCase(b.context(supervisor), { caseId: withdrawnCase }).trail.map((t) => t.action)).toEqual(['opened', 'submitted', 'withdrawn']);
  });

  it('re-checks maker-checker at head office: the submitter cannot decide, even from a trusted device', async () => {
    const caseId = openCase(a, lead);
    await fillCase(a.context(lead), caseId);
    submitDd(a.context(lead), { caseId });
    await syncWithFiles(a);
    expect(await hoCase(caseId)).toMatchObject({ status: 'submitted', submitted_by: lead });
    // The workstation refuses it already...
    expect(getDdCase(a.context(lead), { caseId }).canDecide).toBe(false);
    const refused = (() => {
      try {
        decideDd(a.context(lead), { caseId, submissionNo: 1, decision: 'approve', comment: '', approvedAmountFen: 10_000_000, conditions: '' });
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(refused).toBeInstanceOf(ServiceError);
    expect((refused as ServiceError).code).toBe('FORBIDDEN');
    // ...so send it as an altered client would: head office decides for itself.
    const mutationId = craft(a, lead, 'ddCase.decide@2', { caseId, eventId: uuidv7(), submissionNo: 1, decision: 'approve', comment: '', approvedAmountFen: 10_000_000, conditions: '' });
    await a.sync.syncNow();
    expect(outbox(a, 'ddCase.decide@2', { caseId }).map((e) => e.status)).toEqual(['rejected']);
    expect(issue(a, mutationId)).toMatchObject({ kind: 'rejected', reason: { code: 'maker_checker' }, payload: { userId: lead } });
    expect(await hoCase(caseId)).toMatchObject({ status: 'submitted', submitted_by: lead, decided_by: null });
    expect(await hoTrail(caseId)).toEqual(['submitted']);
  });

  it('brings the approved amount and conditions to head office and the other workstation, and refuses there an amount above the request', async () => {
    const caseId = openCase(a);
    await fillCase(a.context(officer), caseId);
    submitDd(a.context(officer), { caseId });
    await syncWithFiles(a);
    await b.sync.syncNow();
    expect(decideDd(b.context(supervisor), {
      caseId, submissionNo: 1, decision: 'approve', comment: '同意', approvedAmountFen: 7_500_000, conditions: '追加保证人一名',
    })).toEqual({ status: 'approved' });
    await b.sync.syncNow();
    expect(outbox(b, 'ddCase.decide@2', { caseId }).map((e) => e.status)).toEqual(['applied']);
    expect(await hoCase(caseId)).toMatchObject({ status: 'approved', approval_conditions: '追加保证人一名', decided_by: supervisor });
    expect(Number((await hoCase(caseId))!['approved_amount_fen'])).toBe(7_500_000);
    await a.sync.syncNow();
    expect(getDdCase(a.context(officer), { caseId }).case).toMatchObject({ status: 'approved', approvedAmountFen: 7_500_000, approvalConditions: '追加保证人一名' });

    // An altered client's approval above the request: head office runs the same rule and refuses it.
    const other = openCase(a);
    await fillCase(a.context(officer), other);
    submitDd(a.context(officer), { caseId: other });
    await syncWithFiles(a);
    await b.sync.syncNow();
    const mutationId = craft(b, supervisor, 'ddCase.decide@2', {
      caseId: other, eventId: uuidv7(), submissionNo: 1, decision: 'approve', comment: '', approvedAmountFen: APPLICATION.amount + 1, conditions: '',
    });
    await b.sync.syncNow();
    expect(issue(b, mutationId)).toMatchObject({ kind: 'rejected', reason: { code: 'approved_above_request' } });
    expect(await hoCase(other)).toMatchObject({ status: 'submitted', approved_amount_fen: null, decided_by: null });
    expect(await hoTrail(other)).toEqual(['submitted']);
  });

  it('re-checks completeness at head office: a submit of an incomplete case is rejected', async () => {
    const caseId = openCase(a);
    answer(a, caseId, 'id_verified', 'yes');
    await a.sync.syncNow();
    const mutationId = craft(a, officer, 'ddCase.submit@1', { caseId, templateId, eventId: uuidv7(), expectedStatus: 'draft' });
    await a.sync.syncNow();
    expect(outbox(a, 'ddCase.submit@1', { caseId }).map((e) => e.status)).toEqual(['rejected']);
    const inbox = issue(a, mutationId);
    expect(inbox).toMatchObject({ kind: 'rejected', reason: { code: 'incomplete' }, payload: { name: 'ddCase.submit@1', args: { caseId } } });
    expect(inbox!.reason.message).toMatch(/incomplete: id_scan, applicant_age, /);
    expect(await hoCase(caseId)).toMatchObject({ status: 'draft', submission_no: 0, submitted_by: null });
    expect(await hoTrail(caseId)).toEqual([]);
  });
});
