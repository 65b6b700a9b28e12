// Two workstations of one branch against a real head office, in headless Chromium: both enroll with
// one-time codes, a note made on A reaches head office and then B, a collector reassignment made at
// head office reaches A's open loan page without a reload, and a due-diligence case opened and
// answered on A reaches head office and then B's case list and editor.
// Head office is PGlite in memory, or a fresh schema of TEST_DATABASE_URL when that is set, serving
// HTTPS with a throwaway certificate; each workstation is given its pin at enrollment, as a branch is.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_TEMPLATES } from '../../db/seeds/templates';
import { reassignLoan } from '../../server/admin';
import { publishVersion } from '../../server/publish';
import { fillNewConsumerCase, launchChromium, openPage, poller, requireBuiltWeb, shot, signIn, startE2eHost, type E2eHost } from '../helpers/browser';
import { startHeadOffice, STAFF_PASSWORD, type HeadOffice } from '../helpers/headOffice';

const NOTE = `已上门核实经营情况 ${Date.now()}`;
/** The due-diligence answers made on A: a yes/no and a number (stored at head office as {"v": …}). */
const DD_AGE = 35;

let ho: HeadOffice;
let browser: Browser;
const hosts: E2eHost[] = [];
const pages: Page[] = [];

/** Slower than the other files' poll: changes here travel through head office and a sync round. */
const poll = poller({ timeout: 15_000, interval: 150 });

async function enrollAndSignIn(page: Page, host: E2eHost, deviceName: string): Promise<void> {
  await page.goto(host.url);
  await page.getByTestId('enroll-card').waitFor({ timeout: 20_000 });
  await page.getByTestId('enroll-server-url').fill(ho.url);
  await page.getByTestId('enroll-code').fill(await ho.enrollCode('B001'));
  await page.getByTestId('enroll-pin').fill(ho.pin ?? '');
  await page.getByTestId('enroll-device-name').fill(deviceName);
  await page.getByTestId('enroll-submit').click();
  await page.getByTestId('signin-username').waitFor({ timeout: 30_000 });
  await signIn(page, 'officer1', STAFF_PASSWORD);
  // Sign-in lands on the officer's workbench; these steps start from the portfolio.
  await page.getByTestId('menu-portfolio').click();
}

async function ddSaved(page: Page, key: string): Promise<void> {
  await poll(() => page.getByTestId(`dd-saved-${key}`).getAttribute('data-state').catch(() => null)).toBe('saved');
}

async function openLoan(page: Page): Promise<void> {
  const cell = page.locator('[data-testid="portfolio-grid"] [data-testid="loan-no"]', { hasText: 'LN-A-0001' });
  await cell.waitFor({ timeout: 15_000 });
  await cell.dblclick();
  await page.getByTestId('loan-title').waitFor();
}

beforeAll(async () => {
  requireBuiltWeb(); // before head office starts, which takes a while
  ho = await startHeadOffice(process.env['TEST_DATABASE_URL'] ? 'postgres' : 'pglite');
  expect(ho.url).toMatch(/^https:/);
  // startHeadOffice does not go through seedDemo: publish the shipped checklists before anyone enrolls.
  for (const t of SHIPPED_TEMPLATES) await publishVersion(ho.db, 'template', t);
  for (let i = 0; i < 2; i++) hosts.push(await startE2eHost(`bcw-ws${i}-`));
  browser = await launchChromium();
  // One page a workstation, named in the error log.
  for (let i = 0; i < 2; i++) pages.push(await openPage(browser, { label: `ws${i}` }));
});

afterAll(async () => {
  await browser?.close();
  for (const h of hosts) await h.cleanup();
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
    // The header's pending count is refreshed by a 15 s poll: give it more than one period.
    await poll(() => a.getByTestId('sync-status').getAttribute('data-pending'), 20_000).toBe('0');
    await b.getByTestId('sync-now').click();
    await poll(() => b.getByTestId('notes-list').textContent(), 20_000).toContain(NOTE);
    await shot(b, 'headoffice-note-on-b.png', { keepToasts: true });
  });

  it('shows a head-office reassignment on A without a reload', async () => {
    const a = pages[0]!;
    await poll(() => a.getByTestId('loan-terms').textContent()).toContain('collector1');
    await reassignLoan(ho.db, { loanId: ho.loanA, collectorId: ho.users['collector3']! });
    await a.getByTestId('sync-now').click();
    await poll(() => a.getByTestId('loan-terms').textContent(), 20_000).toContain('collector3');
    await shot(a, 'headoffice-reassigned-on-a.png', { keepToasts: true });
  });

  // After the reassignment test, which needs A still on the loan page it opened first.
  it('carries a due-diligence case answered on A to head office and on to B', async () => {
    const [a, b] = pages as [Page, Page];
    await a.getByTestId('menu-dd').click();
    await a.getByTestId('dd-new').click();
    await a.getByTestId('dd-new-page').waitFor();
    expect(new URL(a.url()).hash).toBe('#/dd/new');
    await fillNewConsumerCase(a, 'C0001');
    await a.getByTestId('dd-open').click();
    await a.getByTestId('dd-editor').waitFor({ timeout: 15_000 });
    const caseId = (await a.getByTestId('dd-case').getAttribute('data-case-id')) ?? '';
    expect(caseId).toMatch(/^[0-9a-f-]{36}$/);

    await a.getByTestId('dd-input-id_verified-yes').click();
    await ddSaved(a, 'id_verified');
    await a.getByTestId('dd-input-applicant_age').fill(String(DD_AGE));
    await a.getByTestId('dd-input-applicant_age').blur();
    await ddSaved(a, 'applicant_age');

    // The sync loop pushes the case and its answers by itself.
    const templateId = (await ho.db.query<{ id: string }>("SELECT id FROM form_templates WHERE code = 'dd_personal_consumer'"))[0]?.id;
    await poll(async () => (await ho.db.query('SELECT branch_id, status, officer_id, template_id FROM dd_cases WHERE id = $1', [caseId]))[0], 20_000).toEqual({
      branch_id: ho.branchA,
      status: 'draft',
      officer_id: ho.users['officer1'],
      template_id: templateId,
    });
    const hoAnswers = () =>
      ho.db.query("SELECT item_key, value FROM form_responses WHERE owner_type = 'dd_case' AND owner_id = $1 ORDER BY item_key", [caseId]);
    await poll(hoAnswers, 20_000).toEqual([
      { item_key: 'applicant_age', value: { v: DD_AGE } },
      { item_key: 'id_verified', value: { v: 'yes' } },
    ]);
    // The header's count is refreshed by a 15 s poll; "sync now" answers with the status at once.
    await a.getByTestId('sync-now').click();
    await poll(() => a.getByTestId('sync-status').getAttribute('data-pending')).toBe('0');
    expect(await a.getByTestId('sync-status').getAttribute('data-rejected')).toBe('0');

    // B (officer1 signed in since enrolment) has its case list open when it syncs: the row appears.
    await b.getByTestId('menu-dd').click();
    await b.getByTestId('dd-grid').waitFor({ timeout: 15_000 });
    await b.getByTestId('sync-now').click();
    const row = b.getByTestId(`dd-row-${caseId}`);
    await row.waitFor({ timeout: 20_000 });
    await row.click();
    await b.getByTestId('dd-editor').waitFor({ timeout: 15_000 });
    expect(await b.getByTestId('dd-case').getAttribute('data-case-id')).toBe(caseId);
    await poll(() => b.getByTestId('dd-input-id_verified-yes').isChecked()).toBe(true);
    expect(await b.getByTestId('dd-input-id_verified-no').isChecked()).toBe(false);
    await poll(() => b.getByTestId('dd-input-applicant_age').inputValue()).toBe(String(DD_AGE));
    // Let the "sync done" toast go first, so the screenshot shows the case page only.
    await shot(b, 'headoffice-dd-B.png');
  });

  // After the case test, which leaves B in the case's editor.
  it('states and checks the attachment limit head office publishes, after the next sync', async () => {
    const b = pages[1]!;
    const hint = b.getByTestId('dd-file-hint').first();
    await poll(() => hint.textContent()).toContain('20 MB');
    await publishVersion(ho.db, 'policy', { code: 'dd', body: { maxAttachmentBytes: 1024 * 1024 } });
    await b.getByTestId('sync-now').click();
    await poll(() => hint.textContent(), 20_000).toContain('1 MB');
    const input = b.locator('input[type=file][data-testid="dd-file-id_scan"], [data-testid="dd-file-id_scan"] input[type=file]').first();
    await input.setInputFiles({ name: 'scan-2mb.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(2 * 1024 * 1024, 0xff) });
    await poll(() => b.locator('.ant-message').textContent(), 10_000).toContain('scan-2mb.jpg');
    expect(await b.locator('.ant-message').textContent()).toContain('1 MB');
    expect(await b.getByTestId('dd-attachment-id_scan').count()).toBe(0);
  });
});
