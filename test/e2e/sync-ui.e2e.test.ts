// End to end, without a head-office server: the sync parts of the UI in headless Chromium against the
// dev-web host (real dispatcher, services, sync controller and SQLite file).
// - Enrollment is pointed at a tiny stand-in that answers slowly and refuses the code, so the spinner,
//   the service's localized message and the kept inputs can be seen; the workstation stays unenrolled.
// - The sync inbox gets a real outbox entry (a note typed in the UI) that is then marked rejected with the
//   sync client's own SQL, plus a conflict of a mutation the UI has no words for.
// - "Sync now" runs a real round against a stand-in that stalls and then fails, so the running state and
//   the last error show; the clock skew and last success come from the sync state the client keeps.
import http from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStore } from '../../db/local/store';
import { openTestStore } from '../helpers/fixtures';
import { recordPushResults } from '../../db/local/syncStore';
import { setSyncValue } from '../../db/local/syncState';
import { DATABASE_FILE_NAME } from '../../main/services/bootstrap';
import { launchChromium, loadDemoBranch, openPage, poll, shot, signIn, startE2eHost, type E2eHost } from '../helpers/browser';

const STALL_MS = 1_500;

let web: E2eHost;
let standIn: http.Server;
let standInUrl: string;
let browser: Browser;
let page: Page;
let officerId = '';
const note = `客户称已还款，请核实 ${Date.now()}`;

/** Writes to the workstation's SQLite file beside the running host, as the sync client would. */
function withStore<T>(fn: (store: LocalStore) => T): T {
  const store = openTestStore(path.join(web.dataDir, DATABASE_FILE_NAME));
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

/**
 * The screenshots here are taken at once, without waiting for toasts to go: the running enrollment
 * is on screen for STALL_MS only. The one that wants the toast gone says so.
 */
const syncShot = (name: string) => shot(page, name, { keepToasts: true });

const status = () => page.getByTestId('sync-status');
const issueRows = () => page.locator('[data-testid="sync-inbox-table"] tr[data-testid="sync-issue-row"]');

beforeAll(async () => {
  web = await startE2eHost('bcw-e2e-sync-');
  // Not head office: every request waits a moment and fails (400 for enrollment, 503 for sync).
  standIn = http.createServer((req, res) => {
    req.resume();
    setTimeout(() => {
      res.writeHead(req.url === '/enroll' ? 400 : 503, { 'content-type': 'text/plain' });
      res.end(req.url === '/enroll' ? 'unknown enrollment code' : 'maintenance');
    }, STALL_MS);
  });
  await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
  const address = standIn.address();
  standInUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  browser = await launchChromium();
  page = await openPage(browser);
});

afterAll(async () => {
  await browser?.close();
  await web?.cleanup();
  await new Promise<void>((resolve) => (standIn ? standIn.close(() => resolve()) : resolve()));
});

describe('sync UI (dev web, no head office)', () => {
  it('offers enrollment on first start, checks the inputs and keeps them when head office refuses', async () => {
    await page.goto(web.url);
    await page.getByTestId('enroll-card').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('enroll-server-url').inputValue()).toBe('http://127.0.0.1:8787');
    expect(await page.getByTestId('enroll-device-name').inputValue()).toBe('网点工作站');

    // Checked before anything is sent.
    await page.getByTestId('enroll-submit').click();
    await poll(() => page.getByTestId('enroll-card').textContent()).toContain('请输入注册码');

    await page.getByTestId('enroll-server-url').fill(standInUrl);
    await page.getByTestId('enroll-code').fill('ABC-123-XYZ');
    await page.getByTestId('enroll-device-name').fill('柜台 3 号机');
    await page.getByTestId('enroll-code').press('Enter');
    await page.getByTestId('enroll-progress').waitFor({ timeout: 5_000 });
    expect(await page.getByTestId('enroll-progress').textContent()).toContain('首次下载');
    await syncShot('enroll-running-zh.png');

    const error = page.getByTestId('enroll-error');
    await error.waitFor({ timeout: 15_000 });
    expect(await error.textContent()).toContain('注册失败');
    expect(await error.textContent()).toContain('注册码无效或已过期'); // the service's own words, in Chinese
    expect(await page.getByTestId('enroll-server-url').inputValue()).toBe(standInUrl);
    expect(await page.getByTestId('enroll-code').inputValue()).toBe('ABC-123-XYZ');
    expect(await page.getByTestId('enroll-device-name').inputValue()).toBe('柜台 3 号机');
    // Not enrolled: the demo is still offered.
    expect(await page.getByTestId('demo-load').isEnabled()).toBe(true);
    await page.getByTestId('enroll-card').scrollIntoViewIfNeeded();
    await syncShot('enroll-failed-zh.png');
  });

  it('drops the enrollment card once the demo branch is loaded', async () => {
    // Stays on the first-start page until the card's absence is checked.
    await loadDemoBranch(page, 200, { timeout: 60_000, goToSignIn: false });
    expect(await page.getByTestId('enroll-card').count()).toBe(0);
    await page.getByTestId('demo-go-signin').click();
    await signIn(page, 'officer1');
  });

  it('shows an empty inbox and an unconfigured header to an officer', async () => {
    // No head office: the header says it is a demo, and counts nothing as waiting to sync.
    await poll(() => status().textContent()).toBe('演示工作站 · 未连接总行');
    expect(await status().getAttribute('data-demo')).toBe('true');
    expect(await page.getByTestId('sync-now').count()).toBe(0);
    await page.getByTestId('menu-sync-inbox').click();
    await poll(() => page.getByTestId('sync-inbox-title').textContent()).toBe('同步收件箱');
    expect(page.url()).toContain('#/sync-inbox');
    await poll(() => page.getByTestId('sync-inbox-table').textContent()).toContain('没有被拒绝或冲突的操作');
    expect(await page.getByTestId('sync-inbox-page').textContent()).toContain('只显示您本人');
  });

  it('lists a rejected note and a conflict, with everything that was entered', async () => {
    await page.getByTestId('menu-portfolio').click();
    const firstLoan = page.locator('[data-testid="portfolio-grid"] [data-testid="loan-no"]').first();
    await firstLoan.waitFor({ timeout: 20_000 });
    await firstLoan.dblclick();
    await page.getByTestId('note-input').fill(note);
    await page.getByTestId('note-submit').click();
    await poll(() => status().getAttribute('data-pending')).toBe('1');

    withStore((store) =>
      store.transaction((w) => {
        const row = w.sql.prepare("SELECT seq, mutation_id AS mutationId, user_id AS userId FROM outbox WHERE status = 'pending'").get() as {
          seq: number;
          mutationId: string;
          userId: string;
        };
        officerId = row.userId;
        const now = new Date().toISOString();
        recordPushResults(w, [{ seq: row.seq, mutationId: row.mutationId, status: 'rejected', reason: { code: 'loan_moved', message: '该贷款已移交其他支行' } }], now);
        // A later mutation this build has no words for still shows, by its raw name.
        w.sql
          .prepare('INSERT INTO sync_issues (id, mutation_id, kind, reason, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(
            'issue-e2e-conflict',
            'e2e-conflict',
            'conflict',
            JSON.stringify({ code: 'field_conflict', message: '联系电话已被总行更新' }),
            JSON.stringify({ name: 'customer.updatePhone@2', args: { phone: '13800000000' }, userId: row.userId }),
            now,
          );
      }),
    );

    await page.reload();
    await poll(() => status().getAttribute('data-rejected'), 20_000).toBe('1');
    await poll(() => page.getByTestId('menu-sync-inbox').getAttribute('data-count')).toBe('2');
    await page.getByTestId('sync-rejected').click();
    await poll(() => page.getByTestId('sync-inbox-title').textContent()).toBe('同步收件箱');
    await poll(() => issueRows().count()).toBe(2);

    const table = page.getByTestId('sync-inbox-table');
    const text = (await table.textContent()) ?? '';
    for (const words of ['被拒绝', '冲突', '添加贷款备注', '该贷款已移交其他支行', 'customer.updatePhone@2', '联系电话已被总行更新']) {
      expect(text).toContain(words);
    }
    expect(await table.locator('th', { hasText: '用户' }).count()).toBe(0); // an officer sees only their own

    await issueRows().filter({ hasText: '添加贷款备注' }).click();
    const args = page.getByTestId('sync-issue-args');
    await args.waitFor();
    const shown = JSON.parse((await args.textContent()) ?? '{}') as { body?: string };
    expect(shown.body).toBe(note);
    await syncShot('sync-inbox-zh.png');
  });

  it('shows the last sync, clock skew and a failing "sync now" in the header', async () => {
    withStore((store) =>
      store.transaction((w) => {
        setSyncValue(w, 'server_url', standInUrl);
        setSyncValue(w, 'last_success_at', new Date(Date.now() - 2 * 60_000).toISOString());
        setSyncValue(w, 'server_skew_ms', String(-10 * 60_000));
      }),
    );
    await page.reload();
    await page.getByTestId('sync-now').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('sync-last').textContent()).toContain('2 分钟前同步');
    // Below 1600 px the minutes are in the tooltip; the warning never blocks anything.
    expect(await page.getByTestId('sync-skew').textContent()).toContain('时钟偏差');
    await page.getByTestId('sync-skew').focus();
    await poll(() => page.locator('.ant-tooltip', { hasText: '快约 10 分钟' }).count()).toBeGreaterThan(0);
    await page.getByTestId('sync-skew').blur();

    await page.getByTestId('sync-now').click();
    await poll(() => status().getAttribute('data-running')).toBe('true');
    expect(await page.getByTestId('sync-progress').textContent()).toContain('正在同步');
    await poll(() => status().getAttribute('data-running'), 15_000).toBe('false');
    await shot(page, 'sync-header-zh.png'); // after the "sync failed" toast has gone
    await page.getByTestId('sync-online').hover();
    await poll(() => page.getByTestId('sync-tip').textContent()).toContain('最近一次错误');
  });

  it('shows everyone\'s issues to a supervisor, in English too', async () => {
    await page.getByTestId('signout').click();
    await page.getByTestId('signin-username').waitFor();
    await signIn(page, 'supervisor1');
    await page.getByTestId('menu-sync-inbox').click();
    await poll(() => issueRows().count()).toBe(2);
    const table = page.getByTestId('sync-inbox-table');
    expect(await table.locator('th', { hasText: '用户' }).count()).toBe(1);
    expect(await table.textContent()).toContain(officerId.slice(0, 8));

    await page.getByTestId('lang-switch').click();
    await poll(() => page.getByTestId('sync-inbox-title').textContent()).toBe('Sync inbox');
    const text = (await table.textContent()) ?? '';
    for (const words of ['Rejected', 'Conflict', 'Add loan note', 'customer.updatePhone@2']) expect(text).toContain(words);
    expect(await status().textContent()).toMatch(/Online|Offline/);
    expect(await page.getByTestId('sync-now').getAttribute('aria-label')).toBe('Sync now');
    await syncShot('sync-inbox-en.png');
    await page.getByTestId('lang-switch').click();
  });
});
