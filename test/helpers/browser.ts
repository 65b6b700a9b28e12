// The set-up the e2e files share: the built renderer (dist-web) served by the dev-web host on a loopback
// port over a fresh data dir, driven in Debian's Chromium through playwright-core. Each file keeps its
// own steps; what differs between files on purpose (viewport, time zone, poll timing, whether a
// sign-in waits for the app) is a parameter here, so that a file says what it needs and not how.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { startDevWeb } from '../../devweb/host';
import { tempDir } from './fixtures';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The renderer as `npm run build:web` leaves it: the e2e tests drive the build, not the sources. */
const E2E_DIST = path.join(ROOT, 'dist-web');
/** Screenshots and printed PDFs, kept for a person to look at after the run. */
export const E2E_SHOTS = path.join(ROOT, 'test-results');
/** The password of every user the demo branch loads. */
export const DEMO_PASSWORD = 'demo1234';

/**
 * Chromium's switches for a quiet, repeatable run: no sandbox (containers), no GPU, and nothing that
 * reaches out on its own (updates, sync, QUIC), so the only traffic is the page's own to the loopback
 * host. No --user-data-dir: `chromium.launch` gives each launch a fresh temp profile of its own, so
 * nothing (cookies, storage, language) carries over from one file or run to the next.
 */
const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export type DevWebHost = Awaited<ReturnType<typeof startDevWeb>>;

/** The system Chromium (CHROME_PATH overrides it): playwright-core downloads no browser of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env['CHROME_PATH'] ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS] });
}

export interface OpenPageOptions {
  /** 1440×900 unless given: a branch desktop's screen. */
  viewport?: { width: number; height: number };
  /** The browser's wall clock, for pages that read or write local time. */
  timezoneId?: string;
  acceptDownloads?: boolean;
  /** Names the page in the error log when a file drives more than one. */
  label?: string;
}

/** A page in a context of its own, in Chinese, whose errors are logged to the test's output. */
export async function openPage(browser: Browser, opts: OpenPageOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1440, height: 900 },
    locale: 'zh-CN',
    ...(opts.timezoneId === undefined ? {} : { timezoneId: opts.timezoneId }),
    ...(opts.acceptDownloads === undefined ? {} : { acceptDownloads: opts.acceptDownloads }),
  });
  const page = await context.newPage();
  const tag = (kind: string) => (opts.label ? `[${kind} ${opts.label}]` : `[${kind}]`);
  // A page error (e.g. a CSP violation stopping a script) would otherwise only show up as a timeout.
  page.on('pageerror', (err) => console.error(tag('pageerror'), err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') console.error(tag('console'), msg.text());
  });
  return page;
}

/** Fails at once, with the fix, when the renderer has not been built; makes the screenshot folder. */
export function requireBuiltWeb(): void {
  if (!fs.existsSync(path.join(E2E_DIST, 'index.html'))) {
    throw new Error('dist-web/ is missing: run `npm run build:web` before the e2e tests');
  }
  fs.mkdirSync(E2E_SHOTS, { recursive: true });
}

export interface E2eHost {
  host: DevWebHost;
  url: string;
  /** The workstation's data dir (its SQLite file among others), new and empty at the start. */
  dataDir: string;
  /** Stops the host and removes its data dir. */
  cleanup(): Promise<void>;
}

/** A dev-web host on a free loopback port serving dist-web, over a new temp data dir named `prefix…`. */
export async function startE2eHost(prefix: string): Promise<E2eHost> {
  requireBuiltWeb();
  const dataDir = tempDir(prefix);
  const removeDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  let host: DevWebHost;
  try {
    host = await startDevWeb({ port: 0, dataDir, staticDir: E2E_DIST });
  } catch (err) {
    removeDir();
    throw err;
  }
  return {
    host,
    url: host.url,
    dataDir,
    async cleanup() {
      await host.close();
      removeDir();
    },
  };
}

/**
 * An `expect.poll` with timing fit for a browser (vitest's default timeout is one second). The
 * timeout can be set per call; a file whose waits are all longer makes its own with `poller`.
 */
export function poller(defaults: { timeout: number; interval: number }) {
  return <T>(fn: () => Promise<T> | T, timeout = defaults.timeout) => expect.poll(fn, { timeout, interval: defaults.interval });
}

/** Ten seconds, checked every 100 ms: enough for one round trip to the dev-web host and a render. */
export const poll = poller({ timeout: 10_000, interval: 100 });

/**
 * Fills the sign-in form and submits it. By default it then waits for the signed-in header, so the
 * next step starts in the app; `waitForUser: false` for a test that looks at what the form shows.
 */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD, { waitForUser = true } = {}): Promise<void> {
  await page.getByTestId('signin-username').fill(username);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-password').press('Enter');
  if (waitForUser) await page.getByTestId('user-name').waitFor({ timeout: 15_000 });
}

/** Opens a workstation that has never been set up: the first-start page. */
export async function openFirstStart(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('first-start').waitFor({ timeout: 20_000 });
}

/**
 * From the first-start page, loads the demo branch with `loans` loans and waits for its users to be
 * listed (`timeout`: a big book takes a while), then goes on to the sign-in form unless `goToSignIn`
 * is false, for a test that looks at the first-start page after the load.
 */
export async function loadDemoBranch(page: Page, loans: number, { timeout = 90_000, goToSignIn = true } = {}): Promise<void> {
  await page.getByTestId('demo-loans').fill(String(loans));
  await page.getByTestId('demo-load').click();
  await page.getByTestId('demo-users').waitFor({ timeout });
  if (goToSignIn) await page.getByTestId('demo-go-signin').click();
}

/** Waits (up to 10 s) until no toast is left; a page without one returns at once. */
async function toastsGone(page: Page): Promise<void> {
  await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
}

/**
 * Saves a screenshot as E2E_SHOTS/`name`. By default it first lets transient toasts (saved, exported)
 * fade, so the picture shows the page itself; `keepToasts` where the moment itself is what is wanted.
 */
export async function shot(page: Page, name: string, { keepToasts = false, fullPage = false } = {}): Promise<void> {
  if (!keepToasts) await toastsGone(page);
  await page.screenshot({ path: path.join(E2E_SHOTS, name), fullPage });
}

/** The due-diligence new-case form for a consumer loan of 200,000 yuan over 24 months at 4.35 %. */
export async function fillNewConsumerCase(page: Page, customerNo: string): Promise<void> {
  await page.getByTestId('dd-customer').click();
  await page.keyboard.type(customerNo);
  await page.locator('.ant-select-item-option:visible', { hasText: customerNo }).first().click();
  await page.getByTestId('dd-purpose').click();
  await page.locator('.ant-select-item-option:visible', { hasText: '消费' }).first().click();
  await page.getByTestId('dd-amount').fill('200000');
  await page.getByTestId('dd-term').fill('24');
  await page.getByTestId('dd-rate').fill('4.35');
  // Exactly one template fits an individual's consumer loan: it is chosen for the officer.
  await poll(() => page.getByTestId('dd-template').textContent(), 10_000).toContain('个人消费贷款贷前调查表');
}

/** Signs the page's user out and waits for the sign-in card. */
export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('signout').click();
  await page.getByTestId('signin-card').waitFor({ timeout: 10_000 });
}

/** An API call made by the signed-in page itself (same cookie); throws with the error on a refusal. */
export async function pageApi<T>(page: Page, name: string, input: unknown): Promise<T> {
  const envelope = (await page.evaluate(
    `fetch('/api/${name}', { method: 'POST', headers: { 'content-type': 'application/json' }, body: ${JSON.stringify(JSON.stringify(input))} }).then((r) => r.json())`,
  )) as { ok: boolean; data?: unknown; error?: unknown };
  if (!envelope.ok) throw new Error(`${name} failed: ${JSON.stringify(envelope.error)}`);
  return envelope.data as T;
}
