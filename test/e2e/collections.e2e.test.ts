// End to end: collections (催收) in headless Chromium against the dev-web host (real dispatcher,
// services and a fresh SQLite file), in the branch's time zone. A collector works the top of the
// priority queue: a no-answer call logged from the queue in two key presses, a promise to pay, and a
// night-time call the contact rules stop; a supervisor overrides the rule with a written reason, the
// audit log shows it, and the collector then logs the call. The steps build on each other.
import fs from 'node:fs';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInTimeZone } from '../../shared/domain/dates';
import { DEMO_BRANCHES } from '../../shared/demo/generate';
import { E2E_SHOTS, launchChromium, loadDemoBranch, openFirstStart, openPage, poll, shot, signIn, startE2eHost, type E2eHost, signOut as signOutOf } from '../helpers/browser';

const TZ = 'Asia/Shanghai';
// Enough loans that each collector has a queue of several delinquent ones.
const DEMO_LOANS = 300;
const OVERRIDE_REASON = `借款人来电说明白天在医院陪护，约定当晚 22:30 回电 ${Date.now()}`;

let web: E2eHost;
let browser: Browser;
let page: Page;
const signOut = () => signOutOf(page);
let loanId = '';
let loanNo = '';
/** Another of collector1's loans, for the supervisor to reassign. */
let otherLoanId = '';

const today = () => todayInTimeZone(new Date(), TZ);
/** 22:30 yesterday in the branch's zone: in the quiet hours, and not in the future. */
const lateCall = () => `${addDays(today(), -1)} 22:30`;
const lateCallIso = () => new Date(`${addDays(today(), -1)}T22:30:00+08:00`).toISOString();
/** The quiet hours (22:00–08:00) apply to "now" too: a run at night must expect the block. */
function nowIsQuiet(): boolean {
  const hour = Number(new Intl.DateTimeFormat('en-US', { timeZone: TZ, hour: 'numeric', hourCycle: 'h23' }).format(new Date()));
  return hour >= 22 || hour < 8;
}

async function openQueue(): Promise<void> {
  await page.getByTestId('menu-collections').click();
  await poll(() => page.getByTestId('col-grid').getAttribute('data-loaded'), 15_000).toBe('1');
}

/** The loan's collection screen, found through the queue's search. */
async function openLoan(): Promise<void> {
  await openQueue();
  await page.getByTestId('col-search').fill(loanNo);
  await page.getByTestId(`col-row-${loanId}`).click({ timeout: 15_000 });
  await poll(() => page.getByTestId('col-loan').getAttribute('data-loan-id'), 15_000).toBe(loanId);
}

async function setStartedAt(text: string): Promise<void> {
  const input = page.getByTestId('col-started-at');
  await input.click();
  await input.press('ControlOrMeta+a');
  await input.pressSequentially(text);
  await input.press('Enter');
  await poll(() => input.inputValue()).toBe(text);
}

async function chooseOutcome(typed: string, label: string): Promise<void> {
  await page.getByTestId('col-outcome').click();
  await page.keyboard.type(typed);
  await page.locator('.ant-select-item-option:visible', { hasText: label }).first().click();
}

const checkAllowed = () => page.getByTestId('col-check').getAttribute('data-allowed');
const historyOutcomes = () =>
  page.locator('[data-testid^="col-history-row-"]').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-outcome')}@${r.getAttribute('data-started-at')}`));

beforeAll(async () => {
  web = await startE2eHost('bcw-e2e-col-');
  browser = await launchChromium();
  // The branch's wall clock: the start-time picker reads and writes local time. The screen is this
  // file's own 1600×1000 (not the 1440×900 default), the size its screenshots have always been taken at.
  page = await openPage(browser, { viewport: { width: 1600, height: 1000 }, timezoneId: TZ });
});

afterAll(async () => {
  await browser?.close();
  await web?.cleanup();
});

describe('collections (dev web)', () => {
  it("shows the collector's delinquent loans sorted by priority", async () => {
    await openFirstStart(page, web.url);
    await loadDemoBranch(page, DEMO_LOANS);
    await signIn(page, 'collector1');
    await openQueue();
    expect(Number(await page.getByTestId('col-total').getAttribute('data-total'))).toBeGreaterThan(1);

    const rows = await page
      .locator('[data-testid^="col-row-"]')
      .evaluateAll((els) => els.map((e) => ({ id: e.getAttribute('data-testid')?.slice('col-row-'.length) ?? '', index: Number(e.getAttribute('data-index')), score: Number(e.getAttribute('data-score')), no: e.textContent ?? '' })));
    rows.sort((a, b) => a.index - b.index);
    expect(rows.length).toBeGreaterThan(1);
    const [first, second] = rows as [(typeof rows)[number], (typeof rows)[number]];
    expect(first.score).toBeGreaterThanOrEqual(second.score);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1]?.score ?? 0).toBeGreaterThanOrEqual(rows[i]?.score ?? 0);
    loanId = first.id;
    loanNo = first.no;
    otherLoanId = second.id;
    // The score's parts explain the order.
    await page.getByTestId(`col-score-${loanId}`).hover();
    await page.getByTestId(`col-score-parts-${loanId}`).waitFor({ timeout: 5_000 });
    await shot(page, 'collections-queue-zh.png');
  });

  it('logs a no-answer call on the focused row with at most 3 key presses', async () => {
    // Focus the top row with the mouse (on a cell that is not the link), then only keys.
    await page.getByTestId('col-grid').locator('.ag-row[row-index="0"] [col-id="customerName"]').first().click();
    let presses = 0;
    await page.keyboard.press('n');
    presses += 1;
    await poll(() => page.getByTestId('col-quick').getAttribute('data-loan-id')).toBe(loanId);
    if (nowIsQuiet()) {
      // At night the rules refuse even this: Save stays disabled and says why; Enter saves nothing.
      await poll(() => page.getByTestId('col-quick').getAttribute('data-blocked'), 15_000).toBe('1');
      expect(await page.getByTestId('col-quick-save').isDisabled()).toBe(true);
      expect(await page.getByTestId('col-quick-blocked').textContent()).toContain('不能保存');
      await page.keyboard.press('Escape');
      return;
    }
    await poll(() => page.getByTestId('col-quick').getAttribute('data-ready'), 15_000).toBe('1');
    await page.keyboard.press('Enter');
    presses += 1;
    expect(presses).toBeLessThanOrEqual(3);

    const toast = page.locator('.ant-message-notice').first();
    await toast.waitFor({ timeout: 10_000 });
    expect(await toast.textContent()).toContain('无人接听');
    await page.getByTestId('col-quick').waitFor({ state: 'detached', timeout: 10_000 });

    await openLoan();
    await poll(historyOutcomes, 10_000).toEqual(expect.arrayContaining([expect.stringMatching(/^no_answer@/)]));
  });

  it('records a promise to pay and lists it as pending', async () => {
    if ((await page.getByTestId('col-loan').count()) === 0) await openLoan();
    // At night "now" is in the quiet hours; the promise was then taken at noon yesterday.
    if (nowIsQuiet()) await setStartedAt(`${addDays(today(), -1)} 12:00`);
    await chooseOutcome('承诺', '承诺还款');
    await page.getByTestId('col-promise-amount').fill('1500');
    const tomorrow = addDays(today(), 1);
    await page.getByTestId('col-promise-date').click();
    await page.getByTestId('col-promise-date').fill(tomorrow);
    await page.getByTestId('col-promise-date').press('Enter');
    await page.getByTestId('col-note').fill('借款人承诺明日通过手机银行还款');
    await poll(checkAllowed, 10_000).toBe('1');
    // The demo's contact history may already hold promises on this loan: count what this save adds.
    const promisesTomorrow = page.locator(`[data-testid^="col-promise-"][data-status][data-promised-on="${tomorrow}"][data-amount="150000"]`);
    const promisesBefore = await promisesTomorrow.count();
    await page.getByTestId('col-log-save').click();

    // Exactly one more (the promise list is not paged): Enter in the date picker did not save a
    // half-filled entry beside the one saved with the note.
    await poll(() => promisesTomorrow.count(), 15_000).toBe(promisesBefore + 1);
    expect(await promisesTomorrow.last().getAttribute('data-status')).toBe('pending');
    await poll(historyOutcomes).toEqual(expect.arrayContaining([expect.stringMatching(/^promise_to_pay@/)]));
    const saved = page.locator('[data-testid^="col-history-row-"][data-outcome="promise_to_pay"]').filter({ hasText: '手机银行' });
    expect(await saved.count()).toBe(1);
    await shot(page, 'collections-loan-zh.png');
  });

  it('marks a start time in the future on its field and keeps Save disabled until it is corrected', async () => {
    // Ten minutes ahead on the branch's clock (today, so the picker takes it; past 23:50 there is no such time).
    const ahead = new Date(Date.now() + 10 * 60_000);
    const aheadDay = todayInTimeZone(ahead, TZ);
    if (aheadDay !== today()) return;
    const hm = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ahead);
    await setStartedAt(`${aheadDay} ${hm}`);
    const fieldError = page.locator('.ant-form-item', { has: page.getByTestId('col-started-at') }).locator('.ant-form-item-explain-error');
    await poll(() => fieldError.textContent(), 10_000).toBe('联系时间不能晚于当前时间');
    expect(await page.getByTestId('col-log-save').isDisabled()).toBe(true);
    expect(await page.getByTestId('col-save-blocked').textContent()).toContain('更正标出的字段');
    // Corrected, the mark goes and saving is possible again.
    await setStartedAt(`${addDays(today(), -1)} 12:00`);
    await poll(() => fieldError.count(), 10_000).toBe(0);
    await poll(checkAllowed, 10_000).toBe('1');
    expect(await page.getByTestId('col-log-save').isDisabled()).toBe(false);
  });

  it('blocks a call at 22:30 with the quiet-hours reason', async () => {
    await setStartedAt(lateCall());
    await chooseOutcome('无人', '无人接听');
    await poll(checkAllowed, 10_000).toBe('0');
    const reason = page.getByTestId('col-block-reason-quiet_hours');
    await reason.waitFor({ timeout: 10_000 });
    expect(await reason.textContent()).toContain('22:00');
    expect(await page.getByTestId('col-log-save').isDisabled()).toBe(true);
    // A collector cannot override.
    expect(await page.getByTestId('col-override').count()).toBe(0);
    await shot(page, 'collections-blocked-zh.png');
  });

  it('prints the reminder letter when the loan is far enough behind', async () => {
    const button = page.getByTestId('col-letter-reminder');
    if (await button.isDisabled()) return; // the top loan is in M1: no letter yet, nothing to print
    await button.click();
    await poll(() => page.getByTestId('col-letter').getAttribute('data-ready'), 15_000).toBe('1');
    expect(await page.getByTestId('app-title').count()).toBe(0);
    // The branch's contact line from its row (collector1 works at B001), a place for the seal, and the
    // promise to pay recorded above: its amount and date.
    const branch = DEMO_BRANCHES.find((b) => b.code === 'B001')!;
    const contact = (await page.getByTestId('col-letter-contact').textContent()) ?? '';
    expect(contact).toContain(branch.phone);
    expect(contact).toContain(branch.address);
    expect(await page.getByTestId('col-letter-no-contact').count()).toBe(0);
    const seal = page.getByTestId('col-letter-seal');
    expect(await seal.textContent()).toBe('（盖章）');
    expect((await seal.boundingBox())?.height ?? 0).toBeGreaterThan(80);
    const [y, m, d] = addDays(today(), 1).split('-').map(Number);
    const promise = (await page.getByTestId('col-letter-promise').textContent()) ?? '';
    expect(promise).toContain('1,500.00 元');
    expect(promise).toContain(`${y}年${m}月${d}日`);
    await shot(page, 'collections-letter-zh.png', { keepToasts: true, fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    fs.writeFileSync(path.join(E2E_SHOTS, 'collections-letter.pdf'), pdf);
    const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: true, isEvalSupported: false }).promise;
    let text = '';
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      text += content.items.map((i) => ('str' in i ? i.str : '')).join('');
    }
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('催收通知函');
    expect(flat).toContain(loanNo);
    expect(flat).toContain(branch.phone.replace(/\s+/g, ''));
    expect(flat).toContain('1,500.00元');
    await page.getByTestId('col-letter-back').click();
    await page.getByTestId('col-loan').waitFor({ timeout: 10_000 });
  });

  it('a supervisor overrides the rule with a written reason, and the audit log shows it', async () => {
    await signOut();
    await signIn(page, 'supervisor1');
    await openLoan();
    await setStartedAt(lateCall());
    await poll(checkAllowed, 10_000).toBe('0');
    await page.getByTestId('col-override').click();
    await page.getByTestId('col-override-reason').fill('太短');
    await page.getByTestId('col-override-save').click();
    await page.getByText('特批理由至少 5 个字').waitFor({ timeout: 5_000 });
    await page.getByTestId('col-override-reason').fill(OVERRIDE_REASON);
    await page.getByTestId('col-override-save').click();
    await poll(checkAllowed, 15_000).toBe('1');
    expect(await page.getByTestId('col-block-reason-quiet_hours').getAttribute('data-overridden')).toBe('1');
    await poll(() => page.getByTestId('col-overrides').textContent()).toContain(OVERRIDE_REASON);
    await shot(page, 'collections-override-zh.png');

    await page.getByTestId('menu-audit').click();
    const row = page.locator('[data-testid^="audit-row-"][data-action="policyOverride.grant"]').first();
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain(OVERRIDE_REASON);
    await shot(page, 'collections-audit-zh.png');

    await page.getByTestId('menu-collections-kpi').click();
    await poll(() => page.getByTestId('col-kpi-grid').getAttribute('data-rows'), 15_000).not.toBe('');
    await page.getByTestId('col-kpi-chart').waitFor({ timeout: 10_000 });
    await shot(page, 'collections-kpi-zh.png');
  });

  it('the collector then logs the 22:30 call', async () => {
    await signOut();
    await signIn(page, 'collector1');
    await openLoan();
    await setStartedAt(lateCall());
    await chooseOutcome('无人', '无人接听');
    await poll(checkAllowed, 10_000).toBe('1');
    await page.getByTestId('col-log-save').click();
    await poll(historyOutcomes, 15_000).toContain(`no_answer@${lateCallIso()}`);
  });

  it('corrects that entry: the original stays, struck through', async () => {
    const original = page.locator(`[data-testid^="col-history-row-"][data-outcome="no_answer"][data-started-at="${lateCallIso()}"]`);
    const originalId = ((await original.getAttribute('data-testid')) ?? '').slice('col-history-row-'.length);
    await page.getByTestId(`col-history-correct-${originalId}`).click();
    await poll(() => page.getByTestId('col-form').getAttribute('data-correcting')).toBe(originalId);
    await poll(() => page.getByTestId('col-started-at').inputValue()).toBe(lateCall());
    await chooseOutcome('占线', '占线');
    await poll(checkAllowed, 10_000).toBe('1');
    await page.getByTestId('col-log-save').click();
    await poll(historyOutcomes, 15_000).toContain(`busy@${lateCallIso()}`);
    expect(await page.getByTestId(`col-history-row-${originalId}`).getAttribute('data-corrected')).toBe('1');
    await page.getByTestId(`col-history-corrected-${originalId}`).waitFor();
  });

  it('a supervisor clears a dispute hold and reassigns a loan', async () => {
    await signOut();
    await signIn(page, 'supervisor1');
    await openLoan();
    // The 22:30 override still stands, so the dispute can be recorded at that time whatever the hour now.
    await setStartedAt(lateCall());
    await chooseOutcome('异议', '对债务提出异议');
    await poll(checkAllowed, 10_000).toBe('1');
    await page.getByTestId('col-log-save').click();
    await poll(() => page.getByTestId('col-hold').getAttribute('data-code'), 15_000).toBe('dispute');
    // The quick log on the held loan: refused, so Save is disabled with the reason, and the full form is one click away.
    await openQueue();
    await page.getByTestId('col-grid').locator(`.ag-row[row-id="${loanId}"] [col-id="customerName"]`).first().click({ timeout: 15_000 });
    await page.keyboard.press('n');
    await poll(() => page.getByTestId('col-quick').getAttribute('data-blocked'), 15_000).toBe('1');
    expect(await page.getByTestId('col-quick-save').isDisabled()).toBe(true);
    expect(await page.getByTestId('col-quick-blocked').textContent()).toContain('不能保存');
    await page.getByTestId('col-quick-full').click();
    await poll(() => page.getByTestId('col-loan').getAttribute('data-loan-id'), 15_000).toBe(loanId);
    await setStartedAt(lateCall());
    await page.getByTestId('col-block-reason-dispute_hold').waitFor({ timeout: 10_000 });
    await page.getByTestId('col-hold-clear').click();
    expect(await page.getByTestId('col-hold-save').isDisabled()).toBe(true);
    await page.getByTestId('col-hold-reason').fill('异议已核实：借款人确认欠款金额无误');
    await page.getByTestId('col-hold-save').click();
    await page.getByTestId('col-hold').waitFor({ state: 'detached', timeout: 15_000 });

    await openQueue();
    // The queue kept the search that found the loan; the whole branch is wanted now.
    await page.getByTestId('col-search').fill('');
    await page.getByTestId('col-assign-mode').click();
    const row = page.getByTestId('col-grid').locator(`.ag-row[row-id="${otherLoanId}"]`);
    await row.first().waitFor({ timeout: 15_000 });
    await row.locator('input[type="checkbox"]').first().check();
    await poll(() => page.getByTestId('col-assign-count').getAttribute('data-count')).toBe('1');
    await page.getByTestId('col-assign-agent').click();
    await page.locator('.ant-select-item-option:visible', { hasText: '黄伟' }).first().click();
    await page.getByTestId('col-assign').click();
    await page.getByTestId('col-assign-save').click();
    await poll(() => row.locator('[col-id="collector"]').first().textContent(), 15_000).toBe('黄伟');
  });

  it('a late call goes ahead on a consent recorded on the customer, never on a box ticked on the call', async () => {
    // The other loan: no override stands there. The supervisor is still signed in.
    await page.evaluate(`window.location.hash = ${JSON.stringify(`#/collections/${otherLoanId}`)}`);
    await poll(() => page.getByTestId('col-loan').getAttribute('data-loan-id'), 15_000).toBe(otherLoanId);
    expect(await page.getByTestId('col-consent').count()).toBe(0);
    await setStartedAt(lateCall());
    await chooseOutcome('无人', '无人接听');
    await poll(checkAllowed, 10_000).toBe('0');
    await page.getByTestId('col-block-reason-quiet_hours').waitFor({ timeout: 10_000 });

    await page.getByTestId('col-consent-add').click();
    await page.getByTestId('col-consent-via').click();
    await page.locator('.ant-select-item-option:visible', { hasText: '通话录音' }).first().click();
    // Given three days ago (the call was last night: a consent given today would not cover it).
    await page.getByTestId('col-consent-given-on').click();
    await page.getByTestId('col-consent-given-on').fill(addDays(today(), -3));
    await page.getByTestId('col-consent-given-on').press('Enter');
    const until = addDays(today(), 90);
    await page.getByTestId('col-consent-until').click();
    await page.getByTestId('col-consent-until').fill(until);
    await page.getByTestId('col-consent-until').press('Enter');
    await page.getByTestId('col-consent-note').fill('通话录音：客户上夜班，同意晚间联系');
    await page.getByTestId('col-consent-save').click();
    const active = page.locator('[data-testid^="col-consent-row-"][data-state="active"]');
    await active.first().waitFor({ timeout: 15_000 });
    expect(await active.first().textContent()).toContain(until);

    // The same 22:30 call, judged again: allowed, and the check names the consent that allows it.
    await poll(checkAllowed, 15_000).toBe('1');
    expect(await page.getByTestId('col-check-consent').textContent()).toContain(until);
    await shot(page, 'collections-consent-zh.png');
    await page.getByTestId('col-log-save').click();
    await poll(historyOutcomes, 15_000).toContain(`no_answer@${lateCallIso()}`);
  });
});

