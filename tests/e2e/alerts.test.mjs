// Crisis alerts in a real browser, against our own server (the approval threshold lowered to 2, so that three
// recipients make a large alert). (a) A consular officer of the embassy in Japan registers three citizens in Osaka
// with an e-mail consent (API), draws a polygon around Osaka by clicking on the composer's map, is told beside the
// field that the headline is missing, saves the draft, sees who it would reach (3, by e-mail; 2 in Vietnamese, 1 in
// English), submits the exercise after a confirmation naming 3 people and no second approval, and follows its
// delivery and safety check. There is no SMTP server here, so e-mails fail or stay pending: the test asserts what
// the page shows, not that they arrived. The one-tap page's tokens are never shown to staff, so a bad token is
// tried (the page says the link is not valid) and the page's own flow is run with the server's two answers stubbed.
// A citizen's real "CAN GIUP <code>" by SMS (the gateway's signed webhook) opens an assistance case that the officer
// reaches from the safety panel, notes and resolves.
// (b) A real alert over the threshold waits for approval: its composer may not approve it, the head of mission does,
// after the fresh authenticator code the console asks for.
// The composer with its polygon, the draft, the delivery page and the one-tap page are shot in Vietnamese and
// English at 1280 px and 390 px (no horizontal scrolling); no page error or CSP violation happens.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { launch, logIn, noHorizontalScroll, screenshot, steps, watchConsole } from './lib/browser.mjs';
import { Installation } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { secondsLeftInStep, totp } from '../lib/totp.mjs';

const TIMEOUT = 20_000;
const node = new Installation();
const password = (username) => `e2e-alerts-${username}`;
const PEOPLE = {
  'consul.jp': { unit: 'EMB-JP', role: 'consular_officer' },
  'ambassador.jp': { unit: 'EMB-JP', role: 'head_of_mission' },
};
const CITIZENS = [
  { full_name: 'Nguyễn Văn An', email: 'an.nguyen@example.com', language: 'vi', latitude: 34.6937, longitude: 135.5023 },
  { full_name: 'Trần Thị Bình', email: 'binh.tran@example.com', phone: '+819012345678', language: 'vi', latitude: 34.7025, longitude: 135.4959 },
  { full_name: 'Lê Minh Châu', email: 'chau.le@example.com', language: 'en', latitude: 34.6687, longitude: 135.5195 },
];
// Around Osaka, clockwise from the south-west; every citizen above is inside.
const CORNERS = [
  [34.55, 135.35],
  [34.85, 135.35],
  [34.85, 135.7],
  [34.55, 135.7],
];
const SMS_SECRET = 'e2e-sms-secret';
let server;
let browser;
let current; // the page of the step running, for a screenshot when it fails
const pages = [];

before(async () => {
  if (!process.env.CHANCERY_CONSOLE_DIR) throw new Error('set CHANCERY_CONSOLE_DIR to the built console (web/dist)');
  node.seedDemo();
  for (const [username, spec] of Object.entries(PEOPLE)) node.createUser(username, { ...spec, password: password(username) });
  server = await node.start([], { env: { CHANCERY_ALERTS_APPROVAL_THRESHOLD: '2', CHANCERY_SMS_WEBHOOK_SECRET: SMS_SECRET,
    CHANCERY_ALERTS_EMAIL_DAILY_QUOTA: '1000' } });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await node.cleanup();
});

async function newPage({ locale = 'en-GB', width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width, height }, locale });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const problems = watchConsole(page);
  pages.push({ page, problems });
  current = page;
  return page;
}

/** Full-page screenshots at 1280 px and at 390 px, checking that the narrow one does not scroll sideways. */
async function shots(page, name, what) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.waitForTimeout(200);
  await screenshot(page, `alerts-${name}-desktop`);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await noHorizontalScroll(page, what, 390);
  await screenshot(page, `alerts-${name}-phone`);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.waitForTimeout(200);
}

async function language(page, locale) {
  await page.getByTestId(`lang-${locale}`).first().click();
  await page.waitForFunction((wanted) => document.documentElement.lang === wanted, locale);
}

/** The same page shot in Vietnamese and in English; ends in English. */
async function shotsInBoth(page, name, what) {
  for (const locale of ['vi', 'en']) {
    await language(page, locale);
    await shots(page, `${name}-${locale}`, `${what} (${locale})`);
  }
}

/**
 * Where a point is on the composer's map, in page pixels. The map is an equirectangular projection whose edges the
 * SVG states (data-north, -south, -west, -east) and whose drawing keeps the SVG's proportions, so both axes are
 * linear between them.
 */
async function onMap(page, latitude, longitude) {
  const svg = page.getByTestId('map-svg');
  const box = await svg.boundingBox();
  const view = await svg.evaluate((element) => ({
    north: Number(element.dataset.north),
    south: Number(element.dataset.south),
    west: Number(element.dataset.west),
    east: Number(element.dataset.east),
  }));
  assert.ok(latitude < view.north && latitude > view.south && longitude > view.west && longitude < view.east, `${latitude},${longitude} is in view`);
  return {
    x: box.x + ((longitude - view.west) / (view.east - view.west)) * box.width,
    y: box.y + ((view.north - latitude) / (view.north - view.south)) * box.height,
  };
}

/** The pairs of a CAP polygon text. */
const pairs = (text) => text.trim().split(/\s+/).map((pair) => pair.split(',').map(Number));

test('a consular officer draws an exercise around Osaka, sends it and follows its delivery and safety check', async (t) => {
  const step = steps('alerts-', () => current);
  const officer = new Client(server.url);
  let page;
  let alertId;

  await step(t, 'three citizens are registered in Osaka with an e-mail consent and a map point (API)', async () => {
    await officer.login('consul.jp', password('consul.jp'));
    for (const citizen of CITIZENS) {
      const created = await officer.post('/api/v1/citizens', {
        full_name: citizen.full_name,
        email: citizen.email,
        ...(citizen.phone ? { phone: citizen.phone } : {}),
        residence_country: 'JP',
        city: 'Osaka',
        language: citizen.language,
        location: { latitude: citizen.latitude, longitude: citizen.longitude },
        consents: { email: true },
      });
      assert.equal(created.status, 201, created.text);
    }
  });

  await step(t, 'the officer opens the composer from the navigation: the embassy and Japan are the only choices', async () => {
    page = await newPage();
    await logIn(page, 'consul.jp', password('consul.jp'), 'en');
    await page.getByTestId('nav-alerts').click();
    await page.getByTestId('alerts-page').waitFor();
    await page.getByTestId('alerts-empty').waitFor();
    await page.getByTestId('alert-new').click();
    await page.getByTestId('alert-form').waitFor();
    await page.locator('[data-testid=map-editor][data-ready=true]').waitFor();
    const units = await page.getByTestId('al-unit_id').locator('option').allInnerTexts();
    assert.deepEqual(units, ['Embassy of Viet Nam in Japan (EMB-JP)'], 'the only unit where the officer may send alerts, chosen');
    assert.deepEqual(await page.getByTestId('al-area-countries').locator('label').allInnerTexts(), ['Japan'], 'the embassy’s jurisdiction');
    assert.equal(await page.getByTestId('al-actual-warning').count(), 0, 'no kind is assumed');
  });

  await step(t, 'draws a polygon around Osaka by clicking on the map', async () => {
    await page.getByTestId('map-svg').evaluate((element) => element.scrollIntoView({ block: 'center' }));
    // Three double clicks on Osaka bring it about eight times closer.
    for (let zoom = 0; zoom < 3; zoom += 1) {
      const osaka = await onMap(page, 34.69, 135.5);
      const before = await page.getByTestId('map-svg').getAttribute('data-north');
      await page.mouse.dblclick(osaka.x, osaka.y);
      await page.waitForFunction((north) => document.querySelector('[data-testid=map-svg]')?.dataset.north !== north, before);
    }
    await page.getByTestId('map-mode-polygon').click();
    assert.equal(await page.getByTestId('map-editor').getAttribute('data-mode'), 'polygon');
    for (const [latitude, longitude] of CORNERS) {
      const corner = await onMap(page, latitude, longitude);
      await page.mouse.click(corner.x, corner.y);
    }
    assert.match(await page.getByTestId('map-instruction').innerText(), /4 corners/);
    // Clicking the first corner again closes the polygon.
    const first = await onMap(page, ...CORNERS[0]);
    await page.mouse.click(first.x, first.y);
    assert.equal(await page.getByTestId('map-editor').getAttribute('data-mode'), 'move');
    const text = await page.getByTestId('al-area-polygons-0').inputValue();
    const ring = pairs(text);
    assert.equal(ring.length, 5, `a closed ring of 4 corners: ${text}`);
    assert.deepEqual(ring[4], ring[0], 'the first pair again at the end');
    ring.slice(0, 4).forEach(([latitude, longitude], index) => {
      assert.ok(Math.abs(latitude - CORNERS[index][0]) < 0.01 && Math.abs(longitude - CORNERS[index][1]) < 0.01, `corner ${index + 1} where it was clicked: ${text}`);
    });
    assert.equal(await page.getByTestId('al-area-polygons-0-corners-2-latitude').inputValue(), String(ring[2][0]), 'each corner is also a field');
  });

  await step(t, 'a missing headline is refused beside its field, which takes the focus', async () => {
    await page.getByTestId('al-status-Exercise').check();
    await page.getByTestId('al-texts-vi-event').fill('Bão');
    await page.getByTestId('al-texts-vi-instruction').fill('Ở trong nhà, tránh xa cửa kính. Không đến gần bờ sông.');
    await page.getByTestId('al-texts-en-event').fill('Typhoon');
    await page.getByTestId('al-texts-en-headline').fill('Exercise: typhoon no. 9 reaches Osaka');
    await page.getByTestId('al-texts-en-instruction').fill('Stay indoors, away from windows. Keep away from the river banks.');
    await page.getByTestId('al-area-description').fill('Thành phố Osaka');
    await page.getByTestId('al-categories-Met').check();
    await page.getByTestId('al-safety_check').check();
    await page.getByTestId('alert-save').click();
    const error = page.getByTestId('al-texts-vi-headline-error');
    await error.waitFor();
    assert.equal(await error.innerText(), 'This field is required.');
    assert.equal(await page.getByTestId('al-texts-vi-headline').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'al-texts-vi-headline');
    await page.getByTestId('al-texts-vi-headline').fill('Diễn tập: bão số 9 đổ bộ Osaka');
    await shotsInBoth(page, 'composer', 'the composer with a polygon drawn');
  });

  await step(t, 'saves the draft, which would reach the 3 citizens by e-mail, 2 in Vietnamese and 1 in English', async () => {
    await page.getByTestId('alert-save').click();
    await page.getByTestId('draft-panel').waitFor();
    alertId = Number(await page.getByTestId('alert-page').getAttribute('data-alert-id'));
    assert.equal(await page.getByTestId('alert-state').getAttribute('data-state'), 'draft');
    assert.equal(await page.getByTestId('alert-status').innerText(), 'Exercise');
    assert.match(await page.getByTestId('alert-exercise-banner').innerText(), /EXERCISE/);
    await page.getByTestId('preview-reachable').waitFor();
    assert.equal(await page.getByTestId('preview-reachable').innerText(), '3 people would receive the alert');
    assert.equal(await page.getByTestId('preview-channels').locator('[data-channel=email]').getAttribute('data-count'), '3');
    assert.equal(await page.getByTestId('preview-channels').locator('[data-count]').count(), 1, 'e-mail is the only channel');
    assert.equal(await page.getByTestId('preview-languages').locator('[data-language=vi]').getAttribute('data-count'), '2');
    assert.equal(await page.getByTestId('preview-languages').locator('[data-language=en]').getAttribute('data-count'), '1');
    assert.equal(await page.getByTestId('preview-without-channel').count(), 0, 'everyone in the area can be reached');
    assert.equal(await page.getByTestId('preview-needs-approval').count(), 0, 'an exercise needs no second approval');
    const cap = await page.request.get(await page.getByTestId('cap-link').getAttribute('href'));
    assert.equal(cap.status(), 200);
    const xml = await cap.text();
    assert.match(xml, /<status>Exercise<\/status>/);
    assert.match(xml, /<polygon>34\.5\d*,135\.3\d* /);
    await shotsInBoth(page, 'draft', 'the draft with its recipients');
  });

  await step(t, 'submits it after a confirmation naming 3 people and no second approval', async () => {
    await page.getByTestId('alert-submit').click();
    const confirm = page.getByTestId('submit-confirm');
    await confirm.waitFor();
    assert.equal(await page.getByTestId('submit-confirm-count').innerText(), 'This exercise will reach 3 people, marked “[EXERCISE]”.');
    assert.match(await page.getByTestId('submit-confirm-approval').innerText(), /^No second approval is needed/);
    await page.getByTestId('submit-confirm-yes').click();
    await page.getByTestId('progress-panel').waitFor();
    assert.match(await page.getByTestId('alert-notice').innerText(), /being sent/);
    assert.ok(['sending', 'sent'].includes(await page.getByTestId('alert-page').getAttribute('data-state')));
  });

  await step(t, 'the delivery page counts 3 deliveries and the safety check asks 3 people, none answered yet', async () => {
    assert.equal(await page.getByTestId('progress-panel').getAttribute('data-total'), '3');
    assert.equal(await page.getByTestId('progress-total').innerText(), '3 deliveries');
    const counts = {};
    for (const state of ['delivered', 'awaiting_receipt', 'pending', 'failed', 'cancelled']) {
      counts[state] = Number(await page.getByTestId(`progress-${state}`).getAttribute('data-count'));
    }
    assert.equal(Object.values(counts).reduce((sum, count) => sum + count, 0), 3, `every delivery has a state: ${JSON.stringify(counts)}`);
    assert.equal(counts.delivered, 0, 'no SMTP server: nothing is delivered');
    // The e-mail provider's daily quota, untouched: nothing could be sent by e-mail.
    const quota = page.getByTestId('progress-quotas').locator('li[data-channel=email]');
    assert.match(await quota.innerText(), /^E-mail: 0 of 1,000 sent on \d{4}-\d{2}-\d{2}$/);
    await page.getByTestId('safety-panel').waitFor();
    await page.getByTestId('safety-recipients').waitFor();
    assert.equal(await page.getByTestId('safety-recipients').innerText(), '3 people asked');
    assert.equal(await page.getByTestId('safety-no_answer').getAttribute('data-count'), '3');
    assert.equal(await page.getByTestId('safety-need_help').getAttribute('data-count'), '0');
    await page.getByTestId('safety-need_help-empty').waitFor();
    const names = await page.getByTestId('safety-no_answer-table').locator('th[scope=row] a').allInnerTexts();
    assert.deepEqual(names.sort(), CITIZENS.map((citizen) => citizen.full_name).sort());
    assert.equal(await page.getByTestId('safety-map-svg').locator('circle.am-point-no_answer').count(), 3, 'their points on the map');
    await shotsInBoth(page, 'progress', 'the delivery and safety check page');
  });

  await step(t, 'the list shows the exercise, marked as one', async () => {
    await page.getByTestId('nav-alerts').click();
    const row = page.locator(`[data-testid=alert-row][data-alert-id="${alertId}"]`);
    await row.waitFor();
    assert.equal(await row.getAttribute('data-status'), 'Exercise');
    assert.match(await row.innerText(), /Exercise/);
    assert.match(await row.innerText(), /Diễn tập: bão số 9|Exercise: typhoon no\. 9/);
  });

  await step(t, 'a one-tap link with a bad token says the link is not valid, without any session', async () => {
    const citizen = await newPage({ locale: 'vi-VN' });
    await citizen.goto(`/safe/${alertId}.0000000000000000deadbeef`);
    await citizen.getByTestId('safe-invalid').waitFor();
    assert.equal(await citizen.locator('h1').innerText(), 'Liên kết không hợp lệ');
    assert.equal(await citizen.title(), 'Bạn có an toàn không? – Bộ Ngoại giao');
    await language(citizen, 'en');
    assert.equal(await citizen.locator('h1').innerText(), 'This link is not valid');
    assert.equal((await citizen.request.get('/api/v1/me')).status(), 401, 'no staff session was made');
    await shots(citizen, 'safe-invalid-en', 'the one-tap page with a bad link');
  });

  await step(t, 'the one-tap page (its two API answers stubbed): headline, two large buttons, the answer sent', async () => {
    const citizen = await newPage({ locale: 'vi-VN', width: 390, height: 844 });
    let answer = null;
    await citizen.route('**/api/v1/public/safety/**', async (route) => {
      if (route.request().method() === 'POST') {
        answer = route.request().postDataJSON();
        return route.fulfill({ status: 204 });
      }
      return route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ headline: '[DIỄN TẬP] Diễn tập: bão số 9 đổ bộ Osaka', instruction: 'Ở trong nhà, tránh xa cửa kính.', language: 'vi', answered: null }),
      });
    });
    await citizen.goto('/safe/1.0123456789abcdef01234567');
    await citizen.getByTestId('safe-page').waitFor();
    assert.equal(await citizen.getByTestId('safe-headline').innerText(), '[DIỄN TẬP] Diễn tập: bão số 9 đổ bộ Osaka');
    assert.equal(await citizen.getByTestId('safe-yes').innerText(), 'Tôi an toàn');
    const height = (await citizen.getByTestId('safe-help').boundingBox()).height;
    assert.ok(height >= 60, `the buttons are large enough for a thumb (${height} px)`);
    for (const locale of ['vi', 'en']) {
      await language(citizen, locale);
      await shots(citizen, `safe-${locale}`, `the one-tap page (${locale})`);
    }
    await language(citizen, 'vi');
    await citizen.getByTestId('safe-message').fill('Tầng một bị ngập, chúng tôi ở tầng hai.');
    await citizen.getByTestId('safe-help').click();
    await citizen.getByTestId('safe-thanks').waitFor();
    assert.deepEqual(answer, { status: 'need_help', message: 'Tầng một bị ngập, chúng tôi ở tầng hai.' });
    assert.match(await citizen.getByTestId('safe-thanks').innerText(), /cần giúp đỡ/);
    await shots(citizen, 'safe-thanks-vi', 'the thank-you');
    current = page;
  });

  await step(t, 'Bình answers "CAN GIUP" by SMS: the safety panel links her case, which the officer takes, notes and resolves', async () => {
    const alert = await officer.get(`/api/v1/alerts/${alertId}`);
    const sms = JSON.stringify({ id: 'e2e-sms-1', from: '+819012345678', text: `CAN GIUP ${alert.data.reply_code} nha bi ngap` });
    const inbound = await fetch(`${server.url}/api/v1/sms/inbound`, {
      method: 'POST',
      body: sms,
      headers: { 'content-type': 'application/json', 'x-signature': `sha256=${createHmac('sha256', SMS_SECRET).update(sms).digest('hex')}` },
    });
    assert.match(await inbound.text(), /"recorded":true/);
    await page.goto(`/alerts/${alertId}`);
    await page.getByTestId('safety-person-case').waitFor();
    assert.equal(await page.getByTestId('safety-need_help').getAttribute('data-count'), '1');
    await page.getByTestId('safety-person-case').click();
    await page.getByTestId('case-page').waitFor();
    assert.equal(await page.getByTestId('case-person').innerText(), 'Trần Thị Bình');
    assert.match(await page.getByTestId('case-message').innerText(), /nha bi ngap/);
    // Nobody is on the embassy's duty roster: the officer who sent the alert has it.
    assert.equal(await page.getByTestId('case-assignee').innerText(), 'consul.jp');
    await page.getByTestId('case-note').fill('Đã gọi điện: cả nhà ở tầng hai, nước đang rút.');
    await page.getByTestId('case-add-note').click();
    await page.locator('[data-testid=case-entry][data-kind=note]').waitFor();
    await shotsInBoth(page, 'case-open', 'an open assistance case');
    await page.getByTestId('case-outcome').fill('An toàn; không cần sơ tán.');
    await page.getByTestId('case-resolve').click();
    await page.locator('[data-testid=case-page][data-state=resolved]').waitFor();
    const kinds = await page.getByTestId('case-entry').evaluateAll((entries) => entries.map((entry) => entry.dataset.kind));
    assert.deepEqual(kinds, ['opened', 'assigned', 'note', 'resolved']);
    assert.match(await page.getByTestId('case-trail').innerText(), /An toàn; không cần sơ tán\./);
    await page.getByTestId('case-reopen').waitFor();
    // The list: resolved cases under their filter.
    await page.goto('/alerts/assistance');
    await page.getByTestId('assistance-empty').waitFor();
    await page.getByTestId('assistance-state').selectOption('resolved');
    const row = page.getByTestId('assistance-row');
    await row.waitFor();
    assert.equal(await row.getAttribute('data-state'), 'resolved');
    assert.match(await row.innerText(), /Trần Thị Bình/);
    await shotsInBoth(page, 'cases', 'the list of assistance cases');
  });

  await step(t, 'no page error or CSP violation happened', async () => {
    for (const { problems } of pages) assert.deepEqual(problems, []);
  });
});

test('a real alert over the threshold waits for the head of mission, who approves it with a fresh code', async (t) => {
  const step = steps('alerts-approval-', () => current);
  const officer = new Client(server.url);
  const ambassador = new Client(server.url);
  let alertId;
  let secret;
  let page;

  await step(t, 'the officer submits a real alert reaching 3 people: it waits for approval (API)', async () => {
    await officer.login('consul.jp', password('consul.jp'));
    const units = await officer.get('/api/v1/units');
    const embassy = (units.data.items ?? units.data).find((unit) => unit.code === 'EMB-JP');
    const created = await officer.post('/api/v1/alerts', {
      unit_id: embassy.id,
      status: 'Actual',
      categories: ['Geo'],
      urgency: 'Immediate',
      severity: 'Severe',
      certainty: 'Observed',
      texts: [{ language: 'vi', event: 'Động đất', headline: 'Động đất mạnh tại Osaka', instruction: 'Tránh xa nhà cao tầng.' }],
      area: { description: 'Osaka', circles: ['34.69,135.5 10'] },
      safety_check: true,
    });
    assert.equal(created.status, 201, created.text);
    alertId = created.data.id;
    const submitted = await officer.post(`/api/v1/alerts/${alertId}/submit`);
    assert.equal(submitted.data.state, 'awaiting_approval');
  });

  await step(t, 'its composer sees that someone else must approve it', async () => {
    const own = await newPage();
    await logIn(own, 'consul.jp', password('consul.jp'), 'en');
    await own.goto(`/alerts/${alertId}`);
    await own.getByTestId('approval-panel').waitFor();
    assert.equal(await own.getByTestId('alert-status').innerText(), 'Real alert');
    await own.getByTestId('approval-own').waitFor();
    assert.equal(await own.getByTestId('alert-approve').count(), 0);
  });

  await step(t, 'the head of mission finds it waiting and approves it after a fresh authenticator code', async () => {
    secret = await ambassador.login('ambassador.jp', password('ambassador.jp'));
    page = await newPage();
    await logIn(page, 'ambassador.jp', password('ambassador.jp'), 'en', { totpSecret: secret });
    await page.getByTestId('nav-alerts').click();
    assert.equal(await page.getByTestId('alerts-awaiting').innerText(), '1 alert is waiting for your approval.');
    await page.locator(`[data-testid=alert-row][data-alert-id="${alertId}"] [data-testid=alert-link]`).click();
    await page.getByTestId('approval-panel').waitFor();
    assert.equal(await page.getByTestId('view-headline-vi').innerText(), 'Động đất mạnh tại Osaka', 'the texts are shown before approving');
    // The code given at login is fresh for five minutes; the server's refusal of an older one is played here once,
    // so that the console's answer to it runs: the code form, then the approval again (both real).
    let refused = false;
    await page.route(`**/api/v1/alerts/${alertId}/approve`, async (route) => {
      if (refused) return route.continue();
      refused = true;
      return route.fulfill({
        status: 403,
        contentType: 'application/problem+json',
        body: JSON.stringify({ status: 403, title: 'Forbidden', reason: 'step_up_required', detail: 'Approving an alert needs a fresh two-factor check.' }),
      });
    });
    await page.getByTestId('alert-approve').click();
    await page.getByTestId('step-up-form').waitFor();
    assert.match(await page.getByTestId('step-up-form').innerText(), /Approving an alert needs a fresh check/);
    await screenshot(page, 'alerts-approval-step-up-en-desktop');
    await page.waitForTimeout(secondsLeftInStep() * 1000 + 500);
    await page.getByTestId('step-up-code').fill(totp(secret));
    await page.getByTestId('step-up-submit').click();
    await page.getByTestId('progress-panel').waitFor();
    assert.ok(['sending', 'sent'].includes(await page.getByTestId('alert-page').getAttribute('data-state')));
    assert.match(await page.getByTestId('alert-history').innerText(), /Approved by ambassador\.jp\./);
    const stored = await officer.get(`/api/v1/alerts/${alertId}`);
    assert.ok(stored.data.approved_by, 'the server recorded the approval');
  });

  await step(t, 'no page error or CSP violation happened', async () => {
    for (const { problems } of pages) assert.deepEqual(problems, []);
  });
});
