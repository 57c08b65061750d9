// The mission-network scenario in a real browser: a consular officer drafts a FLASH cable to two missions, an HQ
// desk officer clears it, an HQ leader releases it (MFA checked at sign-in); Germany acknowledges; Italy misses the
// deadline and the escalation reaches its duty officer's bell; the drafter's acknowledgement matrix shows both.
//
// Starts its own server (CHANCERY_BIN serving CHANCERY_CONSOLE_DIR) with a one-minute FLASH deadline and the
// escalation checked every second, so the scenario waits about a minute for the deadline to pass.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, logIn, screenshot, steps, watchConsole } from './lib/browser.mjs';
import { Installation } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { totp } from '../lib/totp.mjs';

const TIMEOUT = 20_000;
const node = new Installation();
let server;
let browser;
const ids = {};
const units = {};
let leaderSecret;
let cableId;

const PEOPLE = {
  'drafter.fr': { unit: 'EMB-FR', role: 'consular_officer' },
  'desk.eu': { unit: 'HQ-EUROPE', role: 'hq_desk_officer' },
  'leader.hq': { unit: 'MOFA', role: 'hq_leadership', subtree: true },
  'reader.de': { unit: 'EMB-DE', role: 'consular_officer' },
  'duty.it': { unit: 'EMB-IT', role: 'consular_officer' },
  'hom.it': { unit: 'EMB-IT', role: 'head_of_mission' },
};
const password = (username) => `e2e-cables-${username}`;

before(async () => {
  if (!process.env.CHANCERY_CONSOLE_DIR) throw new Error('set CHANCERY_CONSOLE_DIR to the built console (web/dist)');
  node.seedDemo();
  for (const [username, spec] of Object.entries(PEOPLE)) node.createUser(username, { ...spec, password: password(username) });
  server = await node.start([], { env: { CHANCERY_CABLES_ACK_FLASH_MINUTES: '1', CHANCERY_CABLES_ESCALATION_CHECK_SECONDS: '1' } });
  // Set-up through the API: ids, Italy's duty roster, and the leader's authenticator.
  const hom = new Client(server.url);
  await hom.login('hom.it', password('hom.it'));  // head of mission: enrols MFA on this first sign-in
  ids['hom.it'] = (await hom.get('/api/v1/me')).data.id;
  for (const username of Object.keys(PEOPLE).filter((name) => name !== 'hom.it')) {
    const client = new Client(server.url);
    await client.login(username, password(username));
    ids[username] = (await client.get('/api/v1/me')).data.id;
    if (username === 'leader.hq') {
      const enrolment = await client.post('/api/v1/me/mfa/enrolment', {});
      leaderSecret = enrolment.data.secret;
      const confirmed = await client.post('/api/v1/me/mfa/enrolment/confirm', { code: totp(leaderSecret) });
      assert.equal(confirmed.status, 200, confirmed.text);
    }
  }
  for (const unit of (await hom.get('/api/v1/units')).data.items) units[unit.code] = unit.id;
  const now = Date.now();
  const roster = await hom.put(`/api/v1/units/${units['EMB-IT']}/roster`, { entries: [{ user_id: ids['duty.it'],
    role: 'primary', starts_at: new Date(now - 3600_000).toISOString(), ends_at: new Date(now + 86400_000).toISOString() }] });
  assert.equal(roster.status, 200, roster.text);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await node.cleanup();
});

async function signIn(username, { locale = 'en-GB', mfaSecret } = {}) {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 }, locale });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const problems = watchConsole(page);
  await logIn(page, username, password(username), 'en', { totpSecret: mfaSecret, chooseAgain: false });
  current = page;
  return { context, page, problems };
}

let current;  // the page of the step running, for a screenshot when it fails
const step = steps('cables-', () => current);

test('a FLASH cable is drafted, cleared, released, acknowledged by one mission and escalated at the other', async (t) => {
  await step(t, 'the consular officer drafts a FLASH cable to Germany and Italy and submits it to HQ', async () => {
    const { context, page, problems } = await signIn('drafter.fr');
    await page.goto('/cables');
    await page.getByTestId('cable-new').click();
    await page.getByTestId('cable-subject').fill('Citizens stranded at the border');
    await page.getByTestId('cable-body').fill('## Situation\nForty citizens are waiting at the crossing. **Confirm** receipt.');
    await page.getByTestId('cable-precedence').selectOption('flash');
    for (const code of ['EMB-DE', 'EMB-IT']) {
      await page.getByTestId('cable-unit-picker').selectOption(`unit:${units[code]}`);
      await page.getByTestId('cable-addressee-role').selectOption('action');
      await page.getByTestId('cable-addressee-niact').check();
      await page.getByTestId('cable-addressee-add').click();
    }
    assert.equal(await page.getByTestId('addressee-chosen').count(), 2);
    await screenshot(page, 'cables-01-composer');
    await page.getByTestId('cable-save').click();
    await page.getByTestId('cable-submit-panel').waitFor();
    await page.getByTestId('clearer-search').fill(`#${ids['desk.eu']}`);
    await page.getByTestId('clearer-add').click();
    await page.getByTestId('clearer-chosen').waitFor();
    await page.getByTestId('cable-submit').click();
    await page.waitForURL(/\/cables\/\d+$/);
    cableId = Number(page.url().match(/\/cables\/(\d+)$/)[1]);
    assert.equal(await page.getByTestId('cable-state').getAttribute('data-state'), 'in_clearance');
    assert.deepEqual(problems, []);
    await context.close();
  });

  await step(t, 'the HQ desk officer clears it', async () => {
    const { context, page } = await signIn('desk.eu');
    await page.goto('/cables?box=clearance');
    await page.locator(`[data-testid=cable-row][data-cable-id="${cableId}"]`).click();
    await page.getByTestId('cable-clear').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=cable-state]')?.dataset.state === 'cleared');
    await context.close();
  });

  await step(t, 'the HQ leader, MFA checked at sign-in, releases it', async () => {
    const { context, page } = await signIn('leader.hq', { mfaSecret: leaderSecret });
    await page.goto(`/cables/${cableId}`);
    await page.getByTestId('cable-release').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=cable-state]')?.dataset.state === 'transmitted');
    assert.match(await page.getByTestId('cable-reference').getAttribute('data-reference'), /^EMB-FR-\d{4}-\d{6}$/);
    await screenshot(page, 'cables-02-released');
    await context.close();
  });

  await step(t, 'Germany reads and acknowledges it', async () => {
    const { context, page } = await signIn('reader.de');
    await page.goto('/cables?box=inbox');
    await page.locator(`[data-testid=cable-row][data-cable-id="${cableId}"]`).click();
    await page.getByRole('heading', { name: 'Situation' }).waitFor();
    assert.equal(await page.locator('.cable-body strong, [data-testid=cable-body-rendered] strong').first().innerText(), 'Confirm');
    await page.getByTestId(`cable-acknowledge-${units['EMB-DE']}`).click();
    await page.waitForFunction((unit) =>
      document.querySelector(`[data-testid=matrix-row-${unit}]`)?.dataset.acknowledged === 'true', units['EMB-DE']);
    await context.close();
  });

  await step(t, 'Italy misses the one-minute deadline; its duty officer is alerted', async () => {
    const { context, page } = await signIn('duty.it');
    const count = page.getByTestId('notifications-count');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=notifications-count]')?.textContent) > 0,
      null, { timeout: 120_000, polling: 1000 });
    assert.ok(Number(await count.innerText()) >= 1);
    await page.getByTestId('notifications-bell').click();
    const item = page.getByTestId('notification-item').first();
    await item.waitFor();
    assert.match(await item.innerText(), /EMB-FR-\d{4}-\d{6}/);
    assert.doesNotMatch(await item.innerText(), /stranded/, 'notices name the cable by reference only');
    await screenshot(page, 'cables-03-duty-officer-notified');
    await context.close();
  });

  await step(t, 'the drafter\'s matrix shows Germany acknowledged and Italy escalated', async () => {
    const { context, page } = await signIn('drafter.fr', { locale: 'vi-VN' });
    await page.goto(`/cables/${cableId}`);
    const germany = page.getByTestId(`matrix-row-${units['EMB-DE']}`);
    const italy = page.getByTestId(`matrix-row-${units['EMB-IT']}`);
    await germany.waitFor();
    assert.equal(await germany.getAttribute('data-acknowledged'), 'true');
    assert.equal(await italy.getAttribute('data-acknowledged'), 'false');
    assert.equal(await italy.getAttribute('data-overdue'), 'true');
    assert.ok(Number(await italy.getByTestId('matrix-escalation').getAttribute('data-level')) >= 1);
    await screenshot(page, 'cables-04-matrix');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'cables-05-matrix-phone');
    await context.close();
  });
});
