// The cyberspace monitor in a real browser. Issue 4 asks: "with the replay source at 1,000 documents/s, an article
// matching a mission's query appears in that mission's console within 1 second (p99)". Before the server starts,
// a JSON Lines file of 5,000 documents is written to its replay directory; every 50th mentions "Kalmaegi" and
// carries a serial (K-0001 …) in its title. An analyst of the embassy in the Philippines gets a topic and a shared
// query "kalmaegi" (API), opens the live view of the embassy in Chromium, and a MutationObserver in the page notes
// the wall-clock time each serial appears. Then the replay source is created (API) at 1,000 documents/s. Every
// matching article must appear exactly once, and the time from its `ingested_at` (the server's clock, the same
// machine) to its appearance must be under 1 s at the 99th percentile; p50/p99/max are printed. The stream is then
// cut, and the console must reconnect and say that what arrived meanwhile is in the inbox and the archive.
// Then the other screens, in both languages and at 390 px: the inbox and an alert (acknowledged, commented), the
// query editor testing a text live and pointing at a syntax error, the sources with a refused internal address,
// the overview (chart and map) and the story view; screenshots of each, no horizontal scrolling, no page error,
// console error or CSP violation once signed in.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launch, logIn, noHorizontalScroll, screenshot, steps, watchConsole } from './lib/browser.mjs';
import { Installation } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

const TIMEOUT = 20_000;
const DOCUMENTS = 5000;
const EVERY = 50;
const MATCHING = DOCUMENTS / EVERY;
const RATE = 1000;
const REPLAY_FILE = 'kalmaegi.jsonl';
const node = new Installation();
const password = (username) => `e2e-monitor-${username}`;
const PEOPLE = { 'analyst.ph': { unit: 'EMB-PH', role: 'analyst' } };
const as = {};
const units = {};
let server;
let browser;
let context;
let page;
let problems;
const errors = [];

const TOPICS = ['rice exports', 'port traffic', 'monsoon rains', 'trade fair', 'football league', 'stock market', 'election debate', 'tourism season'];
function replayLines() {
  const lines = [];
  for (let index = 1; index <= DOCUMENTS; index += 1) {
    const topic = TOPICS[index % TOPICS.length];
    if (index % EVERY === 0) {
      const serial = `K-${String(index / EVERY).padStart(4, '0')}`;
      lines.push({ id: `e2e-${index}`, title: `Typhoon Kalmaegi update ${serial}: evacuations near Manila`,
        text: `Bulletin ${serial}. Typhoon Kalmaegi moved towards the coast of the Philippines overnight; provinces ordered evacuations as winds reached ${100 + index % 90} km/h. Đà Nẵng và Hà Nội theo dõi sát cơn bão.`,
        language: 'en', url: `https://news.example/kalmaegi/${index}` });
    } else {
      lines.push({ id: `e2e-${index}`, title: `Daily ${topic} report no. ${index}`,
        text: `Report ${index} on ${topic}: figures for district ${index % 97} changed by ${index % 13} percent; analysts expect ${topic} to stay steady through week ${index % 52}.`,
        language: 'en', url: `https://news.example/${index}` });
    }
  }
  return `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`;
}

before(async () => {
  if (!process.env.CHANCERY_CONSOLE_DIR) throw new Error('set CHANCERY_CONSOLE_DIR to the built console (web/dist)');
  node.seedDemo();
  for (const [username, spec] of Object.entries(PEOPLE)) node.createUser(username, { ...spec, password: password(username) });
  const replayDir = path.join(node.dataDir, 'replay');
  mkdirSync(replayDir, { recursive: true });
  writeFileSync(path.join(replayDir, REPLAY_FILE), replayLines());
  server = await node.start();
  for (const username of Object.keys(PEOPLE)) {
    as[username] = new Client(server.url);
    await as[username].login(username, password(username));
  }
  for (const unit of (await as['analyst.ph'].get('/api/v1/units')).data.items) units[unit.code] = unit.id;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await node.cleanup();
});

const step = steps('monitor-', () => page);

/** A desktop screenshot, then the same page at 390 px (checked for horizontal scrolling), then back. */
async function shots(name, what, focus) {
  await focus?.scrollIntoViewIfNeeded();
  await screenshot(page, `monitor-${name}-desktop`, { fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await noHorizontalScroll(page, what, 390);
  await focus?.scrollIntoViewIfNeeded();
  await screenshot(page, `monitor-${name}-phone`, { fullPage: false });
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function language(locale) {
  const narrow = (page.viewportSize()?.width ?? 1280) < 820;
  if (narrow) await page.getByTestId('nav-toggle').click();
  await page.getByTestId(`lang-${locale}`).click();
  await page.waitForFunction((wanted) => document.documentElement.lang === wanted, locale);
}

function percentile(sorted, share) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
}

test('the monitor: a replay at 1,000 documents/s reaches the mission’s live view within a second, and every screen works', async (t) => {
  let queryId;
  let alertId;

  await step(t, 'the analyst of the embassy in the Philippines has a topic and a shared query "kalmaegi"', async () => {
    const analyst = as['analyst.ph'];
    const topic = await analyst.post('/api/v1/monitor/topics', { unit_id: units['EMB-PH'], name: 'Bão và thiên tai' });
    assert.equal(topic.status, 201, topic.text);
    const query = await analyst.post('/api/v1/monitor/queries', { topic_id: topic.data.id, name: 'Bão Kalmaegi', text: 'kalmaegi', visibility: 'shared', priority: 'high' });
    assert.equal(query.status, 201, query.text);
    queryId = query.data.id;
  });

  await step(t, 'the analyst opens the embassy’s live view in Chromium', async () => {
    context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    context.setDefaultTimeout(TIMEOUT);
    page = await context.newPage();
    problems = watchConsole(page);
    await logIn(page, 'analyst.ph', password('analyst.ph'), 'en', { chooseAgain: false });
    page.on('console', (message) => message.type() === 'error' && errors.push(`${page.url()}: ${message.text()}`));
    await language('en');
    await page.getByTestId('nav-monitor').click();
    await page.getByTestId('monitor-overview').waitFor();
    await page.getByTestId('monitor-tab-live').click();
    await page.waitForURL(/\/monitor\/live/);
    assert.equal(await page.getByTestId('live-unit').inputValue(), String(units['EMB-PH']), 'the home unit is chosen');
    await page.waitForFunction(() => document.querySelector('[data-testid=monitor-live]')?.dataset.state === 'open');
    // Note when each serial appears, as the DOM receives it.
    await page.evaluate(() => {
      window.__appeared = {};
      const list = document.querySelector('[data-testid=live-list]');
      new MutationObserver((records) => {
        const now = Date.now();
        for (const record of records) {
          for (const added of record.addedNodes) {
            if (!(added instanceof HTMLElement) || added.dataset.kind !== 'match') continue;
            const serial = /K-\d{4}/.exec(added.querySelector('[data-testid=live-title]')?.textContent ?? '')?.[0];
            if (serial) (window.__appeared[serial] ??= []).push(now);
          }
        }
      }).observe(list, { childList: true });
    });
  });

  await step(t, `a replay at ${RATE} documents/s: every matching article appears once, p99 under 1 s`, async () => {
    const analyst = as['analyst.ph'];
    const created = await analyst.post('/api/v1/monitor/sources',
      { unit_id: units['EMB-PH'], name: 'kalmaegi-replay', title: 'Kalmaegi drill', kind: 'replay', url: REPLAY_FILE, replay_rate: RATE, country: 'PH' });
    assert.equal(created.status, 201, created.text);
    const started = Date.now();
    for (;;) {
      const source = (await analyst.get(`/api/v1/monitor/sources/${created.data.id}`)).data;
      if (source.health.replay_position >= DOCUMENTS) {
        assert.equal(source.health.finished, true, 'a replay at the end of its file says so');
        assert.equal(source.health.next_poll_at, null);
        break;
      }
      assert.ok(Date.now() - started < 60_000, `the replay is stuck at ${source.health.replay_position}: ${source.health.last_error}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const playedMs = Date.now() - started;
    await page.waitForFunction((count) => document.querySelectorAll('[data-testid=live-list] [data-kind=match]').length >= count, MATCHING, { timeout: 10_000 })
      .catch(() => undefined);

    const stored = await analyst.get(`/api/v1/monitor/articles?q=kalmaegi&limit=200`);
    assert.equal(stored.status, 200, stored.text);
    const articles = stored.data.items;
    assert.equal(articles.length, MATCHING, 'the archive holds every matching article');
    const appeared = await page.evaluate(() => window.__appeared);
    const shownIds = await page.locator('[data-testid=live-list] [data-kind=match]').evaluateAll((items) => items.map((item) => item.dataset.articleId));
    assert.equal(shownIds.length, MATCHING, `the live view shows ${MATCHING} matches (shows ${shownIds.length})`);
    assert.equal(new Set(shownIds).size, MATCHING, 'each once');
    const latencies = [];
    const missing = [];
    for (const article of articles) {
      const serial = /K-\d{4}/.exec(article.title)?.[0];
      assert.ok(serial, article.title);
      const times = appeared[serial];
      if (!times) {
        missing.push(serial);
        continue;
      }
      assert.equal(times.length, 1, `${serial} appeared ${times.length} times`);
      latencies.push(times[0] - Date.parse(article.ingested_at));
    }
    assert.deepEqual(missing, [], 'no matching article is missing from the live view');
    assert.equal(Object.keys(appeared).length, MATCHING, 'nothing else appeared');
    latencies.sort((a, b) => a - b);
    const p50 = percentile(latencies, 0.5);
    const p99 = percentile(latencies, 0.99);
    const max = latencies[latencies.length - 1];
    console.log(`monitor live latency over ${latencies.length} matches (${DOCUMENTS} documents replayed at ${RATE}/s in ${playedMs} ms): p50 ${p50} ms, p99 ${p99} ms, max ${max} ms, min ${latencies[0]} ms`);
    assert.ok(latencies[0] >= -50, `an article cannot appear before it is ingested (min ${latencies[0]} ms)`);
    assert.ok(p99 < 1000, `p99 ${p99} ms must be under 1000 ms`);
    const first = page.locator('[data-testid=live-list] [data-kind=match]').first();
    assert.match(await first.locator('mark').first().innerText(), /^kalmaegi$/i, 'the matched word is highlighted');
    await screenshot(page, 'monitor-live-desktop', { fullPage: false });
    await page.setViewportSize({ width: 390, height: 844 });
    await noHorizontalScroll(page, 'the live view', 390);
    await screenshot(page, 'monitor-live-phone', { fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByTestId('live-pause').click();
    assert.equal(await page.getByTestId('live-pause').getAttribute('aria-pressed'), 'true');
    await page.getByTestId('live-pause').click();
  });

  await step(t, 'the live view reconnects when its stream is cut, and says what may be missing', async () => {
    // Only from here are the monitor's sockets routed through Playwright (which would add to the latencies above).
    const sockets = [];
    await context.routeWebSocket(/\/api\/v1\/monitor\/stream/, (route) => {
      const upstream = route.connectToServer();
      sockets.push({ url: route.url(), route, upstream });
    });
    await page.reload();
    await page.waitForFunction(() => document.querySelector('[data-testid=monitor-live]')?.dataset.state === 'open');
    const before = sockets.length;
    assert.match(sockets[before - 1].url, new RegExp(`/api/v1/monitor/stream\\?units=${units['EMB-PH']}$`));
    await sockets[before - 1].upstream.close();
    await sockets[before - 1].route.close();
    await page.waitForFunction(() => document.querySelector('[data-testid=monitor-live]')?.dataset.state !== 'open');
    await page.waitForFunction(() => document.querySelector('[data-testid=monitor-live]')?.dataset.state === 'open', null, { timeout: 40_000 });
    assert.equal(sockets.length, before + 1, 'reconnected once');
    await page.getByTestId('live-gap').waitFor();
  });

  await step(t, 'the inbox lists the embassy’s alerts; one is assigned, commented and acknowledged', async () => {
    await page.getByTestId('monitor-tab-alerts').click();
    await page.getByTestId('alerts-table').waitFor();
    // The count says how many are open in all, not just the first page's.
    const open = (await as['analyst.ph'].get('/api/v1/monitor/alerts?state=open&limit=1')).data.total;
    const shown = await page.getByTestId('alert-row').count();
    if (open > shown) assert.match(await page.getByTestId('alerts-count').innerText(), new RegExp(`\\b${shown}\\b.*\\b${open}\\b`));
    else assert.equal(shown, open);
    const row = page.getByTestId('alert-row').first();
    alertId = Number(await row.getAttribute('data-alert-id'));
    await shots('inbox', 'the inbox');
    await row.getByTestId('alert-link').click();
    await page.getByTestId('monitor-alert-page').waitFor();
    assert.match(await page.getByTestId('alert-deadline').innerText(), /\d/, 'high priority: a deadline');
    assert.match(await page.getByTestId('alert-snippet').locator('mark').first().innerText(), /kalmaegi/i);
    await page.getByTestId('alert-assign-me').click();
    await page.waitForFunction(() => /analyst\.ph/.test(document.querySelector('[data-testid=alert-assignee]')?.textContent ?? ''));
    await page.getByTestId('alert-comment-input').fill('Đã báo Cục Lãnh sự; theo dõi tiếp 🌀');
    await page.getByTestId('alert-comment-send').click();
    await page.getByTestId('alert-comment').filter({ hasText: 'Đã báo Cục Lãnh sự' }).waitFor();
    await page.getByTestId('alert-acknowledge').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=monitor-alert-page]')?.dataset.state === 'acknowledged');
    await shots('alert', 'an alert');
    const stored = (await as['analyst.ph'].get(`/api/v1/monitor/alerts/${alertId}`)).data;
    assert.equal(stored.state, 'acknowledged');
    assert.deepEqual(stored.comments.map((comment) => comment.body), ['Đã báo Cục Lãnh sự; theo dõi tiếp 🌀']);
  });

  await step(t, 'the query editor tests a text live and points at a syntax error (Vietnamese)', async () => {
    await language('vi');
    await page.goto(`/monitor/queries/${queryId}`);
    await page.getByTestId('query-form').waitFor();
    const text = page.getByTestId('query-text');
    await text.fill('kalmaegi AND');
    await page.getByTestId('query-syntax-error').waitFor();
    assert.equal(await page.getByTestId('query-syntax-error').getAttribute('data-column'), '10');
    assert.match(await page.getByTestId('query-syntax-error').innerText(), /cột 10/);
    await screenshot(page, 'monitor-query-syntax-desktop');
    await text.fill('kalmaegi AND (manila OR "hà nội")');
    await page.waitForFunction(() => document.querySelector('[data-testid=query-test-status]')?.dataset.state === 'done');
    assert.ok(await page.getByTestId('query-test-hit').count() > 0, 'recent articles match');
    assert.match(await page.getByTestId('query-test-hit').first().locator('mark').first().innerText(), /kalmaegi|manila|hà nội/i);
    await shots('query-editor', 'the query editor');
    await page.getByTestId('query-save').click();
    await page.getByTestId('query-saved').waitFor();
    await page.locator('[data-testid=query-version][data-version="2"]').waitFor();
    assert.equal(await page.getByTestId('query-version').count(), 2, 'two versions');
    assert.match(await page.getByTestId('query-saved').innerText(), /2/);
  });

  await step(t, 'sources: health of the replay, and an internal address refused next to the URL', async () => {
    await page.goto('/monitor/sources');
    const replay = page.locator('[data-testid=source][data-name="kalmaegi-replay"]');
    await replay.waitFor();
    assert.equal(await replay.getByTestId('source-items').innerText(), '5.000');
    await shots('sources', 'the sources');
    await page.getByTestId('source-new').click();
    await page.getByTestId('source-name').fill('noi-bo');
    await page.getByTestId('source-url').fill('http://10.20.30.40/feed.xml');
    await page.getByTestId('source-save').click();
    const refusal = page.getByTestId('source-url-error');
    await refusal.waitFor();
    assert.equal(await refusal.getAttribute('data-reason'), 'address_not_allowed');
    assert.match(await refusal.innerText(), /địa chỉ nội bộ/);
    assert.equal(await page.getByTestId('source-url').getAttribute('aria-invalid'), 'true');
    await shots('source-form', 'the source form', refusal);
  });

  await step(t, 'the overview shows the trend chart and the map; the story view lists an alert’s story', async () => {
    await language('en');
    await page.goto('/monitor');
    await page.locator('[data-testid=activity-chart] svg').first().waitFor();
    await page.locator('[data-testid=activity-map] path[data-country="PH"]').waitFor();
    assert.notEqual(await page.locator('[data-testid=activity-map] path[data-country="PH"]').getAttribute('data-count'), '0');
    await shots('overview', 'the overview');
    await page.goto(`/monitor/alerts/${alertId}`);
    await page.getByTestId('alert-story-link').click();
    await page.getByTestId('article').first().waitFor();
    assert.match(await page.getByTestId('article').first().innerText(), /Kalmaegi/);
    await page.getByTestId('articles-q').fill('kalmaegi manila');
    await page.getByTestId('articles-submit').click();
    await page.waitForURL(/q=kalmaegi/);
    await page.locator('[data-testid=article] mark').first().waitFor();
    await shots('archive', 'the archive');
  });

  await step(t, 'no page error, console error or CSP violation happened once signed in', async () => {
    assert.deepEqual(problems, [], 'page errors and CSP violations');
    // Chromium logs every refused request: the live test's 400 for the syntax error, the refused address's 403.
    const expected = [/\/monitor\/queries\/\d+: .*status of 400/, /\/monitor\/sources\/new: .*status of 403/];
    assert.deepEqual(errors.filter((line) => !expected.some((pattern) => pattern.test(line))), [], 'console errors');
    await context.close();
  });
});
