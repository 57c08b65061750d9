// Webhooks for other systems in a real browser: the head of the embassy in Japan opens Alerts → Webhooks, adds a
// receiver (a local server that verifies the Standard Webhooks signature with the secret the page showed once),
// sends it a test message, and sees the delivery received with its HTTP status; then pauses it. A consular officer
// sees the same list without the buttons that change it. The page is shot in Vietnamese and English at 1280 px and
// 390 px (no horizontal scrolling); no page error or CSP violation happens.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHmac } from 'node:crypto';
import { launch, logIn, noHorizontalScroll, screenshot, steps, watchConsole } from './lib/browser.mjs';
import { Installation } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

const TIMEOUT = 20_000;
const node = new Installation();
const password = (username) => `e2e-webhooks-${username}`;
let server;
let browser;
let receiver;
let receiverUrl;
let current;
let secret = null;        // the secret the page showed
const received = [];      // {verified, body}

function verify(headers, body) {
  if (!secret) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = `v1,${createHmac('sha256', key).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`).digest('base64')}`;
  return (headers['webhook-signature'] ?? '').split(' ').includes(expected);
}

before(async () => {
  if (!process.env.CHANCERY_CONSOLE_DIR) throw new Error('set CHANCERY_CONSOLE_DIR to the built console (web/dist)');
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const verified = verify(request.headers, body);
      received.push({ verified, body });
      response.writeHead(verified ? 204 : 401);
      response.end();
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${receiver.address().port}/cap`;
  node.seedDemo();
  node.createUser('ambassador.jp', { unit: 'EMB-JP', role: 'head_of_mission', password: password('ambassador.jp') });
  node.createUser('consul.jp', { unit: 'EMB-JP', role: 'consular_officer', password: password('consul.jp') });
  server = await node.start([], { env: { CHANCERY_WEBHOOKS_ALLOWED_RANGES: '127.0.0.0/8',
    CHANCERY_WEBHOOKS_HTTP_HOSTS: '127.0.0.1' } });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await node.cleanup();
  receiver?.close();
});

test('a head of mission adds a receiver, tests it and sees it received; an officer only looks', { timeout: 180_000 }, async (t) => {
  const step = steps('webhooks-', () => current);
  const ambassador = new Client(server.url);
  const totpSecret = await ambassador.login('ambassador.jp', password('ambassador.jp'));
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  current = page;
  page.setDefaultTimeout(TIMEOUT);
  const problems = watchConsole(page);

  await step(t, 'the webhooks page is reached from the alerts', async () => {
    await logIn(page, 'ambassador.jp', password('ambassador.jp'), 'en', { totpSecret });
    await page.goto('/alerts');
    await page.getByTestId('alerts-webhooks').click();
    await page.getByTestId('webhooks-page').waitFor();
    await page.getByTestId('webhooks-empty').waitFor();
    assert.match(await page.getByTestId('webhooks-unit').locator('option:checked').innerText(), /EMB-JP/);
  });

  await step(t, 'a webhook is added and its secret shown once', async () => {
    await page.getByTestId('webhook-add').click();
    await page.getByLabel('Name').fill('ASEAN alert hub');
    await page.getByLabel('Receiver URL').fill(receiverUrl);
    await page.getByLabel('Exercise').check();
    await page.getByTestId('webhook-create').click();
    secret = await page.getByTestId('webhook-secret').innerText();
    assert.match(secret, /^whsec_/);
    assert.equal(await page.getByTestId('webhook-row').count(), 1);
    assert.match(await page.getByTestId('webhook-row').innerText(), /Actual · Exercise · Public/);
  });

  await step(t, 'a test message is received, signed, and shown as delivered', async () => {
    await page.getByTestId('webhook-ping').click();
    await page.getByTestId('webhooks-notice').waitFor();
    await page.getByTestId('webhook-deliveries').waitFor();
    for (let tries = 0; tries < 100; tries++) {
      if ((await page.getByTestId('webhook-delivery').first().getAttribute('data-state').catch(() => null)) === 'delivered') break;
      await page.getByTestId('webhook-deliveries-reload').click();
      await page.waitForTimeout(200);
    }
    const row = page.getByTestId('webhook-delivery').first();
    assert.equal(await row.getAttribute('data-state'), 'delivered');
    assert.match(await row.innerText(), /204/);
    assert.equal(received.length, 1);
    assert.ok(received[0].verified, 'the receiver verified the signature with the secret the page showed');
    assert.match(received[0].body, /<status>Test<\/status>/);
    await noHorizontalScroll(page, 'webhooks', 1280);
    await screenshot(page, 'webhooks-en-1280');
    await page.getByTestId('lang-vi').click();
    await page.getByRole('heading', { name: 'Các lần gửi gần đây tới “ASEAN alert hub”' }).waitFor();
    await screenshot(page, 'webhooks-vi-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await noHorizontalScroll(page, 'webhooks', 390);
    await screenshot(page, 'webhooks-vi-390');
  });

  await step(t, 'pausing it disables the test', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByTestId('webhook-toggle').click();
    await page.getByTestId('webhooks-notice').waitFor();
    await page.getByText('Tạm dừng', { exact: true }).first().waitFor();
    assert.ok(await page.getByTestId('webhook-ping').isDisabled());
  });

  await step(t, 'a consular officer sees the webhooks but cannot change them', async () => {
    const officer = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
    const view = await officer.newPage();
    current = view;
    view.setDefaultTimeout(TIMEOUT);
    await logIn(view, 'consul.jp', password('consul.jp'), 'en');
    await view.setViewportSize({ width: 390, height: 844 });
    await view.goto('/alerts/webhooks');
    await view.getByTestId('webhook-row').waitFor();
    assert.equal(await view.getByTestId('webhook-add').count(), 0);
    assert.equal(await view.getByTestId('webhook-delete').count(), 0);
    await noHorizontalScroll(view, 'webhooks (officer)', 390);
    await screenshot(view, 'webhooks-en-390-officer');
    await officer.close();
  });

  assert.deepEqual(problems, []);
  await context.close();
});
