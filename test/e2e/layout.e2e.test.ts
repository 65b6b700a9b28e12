// Every main screen at the branch screen sizes, in Chinese and English: no amount, date or number is
// broken across lines and no tag is cut short without a way to read it (measured in the page, see
// test/helpers/layoutCheck.ts). The 1366×768 Chinese captures are the README's screenshots.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loadDemoBranch, openPage, poll, shot, signIn, startE2eHost, type E2eHost, pageApi } from '../helpers/browser';
import { layoutProblems } from '../helpers/layoutCheck';
import { seriousA11yViolations } from '../helpers/a11yCheck';

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

let web: E2eHost;
let browser: Browser;
let page: Page;
const api = <T>(name: string, input: unknown) => pageApi<T>(page, name, input);
const ids = { loanId: '', caseId: '' };

/** The screens to measure: where each is, and what shows once its data is in. */
function screens(): { name: string; hash: string; ready: string }[] {
  return [
    { name: 'portfolio', hash: '#/portfolio', ready: '[data-testid="portfolio-grid"] [data-testid="loan-no"]' },
    { name: 'loan', hash: `#/loan/${ids.loanId}`, ready: '[data-testid="schedule-table"] tbody tr.ant-table-row' },
    { name: 'collections-queue', hash: '#/collections', ready: '[data-testid="col-grid"][data-loaded="1"]' },
    { name: 'collection-loan', hash: `#/collections/${ids.loanId}`, ready: `[data-testid="col-loan"][data-loan-id="${ids.loanId}"]` },
    { name: 'dd-list', hash: '#/dd', ready: '[data-testid="dd-list-grid"] .ag-root, [data-testid="page-title"]:visible' },
    { name: 'dd-case', hash: `#/dd/${ids.caseId}`, ready: '[data-testid="dd-editor"]' },
    { name: 'collections-kpi', hash: '#/collections-kpi', ready: '[data-testid="col-kpi-grid"]:not([data-rows=""])' },
    { name: 'audit', hash: '#/audit', ready: '[data-testid="audit-log"]' },
  ];
}

async function setLanguage(lang: 'zh' | 'en'): Promise<void> {
  const title = lang === 'zh' ? '网点信贷工作台' : 'Branch Credit Workstation';
  if ((await page.getByTestId('app-title').textContent()) !== title) await page.getByTestId('lang-switch').click();
  await poll(() => page.getByTestId('app-title').textContent()).toBe(title);
}

beforeAll(async () => {
  web = await startE2eHost('bcw-e2e-layout-');
  browser = await launchChromium();
  page = await openPage(browser, { viewport: SIZES[0] });
  await page.goto(web.url);
  await loadDemoBranch(page, 400);
  // A due-diligence case of a large amount (the figures a narrow card breaks first), opened by an officer.
  await signIn(page, 'officer1');
  const { customers } = await api<{ customers: { id: string; type: string }[] }>('dd.searchCustomers', { q: '' });
  const customer = customers.find((c) => c.type === 'individual') ?? customers[0];
  const { templates } = await api<{ templates: { id: string }[] }>('dd.templates', { customerId: customer?.id, purpose: 'consumer' });
  const application = { purpose: 'consumer', amount: 109_000_000, termMonths: 36, annualRate: '4.35', method: 'equal_installment' };
  ids.caseId = (await api<{ caseId: string }>('dd.open', { customerId: customer?.id, templateId: templates[0]?.id, application })).caseId;
  await page.getByTestId('signout').click();
  await signIn(page, 'supervisor1');
  const queue = await api<{ rows: { loanId: string }[] }>('collections.queue', { collectorId: 'all', limit: 1 });
  ids.loanId = queue.rows[0]?.loanId ?? '';
  expect(ids.loanId).not.toBe('');
  expect(ids.caseId).not.toBe('');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await web?.cleanup();
});

describe('layout at branch screen sizes', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`breaks no figure and cuts no tag on any main screen (${lang})`, async () => {
      const problems: string[] = [];
      for (const size of SIZES) {
        await page.setViewportSize(size);
        for (const screen of screens()) {
          await page.evaluate(`window.location.hash = ${JSON.stringify(screen.hash)}`);
          await page.locator(screen.ready).first().waitFor({ timeout: 20_000 });
          await setLanguage(lang);
          // Let late data (the loan's contacts, a chart) and the layout that follows it settle.
          await page.waitForTimeout(400);
          for (const p of await layoutProblems(page)) problems.push(`${size.width}×${size.height} ${lang} ${screen.name}: ${p.kind} "${p.text}"`);
          if (size.width === 1366 && lang === 'zh') {
            // No tooltip of whatever the pointer last rested on in the README's pictures.
            await page.mouse.move(size.width - 2, size.height - 2);
            await page.waitForTimeout(300);
            await shot(page, `readme-${screen.name}.png`);
          }
        }
      }
      expect(problems).toEqual([]);
    }, 300_000);
  }

  it('has no serious accessibility violation on any main screen (axe-core, WCAG 2.1 A and AA)', async () => {
    await page.setViewportSize(SIZES[1]);
    await setLanguage('zh');
    const found: string[] = [];
    for (const screen of screens()) {
      await page.evaluate(`window.location.hash = ${JSON.stringify(screen.hash)}`);
      await page.locator(screen.ready).first().waitFor({ timeout: 20_000 });
      await page.waitForTimeout(400);
      for (const v of await seriousA11yViolations(page)) found.push(`${screen.name}: ${v.rule} (${v.impact}) ${v.help} at ${v.targets.join(' | ')}`);
    }
    expect(found).toEqual([]);
  }, 180_000);
});

