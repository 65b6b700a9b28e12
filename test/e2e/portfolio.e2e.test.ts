// End to end: the built renderer (dist-web) in headless Chromium against the dev-web host, i.e. the
// real API dispatcher, services and a fresh SQLite file. The steps build on each other (first start ->
// demo data -> sign-in -> portfolio -> loan), so they share one page and run in order.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevWeb } from '../../devweb/host';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DIST = path.join(ROOT, 'dist-web');
const SHOTS = path.join(ROOT, 'test-results');
// Enough loans for every bucket to be present, few enough to load in a few seconds.
const DEMO_LOANS = 2000;
const PASSWORD = 'demo1234';

let host: Awaited<ReturnType<typeof startDevWeb>>;
let browser: Browser;
let page: Page;
let dataDir: string;

/** expect.poll with a timeout fit for a browser (vitest's default is one second). */
function poll<T>(fn: () => Promise<T> | T, timeout = 10_000) {
  return expect.poll(fn, { timeout, interval: 100 });
}

async function signIn(username: string, password: string): Promise<void> {
  await page.getByTestId('signin-username').fill(username);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-password').press('Enter');
}

async function total(): Promise<number> {
  const el = page.getByTestId('portfolio-total');
  await poll(async () => el.getAttribute('data-total'), 15_000).not.toBe('');
  return Number(await el.getAttribute('data-total'));
}

/** Waits until the count differs from `before` (filters are debounced and run on the service). */
async function totalChangedFrom(before: number): Promise<number> {
  await poll(async () => {
    const v = await page.getByTestId('portfolio-total').getAttribute('data-total');
    return v === '' || v === null ? before : Number(v);
  }, 15_000).not.toBe(before);
  return total();
}

async function shot(name: string): Promise<void> {
  // Let transient toasts (saved, exported) fade so the screenshot shows the page itself.
  await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  await page.screenshot({ path: path.join(SHOTS, name), fullPage: false });
}

// Rows are found by their loan number cells (rendered with a test id), not by ag-grid's own DOM classes.
const loanNoCells = () => page.locator('[data-testid="portfolio-grid"] [data-testid="loan-no"]');
const gridRows = loanNoCells;

beforeAll(async () => {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) {
    throw new Error('dist-web/ is missing: run `npm run build:web` before the e2e tests');
  }
  fs.mkdirSync(SHOTS, { recursive: true });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bcw-e2e-'));
  host = await startDevWeb({ port: 0, dataDir, staticDir: DIST });
  browser = await chromium.launch({
    executablePath: process.env['CHROME_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  page = await context.newPage();
  // A page error (e.g. a CSP violation stopping a script) would otherwise only show up as a timeout.
  page.on('pageerror', (err) => console.error('[pageerror]', err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') console.error('[console]', msg.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('branch credit workstation (dev web)', () => {
  it('offers the demo branch on first start and loads it', async () => {
    await page.goto(host.url);
    await poll(() => page.getByTestId('first-start').isVisible(), 20_000).toBe(true);
    await poll(() => page.getByTestId('demo-load').textContent()).toContain('加载演示支行数据');
    await page.getByTestId('demo-loans').fill(String(DEMO_LOANS));
    await page.getByTestId('demo-load').click();
    await page.getByTestId('demo-users').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('demo-user-officer1').isVisible()).toBe(true);
    expect(await page.getByTestId('demo-loaded').textContent()).toContain('demo1234');
  });

  it('shows the localized error for a wrong password', async () => {
    await page.getByTestId('demo-go-signin').click();
    await signIn('officer1', 'not-the-password');
    const error = page.getByTestId('signin-error');
    await error.waitFor();
    const text = (await error.textContent()) ?? '';
    expect(text).toContain('用户名或密码错误');
    expect(text).toMatch(/还可尝试 \d+ 次/);
  });

  it('signs an officer in to the portfolio grid, without the audit menu', async () => {
    await signIn('officer1', PASSWORD);
    await page.getByTestId('portfolio-grid').waitFor();
    await poll(() => gridRows().count(), 20_000).toBeGreaterThan(5);
    expect(await total()).toBeGreaterThan(100);
    expect(await page.getByTestId('app-title').textContent()).toBe('网点信贷工作台');
    expect(await page.getByTestId('menu-portfolio').isVisible()).toBe(true);
    expect(await page.getByTestId('menu-audit').count()).toBe(0);
    await poll(() => page.getByTestId('sync-status').textContent()).toMatch(/离线|在线/);
    expect(await page.getByTestId('sync-status').textContent()).toContain('待同步');
    expect(await page.locator('.ag-header-cell-text', { hasText: '贷款编号' }).count()).toBe(1);
    await shot('portfolio-zh.png');
  });

  it('remembers the column choice for the user across a reload', async () => {
    const officerHeader = () => page.locator('.ag-header-cell-text', { hasText: '客户经理' });
    expect(await officerHeader().count()).toBe(1);
    await page.getByTestId('portfolio-columns').click();
    const chooser = page.getByTestId('column-chooser');
    await chooser.waitFor();
    const saved = page.waitForRequest((r) => r.url().endsWith('/api/prefs.set'));
    // uncheck() confirms the box really changed state (a click during the popover's opening animation
    // can land on nothing).
    await chooser.getByRole('checkbox', { name: '客户经理' }).uncheck();
    await saved;
    await page.keyboard.press('Escape');
    await poll(() => officerHeader().count()).toBe(0);

    await page.reload(); // the session cookie survives, so this lands back in the portfolio
    await poll(() => gridRows().count(), 20_000).toBeGreaterThan(0);
    expect(await officerHeader().count()).toBe(0);
  });

  it('filters on the service: search by loan number and by bucket', async () => {
    const all = await total();
    const someLoanNo = (await loanNoCells().nth(3).textContent())?.trim() ?? '';
    expect(someLoanNo).not.toBe('');

    await page.getByTestId('portfolio-search').fill(someLoanNo);
    expect(await totalChangedFrom(all)).toBe(1);
    await poll(() => loanNoCells().allTextContents()).toEqual([someLoanNo]);

    await page.getByTestId('portfolio-search').fill('');
    expect(await totalChangedFrom(1)).toBe(all);

    await page.getByTestId('filter-buckets').click();
    await page.locator('.ant-select-item-option', { hasText: 'M3（61–90天）' }).click();
    await page.keyboard.press('Escape');
    const m3 = await totalChangedFrom(all);
    expect(m3).toBeGreaterThan(0);
    expect(m3).toBeLessThan(all);
    await poll(() => gridRows().count()).toBeGreaterThan(0);
    const buckets = await page.locator('[data-testid="portfolio-grid"] [data-bucket]').evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-bucket')),
    );
    expect(new Set(buckets)).toEqual(new Set(['M3']));

    // The export holds the whole filtered set (not just the loaded rows), in the user's language.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('portfolio-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^portfolio-.*\.csv$/);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFF贷款编号,')).toBe(true);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(m3 + 1);
  });

  it('opens an overdue loan with its schedule and adds a note', async () => {
    const loanNo = (await loanNoCells().first().textContent())?.trim() ?? '';
    await loanNoCells().first().dblclick();
    await page.getByTestId('loan-detail').waitFor();
    expect(await page.getByTestId('loan-title').textContent()).toBe(loanNo);

    const schedule = page.getByTestId('schedule-table');
    await poll(() => schedule.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    expect(await schedule.locator('[data-status="overdue"]').count()).toBeGreaterThan(0);
    expect(await schedule.textContent()).toContain('逾期');

    const note = `电话联系客户，承诺本周五前还款 ${Date.now()}`;
    await page.getByTestId('note-input').fill(note);
    await page.getByTestId('note-submit').click();
    await poll(() => page.getByTestId('notes-list').textContent(), 10_000).toContain(note);
    expect(await page.getByTestId('note-input').inputValue()).toBe('');
    // The note waits in the outbox for head office, and the header says so.
    await poll(() => page.getByTestId('sync-status').getAttribute('data-pending')).toBe('1');
    await page.getByTestId('loan-title').scrollIntoViewIfNeeded();
    await shot('loan-zh.png');
  });

  it('switches to English', async () => {
    await page.getByTestId('lang-switch').click();
    await poll(() => page.getByTestId('schedule-card').textContent()).toContain('Repayment schedule');
    expect(await page.getByTestId('app-title').textContent()).toBe('Branch Credit Workstation');
    await page.getByTestId('loan-title').scrollIntoViewIfNeeded();
    await shot('loan-en.png');

    await page.getByTestId('loan-back').click();
    await poll(() => page.getByTestId('page-title').textContent()).toBe('Portfolio');
    await poll(() => gridRows().count(), 20_000).toBeGreaterThan(0);
    expect(await page.locator('.ag-header-cell-text', { hasText: 'Loan no.' }).count()).toBe(1);
    expect(await page.getByTestId('portfolio-total').textContent()).toMatch(/\d+ loans/);
    await shot('portfolio-en.png');

    // The choice is remembered across a reload.
    await page.reload();
    await poll(() => page.getByTestId('app-title').textContent(), 20_000).toBe('Branch Credit Workstation');
    await page.getByTestId('lang-switch').click();
    await poll(() => page.getByTestId('app-title').textContent()).toBe('网点信贷工作台');
  });

  it('shows the audit check to a supervisor', async () => {
    await page.getByTestId('signout').click();
    await page.getByTestId('signin-username').waitFor();
    await signIn('supervisor1', PASSWORD);
    await page.getByTestId('menu-audit').click();
    const result = page.getByTestId('audit-page');
    await poll(() => result.textContent(), 15_000).toMatch(/审计链完整|审计链异常/);
    expect(await result.textContent()).toContain('审计链完整');
  });
});
