// End to end: the built renderer (dist-web) in headless Chromium against the dev-web host, i.e. the
// real API dispatcher, services and a fresh SQLite file. The steps build on each other (first start ->
// demo data -> sign-in -> portfolio -> loan), so they share one page and run in order.
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, launchChromium, loadDemoBranch, openPage, poll, shot, signIn, startE2eHost, type E2eHost } from '../helpers/browser';

// Enough loans for every bucket to be present, few enough to load in a few seconds.
const DEMO_LOANS = 2000;

let web: E2eHost;
let browser: Browser;
let page: Page;

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

// Rows are found by their loan number cells (rendered with a test id), not by ag-grid's own DOM classes.
const loanNoCells = () => page.locator('[data-testid="portfolio-grid"] [data-testid="loan-no"]');
const gridRows = loanNoCells;

beforeAll(async () => {
  web = await startE2eHost('bcw-e2e-');
  browser = await launchChromium();
  // Downloads on: the filter test checks the exported CSV.
  page = await openPage(browser, { acceptDownloads: true });
});

afterAll(async () => {
  await browser?.close();
  await web?.cleanup();
});

describe('branch credit workstation (dev web)', () => {
  it('offers the demo branch on first start and loads it', async () => {
    await page.goto(web.url);
    await poll(() => page.getByTestId('first-start').isVisible(), 20_000).toBe(true);
    await poll(() => page.getByTestId('demo-load').textContent()).toContain('加载演示支行数据');
    // Stays on the first-start page: the loaded users are checked here, the sign-in is the next test's.
    await loadDemoBranch(page, DEMO_LOANS, { goToSignIn: false });
    expect(await page.getByTestId('demo-user-officer1').isVisible()).toBe(true);
    expect(await page.getByTestId('demo-loaded').textContent()).toContain('demo1234');
  });

  it('shows the localized error for a wrong password', async () => {
    await page.getByTestId('demo-go-signin').click();
    await signIn(page, 'officer1', 'not-the-password', { waitForUser: false });
    const error = page.getByTestId('signin-error');
    await error.waitFor();
    const text = (await error.textContent()) ?? '';
    expect(text).toContain('用户名或密码错误');
    expect(text).toMatch(/还可尝试 \d+ 次/);
  });

  it('signs an officer in to the portfolio grid, without the audit menu', async () => {
    // No wait for the header: the grid is what this test waits for.
    await signIn(page, 'officer1', DEMO_PASSWORD, { waitForUser: false });
    // Sign-in lands on the officer's workbench; the portfolio is one menu entry away.
    await page.getByTestId('menu-portfolio').click();
    await page.getByTestId('portfolio-grid').waitFor();
    await poll(() => gridRows().count(), 20_000).toBeGreaterThan(5);
    expect(await total()).toBeGreaterThan(100);
    expect(await page.getByTestId('app-title').textContent()).toBe('网点信贷工作台');
    expect(await page.getByTestId('menu-portfolio').isVisible()).toBe(true);
    expect(await page.getByTestId('menu-audit').count()).toBe(0);
    // The demo has no head office: the header says so instead of a count that would wait forever.
    await poll(() => page.getByTestId('sync-status').textContent()).toBe('演示工作站 · 未连接总行');
    expect(await page.getByTestId('sync-status').textContent()).not.toContain('待同步');
    expect(await page.locator('.ag-header-cell-text', { hasText: '贷款编号' }).count()).toBe(1);
    await shot(page, 'portfolio-zh.png');
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

  it('keeps the customer name pinned and delinquency first at 1280×720', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await poll(() => gridRows().count(), 20_000).toBeGreaterThan(0);
    // Columns in the order they are drawn, left to right, with whether each is inside the window.
    const headers = async () =>
      (await page.evaluate(`[...document.querySelectorAll('[data-testid="portfolio-grid"] .ag-header-cell[col-id]')]
        .map((el) => ({ id: el.getAttribute('col-id'), box: el.getBoundingClientRect() }))
        .filter((h) => h.box.width > 0 && h.box.right > 0 && h.box.left < window.innerWidth)
        .sort((a, b) => a.box.left - b.box.left)
        .map((h) => h.id)`)) as string[];
    const first = await headers();
    expect(first.slice(0, 2)).toEqual(['loanNo', 'customerName']);
    expect(first.slice(2, 5)).toEqual(['dpd', 'bucket', 'fiveClass']);

    // Scrolled all the way right, the name is still beside the loan number and readable.
    await page.evaluate(`document.querySelector('[data-testid="portfolio-grid"] .ag-body-horizontal-scroll-viewport').scrollLeft = 100000`);
    await poll(headers).toContain('maturityDate');
    expect(await headers()).not.toContain('dpd');
    const name = page.locator('[data-testid="portfolio-grid"] [data-testid="customer-name"]').first();
    expect(await name.isVisible()).toBe(true);
    const seen = await page.evaluate(`(() => {
      const el = document.querySelector('[data-testid="portfolio-grid"] [data-testid="customer-name"]');
      const box = el.getBoundingClientRect();
      const hit = document.elementFromPoint(box.left + Math.min(box.width, 20) / 2, box.top + box.height / 2);
      return { left: box.left, right: box.right, text: el.textContent, hit: !!hit && el.contains(hit) };
    })()`) as { left: number; right: number; text: string; hit: boolean };
    expect(seen.hit).toBe(true);
    expect(seen.right).toBeLessThan(1280);
    expect(seen.text.length).toBeGreaterThan(1);
    await shot(page, 'portfolio-scrolled-1280.png');
    await page.evaluate(`document.querySelector('[data-testid="portfolio-grid"] .ag-body-horizontal-scroll-viewport').scrollLeft = 0`);
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('quick filters narrow the list with one click, each shows a tag, all reachable by Tab, and reset clears them', async () => {
    const all = await total();
    expect(await page.getByTestId('filter-tags').count()).toBe(0);
    await page.getByTestId('quick-overdue').click();
    const overdue = await totalChangedFrom(all);
    expect(overdue).toBeGreaterThan(0);
    expect(overdue).toBeLessThan(all);
    expect(await page.getByTestId('quick-overdue').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('filter-tag-overdue').textContent()).toBe('逾期');
    await poll(() => gridRows().count()).toBeGreaterThan(0);
    const dpds = await page.locator('[data-testid="portfolio-grid"] .ag-cell[col-id="dpd"]').allTextContents();
    expect(dpds.length).toBeGreaterThan(0);
    expect(dpds.every((d) => Number(d.replace(/,/g, '')) > 0)).toBe(true);

    // One more click lifts it.
    await page.getByTestId('quick-overdue').click();
    expect(await totalChangedFrom(overdue)).toBe(all);
    expect(await page.getByTestId('filter-tags').count()).toBe(0);

    await page.getByTestId('quick-watchOrWorse').click();
    const watch = await totalChangedFrom(all);
    expect(watch).toBeLessThan(all);
    expect(await page.getByTestId('filter-tag-watchOrWorse').textContent()).toBe('关注及以下');
    await poll(() => gridRows().count()).toBeGreaterThan(0);
    const classes = await page.locator('[data-testid="portfolio-grid"] [data-class]').evaluateAll((els) => els.map((e) => e.getAttribute('data-class')));
    expect(classes.length).toBeGreaterThan(0);
    expect(classes).not.toContain('normal');

    // Both at once (in the demo every overdue loan is already special mention or worse, so the count may stay).
    await page.getByTestId('quick-overdue').click();
    await page.getByTestId('filter-tag-overdue').waitFor();
    expect(await total()).toBeLessThanOrEqual(watch);

    // Keyboard only: Tab from the search box reaches both quick filters, each tag's close and the reset.
    await page.getByTestId('portfolio-search').focus();
    const reached: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      reached.push((await page.evaluate(`document.activeElement.getAttribute('data-testid') || document.activeElement.getAttribute('aria-label') || ''`)) as string);
      if (reached.at(-1) === 'filter-reset') break;
    }
    expect(reached).toContain('quick-overdue');
    expect(reached).toContain('quick-watchOrWorse');
    expect(reached).toContain('移除筛选条件 逾期');
    expect(reached).toContain('移除筛选条件 关注及以下');
    expect(reached.at(-1)).toBe('filter-reset');
    // Closing one tag from the keyboard lifts that filter only.
    await page.getByRole('button', { name: '移除筛选条件 逾期' }).focus();
    await page.keyboard.press('Enter');
    await poll(() => page.getByTestId('filter-tag-overdue').count()).toBe(0);
    expect(await page.getByTestId('quick-overdue').getAttribute('aria-pressed')).toBe('false');
    expect(await page.getByTestId('filter-tag-watchOrWorse').isVisible()).toBe(true);
    await poll(total).toBe(watch);

    // A list filter shows one tag per value, so nothing hides behind a collapsed select.
    await page.getByTestId('filter-buckets').click();
    await page.locator('.ant-select-item-option', { hasText: 'M3（61–90天）' }).click();
    await page.keyboard.press('Escape');
    await poll(() => page.getByTestId('filter-tag-buckets-M3').textContent()).toBe('逾期阶段：M3（61–90天）');
    await shot(page, 'portfolio-filter-tags.png');
    const narrowed = await totalChangedFrom(watch);
    await page.getByTestId('filter-reset').click();
    expect(await totalChangedFrom(narrowed)).toBe(all);
    expect(await page.getByTestId('filter-tags').count()).toBe(0);
    expect(await page.getByTestId('quick-watchOrWorse').getAttribute('aria-pressed')).toBe('false');
  });

  it('saves a view of filters, sort and columns that survives a reload, and deletes it after confirming', async () => {
    const all = await total();
    await page.getByTestId('quick-overdue').click();
    const overdue = await totalChangedFrom(all);
    const dpdHeader = page.locator('[data-testid="portfolio-grid"] .ag-header-cell[col-id="dpd"]');
    await dpdHeader.locator('.ag-header-cell-label').click();
    await poll(() => dpdHeader.getAttribute('aria-sort')).toBe('ascending');

    await page.getByTestId('portfolio-views').click();
    await page.getByTestId('view-name').fill('逾期按天数');
    await page.getByTestId('view-save').click();
    await poll(() => page.getByTestId('saved-view').count()).toBe(1);
    await page.keyboard.press('Escape');
    await poll(() => page.getByTestId('view-name').count()).toBe(0);
    // Sorted another way (and remembered as the column choice) and unfiltered before the reload, so the
    // view is what brings both back.
    const remembered = page.waitForRequest((r) => r.url().endsWith('/api/prefs.set'));
    await dpdHeader.locator('.ag-header-cell-label').click();
    await poll(() => dpdHeader.getAttribute('aria-sort')).toBe('descending');
    await remembered;

    await page.getByTestId('filter-reset').click();
    expect(await totalChangedFrom(overdue)).toBe(all);
    await page.reload();
    await poll(() => gridRows().count(), 20_000).toBeGreaterThan(0);
    expect(await page.getByTestId('filter-tags').count()).toBe(0);

    await page.getByTestId('portfolio-views').click();
    const view = page.locator('[data-testid="saved-view"][data-name="逾期按天数"]');
    await view.waitFor();
    expect(await dpdHeader.getAttribute('aria-sort')).toBe('descending');
    await view.getByTestId('view-apply').click();
    expect(await totalChangedFrom(all)).toBe(overdue);
    expect(await page.getByTestId('filter-tag-overdue').isVisible()).toBe(true);
    await poll(() => dpdHeader.getAttribute('aria-sort')).toBe('ascending');
    const dpds = (await page.locator('[data-testid="portfolio-grid"] .ag-cell[col-id="dpd"]').allTextContents()).map((d) => Number(d.replace(/,/g, '')));
    expect(dpds).toEqual([...dpds].sort((a, b) => a - b));

    await page.getByTestId('portfolio-views').click();
    await view.getByTestId('view-delete').click();
    await page.locator('.ant-popconfirm .ant-btn-dangerous').click();
    await poll(() => page.getByTestId('saved-view').count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.getByTestId('filter-reset').click();
    expect(await totalChangedFrom(overdue)).toBe(all);
  });

  it('filters on the service: search by loan number and by bucket', async () => {
    const all = await total();
    const someLoanNo = (await loanNoCells().nth(3).textContent())?.trim() ?? '';
    expect(someLoanNo).not.toBe('');

    await page.getByTestId('portfolio-search').fill(someLoanNo);
    expect(await totalChangedFrom(all)).toBe(1);
    await poll(() => loanNoCells().allTextContents()).toEqual([someLoanNo]);

    // Nothing found is said as such, not as ag-grid's "无显示行".
    await page.getByTestId('portfolio-search').fill('不存在的客户ZZZ');
    expect(await totalChangedFrom(1)).toBe(0);
    await poll(() => page.locator('[data-testid="portfolio-grid"] .ag-overlay').textContent()).toContain('没有符合条件的记录');

    await page.getByTestId('portfolio-search').fill('');
    expect(await totalChangedFrom(0)).toBe(all);

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
    // The loan's state is "在贷" (outstanding), never "正常", which reads as the five-category class.
    expect(await page.getByTestId('loan-terms').textContent()).toContain('贷款状态在贷');

    const note = `电话联系客户，承诺本周五前还款 ${Date.now()}`;
    await page.getByTestId('note-input').fill(note);
    await page.getByTestId('note-submit').click();
    await poll(() => page.getByTestId('notes-list').textContent(), 10_000).toContain(note);
    expect(await page.getByTestId('note-input').inputValue()).toBe('');
    // Kept on this demo workstation only: nothing is shown as waiting for a head office that does not exist.
    expect(await page.getByTestId('sync-status').textContent()).toBe('演示工作站 · 未连接总行');
    await page.getByTestId('loan-title').scrollIntoViewIfNeeded();
    await shot(page, 'loan-zh.png');
  });

  it('hides the page while locked, and keeps it as it was after the password', async () => {
    const note = page.getByTestId('note-input');
    await note.fill('锁定前输入的内容');
    const customer = page.getByTestId('loan-title');
    expect(await customer.isVisible()).toBe(true);
    await page.getByTestId('lock-now').click();
    await page.getByTestId('lock-password').waitFor();
    // Not dimmed but gone: nothing of the loan is drawn or reachable behind the lock.
    await poll(() => customer.isVisible()).toBe(false);
    expect(await page.getByTestId('locked-curtain').getAttribute('data-locked')).toBe('true');
    expect(await page.getByTestId('locked-curtain').getAttribute('inert')).not.toBeNull();
    // What is hit where the typed note was is the lock (its dialog layer or the opaque overlay), never the page.
    // (Run in the page: this file is compiled without the DOM types.)
    const pageUnderneath = await page.evaluate(`(() => {
      const box = document.querySelector('[data-testid="note-input"]').getBoundingClientRect();
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return document.querySelector('[data-testid="locked-curtain"]').contains(hit);
    })()`);
    expect(pageUnderneath).toBe(false);
    expect(await page.evaluate(`getComputedStyle(document.querySelector('[data-testid="locked-overlay"]')).backgroundColor`)).toBe('rgb(240, 242, 245)');
    await shot(page, 'locked-zh.png');
    await page.getByTestId('lock-password').fill('not-the-password');
    await page.getByTestId('lock-submit').click();
    await page.getByTestId('lock-error').waitFor();
    expect(await customer.isVisible()).toBe(false);
    await page.getByTestId('lock-password').fill(DEMO_PASSWORD);
    await page.getByTestId('lock-submit').click();
    await poll(() => customer.isVisible()).toBe(true);
    expect(await note.inputValue()).toBe('锁定前输入的内容');
    await note.fill('');
  });

  it('switches to English', async () => {
    await page.getByTestId('lang-switch').click();
    await poll(() => page.getByTestId('schedule-card').textContent()).toContain('Repayment schedule');
    expect(await page.getByTestId('app-title').textContent()).toBe('Branch Credit Workstation');
    await page.getByTestId('loan-title').scrollIntoViewIfNeeded();
    await shot(page, 'loan-en.png');

    await page.getByTestId('loan-back').click();
    await poll(() => page.getByTestId('page-title').textContent()).toBe('Portfolio');
    await poll(() => gridRows().count(), 20_000).toBeGreaterThan(0);
    expect(await page.locator('.ag-header-cell-text', { hasText: 'Loan no.' }).count()).toBe(1);
    expect(await page.getByTestId('portfolio-total').textContent()).toMatch(/\d+ loans/);
    await shot(page, 'portfolio-en.png');

    // The choice is remembered across a reload.
    await page.reload();
    await poll(() => page.getByTestId('app-title').textContent(), 20_000).toBe('Branch Credit Workstation');
    await page.getByTestId('lang-switch').click();
    await poll(() => page.getByTestId('app-title').textContent()).toBe('网点信贷工作台');
  });

  it('shows the audit check to a supervisor', async () => {
    await page.getByTestId('signout').click();
    await page.getByTestId('signin-username').waitFor();
    await signIn(page, 'supervisor1', DEMO_PASSWORD, { waitForUser: false });
    await page.getByTestId('menu-audit').click();
    const result = page.getByTestId('audit-page');
    await poll(() => result.textContent(), 15_000).toMatch(/审计链完整|审计链异常/);
    expect(await result.textContent()).toContain('审计链完整');
  });
});
