// Attachments and distribution lists in a real browser. An HQ leader creates a distribution list in the console
// (Italy and a person at the embassy in Germany); a consular officer drafts a cable to that list with a PDF and an
// image, and sees an HTML page named report.pdf refused with the server's reason; the files are on the saved
// draft; an HQ desk officer clears and the leader releases it in the console; the person reached through the list
// reads it ("via the list …") and downloads the PDF, byte for byte. In a channel, a message carrying files arrives
// live at the other member, with the image previewed (under the console's CSP) and the PDF downloadable.
// Screenshots of each screen at 1280 px and 375 px (no horizontal scrolling); no page error, CSP violation or
// console error once signed in, but the one the refused upload causes (Chromium logs every 4xx response).
//
// Starts its own server (CHANCERY_BIN serving CHANCERY_CONSOLE_DIR).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
import { launch, logIn, noHorizontalScroll, screenshot, steps, watchConsole } from './lib/browser.mjs';
import { Installation } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

const TIMEOUT = 20_000;
const node = new Installation();
let server;
let browser;
const ids = {};
const units = {};

const PEOPLE = {
  'drafter.fr': { unit: 'EMB-FR', role: 'consular_officer' },        // drafts the cable, writes in the channel
  'desk.eu': { unit: 'HQ-EUROPE', role: 'hq_desk_officer' },         // clears it
  'leader.hq': { unit: 'MOFA', role: 'hq_leadership', subtree: true }, // keeps the list, releases the cable
  'reader.de': { unit: 'EMB-DE', role: 'consular_officer' },          // on the list by name; in the channel
};
const password = (username) => `e2e-attachments-${username}`;
const as = {};

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');
const HTML_AS_PDF = Buffer.from('<!DOCTYPE html><html><head><title>Report</title></head><body><p>Not a PDF</p></body></html>\n');
const LIST_NAME = 'Tổ công tác châu Âu';

/** A small PNG (a blue band with a red dot), so that a preview has something to show. */
function png(width = 160, height = 90) {
  const rows = [];
  for (let y = 0; y < height; y += 1) {
    const row = [0];
    for (let x = 0; x < width; x += 1) {
      const dot = (x - 100) ** 2 + (y - 40) ** 2 < 60;
      const band = y > 25 && y < 65;
      row.push(...(dot ? [176, 13, 38] : band ? [91, 123, 178] : [238, 243, 249]));
    }
    rows.push(Buffer.from(row));
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const check = Buffer.alloc(4);
    check.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, check]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
const PNG = png();

before(async () => {
  if (!process.env.CHANCERY_CONSOLE_DIR) throw new Error('set CHANCERY_CONSOLE_DIR to the built console (web/dist)');
  node.seedDemo();
  for (const [username, spec] of Object.entries(PEOPLE)) node.createUser(username, { ...spec, password: password(username) });
  server = await node.start();
  for (const username of Object.keys(PEOPLE)) {
    as[username] = new Client(server.url);
    await as[username].login(username, password(username));
    ids[username] = (await as[username].get('/api/v1/me')).data.id;
  }
  for (const unit of (await as['drafter.fr'].get('/api/v1/units')).data.items) units[unit.code] = unit.id;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await node.cleanup();
});

const contexts = {};
async function session(username, { locale = 'en' } = {}) {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: { width: 1280, height: 900 },
    locale: locale === 'vi' ? 'vi-VN' : 'en-GB',
    acceptDownloads: true,
  });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const problems = watchConsole(page);
  await logIn(page, username, password(username), locale);
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push({ url: page.url(), text: message.text(), location: message.location()?.url ?? '' });
  });
  contexts[username] = { context, page, problems, errors };
  current = page;
  return contexts[username];
}

let current;  // the page of the step running, for a screenshot when it fails
const step = steps('attachments-', () => current);

/** Screenshots at desktop width and at 375 px, checking the narrow one does not scroll sideways. */
async function bothWidths(page, name, what) {
  await screenshot(page, `${name}-desktop`);
  await page.setViewportSize({ width: 375, height: 812 });
  await noHorizontalScroll(page, what, 375);
  await screenshot(page, `${name}-phone`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Clicks a download link and returns the downloaded bytes and the name the browser was given. */
async function download(page, link) {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.equal(await file.failure(), null);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

async function uploadsSettled(page, prefix) {
  await page.waitForFunction(
    (testId) => [...document.querySelectorAll(`[data-testid=${testId}]`)].every((item) => item.dataset.state !== 'uploading'),
    `${prefix}-file`,
  );
}

test('files travel with a cable addressed to a distribution list, and with a channel message', async (t) => {
  let listId;
  let cableId;

  await step(t, 'the HQ leader creates a distribution list in the console', async () => {
    const { page } = await session('leader.hq');
    await page.getByTestId('nav-cables').click();
    await page.getByTestId('cable-lists-tab').click();
    await page.waitForURL(/\/cables\/lists$/);
    await page.getByTestId('lists-empty').waitFor();
    await page.getByTestId('list-new').click();
    await page.getByTestId('list-owner').selectOption(String(units['HQ-EUROPE']));
    await page.getByTestId('list-name').fill(LIST_NAME);
    await page.getByTestId('list-description').fill('Các đại sứ quán ở châu Âu và cán bộ lãnh sự trực.');
    await page.getByTestId('list-unit-search').fill('EMB-IT');
    await page.getByTestId('list-unit-add').click();
    await page.locator(`[data-testid=list-unit-chosen][data-unit-id="${units['EMB-IT']}"]`).waitFor();
    await page.getByTestId('list-user-search').fill(`#${ids['reader.de']}`);
    await page.getByTestId('list-user-add').click();
    await page.locator(`[data-testid=list-user-chosen][data-user-id="${ids['reader.de']}"]`).waitFor();
    await bothWidths(page, 'attachments-01-list-editor', 'the list editor');
    await page.getByTestId('list-save').click();
    await page.getByTestId('list-notice').waitFor();
    const card = page.locator(`[data-testid=list-card][data-list-name="${LIST_NAME}"]`);
    await card.waitFor();
    listId = Number(await card.getAttribute('data-list-id'));
    assert.match(await card.getByTestId('list-card-units').innerText(), /EMB-IT/);
    // A change is sent whole, with the version it started from.
    await card.getByTestId('list-edit').click();
    await page.getByTestId('list-description').fill('Đại sứ quán tại Ý và cán bộ lãnh sự trực ở Đức.');
    await page.getByTestId('list-save').click();
    await page.getByTestId('list-notice').filter({ hasText: 'saved' }).waitFor();
    await card.filter({ hasText: 'Đại sứ quán tại Ý' }).waitFor();  // the card shows the change
    const stored = (await as['leader.hq'].get(`/api/v1/cables/lists/${listId}`)).data;
    assert.deepEqual(
      { owner: stored.owner_unit_id, units: stored.unit_ids, users: stored.users.map((user) => user.id), version: stored.version },
      { owner: units['HQ-EUROPE'], units: [units['EMB-IT']], users: [ids['reader.de']], version: 2 },
    );
    await bothWidths(page, 'attachments-01-lists', 'the distribution lists');
  });

  await step(t, 'the drafter attaches a PDF and an image to a cable to the list; an HTML page named report.pdf is refused', async () => {
    const { page, errors } = await session('drafter.fr');
    await page.goto('/cables/new');
    await page.getByTestId('cable-subject').fill('Consular situation report, with annexes');
    await page.getByTestId('cable-body').fill('## Situation\nThe report and the map are attached.');
    await page.getByTestId('cable-unit-search').fill('chau au');  // found without diacritics
    await page.getByTestId('cable-unit-picker').selectOption(`list:${listId}`);
    await page.getByTestId('cable-addressee-role').selectOption('action');
    await page.getByTestId('cable-addressee-add').click();
    const chosen = page.locator(`[data-testid=addressee-chosen][data-addressee="list:${listId}"]`);
    await chosen.waitFor();
    assert.match(await chosen.innerText(), new RegExp(LIST_NAME));

    // The file input is found by its label, as a screen reader would announce it.
    await page.getByLabel('Choose files').setInputFiles([
      { name: 'Báo cáo lãnh sự.pdf', mimeType: 'application/pdf', buffer: PDF },
      { name: 'map.png', mimeType: 'image/png', buffer: PNG },
    ]);
    await uploadsSettled(page, 'cable');
    await page.getByLabel('Choose files').setInputFiles([{ name: 'report.pdf', mimeType: 'application/pdf', buffer: HTML_AS_PDF }]);
    await uploadsSettled(page, 'cable');
    const files = page.getByTestId('cable-file');
    assert.deepEqual(
      await files.evaluateAll((items) => items.map((item) => [item.dataset.filename, item.dataset.state])),
      [['Báo cáo lãnh sự.pdf', 'done'], ['map.png', 'done'], ['report.pdf', 'failed']],
    );
    assert.match(await files.nth(0).innerText(), /PDF · 73 B/);
    const refusal = page.locator('[data-testid=cable-file][data-filename="report.pdf"] [data-testid=cable-file-error]');
    assert.equal(await refusal.getAttribute('role'), 'alert');
    assert.match(await refusal.innerText(), /does not accept this file/);
    assert.match(await refusal.innerText(), /text\/html cannot be attached/, 'the server’s own reason is shown');
    // Chromium logs the 415 response as a console error: the one expected here.
    const refused = errors.findIndex((error) => /status of 415/.test(error.text) && /\/api\/v1\/attachments\?filename=report\.pdf/.test(error.location));
    assert.ok(refused >= 0, `the refused upload: ${JSON.stringify(errors)}`);
    errors.splice(refused, 1);
    await screenshot(page, 'attachments-02-composer-refused-desktop');

    await page.locator('[data-testid=cable-file][data-filename="report.pdf"] [data-testid=cable-file-remove]').click();
    assert.equal(await page.getByTestId('cable-file').count(), 2);
    await bothWidths(page, 'attachments-02-composer', 'the composer');
    await page.getByTestId('cable-save').click();
    await page.getByTestId('cable-saved').waitFor();
    cableId = Number(page.url().match(/\/cables\/(\d+)\/edit$/)[1]);
    const draft = (await as['drafter.fr'].get(`/api/v1/cables/${cableId}`)).data;
    assert.deepEqual(draft.attachments.map((file) => [file.filename, file.media_type, file.size_bytes]), [
      ['Báo cáo lãnh sự.pdf', 'application/pdf', PDF.length],
      ['map.png', 'image/png', PNG.length],
    ]);
    assert.deepEqual(draft.addressees, [{ role: 'action', niact: false, list_id: listId }]);

    // The files show in the draft when it is opened again.
    await page.goto(`/cables/${cableId}/edit`);
    await page.locator('[data-testid=cable-file][data-state=done]').nth(1).waitFor();
    assert.deepEqual(await page.getByTestId('cable-file').evaluateAll((items) => items.map((item) => item.dataset.filename)), [
      'Báo cáo lãnh sự.pdf',
      'map.png',
    ]);
    await page.getByTestId('clearer-search').fill(`#${ids['desk.eu']}`);
    await page.getByTestId('clearer-add').click();
    await page.getByTestId('clearer-chosen').waitFor();
    await page.getByTestId('cable-submit').click();
    await page.waitForURL(new RegExp(`/cables/${cableId}$`));
    assert.equal(await page.getByTestId('cable-state').getAttribute('data-state'), 'in_clearance');
  });

  await step(t, 'the desk officer clears it and the leader releases it', async () => {
    const desk = await session('desk.eu');
    await desk.page.goto(`/cables/${cableId}`);
    await desk.page.getByTestId('cable-clear').click();
    await desk.page.waitForFunction(() => document.querySelector('[data-testid=cable-state]')?.dataset.state === 'cleared');
    const { page } = contexts['leader.hq'];
    current = page;
    await page.goto(`/cables/${cableId}`);
    await page.getByTestId('cable-release').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=cable-state]')?.dataset.state === 'transmitted');
  });

  await step(t, 'the person reached through the list reads the cable and downloads the PDF', async () => {
    const { page } = await session('reader.de');
    await page.goto('/cables?box=inbox');
    await page.locator(`[data-testid=cable-row][data-cable-id="${cableId}"]`).click();
    await page.getByTestId('cable-attachments').waitFor();
    const via = page.locator(`[data-testid=addressee-via-list][data-list-id="${listId}"]`);
    await via.waitFor();
    assert.equal((await via.innerText()).trim(), `via the list ${LIST_NAME}`);
    const links = page.getByTestId('cable-attachments').getByTestId('attachment-link');
    assert.equal(await links.count(), 2);
    assert.match(await links.first().getAttribute('href'), new RegExp(`^/api/v1/cables/${cableId}/attachments/\\d+$`));
    assert.notEqual(await links.first().getAttribute('download'), null);
    const pdf = await download(page, links.first());
    assert.equal(pdf.name, 'Báo cáo lãnh sự.pdf');
    assert.ok(pdf.bytes.equals(PDF), 'the downloaded PDF is the uploaded one, byte for byte');
    await bothWidths(page, 'attachments-03-reader', 'the cable reader');
  });

  await step(t, 'a message with files arrives live in a channel, the image previewed and the PDF downloadable', async () => {
    const created = await as['drafter.fr'].post('/api/v1/channels', { kind: 'topic', name: 'Lãnh sự châu Âu', members: [ids['reader.de']] });
    assert.equal(created.status, 201, created.text);
    const channelId = created.data.id;
    const reader = contexts['reader.de'].page;
    await reader.goto(`/channels/${channelId}`);
    await reader.getByTestId('messages-empty').waitFor();
    await reader.waitForFunction(() => document.querySelector('[data-testid=channels-live]')?.dataset.state === 'open');

    const { page } = contexts['drafter.fr'];
    current = page;
    await page.goto(`/channels/${channelId}`);
    await page.getByTestId('messages-empty').waitFor();
    await page.getByLabel('Attach files').setInputFiles([
      { name: 'map.png', mimeType: 'image/png', buffer: PNG },
      { name: 'notes.pdf', mimeType: 'application/pdf', buffer: PDF },
    ]);
    await uploadsSettled(page, 'composer');
    assert.equal(await page.locator('[data-testid=composer-file][data-state=done]').count(), 2);
    await page.getByTestId('composer-input').fill('Bản đồ và ghi chú cuộc họp');
    await page.getByTestId('composer-input').press('Enter');
    await page.locator('[data-testid=timeline] [data-testid=message-attachments]').waitFor();
    assert.equal(await page.getByTestId('composer-file').count(), 0, 'the composer is empty again');

    const message = reader.locator('[data-testid=timeline] [data-testid=message]').filter({ has: reader.getByTestId('message-attachments') });
    await message.waitFor();
    assert.equal(await message.getByTestId('message-body').innerText(), 'Bản đồ và ghi chú cuộc họp');
    const preview = message.getByTestId('attachment-preview');
    await reader.waitForFunction((element) => element.complete && element.naturalWidth > 0, await preview.elementHandle());
    assert.equal(await preview.evaluate((element) => element.naturalWidth), 160, 'the image shows under the console’s CSP');
    const notes = await download(reader, message.locator('[data-testid=attachment-link]', { hasText: 'notes.pdf' }));
    assert.ok(notes.bytes.equals(PDF));
    await bothWidths(reader, 'attachments-04-channel', 'the channel');
  });

  await step(t, 'no page error, CSP violation or unexpected console error happened once signed in', async () => {
    for (const [username, { problems, errors }] of Object.entries(contexts)) {
      assert.deepEqual(problems, [], `${username}: page errors and CSP violations`);
      assert.deepEqual(errors, [], `${username}: console errors`);
    }
    for (const { context } of Object.values(contexts)) await context.close();
  });
});
