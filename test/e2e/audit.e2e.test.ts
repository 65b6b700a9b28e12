// End to end: the audit page as an auditor reads it, in headless Chromium against the dev-web host
// (real dispatcher, services and a fresh SQLite file). Real work is done first through the page's own
// API calls (an officer opens, answers and submits a due-diligence case; a supervisor returns it,
// overrides a contact rule and adds a loan note); then the page must show every entry in words — no
// raw code, no id — with the customer and case numbers, a submit that says submitted and a return
// that says returned, filter by area and by person, and export the same rows as CSV.
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileForm, parseTemplateRow } from '../../shared/forms/compile';
import { evaluateForm } from '../../shared/forms/evaluate';
import type { AnswerValue } from '../../shared/forms/template';
import { launchChromium, loadDemoBranch, openFirstStart, openPage, poll, shot, signIn, startE2eHost, type E2eHost, signOut as signOutOf, pageApi } from '../helpers/browser';
import { pngBytes, sampleAnswer } from '../helpers/ddFill';
import { layoutProblems } from '../helpers/layoutCheck';

const DEMO_LOANS = 120;
const RETURN_COMMENT = `请补充借款人收入流水 ${Date.now()}`;
const OVERRIDE_REASON = `借款人书面同意晚间回电 ${Date.now()}`;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const RAW_CODE = /\b(ddCase|ddAnswer|policyOverride|contactHold|loanNote|attachment)\.|form_response|dd_case|policy_override|quiet_hours|\bsubmitted\b|\bapprove\b/;

let web: E2eHost;
let browser: Browser;
let page: Page;
const signOut = () => signOutOf(page);
const api = <T>(name: string, input: unknown) => pageApi<T>(page, name, input);
let customerName = '';

interface CaseData {
  template: { id: string; code: string; version: number; titleZh: string; titleEn: string; appliesTo: unknown; body: unknown };
  answers: Record<string, AnswerValue>;
  attachments: { itemKey: string }[];
  case: { monthlyPayment: number };
}

/** Answers and attaches through the API until nothing required is missing, as an officer would. */
async function fillThroughApi(caseId: string): Promise<void> {
  for (let round = 0, seed = 1; round < 20; round++) {
    const data = await api<CaseData>('dd.get', { caseId });
    const t = data.template;
    const form = compileForm(parseTemplateRow({ id: t.id, code: t.code, version: t.version, title_zh: t.titleZh, title_en: t.titleEn, applies_to: t.appliesTo, body: t.body }));
    const evidence: Record<string, number> = {};
    for (const a of data.attachments) evidence[a.itemKey] = (evidence[a.itemKey] ?? 0) + 1;
    const missing = evaluateForm(form, data.answers, evidence, { newMonthlyPayment: data.case.monthlyPayment }).missing;
    if (missing.length === 0) return;
    for (const m of missing) {
      const item = form.byKey.get(m.key)?.item;
      if (!item) throw new Error(`missing item ${m.key} not in the template`);
      if (item.kind === 'evidence' || item.kind === 'signature') {
        const kind = item.kind === 'signature' ? 'signature' : (item.attachmentKinds[0] as string);
        await api('dd.attach', { caseId, itemKey: m.key, kind, fileName: `${m.key}.png`, mimeType: 'image/png', dataBase64: pngBytes(seed++).toString('base64') });
      } else {
        await api('dd.answer', { caseId, itemKey: m.key, value: sampleAnswer(item) });
      }
    }
  }
  throw new Error('the case is still incomplete');
}

/** The audit grid's rows as shown: action, area and the text a person reads. */
function shownRows(): Promise<{ action: string; family: string; text: string }[]> {
  return page
    .locator('[data-testid^="audit-row-"]')
    .evaluateAll((rows) => rows.map((r) => ({ action: r.getAttribute('data-action') ?? '', family: r.getAttribute('data-family') ?? '', text: r.textContent ?? '' })));
}

async function loaded(): Promise<void> {
  await poll(() => page.getByTestId('audit-log').getAttribute('data-loaded'), 15_000).toBe('1');
}

async function choose(select: string, label: string): Promise<void> {
  await page.getByTestId(select).click();
  await page.locator('.ant-select-item-option:visible', { hasText: label }).first().click();
}

beforeAll(async () => {
  web = await startE2eHost('bcw-e2e-audit-');
  browser = await launchChromium();
  page = await openPage(browser, { acceptDownloads: true });
  await openFirstStart(page, web.url);
  await loadDemoBranch(page, DEMO_LOANS);
});

afterAll(async () => {
  await browser?.close();
  await web?.cleanup();
});

describe('the audit page', () => {
  it('records real work: a case submitted and returned, a rule overridden, a note added', async () => {
    await signIn(page, 'officer1');
    const { customers } = await api<{ customers: { id: string; name: string; type: string }[] }>('dd.searchCustomers', { q: '' });
    const customer = customers.find((c) => c.type === 'individual');
    if (!customer) throw new Error('no individual customer in the demo branch');
    customerName = customer.name;
    const [template] = (await api<{ templates: { id: string }[] }>('dd.templates', { customerId: customer.id, purpose: 'consumer' })).templates;
    const application = { purpose: 'consumer', amount: 20_000_000, termMonths: 24, annualRate: '4.35', method: 'equal_installment' };
    const { caseId } = await api<{ caseId: string }>('dd.open', { customerId: customer.id, templateId: template?.id, application });
    await api('dd.answer', { caseId, itemKey: 'monthly_income', value: 1_500_000 });
    await fillThroughApi(caseId);
    await api('dd.submit', { caseId });
    await signOut();

    await signIn(page, 'supervisor1');
    await api('dd.decide', { caseId, submissionNo: 1, decision: 'return', comment: RETURN_COMMENT });
    const { rows } = await api<{ rows: { id: string }[] }>('portfolio.list', { limit: 1 });
    const loanId = rows[0]?.id ?? '';
    await api('collections.override', { loanId, ruleCode: 'quiet_hours', reason: OVERRIDE_REASON });
    await api('loan.addNote', { loanId, body: '已电话提醒借款人按期还款' });
  });

  it('shows every entry in words, with the customer and case, and no raw code or id', async () => {
    await page.getByTestId('menu-audit').click();
    await loaded();
    await poll(async () => (await shownRows()).length, 15_000).toBeGreaterThan(10);
    const rows = await shownRows();
    for (const r of rows) {
      expect(r.text).not.toMatch(UUID);
      expect(r.text).not.toMatch(RAW_CODE);
    }
    const submit = rows.find((r) => r.action === 'ddCase.submit');
    expect(submit?.text).toContain('提交审批（第 1 次提交）');
    expect(submit?.text).toContain(customerName);
    expect(submit?.text).toMatch(/DD\d{8}-[0-9A-F]{6}/);
    expect(submit?.text).toContain('草稿');
    const returned = rows.find((r) => r.action === 'ddCase.return');
    expect(returned?.text).toContain('退回修改');
    expect(returned?.text).toContain(RETURN_COMMENT);
    expect(returned?.text).not.toContain('审批通过');
    const override = rows.find((r) => r.action === 'policyOverride.grant');
    expect(override?.text).toContain('夜间禁止联系');
    expect(override?.text).toContain(OVERRIDE_REASON);
    expect(rows.find((r) => r.action === 'ddAnswer.set' && r.text.includes('¥15,000.00'))).toBeDefined();
    await shot(page, 'audit-zh.png');
    // A full log at a small branch screen: no case number, amount or time broken across lines.
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.waitForTimeout(300);
    expect(await layoutProblems(page)).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('filters by area and by person in the service, and exports what it shows', async () => {
    const all = Number(await page.getByTestId('audit-log').getAttribute('data-total'));
    await choose('audit-log-family', '催收');
    await poll(async () => (await shownRows()).map((r) => r.family).join(','), 15_000).toBe('collections');
    expect(Number(await page.getByTestId('audit-log').getAttribute('data-total'))).toBe(1);

    await choose('audit-log-family', '贷前尽职调查');
    await poll(async () => new Set((await shownRows()).map((r) => r.family)).size === 1 && (await shownRows())[0]?.family, 15_000).toBe('due_diligence');
    const ddTotal = Number(await page.getByTestId('audit-log').getAttribute('data-total'));
    expect(ddTotal).toBeLessThan(all);
    expect(ddTotal).toBeGreaterThan(5);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-log-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.split('\r\n')[0]).toBe('\uFEFF序号,时间,操作人,业务类别,操作,客户名称,客户号,贷款编号,尽调案件编号,说明,变更前,变更后');
    expect(csv).toContain('退回修改');
    expect(csv).not.toMatch(UUID);
    expect(csv).not.toContain('主管特批联系规则');

    // The area cleared, one person: the supervisor's three entries only.
    await page.getByTestId('audit-log-family').locator('.ant-select-clear').click({ force: true });
    await choose('audit-log-person', '孙卫东');
    await poll(async () => (await shownRows()).map((r) => r.action).sort().join(','), 15_000).toBe('ddCase.return,loanNote.add,policyOverride.grant');
    for (const r of await shownRows()) expect(r.text).toContain('孙卫东');
    await shot(page, 'audit-filtered-zh.png');

    // The same entries in English.
    await page.getByTestId('lang-switch').click();
    await loaded();
    await poll(async () => (await shownRows()).map((r) => r.text).join(' '), 15_000).toContain('Case returned for changes');
    const en = (await shownRows()).map((r) => r.text).join(' ');
    expect(en).toContain('Contact rule overridden');
    expect(en).toContain('No contact at night');
    await page.getByTestId('lang-switch').click();
  });
});
