// Launches the system Chromium headless through playwright-core (from the shared tests/node_modules) and keeps
// screenshots in one folder; provides the server under test: a fresh one of our own (tests/lib/server.mjs) or,
// with CHANCERY_URL, an external one; and the helpers the scenarios share: steps, the login form, the check
// for horizontal scrolling.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { secondsLeftInStep, totp } from '../../lib/totp.mjs';
import { Installation } from '../../lib/server.mjs';

const EXTERNAL_URL = (process.env.CHANCERY_URL ?? '').replace(/\/+$/, '');
export const ARTIFACTS = process.env.CHANCERY_E2E_ARTIFACTS || '/tmp/chancery-e2e';
export const CHROMIUM = process.env.CHANCERY_CHROMIUM || '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launch() {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

export async function screenshot(page, name, options = {}) {
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? true });
  return file;
}

/** Fails early, with a readable message, when the server is not up. */
export async function assertServerUp(url) {
  const response = await fetch(`${url}/healthz`).catch((error) => {
    throw new Error(`server at ${url} is not reachable: ${error.message}`);
  });
  if (!response.ok) throw new Error(`${url}/healthz answered ${response.status}`);
}

/**
 * The server the scenario runs against: {url, admin: {username, password}, targetUser, cleanup()}.
 * Without CHANCERY_URL: a fresh installation of CHANCERY_BIN (demo data, a system_admin at MOFA who has not
 * enrolled MFA yet, a viewer at the embassy in France to receive a role), serving CHANCERY_CONSOLE_DIR.
 * With CHANCERY_URL: that server, with the accounts named by CHANCERY_ADMIN_USER, CHANCERY_ADMIN_PASSWORD and
 * CHANCERY_E2E_TARGET_USER (all required: a missing one fails the run, it never skips it).
 */
export async function serverUnderTest() {
  if (EXTERNAL_URL) {
    const names = ['CHANCERY_ADMIN_USER', 'CHANCERY_ADMIN_PASSWORD', 'CHANCERY_E2E_TARGET_USER'];
    const missing = names.filter((name) => !process.env[name]);
    if (missing.length > 0) throw new Error(`CHANCERY_URL is set, so ${missing.join(', ')} must be set too`);
    await assertServerUp(EXTERNAL_URL);
    return {
      url: EXTERNAL_URL,
      admin: { username: process.env.CHANCERY_ADMIN_USER, password: process.env.CHANCERY_ADMIN_PASSWORD },
      targetUser: process.env.CHANCERY_E2E_TARGET_USER,
      cleanup: async () => undefined,
    };
  }
  if (!process.env.CHANCERY_CONSOLE_DIR) {
    throw new Error('set CHANCERY_CONSOLE_DIR to the built console (web/dist) or CHANCERY_URL to a running server');
  }
  const installation = new Installation();
  try {
    installation.seedDemo();
    const admin = installation.createUser('e2e.admin', { unit: 'MOFA', role: 'system_admin', subtree: true });
    const target = installation.createUser('e2e.target', { unit: 'EMB-FR', role: 'viewer' });
    const server = await installation.start();
    await assertServerUp(server.url);
    return { url: server.url, admin, targetUser: target.username, cleanup: () => installation.cleanup() };
  } catch (error) {
    await installation.cleanup();
    throw error;
  }
}

/** Records console errors and CSP violations so a test can assert the page ran cleanly. */
export function watchConsole(page) {
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(text)) problems.push(`CSP: ${text}`);
  });
  return problems;
}

/**
 * Returns `step(t, name, body)`, which runs `body` as the subtest `name` of `t`. Once a step has failed, the later
 * ones (which depend on it) are reported as skipped, and the failed one keeps a screenshot of `currentPage()` (when
 * it returns a page that is still open) named `<prefix>failed-<name>` — e.g. prefix 'cables-'.
 */
export function steps(prefix, currentPage) {
  let failed = false;
  return (t, name, body) => t.test(name, { skip: failed ? 'an earlier step failed' : false }, async () => {
    try {
      await body();
    } catch (error) {
      failed = true;
      const page = currentPage();
      if (page && !page.isClosed()) await screenshot(page, `${prefix}failed-${name.replace(/\W+/g, '-')}`).catch(() => undefined);
      throw error;
    }
  });
}

/** Asserts that the page does not scroll sideways (1 px of rounding allowed); `width` is named in the message. */
export async function noHorizontalScroll(page, what, width) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `${what}: no horizontal scrolling at ${width} px (overflow ${overflow}px)`);
}

/**
 * Signs in through the login page: chooses the language (`lang-<locale>`, 'en' or 'vi'), fills the form in it,
 * submits, and waits until the console leaves /login. With `totpSecret` (an enrolled account's authenticator) it
 * answers the MFA step with the next code: the one used at enrolment cannot be used again (replay protection). After
 * login the account's language wins (Vietnamese for new accounts), so the language is then chosen again, unless
 * `chooseAgain` is false.
 */
export async function logIn(page, username, password, locale = 'en', { totpSecret, chooseAgain = true } = {}) {
  const vi = locale === 'vi';
  await page.goto('/login');
  await page.getByTestId('login-form').waitFor();
  await page.getByTestId(`lang-${locale}`).click();
  await page.getByLabel(vi ? 'Tên đăng nhập' : 'Username').fill(username);
  await page.getByLabel(vi ? 'Mật khẩu' : 'Password').fill(password);
  await page.getByRole('button', { name: vi ? 'Đăng nhập' : 'Log in' }).click();
  if (totpSecret) {
    await page.waitForURL(/\/login\/mfa/);
    await page.waitForTimeout(secondsLeftInStep() * 1000 + 500);
    await page.locator('#mfa-code').fill(totp(totpSecret));
    await page.getByTestId('mfa-form').locator('button[type=submit]').click();
  }
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  if (chooseAgain) await page.getByTestId(`lang-${locale}`).click();
}

/**
 * The newest one-time code a demo server (`serve --demo`, no SMTP or SMS gateway) wrote for `contact` into
 * `<dataDir>/outbox/` (a file per code: "To: <contact>", a subject, then the message with the 6-digit code). Waits
 * up to `timeoutMs` for one written at or after `since` (ms since the epoch) to appear.
 */
export async function outboxCode(dataDir, contact, { since = 0, timeoutMs = 10_000 } = {}) {
  const outbox = path.join(dataDir, 'outbox');
  const deadline = Date.now() + timeoutMs;
  const names = () => {
    try {
      return readdirSync(outbox);
    } catch {
      return []; // No code was written yet.
    }
  };
  for (;;) {
    let newest = null;
    for (const name of names()) {
      const file = path.join(outbox, name);
      const written = statSync(file).mtimeMs;
      if (written + 1000 < since) continue;
      const text = readFileSync(file, 'utf8');
      if (!text.startsWith(`To: ${contact}\n`)) continue;
      const code = /\b(\d{6})\b/.exec(text.split('\n\n').slice(1).join('\n'))?.[1];
      if (code && (!newest || written >= newest.written)) newest = { code, written };
    }
    if (newest) return newest.code;
    if (Date.now() > deadline) throw new Error(`no code for ${contact} in ${outbox}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
