// End to end: a day at the branch, one role after another, each starting where sign-in lands them.
// The officer lands on their workbench (returned cases and drafts), opens the returned case and
// resubmits it; the supervisor lands on the pending approvals and approves one; the collector lands on
// the collections queue and opens its first loan; the inspector, with no workflow yet, on the
// portfolio. Each menu badge counts exactly the rows its page shows, and goes down after the action
// that clears an item. The cases are prepared through the API as the officer and supervisor would.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillCaseThrough } from '../helpers/ddFill';
import { launchChromium, loadDemoBranch, openFirstStart, openPage, poll, shot, signIn, startE2eHost, type E2eHost, signOut as signOutOf, pageApi } from '../helpers/browser';

// Enough loans that collector1 has a queue; the cases need only customers.
const DEMO_LOANS = 300;
const APPLICATION = { purpose: 'consumer', amount: 20_000_000, termMonths: 24, annualRate: '4.35', method: 'equal_installment' } as const;

let web: E2eHost;
let browser: Browser;
let page: Page;
const signOut = () => signOutOf(page);
const api = <T>(name: string, input: unknown) => pageApi<T>(page, name, input);
/** The officer's cases: one returned by the supervisor, one draft, two waiting for a decision. */
const cases = { returned: '', draft: '', pending: [] as string[] };

/** A consumer case for the n-th individual customer, filled in full unless `draft`. */
async function openCase(customerId: string, { draft = false } = {}): Promise<string> {
  const { templates } = await api<{ templates: { id: string }[] }>('dd.templates', { customerId, purpose: 'consumer' });
  const { caseId } = await api<{ caseId: string }>('dd.open', { customerId, templateId: templates[0]?.id, application: APPLICATION });
  if (!draft) {
    await fillCaseThrough(
      { get: (input) => api('dd.get', input), answer: (input) => api('dd.answer', input), attach: (input) => api('dd.attach', input) },
      caseId,
    );
  }
  return caseId;
}

const hash = () => page.evaluate<string>('window.location.hash');
const badge = (testId: string) => page.getByTestId(testId).getAttribute('data-count');
const rowsShown = (selector: string) => page.locator(selector).count();
const caseStatus = () => page.getByTestId('dd-case').getAttribute('data-status');

beforeAll(async () => {
  web = await startE2eHost('bcw-e2e-wb-');
  browser = await launchChromium();
  page = await openPage(browser);
  await openFirstStart(page, web.url);
  await loadDemoBranch(page, DEMO_LOANS);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await web?.cleanup();
});

describe('a day at the branch, role by role', () => {
  it('prepares the cases: the officer opens four and submits three, the supervisor returns one', async () => {
    await signIn(page, 'officer1');
    const { customers } = await api<{ customers: { id: string; type: string }[] }>('dd.searchCustomers', { q: '' });
    const individuals = customers.filter((c) => c.type === 'individual').map((c) => c.id);
    expect(individuals.length).toBeGreaterThanOrEqual(4);
    cases.draft = await openCase(individuals[0] as string, { draft: true });
    const submitted: string[] = [];
    for (const id of individuals.slice(1, 4)) {
      const caseId = await openCase(id);
      await api('dd.submit', { caseId });
      submitted.push(caseId);
    }
    await signOut();
    await signIn(page, 'supervisor1');
    cases.returned = submitted[0] as string;
    cases.pending = submitted.slice(1);
    await api('dd.decide', { caseId: cases.returned, submissionNo: 1, decision: 'return', comment: '请补充收入证明后重新提交' });
    await signOut();
  }, 120_000);

  it("the officer lands on their workbench, opens the returned case, resubmits it and the badge goes down", async () => {
    await signIn(page, 'officer1');
    await poll(hash).toBe('#/workbench');
    await page.getByTestId('workbench').waitFor();
    expect(await page.getByTestId('page-title').filter({ visible: true }).textContent()).toBe('我的工作台');
    await page.getByTestId(`wb-row-${cases.returned}`).waitFor({ timeout: 15_000 });
    await page.getByTestId(`wb-row-${cases.draft}`).waitFor();
    const shown = await rowsShown('[data-testid="workbench"] [data-testid^="wb-row-"]');
    expect(shown).toBe(2);
    await poll(() => badge('menu-workbench')).toBe(String(shown));
    await shot(page, 'workbench-officer-zh.png');

    await page.getByTestId(`wb-row-${cases.returned}`).click();
    await page.getByTestId('dd-editor').waitFor({ timeout: 15_000 });
    expect(await caseStatus()).toBe('returned');
    await page.getByTestId('dd-submit').click();
    // The filled answers may raise a high red flag: the officer confirms the submit then.
    const confirm = page.getByTestId('dd-submit-confirm-ok');
    await Promise.race([confirm.waitFor({ timeout: 5_000 }).then(() => confirm.click()), poll(caseStatus, 5_000).toBe('submitted')]).catch(() => undefined);
    await poll(caseStatus, 15_000).toBe('submitted');
    // One item fewer waits: the badge says so at once, and the workbench shows the draft alone.
    await poll(() => badge('menu-workbench')).toBe('1');
    await page.getByTestId('menu-workbench').click();
    await page.getByTestId(`wb-row-${cases.draft}`).waitFor();
    await poll(() => rowsShown('[data-testid="workbench"] [data-testid^="wb-row-"]')).toBe(1);
    await signOut();
  });

  it('the supervisor lands on the pending approvals, approves one and the badge goes down', async () => {
    await signIn(page, 'supervisor1');
    await poll(hash).toBe('#/workbench');
    const pendingRows = '[data-testid="wb-pending"] [data-testid^="wb-row-"], [data-testid="wb-overdue"] [data-testid^="wb-row-"]';
    await poll(() => rowsShown(pendingRows)).toBe(3);
    // Nothing else waits on the demo branch: every hold in its history was cleared.
    expect(await page.getByTestId('wb-holds').count()).toBe(0);
    await poll(() => badge('menu-workbench')).toBe('3');
    await poll(() => page.getByTestId('wb-review-summary').textContent()).toContain('待审批 3 件');
    await shot(page, 'workbench-supervisor-zh.png');

    await page.locator('[data-testid="wb-pending"] [data-testid^="wb-row-"]').first().click();
    await page.getByTestId('dd-editor').waitFor({ timeout: 15_000 });
    expect(await caseStatus()).toBe('submitted');
    await page.getByTestId('dd-approve').click();
    await page.getByTestId('dd-approve-confirm-ok').click();
    await poll(caseStatus, 15_000).toBe('approved');
    await poll(() => badge('menu-workbench')).toBe('2');
    await page.getByTestId('menu-workbench').click();
    await poll(() => rowsShown(pendingRows)).toBe(2);
    await signOut();
  });

  it('the collector lands on the queue, whose badge counts its loans, and opens the first one', async () => {
    await signIn(page, 'collector1');
    await poll(hash).toBe('#/collections');
    await poll(() => page.getByTestId('col-grid').getAttribute('data-loaded'), 15_000).toBe('1');
    expect(await page.getByTestId('page-title').filter({ visible: true }).textContent()).toBe('催收工作队列');
    const total = await page.getByTestId('col-total').getAttribute('data-total');
    expect(Number(total)).toBeGreaterThan(0);
    await poll(() => badge('menu-collections')).toBe(total);
    // No workbench entry: the queue is the collector's.
    expect(await page.getByTestId('menu-workbench').count()).toBe(0);
    const first = page.locator('[data-testid^="col-row-"][data-index="0"]');
    const loanId = ((await first.getAttribute('data-testid')) ?? '').replace('col-row-', '');
    await first.click();
    await poll(() => page.getByTestId('col-loan').getAttribute('data-loan-id'), 15_000).toBe(loanId);
    await signOut();
  });

  it('the inspector, with no workflow yet, lands on the portfolio without counts', async () => {
    await signIn(page, 'inspector1');
    await poll(hash).toBe('#/portfolio');
    await page.getByTestId('portfolio-grid').waitFor();
    expect(await page.getByTestId('menu-workbench').count()).toBe(0);
    await signOut();
  });

  it('keeps the menu usable from the keyboard: arrows move to the workbench entry and Enter opens it', async () => {
    await signIn(page, 'officer1');
    await page.getByTestId('menu-portfolio').click();
    await poll(hash).toBe('#/portfolio');
    await page.locator('li.ant-menu-item', { has: page.getByTestId('menu-portfolio') }).focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await poll(hash).toBe('#/workbench');
    await page.getByTestId('workbench').waitFor();
  });
});
