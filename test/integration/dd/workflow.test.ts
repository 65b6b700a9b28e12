// The due-diligence workflow through its services on a real SQLite file: open, answer (autosave),
// evidence, the completeness gate, maker-checker, return and resubmit, stale decisions, branch
// isolation and template versions. Each refusal is checked to have written nothing.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedShippedTemplates } from '../../../db/local/seed';
import { publishedRowId, GLOBAL_BRANCH_ID } from '../../../shared/forms/publishedId';
import { SHIPPED_TEMPLATES } from '../../../db/seeds/templates';
import type { ServiceContext } from '../../../main/services/context';
import { answer as answerDd, templates as ddTemplates, decide as decideDd, get as getDdCase, list as listDdCases, open as openDdCase, submit as submitDd, withdraw as withdrawDd } from '../../../main/services/dd/cases';
import { attach as attachDd, attachmentContent as ddAttachmentContent } from '../../../main/services/dd/attachments';
import { ServiceError } from '../../../main/services/errors';
import { verifyAuditChain } from '../../../main/services/audit';
import { createFixture, serviceContext, tableCount, type Fixture } from '../../helpers/fixtures';
import { fillCase, pngBytes } from '../../helpers/ddFill';

const APPLICATION = { purpose: 'consumer', amount: 10_000_000, termMonths: 24, annualRate: '4.35', method: 'equal_installment' } as const;
const CONSUMER = SHIPPED_TEMPLATES.find((t) => t.code === 'dd_personal_consumer');

let fx: Fixture;
let officer: ServiceContext;
let supervisor: ServiceContext;
let clock: { now: number };

function caught(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ServiceError) return err;
    throw err;
  }
  throw new Error('expected a ServiceError');
}

async function caughtAsync(fn: () => Promise<unknown>): Promise<ServiceError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof ServiceError) return err;
    throw err;
  }
  throw new Error('expected a ServiceError');
}

/** Rows of the tables a refused call must leave alone. */
function footprint(): number[] {
  return ['dd_cases', 'form_responses', 'attachments', 'approvals', 'outbox', 'audit_log'].map((t) => tableCount(fx.store, t));
}

function openCase(ctx = officer): string {
  const [template] = ddTemplates(ctx, { customerId: 'cust-A', purpose: 'consumer' }).templates;
  if (!template) throw new Error('no template offered');
  return openDdCase(ctx, { customerId: 'cust-A', templateId: template.id, application: { ...APPLICATION } }).caseId;
}

beforeEach(() => {
  fx = createFixture();
  fx.store.transaction((w) => seedShippedTemplates(w, '2026-01-01T00:00:00.000Z'));
  clock = { now: Date.parse('2026-11-26T02:00:00Z') };
  officer = serviceContext(fx, 'officerA', () => new Date(clock.now));
  supervisor = serviceContext(fx, 'supervisorA', () => new Date(clock.now));
});
afterEach(() => fx.store.close());

describe('due-diligence cases', () => {
  it('offers the template that fits the customer and product, and opens a draft on it', () => {
    const offered = ddTemplates(officer, { customerId: 'cust-A', purpose: 'consumer' }).templates.map((t) => t.code);
    expect(offered).toEqual(['dd_personal_consumer']);
    expect(ddTemplates(officer, { customerId: 'cust-A', purpose: 'business' }).templates.map((t) => t.code)).toEqual(['dd_personal_business']);
    const caseId = openCase();
    const got = getDdCase(officer, { caseId });
    expect(got.case).toMatchObject({ status: 'draft', submissionNo: 0, officerId: 'user-officer-A', dueAt: null, slaHours: 48 });
    expect(got.template).toMatchObject({ code: 'dd_personal_consumer', version: CONSUMER?.version });
    // 100,000.00 yuan over 24 months at 4.35 %: P·r·(1+r)^n / ((1+r)^n − 1) = 4,358.09 yuan.
    expect(got.case.monthlyPayment).toBe(435_809);
    expect(got.canEdit).toBe(true);
    expect(got.trail.map((t) => t.action)).toEqual(['opened']);
  });

  it('refuses a consumer loan longer than five years, writing nothing', () => {
    const before = footprint();
    const [t] = ddTemplates(officer, { customerId: 'cust-A', purpose: 'consumer' }).templates;
    const err = caught(() => openDdCase(officer, { customerId: 'cust-A', templateId: t!.id, application: { ...APPLICATION, termMonths: 72 } }));
    expect(err.code).toBe('DOMAIN_RULE');
    expect(footprint()).toEqual(before);
  });

  it('saves each answer at once, and refuses an invalid one with a field message in the caller language', () => {
    const caseId = openCase();
    answerDd(officer, { caseId, itemKey: 'id_verified', value: 'yes' });
    expect(getDdCase(officer, { caseId }).answers['id_verified']).toBe('yes');
    const before = footprint();
    const err = caught(() => answerDd(officer, { caseId, itemKey: 'id_verified', value: 'maybe' }));
    expect(err.code).toBe('VALIDATION');
    expect(err.fields?.['value']).toMatch(/[\u4e00-\u9fa5]/);
    const en = caught(() => answerDd({ ...officer, locale: 'en' }, { caseId, itemKey: 'no_such_item', value: 'x' }));
    expect(en.fields?.['value']).toMatch(/no_such_item/);
    expect(footprint()).toEqual(before);
    expect(withdrawDd(officer, { caseId, reason: '客户放弃申请' }).status).toBe('withdrawn');
    expect(getDdCase(officer, { caseId }).trail.map((t) => [t.action, t.comment])).toEqual([['opened', null], ['withdrawn', '客户放弃申请']]);
    // Another branch's officer cannot even see the case.
    expect(caught(() => getDdCase(serviceContext(fx, 'officerB'), { caseId })).code).toBe('NOT_FOUND');
    expect(caught(() => answerDd(serviceContext(fx, 'officerB'), { caseId, itemKey: 'id_verified', value: 'no' })).code).toBe('NOT_FOUND');
  });

  it('blocks submit with the list of missing items, then submits once complete', async () => {
    const caseId = openCase();
    const before = footprint();
    const refused = caught(() => submitDd(officer, { caseId }));
    expect(refused.code).toBe('INCOMPLETE');
    const missing = refused.details?.['missing'] as { key: string; label: string }[];
    expect(missing.map((m) => m.key)).toContain('id_scan');
    expect(refused.params['count']).toBe(missing.length);
    expect(footprint()).toEqual(before);

    await fillCase(officer, caseId, ['id_verified']);
    const one = caught(() => submitDd(officer, { caseId }));
    expect((one.details?.['missing'] as { key: string }[]).map((m) => m.key)).toEqual(['id_verified']);
    answerDd(officer, { caseId, itemKey: 'id_verified', value: 'yes' });
    expect(submitDd(officer, { caseId })).toEqual({ status: 'submitted', submissionNo: 1 });
    const got = getDdCase(officer, { caseId });
    expect(got.case.status).toBe('submitted');
    expect(got.case.dueAt).toBe('2026-11-28T02:00:00.000Z');
    expect(got.canEdit).toBe(false);
    expect(caught(() => answerDd(officer, { caseId, itemKey: 'id_verified', value: 'no' })).code).toBe('CONFLICT');
    expect(verifyAuditChain(fx.store)).toMatchObject({ ok: true });
  });

  it('keeps maker and checker apart, returns with a comment, refuses a stale decision, approves the resubmission', async () => {
    const caseId = openCase();
    await fillCase(officer, caseId);
    submitDd(officer, { caseId });
    // The officer is not a supervisor; and a supervisor who made the case cannot decide it either.
    const makerAsChecker: ServiceContext = { ...officer, actor: { ...officer.actor!, roles: ['officer', 'supervisor'] } };
    const before = footprint();
    expect(caught(() => decideDd(makerAsChecker, { caseId, submissionNo: 1, decision: 'approve', comment: '', approvedAmountFen: 10_000_000, conditions: '' })).code).toBe('FORBIDDEN');
    expect(getDdCase(makerAsChecker, { caseId }).canDecide).toBe(false);
    expect(footprint()).toEqual(before);

    expect(getDdCase(supervisor, { caseId }).canDecide).toBe(true);
    clock.now += 3_600_000;
    expect(decideDd(supervisor, { caseId, submissionNo: 1, decision: 'return', comment: '请补充收入证明', conditions: '' })).toEqual({ status: 'returned' });
    expect(getDdCase(officer, { caseId }).canEdit).toBe(true);
    answerDd(officer, { caseId, itemKey: 'id_verified', value: 'yes' });
    expect(submitDd(officer, { caseId }).submissionNo).toBe(2);
    // A decision on the first submission is stale now.
    expect(caught(() => decideDd(supervisor, { caseId, submissionNo: 1, decision: 'approve', comment: '', approvedAmountFen: 10_000_000, conditions: '' })).code).toBe('CONFLICT');
    expect(decideDd(supervisor, { caseId, submissionNo: 2, decision: 'approve', comment: '同意', approvedAmountFen: 10_000_000, conditions: '' })).toEqual({ status: 'approved' });
    const trail = getDdCase(officer, { caseId }).trail;
    expect(trail.map((t) => t.action)).toEqual(['opened', 'submitted', 'returned', 'submitted', 'approved']);
    expect(trail[2]).toMatchObject({ comment: '请补充收入证明', byId: 'user-supervisor-A' });
    const outboxNames = (fx.store.read().sql.prepare('SELECT name FROM outbox ORDER BY seq').all() as { name: string }[]).map((r) => r.name);
    expect(outboxNames.filter((n) => n.startsWith('ddCase.'))).toEqual([
      'ddCase.open@1', 'ddCase.submit@1', 'ddCase.decide@2', 'ddCase.submit@1', 'ddCase.decide@2',
    ]);
    // A decided case is closed: it can no longer be withdrawn.
    expect(caught(() => withdrawDd(officer, { caseId, reason: '客户放弃' })).code).toBe('CONFLICT');
  });

  it('lists the supervisor queue by decision deadline, flagging overdue cases', async () => {
    const first = openCase();
    const second = openCase();
    await fillCase(officer, first);
    await fillCase(officer, second);
    submitDd(officer, { caseId: first });
    clock.now += 10 * 3_600_000;
    submitDd(officer, { caseId: second });
    clock.now += 41 * 3_600_000; // first: 51 h since submission (overdue); second: 41 h (due within 8 h)
    const queue = listDdCases(supervisor, { statuses: ['submitted'], sort: 'sla', offset: 0, limit: 50 });
    expect(queue.rows.map((r) => [r.id, r.slaState])).toEqual([
      [first, 'overdue'],
      [second, 'due_soon'],
    ]);
    expect(listDdCases(supervisor, { slaStates: ['overdue'], sort: 'sla', offset: 0, limit: 50 }).rows.map((r) => r.id)).toEqual([first]);
  });

  it('stores evidence once per content, refuses oversized and disallowed files before storing anything', async () => {
    const caseId = openCase();
    const blobsDir = path.join(fx.dir, 'blobs');
    const png = pngBytes(7).toString('base64');
    const first = await attachDd(officer, { caseId, itemKey: 'id_scan', kind: 'id_scan', fileName: 'id.png', mimeType: 'image/png', dataBase64: png });
    const again = await attachDd(officer, { caseId, itemKey: 'id_scan', kind: 'id_scan', fileName: 'id-copy.png', mimeType: 'image/png', dataBase64: png });
    expect(again).toEqual({ attachmentId: first.attachmentId, sha256: first.sha256, storedBefore: true });
    expect(tableCount(fx.store, 'attachments')).toBe(1);
    const content = await ddAttachmentContent(officer, { attachmentId: first.attachmentId, variant: 'full' });
    expect(content).toEqual({ mimeType: 'image/png', dataBase64: png });

    const files = () => fs.readdirSync(blobsDir, { recursive: true }).filter((f) => !String(f).startsWith('tmp')).length;
    const storedFiles = files();
    const before = footprint();
    const exe = Buffer.from('MZ\x90\x00 this is not an image').toString('base64');
    const bad = await caughtAsync(() => attachDd(officer, { caseId, itemKey: 'id_scan', kind: 'id_scan', fileName: 'id.png', mimeType: 'image/png', dataBase64: exe }));
    expect(bad.code).toBe('VALIDATION');
    expect(bad.fields?.['file']).toMatch(/PDF/);
    const big = Buffer.alloc(21 * 1024 * 1024, 1).toString('base64');
    expect((await caughtAsync(() => attachDd(officer, { caseId, itemKey: 'id_scan', kind: 'id_scan', fileName: 'big.png', mimeType: 'image/png', dataBase64: big }))).fields?.['file']).toMatch(/20 MB/);
    const wrongItem = await caughtAsync(() => attachDd(officer, { caseId, itemKey: 'id_verified', kind: 'id_scan', fileName: 'a.png', mimeType: 'image/png', dataBase64: png }));
    expect(wrongItem.code).toBe('VALIDATION');
    expect(footprint()).toEqual(before);
    expect(files()).toBe(storedFiles);
  });

  it('keeps the template version a case started with after a new version is published', () => {
    const caseId = openCase();
    const v1 = getDdCase(officer, { caseId }).template;
    const next = { ...CONSUMER!, version: CONSUMER!.version + 1, title_zh: `${CONSUMER!.title_zh}（修订）` };
    fx.store.transaction((w) => {
      w.sql
        .prepare(
          `INSERT INTO form_templates (id, branch_id, created_at, updated_at, updated_by, row_version, code, version, title_zh, title_en, applies_to, body, published_at)
           VALUES (?, ?, ?, ?, 'system', 2, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          publishedRowId('form_templates', next.code, next.version), GLOBAL_BRANCH_ID, '2026-02-01', '2026-02-01',
          next.code, next.version, next.title_zh, next.title_en, JSON.stringify(next.applies_to), JSON.stringify(next.body), '2026-02-01',
        );
    });
    expect(ddTemplates(officer, { customerId: 'cust-A', purpose: 'consumer' }).templates.map((t) => t.version)).toEqual([next.version]);
    expect(getDdCase(officer, { caseId }).template).toEqual(v1);
    answerDd(officer, { caseId, itemKey: 'id_verified', value: 'yes' });
  });
});
