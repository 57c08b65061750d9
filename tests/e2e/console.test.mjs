// The console scenario from the spec, in a real browser against a running server:
// log in as a fresh administrator, enrol MFA (TOTP computed here from the secret on the page), keep the recovery
// codes, find a mission in the directory, grant a role on it to CHANCERY_E2E_TARGET_USER, see "role.granted" in
// the audit viewer (and a live update), switch language, take desktop and phone screenshots, log out.
//
// By default it starts its own server (CHANCERY_BIN serving CHANCERY_CONSOLE_DIR, fresh data, see
// lib/browser.mjs). Against an external server: CHANCERY_URL with CHANCERY_ADMIN_USER, CHANCERY_ADMIN_PASSWORD,
// CHANCERY_E2E_TARGET_USER. Also CHANCERY_E2E_MISSION_QUERY (default "Pháp", then "France"), CHANCERY_E2E_ARTIFACTS.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, launch, screenshot, serverUnderTest, steps, watchConsole } from './lib/browser.mjs';
import { secondsLeftInStep, totp } from '../lib/totp.mjs';

const QUERIES = [process.env.CHANCERY_E2E_MISSION_QUERY || 'Pháp', 'France'];
const TIMEOUT = 15_000;

let ADMIN_USER;
let ADMIN_PASSWORD;
let TARGET_USER;
let server;
let browser;
let context;
let page;
let consoleProblems = [];
const state = {};

/** Runs one step; once a step fails the later ones are skipped (they depend on it). */
const step = steps('', () => page);

before(async () => {
  server = await serverUnderTest();
  ADMIN_USER = server.admin.username;
  ADMIN_PASSWORD = server.admin.password;
  TARGET_USER = server.targetUser;
  browser = await launch();
  context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  context.setDefaultTimeout(TIMEOUT);
  page = await context.newPage();
  consoleProblems = watchConsole(page);
});

after(async () => {
  await browser?.close();
  await server?.cleanup();
});

test('administrator console scenario', async (t) => {
  await step(t, 'login page is in Vietnamese by default and rejects a wrong password', async () => {
    await page.goto('/login');
    await page.getByTestId('login-form').waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'vi');
    assert.equal(await page.getByTestId('lang-vi').getAttribute('aria-pressed'), 'true');
    await screenshot(page, '01-login');
    await page.getByLabel('Tên đăng nhập').fill(ADMIN_USER);
    await page.getByLabel('Mật khẩu').fill(`${ADMIN_PASSWORD}-wrong`);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const error = page.getByTestId('login-error');
    await error.waitFor();
    assert.match(await error.innerText(), /Sai tên đăng nhập hoặc mật khẩu/);
  });

  await step(t, 'log in as the administrator', async () => {
    await page.getByLabel('Mật khẩu').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/(mfa\/enrol|directory|login\/mfa)/);
    if (page.url().includes('/login/mfa')) throw new Error('the administrator already has MFA: the scenario needs a fresh account');
    if (!page.url().includes('/mfa/enrol')) {
      // A server that does not force enrolment at login still lets the user enrol from "My security".
      await page.goto('/me/security');
      await page.getByRole('link', { name: 'Thiết lập xác thực hai bước' }).click();
      await page.waitForURL(/\/mfa\/enrol/);
    }
  });

  await step(t, 'enrol MFA with a TOTP computed from the secret on the page', async () => {
    const secretElement = page.getByTestId('mfa-secret');
    await secretElement.waitFor();
    const secret = await secretElement.getAttribute('data-secret');
    assert.match(secret ?? '', /^[A-Z2-7=]+$/i, 'the secret is base32');
    const shownSecret = (await secretElement.innerText()).replace(/\s+/g, '');
    assert.equal(shownSecret, secret, 'the secret shown for manual entry is the one the server sent');
    const qr = page.getByRole('img', { name: 'Mã QR cho ứng dụng xác thực' });
    assert.match((await qr.getAttribute('src')) ?? '', /^data:image\/svg\+xml;base64,/);
    assert.ok(await qr.evaluate((image) => image.complete && image.naturalWidth > 0), 'the QR image renders');
    await screenshot(page, '02-mfa-enrolment');
    if (secondsLeftInStep() < 4) await page.waitForTimeout(secondsLeftInStep() * 1000 + 500);
    await page.getByLabel('Mã do ứng dụng hiển thị').fill(totp(secret));
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    const codes = page.getByTestId('recovery-codes').locator('li');
    await page.getByTestId('recovery-codes').waitFor();
    assert.equal(await codes.count(), 10, 'ten recovery codes are shown');
    state.secret = secret;
    state.recoveryCodes = await codes.allInnerTexts();
    await screenshot(page, '03-recovery-codes');
  });

  await step(t, 'save the recovery codes and reach the directory', async () => {
    // Kept beside the screenshots so a person can log in to the test account after the run.
    writeFileSync(
      path.join(ARTIFACTS, 'admin-mfa.json'),
      JSON.stringify({ username: ADMIN_USER, secret: state.secret, recovery_codes: state.recoveryCodes }, null, 2),
      { mode: 0o600 },
    );
    await page.getByRole('button', { name: 'Tôi đã lưu các mã' }).click();
    await page.waitForURL(/\/directory/);
    const count = page.getByTestId('missions-count');
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=missions-count]')?.textContent ?? ''));
    assert.match(await count.innerText(), /^\d+ cơ quan đại diện$/);
    await page.locator('[data-testid=world-map] svg path.map-country').first().waitFor();
    assert.ok((await page.locator('[data-testid=world-map] svg path.map-country').count()) > 150, 'the map has the countries');
    assert.ok((await page.locator('[data-testid=world-map] .map-marker').count()) > 0, 'the map has mission markers');
    await screenshot(page, '04-directory');
  });

  await step(t, 'find a mission by search and open its page', async () => {
    const search = page.getByLabel('Tìm cơ quan đại diện');
    const links = page.getByTestId('unit-link');
    let found = false;
    for (const query of QUERIES) {
      await search.fill(query);
      await page.waitForURL((url) => url.searchParams.get('q') === query);
      try {
        await page.waitForFunction(
          () => {
            const items = document.querySelectorAll('[data-testid=unit-link]');
            return items.length > 0 && items.length < 20;
          },
          null,
          { timeout: 5000 },
        );
        found = true;
        break;
      } catch {
        // Try the next query.
      }
    }
    assert.ok(found, `no mission found for ${QUERIES.join(' / ')}`);
    await screenshot(page, '05-directory-search');
    const first = links.first();
    state.missionName = (await first.locator('.unit-name').innerText()).trim();
    await first.click();
    await page.waitForURL(/\/units\/\d+/);
    state.unitId = Number(new URL(page.url()).pathname.split('/').pop());
    assert.equal((await page.getByTestId('unit-title').innerText()).trim(), state.missionName);
    await page.getByRole('heading', { name: 'Địa bàn phụ trách' }).waitFor();
    await screenshot(page, '06-mission');
  });

  await step(t, 'grant a role on the mission to the target user', async () => {
    const form = page.getByTestId('grant-form');
    await form.waitFor();
    await form.getByTestId('grant-user-search').fill(TARGET_USER);
    const userSelect = form.getByTestId('grant-user');
    await page.waitForFunction(
      (username) =>
        [...document.querySelectorAll('[data-testid=grant-user] option')].some((option) => option.textContent?.includes(`(${username})`) || option.textContent === username),
      TARGET_USER,
    );
    const userValue = await userSelect.evaluate(
      (select, username) =>
        [...select.options].find((option) => option.textContent?.includes(`(${username})`) || option.textContent === username)?.value,
      TARGET_USER,
    );
    await userSelect.selectOption(userValue);
    const roleSelect = form.getByTestId('grant-role');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=grant-role] option').length > 1);
    const roles = await roleSelect.evaluate((select) => [...select.options].map((option) => option.value).filter(Boolean));
    // The target of our own server already holds "viewer" there (granting it again is a 409 conflict).
    state.role = ['consular_officer', 'press_officer', 'analyst', 'viewer'].find((name) => roles.includes(name)) ?? roles[roles.length - 1];
    await roleSelect.selectOption(state.role);
    await form.getByRole('button', { name: 'Cấp vai trò' }).click();
    const done = page.getByTestId('grant-done');
    await done.waitFor();
    assert.match(await done.innerText(), /Đã cấp vai trò/);
    await screenshot(page, '07-role-granted');
  });

  await step(t, 'the audit viewer shows role.granted and is live', async () => {
    await page.getByTestId('nav-audit').click();
    await page.waitForURL(/\/audit/);
    await page.locator('[data-testid=live-indicator][data-state=open]').waitFor();
    await page.locator('[data-testid=audit-row][data-action="role.granted"]').first().waitFor();
    await page.getByTestId('audit-action').fill('role.granted');
    await page.getByTestId('audit-apply').click();
    // The unfiltered rows stay until the filtered page arrives: wait for it rather than for any role.granted row.
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid=audit-row]')];
      return rows.length > 0 && rows.every((row) => row.getAttribute('data-action') === 'role.granted');
    });
    const actions = await page.locator('[data-testid=audit-row]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')));
    assert.ok(actions.length > 0 && actions.every((action) => action === 'role.granted'), 'the action filter applies');
    await screenshot(page, '08-audit');
  });

  await step(t, 'a new audit entry arrives live without reloading', async () => {
    await page.getByRole('button', { name: 'Xóa bộ lọc' }).click();
    await page.locator('[data-testid=audit-row]').first().waitFor();
    const topBefore = Number(await page.locator('[data-testid=audit-row] td.num').first().innerText());
    // Something audited, done through the API with this session: create an API token, then revoke it.
    const result = await page.evaluate(async () => {
      const me = await (await fetch('/api/v1/me', { credentials: 'same-origin' })).json();
      const headers = { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token };
      const created = await fetch('/api/v1/me/tokens', {
        method: 'POST', credentials: 'same-origin', headers,
        body: JSON.stringify({ name: 'e2e live check', scopes: ['directory_read'], expires_in_days: 1 }),
      });
      const body = await created.json().catch(() => ({}));
      if (created.ok && body.id) await fetch(`/api/v1/me/tokens/${body.id}`, { method: 'DELETE', credentials: 'same-origin', headers });
      return created.status;
    });
    assert.equal(result, 201, 'token created');
    await page.waitForFunction(
      (before) => Number(document.querySelector('[data-testid=audit-row] td.num')?.textContent ?? 0) > before,
      topBefore,
    );
    assert.ok((await page.locator('[data-testid=audit-row].fresh').count()) > 0, 'live rows are marked');
  });

  await step(t, 'switch language to English and back', async () => {
    await page.getByTestId('lang-en').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    assert.equal(await page.getByTestId('nav-directory').innerText(), 'Directory');
    await screenshot(page, '09-audit-english');
    await page.getByTestId('nav-directory').click();
    await page.getByRole('heading', { name: 'Directory of missions' }).waitFor();
    await page.waitForFunction(() => /missions?$/.test(document.querySelector('[data-testid=missions-count]')?.textContent ?? ''));
    // The choice is kept on the account: a reload still shows English.
    await page.reload();
    await page.getByRole('heading', { name: 'Directory of missions' }).waitFor();
    await page.getByTestId('lang-vi').click();
    await page.waitForFunction(() => document.documentElement.lang === 'vi');
    await page.getByRole('heading', { name: 'Danh bạ cơ quan đại diện' }).waitFor();
  });

  await step(t, 'the console is usable on a phone', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`/units/${state.unitId}`);
    await page.getByTestId('unit-title').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `no horizontal scrolling at 360 px (overflow ${overflow}px)`);
    const toggle = page.getByTestId('nav-toggle');
    assert.ok(await toggle.isVisible(), 'the navigation collapses behind a menu button');
    assert.ok(!(await page.getByTestId('nav-audit').isVisible()), 'the navigation is hidden until opened');
    await toggle.click();
    await page.getByTestId('nav-audit').waitFor({ state: 'visible' });
    await screenshot(page, '10-phone-menu', { fullPage: false });
    await page.getByTestId('nav-directory').click();
    await page.locator('[data-testid=world-map] svg').waitFor();
    await screenshot(page, '11-phone-directory', { fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  await step(t, 'log out', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-logout').click();
    await page.waitForURL(/\/login/);
    await page.getByText('Bạn đã đăng xuất.').waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/v1/me', { credentials: 'same-origin' })).status);
    assert.equal(me, 401, 'the session is over on the server');
  });

  await step(t, 'no CSP violation or script error happened', async () => {
    assert.deepEqual(consoleProblems, []);
  });
});
