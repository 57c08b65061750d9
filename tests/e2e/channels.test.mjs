// Channels and cable search in a real browser, two people in two browser contexts: Lan creates a topic channel
// with Minh and writes; Minh sees it live; Minh's live stream is cut while Lan writes twice more, and the console
// resumes from its cursor with both messages once; Minh closes the page, Lan writes three more, and Minh, back,
// finds every message exactly once and in order. A reply in a thread and an edit (with its history) reach the
// other side live; Minh starts a direct message that Lan sees arrive; the head of mission (signing in with MFA)
// opens the embassy's channel, which reaches Lan with the embassy's staff, and the form will not open it twice. Then
// Minh finds a transmitted cable about
// "Hà Nội" by typing "ha noi", saves that search and deletes it. Screenshots of both screens at desktop width
// and at 375 px; no page error, console error or CSP violation once signed in.
//
// Starts its own server (CHANCERY_BIN serving CHANCERY_CONSOLE_DIR); the cable is drafted, cleared and released
// through the API before the browsers start.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, logIn, noHorizontalScroll, screenshot, steps, watchConsole } from './lib/browser.mjs';
import { Installation } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

const TIMEOUT = 20_000;
const node = new Installation();
let server;
let browser;
const ids = {};
const units = {};
let cable;

const PEOPLE = {
  'lan.fr': { unit: 'EMB-FR', role: 'consular_officer' },    // drafts the cable; writes first
  'minh.fr': { unit: 'EMB-FR', role: 'consular_officer' },   // reads live; searches
  'desk.eu': { unit: 'HQ-EUROPE', role: 'hq_desk_officer' }, // clears the cable
  'leader.hq': { unit: 'MOFA', role: 'hq_leadership', subtree: true }, // releases it (ROUTINE: no MFA step)
  'head.fr': { unit: 'EMB-FR', role: 'head_of_mission' },   // opens the embassy's channel (manages its staff)
};
let headSecret;  // the head of mission's authenticator (MFA is required for the role)
const password = (username) => `e2e-channels-${username}`;
const as = {};

before(async () => {
  if (!process.env.CHANCERY_CONSOLE_DIR) throw new Error('set CHANCERY_CONSOLE_DIR to the built console (web/dist)');
  node.seedDemo();
  for (const [username, spec] of Object.entries(PEOPLE)) node.createUser(username, { ...spec, password: password(username) });
  server = await node.start();
  for (const username of Object.keys(PEOPLE)) {
    as[username] = new Client(server.url);
    const secret = await as[username].login(username, password(username));  // enrols MFA where the role needs it
    if (username === 'head.fr') headSecret = secret;
    ids[username] = (await as[username].get('/api/v1/me')).data.id;
  }
  for (const unit of (await as['lan.fr'].get('/api/v1/units')).data.items) units[unit.code] = unit.id;
  // A transmitted cable whose text has Vietnamese diacritics.
  const drafted = await as['lan.fr'].post('/api/v1/cables', {
    originating_unit_id: units['EMB-FR'],
    subject: 'Đoàn công tác về Hà Nội tháng tới',
    body: 'Đề nghị Bộ bố trí đón đoàn tại sân bay Nội Bài, Hà Nội.',
    tags: ['visit'],
    precedence: 'routine',
    classification: 'restricted',
    addressees: [{ unit_id: units['EMB-DE'], role: 'action' }],
  });
  assert.equal(drafted.status, 201, drafted.text);
  const submitted = await as['lan.fr'].post(`/api/v1/cables/${drafted.data.id}/submit`, { clearers: [ids['desk.eu']] });
  assert.equal(submitted.status, 200, submitted.text);
  const cleared = await as['desk.eu'].post(`/api/v1/cables/${drafted.data.id}/clearance`, { decision: 'cleared', comment: '' });
  assert.equal(cleared.status, 200, cleared.text);
  const released = await as['leader.hq'].post(`/api/v1/cables/${drafted.data.id}/release`, {});
  assert.equal(released.status, 200, released.text);
  cable = released.data;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await node.cleanup();
});

/** Collects console errors from the moment it is called (the login page's GET /me answers 401 by design). */
function watchErrors(page, errors = []) {
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${page.url()}: ${message.text()}`);
  });
  return errors;
}

const contexts = {};
async function session(username, { locale = 'en' } = {}) {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 }, locale: locale === 'vi' ? 'vi-VN' : 'en-GB' });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const problems = watchConsole(page);
  await logIn(page, username, password(username), locale);
  contexts[username] = { context, page, problems, errors: watchErrors(page) };
  current = page;
  return contexts[username];
}

/** A page of the same browser context (signed in), with the same watchers. */
async function reopen(username) {
  const entry = contexts[username];
  entry.page = await entry.context.newPage();
  entry.reopenedProblems = watchConsole(entry.page);
  watchErrors(entry.page, entry.errors);
  current = entry.page;
  return entry.page;
}

let current;  // the page of the step running, for a screenshot when it fails
const step = steps('channels-', () => current);

async function bodies(page) {
  return page.locator('[data-testid=timeline] [data-testid=message] [data-testid=message-body]').allInnerTexts();
}

async function waitForBodies(page, expected) {
  await page.waitForFunction(
    (wanted) => {
      const texts = [...document.querySelectorAll('[data-testid=timeline] [data-testid=message] [data-testid=message-body]')].map((element) => element.innerText);
      return JSON.stringify(texts) === JSON.stringify(wanted);
    },
    expected,
  ).catch(async (error) => {
    throw new Error(`messages shown: ${JSON.stringify(await bodies(page))}, expected ${JSON.stringify(expected)} (${error.message})`);
  });
}

async function send(page, text) {
  const input = page.getByTestId('composer-input');
  await input.fill(text);
  await input.press('Enter');
  await page.locator('[data-testid=timeline] [data-testid=message-body]', { hasText: text }).last().waitFor();
}

test('two people talk in channels live, with resume, and a cable is found without diacritics', async (t) => {
  let channelId;
  const sockets = [];  // Minh's channel streams, through Playwright's WebSocket routing so the test can cut one
  const expected = ['Xin chào @minh.fr, bắt đầu nhé.'];

  await step(t, 'Lan creates a topic channel with Minh; Minh sees it appear and opens it', async () => {
    const minh = await session('minh.fr', { locale: 'vi' });
    await minh.context.routeWebSocket(/\/api\/v1\/channels\/stream/, (route) => {
      const upstream = route.connectToServer();
      sockets.push({ url: route.url(), route, upstream });
    });
    await minh.page.goto('/channels');
    await minh.page.getByTestId('channels-empty').waitFor();
    await minh.page.waitForFunction(() => document.querySelector('[data-testid=channels-live]')?.dataset.state === 'open');

    const lan = await session('lan.fr');
    await lan.page.getByTestId('nav-channels').click();
    await lan.page.getByTestId('channel-new-topic').click();
    await lan.page.getByTestId('channel-name').fill('Lãnh sự Lyon');
    await lan.page.getByTestId('topic-member-search').fill('minh');
    await lan.page.locator(`[data-testid=topic-member-results] option[value="${ids['minh.fr']}"]`).waitFor({ state: 'attached' });
    await lan.page.getByTestId('topic-member-results').selectOption(String(ids['minh.fr']));
    await lan.page.getByTestId('topic-member-add').click();
    await lan.page.locator(`[data-testid=topic-member-chosen][data-user-id="${ids['minh.fr']}"]`).waitFor();
    await lan.page.getByTestId('channel-create').click();
    await lan.page.waitForURL(/\/channels\/\d+$/);
    channelId = Number(lan.page.url().match(/\/channels\/(\d+)$/)[1]);
    assert.equal(await lan.page.getByTestId('channel-title').innerText(), 'Lãnh sự Lyon');

    const item = minh.page.locator(`[data-testid=channel-item][data-channel-id="${channelId}"]`);
    await item.waitFor();
    await item.click();
    await minh.page.getByTestId('messages-empty').waitFor();
    current = lan.page;
  });

  await step(t, 'Lan writes; Minh sees the message live with the mention highlighted', async () => {
    const { page: lan } = contexts['lan.fr'];
    const { page: minh } = contexts['minh.fr'];
    await send(lan, expected[0]);
    await waitForBodies(minh, expected);
    assert.equal(await minh.locator('[data-testid=message] [data-testid=mention]').innerText(), '@minh.fr');
    assert.match(await minh.locator('[data-testid=message]').first().getAttribute('class'), /mentions-me/);
  });

  await step(t, 'Minh’s stream is cut while Lan writes twice; it resumes from its cursor with both, once', async () => {
    const { page: lan } = contexts['lan.fr'];
    const { page: minh } = contexts['minh.fr'];
    const before = sockets.length;
    const cut = sockets[sockets.length - 1];
    await cut.upstream.close();
    await cut.route.close();
    await minh.waitForFunction(() => document.querySelector('[data-testid=channels-live]')?.dataset.state !== 'open');
    for (const text of ['Tin số 2', 'Tin số 3']) {
      await send(lan, text);
      expected.push(text);
    }
    await minh.waitForFunction(() => document.querySelector('[data-testid=channels-live]')?.dataset.state === 'open', null, { timeout: 40_000 });
    assert.equal(sockets.length, before + 1, 'the console reconnected once');
    assert.match(sockets[sockets.length - 1].url, new RegExp(`cursors=(?:[^&]*,)?${channelId}:1(?:,|$)`), 'with its cursor');
    await waitForBodies(minh, expected);
    // What is on screen is marked read.
    await minh.waitForFunction((id) => document.querySelector(`[data-testid=channel-item][data-channel-id="${id}"]`)?.dataset.unread === '0', channelId);
  });

  await step(t, 'Minh closes the page; Lan writes three more; Minh comes back to all of them, once, in order', async () => {
    const { page: lan } = contexts['lan.fr'];
    await contexts['minh.fr'].page.close();
    for (const text of ['Tin số 4', 'Tin số 5\nhai dòng', 'Tin số 6']) {
      await send(lan, text);
      expected.push(text);
    }
    const minh = await reopen('minh.fr');
    await minh.goto('/channels');
    const item = minh.locator(`[data-testid=channel-item][data-channel-id="${channelId}"]`);
    await minh.waitForFunction((id) => document.querySelector(`[data-testid=channel-item][data-channel-id="${id}"]`)?.dataset.unread === '3', channelId);
    await item.click();
    await waitForBodies(minh, expected);
    const seqs = await minh.locator('[data-testid=timeline] [data-testid=message]').evaluateAll((items) => items.map((element) => Number(element.dataset.seq)));
    assert.deepEqual(seqs, [1, 2, 3, 4, 5, 6]);
    await minh.getByTestId('unread-divider').waitFor();
    await minh.waitForFunction((id) => document.querySelector(`[data-testid=channel-item][data-channel-id="${id}"]`)?.dataset.unread === '0', channelId);
  });

  await step(t, 'Minh replies in a thread and edits the reply; Lan sees both live, with the earlier text on record', async () => {
    const { page: lan } = contexts['lan.fr'];
    const { page: minh } = contexts['minh.fr'];
    await minh.locator('[data-testid=timeline] [data-testid=message][data-seq="1"] [data-testid=message-reply]').click();
    await minh.getByTestId('thread-view').waitFor();
    await minh.getByTestId('thread-composer-input').fill('Em nhận được rồi.');
    await minh.getByTestId('thread-composer-input').press('Enter');
    const reply = minh.locator('[data-testid=thread-view] [data-testid=message][data-seq="7"]');
    await reply.waitFor();
    await reply.getByTestId('message-edit').click();
    await reply.getByTestId('message-edit-input').fill('Em đã nhận được cả sáu tin.');
    await reply.getByTestId('message-edit-input').press('Enter');
    await reply.getByTestId('message-edited').waitFor();
    await minh.getByTestId('thread-close').click();

    const seen = lan.locator('[data-testid=timeline] [data-testid=message][data-seq="7"]');
    await seen.getByTestId('message-edited').waitFor();
    assert.equal(await seen.getByTestId('message-body').innerText(), 'Em đã nhận được cả sáu tin.');
    assert.match(await seen.getByTestId('message-reply-ref').innerText(), /Xin chào/);
    assert.equal(await lan.locator('[data-testid=timeline] [data-testid=message][data-seq="1"] [data-testid=message-replies]').innerText(), '1 reply');
    await seen.getByTestId('message-edited').click();  // the mark opens the earlier texts, once they are read
    await seen.getByTestId('message-version').first().waitFor();
    assert.equal(await seen.getByTestId('message-version').count(), 1);
    assert.match(await seen.getByTestId('message-version').innerText(), /Em nhận được rồi\./);
    await screenshot(minh, 'channels-desktop', { fullPage: false });
    await screenshot(lan, 'channels-desktop-en', { fullPage: false });
  });

  await step(t, 'Minh starts a direct message with Lan; Lan sees it arrive', async () => {
    const { page: lan } = contexts['lan.fr'];
    const { page: minh } = contexts['minh.fr'];
    await minh.getByTestId('channel-new-direct').click();
    await minh.getByTestId('direct-search').fill('lan');
    await minh.locator(`[data-testid=direct-results] option[value="${ids['lan.fr']}"]`).waitFor({ state: 'attached' });
    await minh.getByTestId('direct-results').selectOption(String(ids['lan.fr']));
    await minh.getByTestId('direct-add').click();
    await minh.waitForURL(/\/channels\/\d+$/);
    const directId = Number(minh.url().match(/\/channels\/(\d+)$/)[1]);
    assert.notEqual(directId, channelId);
    await minh.getByTestId('composer-input').fill('Chị Lan ơi, chiều nay họp lúc mấy giờ?');
    await minh.getByTestId('composer-send').click();

    // Named after the other person once the channel's members are fetched.
    const item = lan.locator(`[data-testid=channel-item][data-channel-id="${directId}"]`, { hasText: 'minh.fr' });
    await item.waitFor();
    await lan.waitForFunction((id) => document.querySelector(`[data-testid=channel-item][data-channel-id="${id}"]`)?.dataset.unread === '1', directId);
    assert.equal(await item.getAttribute('data-kind'), 'direct');
    await item.click();
    await waitForBodies(lan, ['Chị Lan ơi, chiều nay họp lúc mấy giờ?']);
  });

  await step(t, 'the head of mission opens the embassy’s channel; Lan sees it with the staff; it cannot be opened twice', async () => {
    const { page: lan } = contexts['lan.fr'];
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    context.setDefaultTimeout(TIMEOUT);
    const head = await context.newPage();
    const problems = watchConsole(head);
    current = head;
    await logIn(head, 'head.fr', password('head.fr'), 'en', { totpSecret: headSecret });
    contexts['head.fr'] = { context, page: head, problems, errors: watchErrors(head) };  // errors once signed in
    await head.goto('/channels');
    await head.getByTestId('channel-new-unit').click();
    await head.getByTestId('new-channel-unit').waitFor();
    await head.getByTestId('unit-channel-create').click();
    await head.getByTestId('unit-channel-missing').waitFor();
    await head.getByTestId('unit-channel-unit').selectOption(String(units['EMB-FR']));
    await head.getByTestId('unit-channel-create').click();
    await head.waitForURL(/\/channels\/\d+$/);
    const unitChannel = Number(head.url().match(/\/channels\/(\d+)$/)[1]);
    assert.equal(await head.getByTestId('channel-title').innerText(), 'Embassy of Viet Nam in France', 'named after the unit');
    const members = (await as['head.fr'].get(`/api/v1/channels/${unitChannel}`)).data.members.map((member) => member.user_id);
    for (const name of ['head.fr', 'lan.fr', 'minh.fr']) assert.ok(members.includes(ids[name]), `${name} is on the embassy’s staff`);
    for (const name of ['desk.eu', 'leader.hq']) assert.ok(!members.includes(ids[name]), `${name} is not`);
    const item = lan.locator(`[data-testid=channel-item][data-channel-id="${unitChannel}"]`);
    await item.waitFor();
    assert.equal(await item.getAttribute('data-kind'), 'unit');

    await head.goto('/channels?new=unit');
    await head.getByTestId('unit-channel-unit').selectOption(String(units['EMB-FR']));
    await head.getByTestId('unit-channel-exists').waitFor();
    assert.equal(await head.getByTestId('unit-channel-create').isDisabled(), true);
    await screenshot(head, 'channels-unit-exists');
    await head.getByTestId('unit-channel-exists').getByRole('link').click();
    await head.waitForURL(new RegExp(`/channels/${unitChannel}$`));
    // Lan manages no staff: no such button for her.
    assert.equal(await lan.getByTestId('channel-new-unit').count(), 0);
    current = lan;
  });

  await step(t, 'the channels page works at 375 px', async () => {
    const { page: minh } = contexts['minh.fr'];
    await minh.goto(`/channels/${channelId}`);
    await waitForBodies(minh, [...expected, 'Em đã nhận được cả sáu tin.']);
    await minh.setViewportSize({ width: 375, height: 812 });
    await noHorizontalScroll(minh, 'a channel', 375);
    assert.ok(!(await minh.getByTestId('channel-list').isVisible()), 'one pane at a time');
    await screenshot(minh, 'channels-phone-channel', { fullPage: false });
    await minh.getByRole('link', { name: 'Danh sách kênh' }).click();
    await minh.getByTestId('channel-list').waitFor();
    await noHorizontalScroll(minh, 'the list', 375);
    await screenshot(minh, 'channels-phone-list', { fullPage: false });
    await minh.setViewportSize({ width: 1280, height: 900 });
  });

  await step(t, 'Lan posts an announcement that Minh marks seen, and deletes a message; each side sees it live', async () => {
    const { page: lan } = contexts['lan.fr'];
    const { page: minh } = contexts['minh.fr'];
    await lan.goto(`/channels/${channelId}`);
    await minh.locator(`[data-testid=channel-item][data-channel-id="${channelId}"]`).click();
    await minh.getByTestId('timeline').waitFor();
    await lan.getByTestId('composer-input').fill('Thông báo: họp giao ban lúc 9 giờ sáng mai.');
    await lan.getByTestId('composer-announcement').check();
    await lan.getByTestId('composer-send').click();
    const announcement = (page) => page.locator('[data-testid=timeline] [data-testid=message][data-announcement="true"]');
    await announcement(lan).getByTestId('message-seen-count').waitFor();
    assert.equal(await announcement(lan).getByTestId('message-seen-count').getAttribute('data-seen'), '0');
    assert.equal(await announcement(lan).getByTestId('message-mark-seen').count(), 0, 'the author has seen it');

    await announcement(minh).getByTestId('message-mark-seen').click();
    await announcement(minh).getByTestId('message-mark-seen').waitFor({ state: 'detached' });
    await lan.waitForFunction(() =>
      document.querySelector('[data-testid=timeline] [data-announcement="true"] [data-testid=message-seen-count]')?.dataset.seen === '1');

    await lan.locator('[data-testid=timeline] [data-testid=message][data-seq="2"]').hover();
    lan.once('dialog', (dialog) => dialog.accept());
    await lan.locator('[data-testid=timeline] [data-testid=message][data-seq="2"] [data-testid=message-delete]').click();
    const gone = minh.locator('[data-testid=timeline] [data-testid=message][data-seq="2"][data-deleted="true"]');
    await gone.waitFor();
    assert.doesNotMatch(await gone.getByTestId('message-body').innerText(), /Tin số 2/);
    await gone.getByTestId('message-history').click();
    assert.match(await gone.getByTestId('message-version').innerText(), /Tin số 2/);

    await gone.getByTestId('message-history').click();  // closed again
    await minh.setViewportSize({ width: 375, height: 812 });
    await minh.getByTestId('members-toggle').click();
    await minh.getByTestId('members-panel').waitFor();
    assert.equal(await minh.getByTestId('member-item').count(), 2);
    assert.equal(await minh.getByTestId('member-remove').count(), 0, 'members do not remove others');
    await noHorizontalScroll(minh, 'the members', 375);
    await screenshot(minh, 'channels-phone-members', { fullPage: false });
    await minh.keyboard.press('Escape');
    await minh.getByTestId('members-panel').waitFor({ state: 'detached' });
    // The panel gives focus back on the next frame: waited for (a loaded machine may paint later), then checked.
    await minh.waitForFunction(() => document.activeElement?.dataset.testid === 'members-toggle', null, { timeout: 5000 })
      .catch(() => {});
    assert.equal(await minh.evaluate(() => document.activeElement?.dataset.testid), 'members-toggle', 'focus returns to the button');
    await announcement(minh).scrollIntoViewIfNeeded();
    await screenshot(minh, 'channels-phone-announcement', { fullPage: false });
    await minh.setViewportSize({ width: 1280, height: 900 });
    await announcement(lan).scrollIntoViewIfNeeded();
    await screenshot(lan, 'channels-desktop-announcement', { fullPage: false });
  });

  await step(t, 'Minh follows the notification of Lan’s mention to the message', async () => {
    const { page: minh } = contexts['minh.fr'];
    await minh.getByTestId('notifications-bell').click();
    const notice = minh.getByTestId('notification-item').first();
    await notice.waitFor();
    assert.match(await notice.innerText(), /Xin chào @minh\.fr/);
    await notice.getByTestId('notification-open').click();
    await minh.waitForURL(new RegExp(`/channels/${channelId}\\?seq=1$`));
    const target = minh.locator('[data-testid=timeline] [data-testid=message][data-seq="1"]');
    await minh.waitForFunction(() => document.querySelector('[data-testid=timeline] [data-seq="1"]')?.classList.contains('highlighted'));
    assert.ok(await target.isVisible());
  });

  await step(t, 'Minh finds the cable about “Hà Nội” by typing “ha noi”, saves the search and deletes it', async () => {
    const { page: minh } = contexts['minh.fr'];
    await minh.getByTestId('nav-cables').click();
    await minh.getByTestId('cable-search-tab').click();
    await minh.waitForURL(/\/cables\/search$/);
    await minh.getByTestId('search-q').fill('ha noi');
    await minh.getByTestId('search-submit').click();
    const row = minh.locator(`[data-testid=search-results] [data-testid=cable-row][data-cable-id="${cable.id}"]`);
    await row.waitFor();
    assert.equal(await row.getByTestId('cable-row-reference').innerText(), cable.reference);
    assert.match(await row.getByTestId('cable-row-subject').innerText(), /Hà Nội/);
    assert.match(minh.url(), /\/cables\/search\?q=ha\+noi$/);

    await minh.getByTestId('saved-search-name').fill('Đoàn về Hà Nội');
    await minh.getByTestId('saved-search-notify').check();
    await minh.getByTestId('saved-search-save').click();
    const saved = minh.getByTestId('saved-search');
    await saved.waitFor();
    assert.match(await saved.innerText(), /Đoàn về Hà Nội/);
    const stored = await as['minh.fr'].get('/api/v1/cables/saved-searches');
    assert.deepEqual(stored.data.items.map(({ name, q, notify }) => ({ name, q, notify })), [{ name: 'Đoàn về Hà Nội', q: 'ha noi', notify: true }]);

    await minh.getByTestId('search-clear').click();
    await minh.getByTestId('search-idle').waitFor();
    await saved.getByTestId('saved-search-run').click();
    await row.waitFor();
    await screenshot(minh, 'search-desktop');
    await minh.setViewportSize({ width: 375, height: 812 });
    await noHorizontalScroll(minh, 'the search', 375);
    await screenshot(minh, 'search-phone');
    await minh.setViewportSize({ width: 1280, height: 900 });

    minh.once('dialog', (dialog) => dialog.accept());
    await saved.getByTestId('saved-search-delete').click();
    await minh.getByTestId('saved-searches-empty').waitFor();
    assert.deepEqual((await as['minh.fr'].get('/api/v1/cables/saved-searches')).data.items, []);

    await row.click();
    await minh.waitForURL(new RegExp(`/cables/${cable.id}$`));
    await minh.getByTestId('cable-reference').waitFor();
  });

  await step(t, 'no page error, console error or CSP violation happened once signed in', async () => {
    for (const [username, { problems, reopenedProblems, errors }] of Object.entries(contexts)) {
      assert.deepEqual([...problems, ...(reopenedProblems ?? [])], [], `${username}: page errors and CSP violations`);
      assert.deepEqual(errors, [], `${username}: console errors`);
    }
    for (const { context } of Object.values(contexts)) await context.close();
  });
});
