// Two workstations of one branch against a real head office, in headless Chromium: both enroll with
// one-time codes, a note made on A reaches head office and then B, and a collector reassignment made
// at head office reaches A's open loan page without a reload.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reassignLoan } from '../../server/admin';
import { startDevWeb } from '../../devweb/host';
import { startHeadOffice, STAFF_PASSWORD, type HeadOffice } from '../helpers/headOffice';
import { tempDir } from '../helpers/fixtures';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DIST = path.join(ROOT, 'dist-web');
const SHOTS = path.join(ROOT, 'test-results');
const NOTE = `已上门核实经营情况 ${Date.now()}`;

type Host = Awaited<ReturnType<typeof startDevWeb>>;
let ho: HeadOffice;
let browser: Browser;
const hosts: Host[] = [];
const pages: Page[] = [];

function poll<T>(fn: () => Promise<T> | T, timeout = 15_000) {
  return expect.poll(fn, { timeout, interval: 150 });
}

async function enrollAndSignIn(page: Page, host: Host, deviceName: string): Promise<void> {
  await page.goto(host.url);
  await page.getByTestId('enroll-card').waitFor({ timeout: 20_000 });
  await page.getByTestId('enroll-server-url').fill(ho.url);
  await page.getByTestId('enroll-code').fill(await ho.enrollCode('B001'));
  await page.getByTestId('enroll-device-name').fill(deviceName);
  await page.getByTestId('enroll-submit').click();
  await page.getByTestId('signin-username').waitFor({ timeout: 30_000 });
  await page.getByTestId('signin-username').fill('officer1');
  await page.getByTestId('signin-password').fill(STAFF_PASSWORD);
  await page.getByTestId('signin-password').press('Enter');
  await page.getByTestId('user-name').waitFor({ timeout: 15_000 });
}

async function openLoan(page: Page): Promise<void> {
  const cell = page.locator('[data-testid="portfolio-grid"] [data-testid="loan-no"]', { hasText: 'LN-A-0001' });
  await cell.waitFor({ timeout: 15_000 });
  await cell.dblclick();
  await page.getByTestId('loan-title').waitFor();
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) throw new Error('dist-web/ is missing: run `npm run build:web` first');
  fs.mkdirSync(SHOTS, { recursive: true });
  ho = await startHeadOffice('pglite');
  for (let i = 0; i < 2; i++) hosts.push(await startDevWeb({ port: 0, dataDir: tempDir(`bcw-ws${i}-`), staticDir: DIST }));
  browser = await chromium.launch({
    executablePath: process.env['CHROME_PATH'] ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
  for (let i = 0; i < 2; i++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`[pageerror ws${i}]`, err.message));
    pages.push(page);
  }
});

afterAll(async () => {
  await browser?.close();
  for (const h of hosts) await h.close();
  await ho?.close();
});

describe('two workstations and head office', () => {
  it('enrolls both workstations of the branch and downloads its portfolio', async () => {
    await enrollAndSignIn(pages[0]!, hosts[0]!, '城东支行-柜台一');
    await enrollAndSignIn(pages[1]!, hosts[1]!, '城东支行-柜台二');
    for (const page of pages) {
      await poll(() => page.getByTestId('sync-status').getAttribute('data-online')).toBe('true');
      await openLoan(page);
    }
  });

  it('carries a note made on A to head office and on to B', async () => {
    const [a, b] = pages as [Page, Page];
    await a.getByTestId('note-input').fill(NOTE);
    await a.getByTestId('note-submit').click();
    await poll(() => a.getByTestId('notes-list').textContent()).toContain(NOTE);
    // The sync loop notices the new outbox entry by itself and pushes it.
    await poll(async () => (await ho.db.query('SELECT 1 FROM loan_notes WHERE body = $1', [NOTE])).length, 20_000).toBe(1);
    await poll(() => a.getByTestId('sync-status').getAttribute('data-pending')).toBe('0');
    await b.getByTestId('sync-now').click();
    await poll(() => b.getByTestId('notes-list').textContent(), 20_000).toContain(NOTE);
    await b.screenshot({ path: path.join(SHOTS, 'headoffice-note-on-b.png') });
  });

  it('shows a head-office reassignment on A without a reload', async () => {
    const a = pages[0]!;
    await poll(() => a.getByTestId('loan-terms').textContent()).toContain('collector1');
    await reassignLoan(ho.db, { loanId: ho.loanA, collectorId: ho.users['collector3']! });
    await a.getByTestId('sync-now').click();
    await poll(() => a.getByTestId('loan-terms').textContent(), 20_000).toContain('collector3');
    await a.screenshot({ path: path.join(SHOTS, 'headoffice-reassigned-on-a.png') });
  });
});
