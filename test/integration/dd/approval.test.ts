// The supervisor's approval through the API's front door on a real SQLite file: the approved amount and
// conditions are recorded on the case (and in the outbox for head office), an amount above the request,
// negative, fractional or missing is refused under its field with nothing written, and the approval
// queue carries each case's number, red flags, score and debt-service ratio.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedShippedTemplates } from '../../../db/local/seed';
import { createDispatcher } from '../../../main/api/dispatcher';
import { createIpcApiHandler } from '../../../main/api/ipcHandler';
import type { ServiceContext } from '../../../main/services/context';
import { answer as answerDd, get as getDdCase, open as openDdCase, submit as submitDd, templates as ddTemplates } from '../../../main/services/dd/cases';
import type { Envelope } from '../../../shared/api/envelope';
import { compileForm, evaluateForm, parseTemplateRow } from '../../../shared/forms';
import { createFixture, PASSWORD, serviceContext, tableCount, type Fixture } from '../../helpers/fixtures';
import { fillCase } from '../../helpers/ddFill';

const REQUESTED = 10_000_000;
const APPLICATION = { purpose: 'consumer', amount: REQUESTED, termMonths: 24, annualRate: '4.35', method: 'equal_installment' } as const;

let fx: Fixture;
let officer: ServiceContext;
let call: (name: string, input: unknown, locale?: 'zh-CN' | 'en') => Promise<Envelope<unknown>>;

function footprint(): number[] {
  return ['dd_cases', 'approvals', 'outbox', 'audit_log'].map((t) => tableCount(fx.store, t));
}

function caseRow(caseId: string): Record<string, unknown> {
  return fx.store.read().sql.prepare('SELECT status, approved_amount_fen, approval_conditions, decided_by FROM dd_cases WHERE id = ?').get(caseId) as Record<string, unknown>;
}

async function submittedCase(highFlag = false): Promise<string> {
  const [template] = ddTemplates(officer, { customerId: 'cust-A', purpose: 'consumer' }).templates;
  const caseId = openDdCase(officer, { customerId: 'cust-A', templateId: template!.id, application: { ...APPLICATION } }).caseId;
  await fillCase(officer, caseId);
  // Interviewed by one officer only: the consumer checklist's high red flag.
  if (highFlag) answerDd(officer, { caseId, itemKey: 'interview_two_staff', value: 'no' });
  submitDd(officer, { caseId });
  return caseId;
}

beforeEach(async () => {
  fx = createFixture();
  fx.store.transaction((w) => seedShippedTemplates(w, '2026-01-01T00:00:00.000Z'));
  const clock = () => new Date(Date.parse('2026-11-26T02:00:00Z'));
  officer = serviceContext(fx, 'officerA', clock);
  const dispatch = createDispatcher({ store: fx.store, deviceId: 'd', clientId: 'c', clock });
  const handler = createIpcApiHandler(dispatch, (url) => url.startsWith('file:///app/'));
  const sender = { id: 1 };
  call = (name, input, locale = 'zh-CN') => handler({ sender, senderFrame: { url: 'file:///app/index.html' } }, name, input, locale);
  expect((await call('auth.signIn', { username: 'supervisorA', password: PASSWORD })).ok).toBe(true);
});
afterEach(() => fx.store.close());

describe('approving a due-diligence case', () => {
  it('records the approved amount and conditions on the case and in the change for head office', async () => {
    const caseId = await submittedCase();
    const answer = await call('dd.decide', {
      caseId, submissionNo: 1, decision: 'approve', comment: '同意', approvedAmountFen: 8_000_000, conditions: '追加一名保证人；期限缩短为 12 个月',
    });
    expect(answer).toEqual({ ok: true, data: { status: 'approved' } });
    expect(caseRow(caseId)).toEqual({
      status: 'approved', approved_amount_fen: 8_000_000, approval_conditions: '追加一名保证人；期限缩短为 12 个月', decided_by: 'user-supervisor-A',
    });
    const got = getDdCase(officer, { caseId });
    expect(got.case).toMatchObject({
      approvedAmountFen: 8_000_000, approvalConditions: '追加一名保证人；期限缩短为 12 个月', decidedBy: 'user-supervisor-A', decidedByName: 'supervisor A',
    });
    expect(got.case.application.amount).toBe(REQUESTED);
    const [entry] = fx.store.read().sql.prepare("SELECT name, args FROM outbox WHERE name LIKE 'ddCase.decide%'").all() as { name: string; args: string }[];
    expect(entry?.name).toBe('ddCase.decide@2');
    expect(JSON.parse(entry!.args)).toMatchObject({ caseId, decision: 'approve', approvedAmountFen: 8_000_000, conditions: '追加一名保证人；期限缩短为 12 个月' });
  });

  it('refuses an amount above the request, negative, fractional or missing under its field, writing nothing', async () => {
    const caseId = await submittedCase();
    const before = footprint();
    const base = { caseId, submissionNo: 1, decision: 'approve', comment: '' };
    const refusals: [unknown, 'zh-CN' | 'en'][] = [
      [{ ...base, approvedAmountFen: REQUESTED + 1 }, 'zh-CN'],
      [{ ...base, approvedAmountFen: REQUESTED + 1 }, 'en'],
      [{ ...base, approvedAmountFen: -100 }, 'zh-CN'],
      [{ ...base, approvedAmountFen: 0 }, 'zh-CN'],
      [{ ...base, approvedAmountFen: 1234.5 }, 'zh-CN'],
      [{ ...base, approvedAmountFen: '8000000' }, 'zh-CN'],
      [base, 'zh-CN'],
    ];
    const fields = [];
    for (const [input, locale] of refusals) {
      const res = await call('dd.decide', input, locale);
      expect(res.ok).toBe(false);
      if (res.ok) continue;
      expect(res.error.code).toBe('VALIDATION');
      fields.push(res.error.fields?.['approvedAmountFen']);
    }
    expect(fields.every((f) => typeof f === 'string' && f.length > 0)).toBe(true);
    expect(fields[0]).toContain('申请金额');
    expect(fields[0]).toContain('100,000.00');
    expect(fields[1]).toMatch(/exceed the .*100,000\.00 applied for/);
    expect(fields[6]).toContain('批准金额');
    expect(footprint()).toEqual(before);
    expect(caseRow(caseId)).toMatchObject({ status: 'submitted', approved_amount_fen: null, approval_conditions: null });

    // The whole request is fine: it applies.
    expect(await call('dd.decide', { ...base, approvedAmountFen: REQUESTED })).toEqual({ ok: true, data: { status: 'approved' } });
    expect(caseRow(caseId)).toMatchObject({ status: 'approved', approved_amount_fen: REQUESTED, approval_conditions: null });
  });

  it('records no amount on a return', async () => {
    const caseId = await submittedCase();
    expect(await call('dd.decide', { caseId, submissionNo: 1, decision: 'return', comment: '请补充收入证明', approvedAmountFen: 5_000_000 })).toEqual({
      ok: true,
      data: { status: 'returned' },
    });
    expect(caseRow(caseId)).toMatchObject({ status: 'returned', approved_amount_fen: null, approval_conditions: null });
  });

  it('lists each case with its number, red flags, score and debt-service ratio as the case evaluates', async () => {
    const plain = await submittedCase();
    const flagged = await submittedCase(true);
    const res = await call('dd.list', { statuses: ['submitted'], sort: 'sla' });
    if (!res.ok) throw new Error(res.error.message);
    const rows = (res.data as { rows: { id: string; caseNo: string; risk: Record<string, unknown> | null }[] }).rows;
    for (const id of [plain, flagged]) {
      const row = rows.find((r) => r.id === id)!;
      const data = getDdCase(officer, { caseId: id });
      const form = compileForm(parseTemplateRow({ ...data.template, title_zh: data.template.titleZh, title_en: data.template.titleEn, applies_to: data.template.appliesTo }));
      const evidence: Record<string, number> = {};
      for (const a of data.attachments) evidence[a.itemKey] = (evidence[a.itemKey] ?? 0) + 1;
      const ev = evaluateForm(form, data.answers, evidence, { newMonthlyPayment: data.case.monthlyPayment });
      expect(row.risk).toEqual({
        high: ev.redFlags.filter((f) => f.severity === 'high').length,
        medium: ev.redFlags.filter((f) => f.severity === 'medium').length,
        low: ev.redFlags.filter((f) => f.severity === 'low').length,
        scorePct: ev.score.pct,
        dsr: ev.dsr!.ratio,
        dsrOverLimit: ev.dsr!.overLimit,
      });
      expect(row.caseNo).toBe(data.case.caseNo);
      expect(row.caseNo).toMatch(/^DD2026\d{4}-[0-9A-F]{6}$/);
      expect(row.caseNo.endsWith(id.slice(-6).toUpperCase())).toBe(true);
    }
    const byId = new Map(rows.map((r) => [r.id, r.risk]));
    expect(byId.get(flagged)!['high']).toBe((byId.get(plain)!['high'] as number) + 1);
    expect(typeof byId.get(plain)?.['scorePct']).toBe('number');
    expect(byId.get(flagged)!['scorePct']).toBeLessThan(byId.get(plain)!['scorePct'] as number);
  });
});
