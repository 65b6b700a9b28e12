// End to end: the due-diligence workflow in headless Chromium against the dev-web host (real
// dispatcher, services and a fresh SQLite file). One case goes the whole way: an officer opens it and
// fills the personal consumer checklist (a photo, a drawn signature), a submit with one required item
// left empty is refused, the supervisor returns it with a comment, the officer answers and resubmits,
// the supervisor approves, and the credit memo is printed to PDF. The steps build on each other, so
// they share one page and run in order.
import fs from 'node:fs';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_SHOTS, fillNewConsumerCase, launchChromium, loadDemoBranch, openFirstStart, openPage, poll, shot, signIn, startE2eHost, type E2eHost, signOut as signOutOf, pageApi } from '../helpers/browser';

const TEMPLATE_FILE = path.resolve(import.meta.dirname, '../../db/seeds/templates/dd_personal_consumer.json');
// A small book: the workflow needs customers, not thousands of loans.
const DEMO_LOANS = 200;
/** The one required item left empty on the first submit. */
const LEFT_EMPTY = 'officer_opinion';
const RETURN_COMMENT = `请补充借款人工作单位的电话核实记录 ${Date.now()}`;
const CONDITIONS = '追加一名有稳定收入的保证人；放款前提供装修合同原件';

let web: E2eHost;
let browser: Browser;
let page: Page;
const signOut = () => signOutOf(page);
const api = <T>(name: string, input: unknown) => pageApi<T>(page, name, input);
let caseId = '';
let caseNo = '';
let customer: { id: string; customerNo: string; name: string } | null = null;

async function openCaseFromList(): Promise<void> {
  await page.getByTestId('menu-dd').click();
  const row = page.getByTestId(`dd-row-${caseId}`);
  await row.waitFor({ timeout: 15_000 });
  await row.click();
  await page.getByTestId('dd-editor').waitFor({ timeout: 15_000 });
}

const caseStatus = () => page.getByTestId('dd-case').getAttribute('data-status');

// ---------- a photo to attach: a real JPEG, drawn by the browser ----------

// Browser code as text: the node tsconfig has no DOM types.
const DRAW_PHOTO = `(() => {
  const canvas = document.createElement('canvas');
  canvas.width = 160;
  canvas.height = 100;
  const g = canvas.getContext('2d');
  const fill = g.createLinearGradient(0, 0, 160, 100);
  fill.addColorStop(0, '#1f5fa8');
  fill.addColorStop(1, '#f5a623');
  g.fillStyle = fill;
  g.fillRect(0, 0, 160, 100);
  g.fillStyle = '#fff';
  g.fillRect(16, 20, 40, 52); // where an ID card's portrait sits
  return canvas.toDataURL('image/jpeg', 0.9).split(',')[1];
})()`;

async function photoJpeg(): Promise<Buffer> {
  const b64 = await page.evaluate<string>(DRAW_PHOTO);
  if (!b64) throw new Error('could not draw the photo');
  return Buffer.from(b64, 'base64');
}

// ---------- filling the checklist through the editor's test ids ----------

type TemplateItem = { key: string; kind: string; options?: { value: string; label: { zh: string } }[] };
type TemplateJson = { body: { sections: { items: TemplateItem[] }[] } };

function optionLabel(key: string, value: string): string {
  const tpl = JSON.parse(fs.readFileSync(TEMPLATE_FILE, 'utf8')) as TemplateJson;
  const item = tpl.body.sections.flatMap((s) => s.items).find((i) => i.key === key);
  const label = item?.options?.find((o) => o.value === value)?.label.zh;
  if (!label) throw new Error(`template has no option ${key}=${value}`);
  return label;
}

const input = (key: string) => page.getByTestId(`dd-input-${key}`);

async function saved(key: string): Promise<void> {
  await poll(() => page.getByTestId(`dd-saved-${key}`).getAttribute('data-state').catch(() => null), 15_000).toBe('saved');
}

async function choose(key: string, value: string): Promise<void> {
  await page.getByTestId(`dd-input-${key}-${value}`).click();
  await saved(key);
}

async function type(key: string, text: string): Promise<void> {
  await input(key).fill(text);
  await input(key).blur();
  await saved(key);
}

async function pickDate(key: string, date: string): Promise<void> {
  await input(key).click();
  await input(key).fill(date);
  await input(key).press('Enter');
  await saved(key);
}

async function selectOption(key: string, label: string): Promise<void> {
  await input(key).click();
  await page.locator('.ant-select-item-option:visible', { hasText: label }).first().click();
  await saved(key);
}

function daysAgo(n: number): string {
  const d = new Date(Date.now() - n * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function attachPhoto(key: string, name: string): Promise<void> {
  const target = page.locator(`input[type=file][data-testid="dd-file-${key}"], [data-testid="dd-file-${key}"] input[type=file]`).first();
  await target.setInputFiles({ name, mimeType: 'image/jpeg', buffer: await photoJpeg() });
  await poll(() => page.getByTestId(`dd-attachment-${key}`).count(), 15_000).toBeGreaterThan(0);
}

async function sign(key: string): Promise<void> {
  const pad = page.getByTestId(`dd-signature-${key}`);
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error('signature pad not visible');
  await page.mouse.move(box.x + 20, box.y + box.height * 0.6);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) {
    await page.mouse.move(box.x + 20 + i * 18, box.y + box.height * (0.6 + (i % 2 ? -0.25 : 0.15)), { steps: 3 });
  }
  await page.mouse.up();
  await page.getByTestId(`dd-signature-save-${key}`).click();
  await page.getByTestId(`dd-signature-saved-${key}`).waitFor({ timeout: 15_000 });
}

/** Everything the personal consumer checklist requires of an unmarried borrower on an unsecured loan, but one item. */
async function fillChecklist(): Promise<void> {
  // Identity and interview
  await choose('id_verified', 'yes');
  await attachPhoto('id_scan', 'id-card-front.jpg');
  await type('applicant_age', '35');
  await pickDate('interview_date', daysAgo(2));
  await choose('interview_two_staff', 'yes');
  await choose('signed_in_person', 'yes');
  await sign('interview_signature');
  // Household
  await choose('marital_status', 'unmarried');
  // Employment and income
  await type('employer_name', '杭州恒信科技有限公司');
  await type('monthly_income', '18000');
  await choose('income_verified_by', 'payroll');
  // Debts
  await type('existing_loan_monthly', '1200');
  await type('card_monthly', '800');
  // Credit report
  await choose('credit_auth_signed', 'yes');
  await pickDate('credit_report_date', daysAgo(3));
  await type('current_overdue', '0');
  await type('overdue_24m', '0');
  await type('queries_6m', '2');
  // Purpose (at most 300,000 yuan: no entrusted-payment questions)
  await type('applied_amount', '200000');
  await selectOption('loan_purpose', optionLabel('loan_purpose', 'renovation'));
  await type('purpose_detail', '自住房屋装修，已签订装修合同');
  await choose('purpose_docs_verified', 'yes');
  // Guarantee: unsecured
  await choose('guarantee_methods', 'credit');
  // Conclusion — the opinion (LEFT_EMPTY) is left for later
  await choose('officer_recommendation', 'recommend');
}

// ---------- the PDF's text ----------

let memoPdf: Buffer | null = null;

beforeAll(async () => {
  web = await startE2eHost('bcw-e2e-dd-');
  browser = await launchChromium();
  page = await openPage(browser);
});

afterAll(async () => {
  await browser?.close();
  await web?.cleanup();
});

describe('due diligence (dev web)', () => {
  it('loads the demo branch and signs the officer in to an empty case list', async () => {
    await openFirstStart(page, web.url);
    await loadDemoBranch(page, DEMO_LOANS);
    await signIn(page, 'officer1');
    await page.getByTestId('menu-dd').click();
    await page.getByTestId('dd-grid').waitFor();
    await poll(() => page.getByTestId('dd-total').getAttribute('data-total')).toBe('0');
    expect(await page.getByTestId('page-title').filter({ visible: true }).textContent()).toBe('贷前调查');
  });

  it('opens a consumer-loan case for an individual customer', async () => {
    const found = await api<{ customers: { id: string; customerNo: string; name: string; type: string }[] }>('dd.searchCustomers', { q: '' });
    customer = found.customers.find((c) => c.type === 'individual') ?? null;
    expect(customer, 'the demo branch has an individual customer').not.toBeNull();
    if (!customer) return;

    await page.getByTestId('dd-new').click();
    await page.getByTestId('dd-new-page').waitFor();
    // Checked before anything is sent, in Chinese.
    await page.getByTestId('dd-open').click();
    // A select asks to be chosen, not typed in (antd's own message says 请输入 for every field).
    await poll(() => page.getByTestId('dd-new-page').textContent()).toContain('请选择客户');
    expect(await page.getByTestId('dd-new-page').textContent()).not.toContain('请输入客户');
    await page.getByTestId('dd-rate').fill('4.35%');
    await poll(() => page.getByTestId('dd-new-page').textContent()).toContain('请输入百分比形式的年利率');
    await fillNewConsumerCase(page, customer.customerNo);
    await shot(page, 'dd-new-zh.png');
    await page.getByTestId('dd-open').click();

    await page.getByTestId('dd-editor').waitFor({ timeout: 15_000 });
    caseId = (await page.getByTestId('dd-case').getAttribute('data-case-id')) ?? '';
    expect(caseId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await page.getByTestId('dd-case-title').textContent()).toBe(customer.name);
    expect(await caseStatus()).toBe('draft');
    // 200,000.00 yuan at 4.35 % over 24 months, rate sent as "0.0435" (not a float).
    const application = (await page.getByTestId('dd-application').textContent()) ?? '';
    expect(application).toContain('200,000.00');
    expect(application).toContain('4.35%');
    expect(application).toContain('24 个月');
    // Completeness and the checklist score are different measures: the summary says so beside them.
    const explained = (await page.getByTestId('dd-score-explained').textContent()) ?? '';
    expect(explained).toContain('完整度');
    expect(explained).toContain('检查表得分');
    // A fresh case has sections with nothing answered: none shows the green tick of a finished one.
    const fresh = await page.locator('[data-testid^="dd-nav-"][data-done="0"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh).not.toContain('complete');
  });

  it('refuses a submit with a required item empty and names it, then accepts it once answered', async () => {
    await fillChecklist();
    await shot(page, 'dd-case-editor-zh.png');

    await page.getByTestId('dd-submit').click();
    await page.getByTestId('dd-refusal').waitFor({ timeout: 15_000 });
    const missing = page.getByTestId('dd-refusal-list').locator('li');
    expect(await missing.count()).toBe(1);
    expect(await page.getByTestId(`dd-refusal-${LEFT_EMPTY}`).textContent()).toContain('调查意见');
    expect(await caseStatus()).toBe('draft');

    // The entry leads to the item.
    await page.getByTestId(`dd-refusal-${LEFT_EMPTY}`).click();
    await page.getByTestId('dd-refusal').waitFor({ state: 'hidden' });
    await type(LEFT_EMPTY, '借款人收入稳定，负债水平合理，用途真实，建议批准。');
    // Complete now, but the debt-service ratio (monthly debts and the new installment against 18,000
    // yuan of income) is over the template's 50 %: a high red flag, so the submit asks first.
    await page.getByTestId('dd-submit').click();
    const confirm = page.getByTestId('dd-submit-confirm');
    await confirm.waitFor({ timeout: 10_000 });
    expect(await page.locator('.ant-modal-confirm-title').textContent()).toBe('该案件有 1 项高风险提示，仍要提交审批吗？');
    expect(await confirm.textContent()).toMatch(/负债收入比 [\d.]+% 超过上限 50%/);
    await page.getByTestId('dd-submit-confirm-cancel').click();
    await confirm.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await caseStatus()).toBe('draft');
    await page.getByTestId('dd-submit').click();
    await page.getByTestId('dd-submit-confirm-ok').click();
    await poll(caseStatus, 15_000).toBe('submitted');
    await poll(() => page.getByTestId('dd-sla').textContent()).toMatch(/^剩余 \d+ (小时|分钟)$/);
    // Maker-checker: the officer never gets the decision.
    expect(await page.getByTestId('dd-approve').count()).toBe(0);
    expect(await page.getByTestId('dd-review').count()).toBe(0);
  });

  it('the supervisor finds it in the approval queue and returns it with a comment', async () => {
    await signOut();
    await signIn(page, 'supervisor1');
    await page.getByTestId('menu-dd').click();
    await page.getByTestId('dd-grid').waitFor();
    // The supervisor's default view: submitted cases, deadline first.
    expect(await page.getByTestId('dd-view-queue').locator('xpath=ancestor::*[contains(@class,"ant-segmented-item-selected")]').count()).toBe(1);
    expect(await page.getByTestId('dd-new').count()).toBe(0);
    await page.getByTestId(`dd-row-${caseId}`).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('dd-grid').textContent()).toMatch(/剩余 \d+ 小时/);
    // The queue shows what the supervisor weighs: red flags, score and debt-service ratio, and the case number.
    const headers = await page.getByTestId('dd-grid').locator('.ag-header-cell-text').allTextContents();
    expect(headers).toEqual(expect.arrayContaining(['案件编号', '风险提示', '评分', '债务收入比']));
    const row = page.getByTestId('dd-grid').locator('.ag-row', { has: page.getByTestId(`dd-row-${caseId}`) }).first();
    const cell = (col: string) => row.locator(`[col-id="${col}"]`).first().textContent();
    expect(await cell('caseNo')).toMatch(/^DD\d{8}-[0-9A-F]{6}$/);
    expect(await cell('risk')).toBe('高 1');
    expect(await cell('score')).toMatch(/^\d+(\.\d)?%$/);
    expect(await cell('dsr')).toMatch(/^\d+(\.\d+)?%$/);
    await shot(page, 'dd-queue-zh.png');
    await openCaseFromList();
    await page.getByTestId('dd-review').waitFor();
    expect(await page.getByTestId('dd-editor').getAttribute('data-readonly')).toBe('true');
    caseNo = ((await page.getByTestId('dd-case-no').textContent()) ?? '').replace(/^.*:\s*/, '');
    expect(caseNo).toMatch(/^DD\d{8}-[0-9A-F]{6}$/);
    // The decision comes after the case it decides on, and says so.
    const editorBox = await page.getByTestId('dd-editor').boundingBox();
    const reviewBox = await page.getByTestId('dd-review').boundingBox();
    expect(reviewBox!.y).toBeGreaterThan(editorBox!.y + editorBox!.height - 1);
    const hint = (await page.getByTestId('dd-review').textContent()) ?? '';
    expect(hint).toContain('请核对以上');
    expect(hint).not.toContain('左侧');
    await page.getByTestId('dd-go-review').click();
    await poll(() => page.getByTestId('dd-review').isVisible()).toBe(true);
    await shot(page, 'dd-review-zh.png');

    // A return needs a comment.
    await page.getByTestId('dd-return').click();
    await poll(() => page.getByTestId('dd-review').textContent()).toContain('退回案件必须填写审批意见');
    expect(await caseStatus()).toBe('submitted');
    await page.getByTestId('dd-comment').fill(RETURN_COMMENT);
    await page.getByTestId('dd-return').click();
    await poll(caseStatus, 15_000).toBe('returned');
    expect(await page.getByTestId('dd-review').count()).toBe(0);
    await poll(() => page.getByTestId('dd-trail').textContent()).toContain(RETURN_COMMENT);
  });

  it('the officer sees the comment, changes an answer and resubmits', async () => {
    await signOut();
    await signIn(page, 'officer1');
    await openCaseFromList();
    expect(await caseStatus()).toBe('returned');
    const comments = page.getByTestId('dd-trail').locator('[data-action="returned"] [data-testid="dd-trail-comment"]');
    expect(await comments.first().textContent()).toBe(RETURN_COMMENT);
    await type('employer_name', '杭州恒信科技有限公司（已电话核实在职）');
    await choose('employment_confirmed', 'yes');
    // The borrower could not explain the loan's use at the interview: a second high red flag to confirm.
    await choose('interview_anomalies', 'cannot_explain');
    await page.getByTestId('dd-submit').click();
    await page.getByTestId('dd-submit-confirm').waitFor({ timeout: 10_000 });
    expect(await page.locator('.ant-modal-confirm-title').textContent()).toContain('2 项高风险提示');
    await page.getByTestId('dd-submit-confirm-ok').click();
    await poll(caseStatus, 15_000).toBe('submitted');
    expect(await page.getByTestId('dd-approve').count()).toBe(0);
  });

  it('the supervisor approves the resubmission', async () => {
    await signOut();
    await signIn(page, 'supervisor1');
    // The queue row now counts the high red flag.
    await page.getByTestId('menu-dd').click();
    const row = page.getByTestId('dd-grid').locator('.ag-row', { has: page.getByTestId(`dd-row-${caseId}`) }).first();
    await row.waitFor({ timeout: 15_000 });
    await poll(() => row.locator('[col-id="risk"]').first().textContent(), 10_000).toBe('高 2');
    await openCaseFromList();
    // The approved amount starts at the request and may not exceed it: refused on the field, nothing asked.
    const amount = page.getByTestId('dd-approved-amount');
    expect(await amount.inputValue()).toBe('200,000.00');
    await amount.fill('250000');
    await page.getByTestId('dd-approve').click();
    await poll(() => page.getByTestId('dd-review').textContent()).toContain('批准金额不能超过申请金额');
    expect(await page.getByTestId('dd-approve-confirm').count()).toBe(0);
    await amount.fill('150000');
    await page.getByTestId('dd-conditions').fill(CONDITIONS);
    // Approving asks first, naming the amount against the request and the conditions; cancelling changes nothing.
    await page.getByTestId('dd-approve').click();
    const confirm = page.getByTestId('dd-approve-confirm');
    await confirm.waitFor({ timeout: 10_000 });
    const asked = (await confirm.textContent()) ?? '';
    expect(asked).toContain('¥150,000.00');
    expect(asked).toContain('¥200,000.00');
    expect(asked).toContain(CONDITIONS);
    await page.getByTestId('dd-approve-confirm-cancel').click();
    await confirm.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await caseStatus()).toBe('submitted');
    await page.getByTestId('dd-approve').click();
    await page.getByTestId('dd-approve-confirm-ok').click();
    await poll(caseStatus, 15_000).toBe('approved');
    expect(await page.getByTestId('dd-approved-amount-shown').textContent()).toBe('¥150,000.00');
    expect(await page.getByTestId('dd-conditions-shown').textContent()).toBe(CONDITIONS);
    const actions = await page.getByTestId('dd-trail').locator('[data-testid="dd-trail-item"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(actions).toEqual(expect.arrayContaining(['submitted', 'returned', 'approved']));
    expect(actions.filter((a) => a === 'submitted')).toHaveLength(2);
  });

  it('prints the credit memo to an A4 PDF', async () => {
    await page.getByTestId('dd-memo-link').click();
    const memo = page.getByTestId('dd-memo');
    await poll(() => memo.getAttribute('data-ready'), 15_000).toBe('1');
    // The print view stands alone: no app header or menu.
    expect(await page.getByTestId('app-title').count()).toBe(0);
    const text = (await memo.textContent()) ?? '';
    expect(text).toContain('授信调查报告');
    expect(text).toContain(customer?.name ?? '?');
    expect(text).toContain(RETURN_COMMENT);
    expect(text).toContain('id-card-front.jpg');
    // Named by its case number, not its id.
    expect(await page.getByTestId('dd-memo-case-no').textContent()).toContain(caseNo);
    expect(text).not.toContain(caseId);
    // The borrower's signature as the image itself, loaded.
    const signature = page.getByTestId('dd-memo-signature');
    expect(await signature.count()).toBe(1);
    const naturalWidth = await page.evaluate<number>(
      `(() => { const img = document.querySelector('[data-testid="dd-memo-signature"]'); return img && img.complete ? img.naturalWidth : 0; })()`,
    );
    expect(naturalWidth).toBeGreaterThan(0);
    const signatureRow = memo.locator('[data-item="interview_signature"]');
    expect(await signatureRow.locator('img[data-testid="dd-memo-signature"]').count()).toBe(1);
    expect(await signatureRow.textContent()).not.toMatch(/已签名|\.png/);
    // What was approved, and lines to sign and date for the investigator, reviewer and approver.
    expect(await page.getByTestId('dd-memo-approved-amount').textContent()).toBe('¥150,000.00');
    expect(await page.getByTestId('dd-memo-conditions').textContent()).toBe(CONDITIONS);
    const roles = page.getByTestId('dd-memo-signoff').locator('[data-role]');
    expect(await roles.evaluateAll((els) => els.map((e) => e.getAttribute('data-role')))).toEqual(['investigator', 'reviewer', 'approver']);
    const signoff = (await page.getByTestId('dd-memo-signoff').textContent()) ?? '';
    for (const word of ['调查人', '审查人', '审批人']) expect(signoff).toContain(word);
    expect(await page.getByTestId('dd-memo-sign-line').count()).toBe(3);
    expect(await page.getByTestId('dd-memo-date-line').count()).toBe(3);
    for (const line of await page.getByTestId('dd-memo-sign-line').all()) expect((await line.boundingBox())?.width ?? 0).toBeGreaterThan(60);
    await shot(page, 'dd-memo-zh.png', { keepToasts: true, fullPage: true });

    memoPdf = await page.pdf({ format: 'A4', printBackground: true });
    fs.writeFileSync(path.join(E2E_SHOTS, 'dd-memo.pdf'), memoPdf);
    expect(memoPdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(memoPdf.length).toBeGreaterThan(10_000);
  });

  it('lets the officer withdraw a draft with a reason', async () => {
    await page.getByTestId('dd-memo-back').click();
    await signOut();
    await signIn(page, 'officer1');
    await page.getByTestId('menu-dd').click();
    await page.getByTestId('dd-new').click();
    await fillNewConsumerCase(page, customer?.customerNo ?? '?');
    await page.getByTestId('dd-open').click();
    await page.getByTestId('dd-editor').waitFor({ timeout: 15_000 });
    expect(await caseStatus()).toBe('draft');
    await page.getByTestId('dd-withdraw').click();
    await page.getByTestId('dd-withdraw-confirm').click();
    await page.getByText('请填写撤回原因').waitFor();
    await page.getByTestId('dd-withdraw-reason').fill('客户改为申请住房贷款，本案撤回');
    await page.getByTestId('dd-withdraw-confirm').click();
    await poll(caseStatus, 15_000).toBe('withdrawn');
    expect(await page.getByTestId('dd-withdraw').count()).toBe(0);
    await poll(() => page.getByTestId('dd-trail').textContent()).toContain('客户改为申请住房贷款，本案撤回');
  });

  it("the memo PDF's text names the customer", async () => {
    if (!memoPdf) throw new Error('no memo PDF');
    const doc = await getDocument({ data: new Uint8Array(memoPdf), useSystemFonts: true, isEvalSupported: false }).promise;
    let all = '';
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      all += content.items.map((i) => ('str' in i ? i.str : '')).join('');
    }
    // Text runs may be split anywhere; compare without whitespace.
    const flat = all.replace(/\s+/g, '');
    expect(flat).toContain('授信调查报告');
    expect(flat).toContain(customer?.name ?? '?');
    expect(flat).toContain(customer?.customerNo ?? '?');
  });
});
