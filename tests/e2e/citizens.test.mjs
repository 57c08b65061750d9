// Citizens abroad in a real browser, against our own demo server (`serve --demo`, so one-time codes land in
// <data-dir>/outbox/). (a) Staff: a consular officer of the embassy in Japan registers a citizen (a phone number not
// in international form is refused beside its field first), a second registration with the same name and date of
// birth is confirmed as another person and then erased, the first is found by typing her name without accents,
// opened, edited, a consent recorded, a CSV imported with its report; a consular officer of the embassy in Germany
// can neither list nor open her. (b) A citizen on the public portal (no staff session): a wrong code says how many
// tries are left, the code from the outbox signs in, they register (and the embassy's officer finds them), switch
// a consent on, get a Zalo link code, download their data, edit, and delete the registration.
// Each main page is shot in Vietnamese and English at 1280 px and 390 px (no horizontal scrolling), and no page
// error or CSP violation happens.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, logIn, noHorizontalScroll, outboxCode, screenshot, steps, watchConsole } from './lib/browser.mjs';
import { Installation } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

const TIMEOUT = 20_000;
const node = new Installation();
const password = (username) => `e2e-citizens-${username}`;
const PEOPLE = {
  'consul.jp': { unit: 'EMB-JP', role: 'consular_officer' },
  'consul.de': { unit: 'EMB-DE', role: 'consular_officer' },
};
const LAN = { name: 'Nguyễn Thị Lan', birth: '1990-02-03', email: 'lan.nguyen@example.com' };
const HUNG = { name: 'Phạm Văn Hùng', email: 'hung.pham@example.com' };
let server;
let browser;
let current; // the page of the step running, for a screenshot when it fails
const pages = [];

before(async () => {
  if (!process.env.CHANCERY_CONSOLE_DIR) throw new Error('set CHANCERY_CONSOLE_DIR to the built console (web/dist)');
  node.seedDemo();
  for (const [username, spec] of Object.entries(PEOPLE)) node.createUser(username, { ...spec, password: password(username) });
  server = await node.start(['--demo']);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await node.cleanup();
});


async function newPage({ locale = 'en-GB' } = {}) {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 }, locale, acceptDownloads: true });
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
  await page.waitForTimeout(150);
  await screenshot(page, `citizens-${name}-desktop`);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(250);
  await noHorizontalScroll(page, what, 390);
  await screenshot(page, `citizens-${name}-phone`);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.waitForTimeout(150);
}

/** Chooses the language with the header's switch (at 1280 px, where it is always visible). */
async function language(page, locale) {
  await page.getByTestId(`lang-${locale}`).first().click();
  await page.waitForFunction((wanted) => document.documentElement.lang === wanted, locale);
}

/** The same page shot in English and in Vietnamese; ends in `finalLocale`. */
async function shotsInBoth(page, name, what, finalLocale = 'en') {
  for (const locale of ['en', 'vi']) {
    await language(page, locale);
    await shots(page, `${name}-${locale}`, `${what} (${locale})`);
  }
  await language(page, finalLocale);
}

test('staff: a consular officer registers, finds, edits a citizen whom another mission cannot see', async (t) => {
  const step = steps('citizens-staff-', () => current);
  let page;
  let lanId;
  let lanReference;

  await step(t, 'the consular officer of the embassy in Japan opens the registry', async () => {
    page = await newPage();
    await logIn(page, 'consul.jp', password('consul.jp'), 'en');
    await page.getByTestId('nav-citizens').click();
    await page.getByTestId('citizens-page').waitFor();
    await page.getByTestId('citizens-empty').waitFor();
    const countries = await page.getByTestId('citizens-country').locator('option').allInnerTexts();
    assert.deepEqual(countries, ['All the countries I cover', 'Japan'], 'the country filter holds only what the officer covers');
    assert.equal(await page.getByTestId('citizen-export').count(), 0, 'no export without citizens_export');
  });

  await step(t, 'registers a citizen: a phone number not in international form is refused beside its field', async () => {
    await page.getByTestId('citizen-new').click();
    await page.getByTestId('citizen-form').waitFor();
    assert.equal(await page.getByTestId('cz-residence_country').inputValue(), 'JP', 'the only country is chosen');
    await page.getByTestId('cz-full_name').fill(LAN.name);
    await page.getByTestId('cz-date_of_birth').fill(LAN.birth);
    await page.getByTestId('cz-passport_number').fill('C1234567');
    await page.getByTestId('cz-email').fill(LAN.email);
    await page.getByTestId('cz-phone').fill('090 1234 5678');
    await page.getByTestId('cz-city').fill('Tokyo');
    await page.getByTestId('cz-address').fill('1-2-3 Nishi-Shinjuku, Shinjuku-ku');
    await page.getByTestId('cz-location-latitude').fill('35.6895');
    await page.getByTestId('cz-location-longitude').fill('139.6917');
    await page.getByTestId('stays-add').click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'cz-stays-0-country', 'a new row takes the focus');
    await page.getByTestId('cz-stays-0-country').selectOption('KR');
    await page.getByTestId('cz-stays-0-city').fill('Seoul');
    await page.getByTestId('cz-stays-0-from').fill('2026-12-20');
    await page.getByTestId('cz-stays-0-to').fill('2027-01-05');
    await page.getByTestId('household-add').click();
    await page.getByTestId('cz-household-0-full_name').fill('Trần Văn An');
    await page.getByTestId('cz-household-0-relation').fill('husband');
    await page.getByTestId('emergency_contacts-add').click();
    await page.getByTestId('cz-emergency_contacts-0-full_name').fill('Nguyễn Văn Bình');
    await page.getByTestId('cz-emergency_contacts-0-relation').fill('father');
    await page.getByTestId('cz-emergency_contacts-0-phone').fill('+84 912 345 678');
    await page.getByTestId('cz-consent-zalo').check();
    await page.getByTestId('cz-consent-email').check();
    await page.getByTestId('citizen-save').click();
    const error = page.getByTestId('cz-phone-error');
    await error.waitFor();
    assert.match(await error.innerText(), /international form/);
    assert.equal(await page.getByTestId('cz-phone').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'cz-phone', 'the refused field takes the focus');
    await shotsInBoth(page, 'form-error', 'the registration form with a refused phone number');
    await page.getByTestId('cz-phone').fill('+81 90 1234 5678');
    await page.getByTestId('citizen-save').click();
    await page.getByTestId('citizen-page').waitFor();
    lanReference = await page.getByTestId('citizen-reference').innerText();
    assert.match(lanReference, /^CZ-[2-9A-Z]{8}$/);
    assert.match(await page.getByTestId('citizen-notice').innerText(), new RegExp(lanReference));
    assert.equal(await page.getByTestId('detail-phone').innerText(), '+819012345678', 'the server keeps the number in E.164');
    assert.equal(await page.getByTestId('consent-zalo').getAttribute('data-granted'), 'true');
    assert.equal(await page.getByTestId('consent-sms').getAttribute('data-granted'), 'false');
    lanId = Number(new URL(page.url()).pathname.split('/').pop());
  });

  await step(t, 'the same name and date of birth again: confirmed as another person, then erased', async () => {
    await page.goto('/citizens/new');
    await page.getByTestId('citizen-form').waitFor();
    await page.getByTestId('cz-full_name').fill('nguyen thi lan');
    await page.getByTestId('cz-date_of_birth').fill(LAN.birth);
    await page.getByTestId('cz-email').fill('another.lan@example.com');
    await page.getByTestId('citizen-save').click();
    await page.getByTestId('citizen-duplicate').waitFor();
    await page.getByTestId('citizen-duplicate-confirm').click();
    await page.getByTestId('citizen-page').waitFor();
    const other = await page.getByTestId('citizen-reference').innerText();
    assert.notEqual(other, lanReference);
    await page.getByTestId('citizen-erase').click();
    const confirm = page.getByTestId('citizen-erase-confirm');
    await confirm.waitFor();
    assert.match(await confirm.innerText(), /cannot be undone/);
    await shotsInBoth(page, 'erase-confirm', 'the erase confirmation');
    await page.getByTestId('citizen-erase-yes').click();
    await page.getByTestId('citizens-page').waitFor();
    assert.match(await page.getByTestId('citizens-notice').innerText(), new RegExp(`${other} was erased`));
  });

  await step(t, 'finds her by typing the name without accents, and opens her registration', async () => {
    await page.getByTestId('citizens-q').fill('nguyen thi lan');
    await page.getByTestId('citizens-search-submit').click();
    await page.waitForURL(/q=nguyen/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=citizen-row]').length === 1);
    assert.equal(await page.getByTestId('citizen-row').getAttribute('data-reference'), lanReference);
    assert.match(await page.getByTestId('citizens-count').innerText(), /1 registration matches/);
    await page.getByTestId('citizens-search-clear').click();
    await page.waitForFunction(() => /of 1 registration/.test(document.querySelector('[data-testid=citizens-count]')?.textContent ?? ''));
    await shotsInBoth(page, 'registry', 'the registry');
    await page.getByTestId('citizens-q').fill('NGUYEN thi');
    await page.getByTestId('citizens-search-submit').click();
    await page.waitForURL(/q=NGUYEN/);
    await page.getByTestId('citizen-link').filter({ hasText: LAN.name }).click();
    await page.getByTestId('citizen-page').waitFor();
    assert.equal(await page.getByTestId('citizen-name').innerText(), LAN.name);
    assert.equal(await page.getByTestId('detail-residence_country').innerText(), 'Japan');
    assert.match(await page.getByTestId('detail-stays').innerText(), /Korea.*Seoul/s);
    assert.match(await page.getByTestId('detail-household').innerText(), /Trần Văn An/);
    assert.match(await page.getByTestId('detail-contacts').innerText(), /\+84912345678/);
  });

  await step(t, 'records a consent given on paper, and edits the registration', async () => {
    await page.getByTestId('consent-sms-toggle').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=consent-sms]')?.dataset.granted === 'true');
    assert.match(await page.getByTestId('consent-sms').innerText(), /Changed/);
    await shotsInBoth(page, 'registration', 'a registration');
    await page.getByTestId('citizen-edit').click();
    await page.getByTestId('citizen-form').waitFor();
    assert.equal(await page.getByTestId('cz-full_name').inputValue(), LAN.name);
    assert.equal(await page.getByTestId('cz-stays-0-city').inputValue(), 'Seoul');
    await page.getByTestId('cz-city').fill('Yokohama');
    await page.getByTestId('cz-location-latitude').fill('35,4437');
    await page.getByTestId('cz-location-longitude').fill('139.638');
    await page.getByTestId('household-remove-0').click();
    await page.getByTestId('citizen-save').click();
    await page.getByTestId('citizen-page').waitFor();
    await page.getByTestId('citizen-notice').waitFor();
    assert.equal(await page.getByTestId('detail-city').innerText(), 'Yokohama');
    assert.match(await page.getByTestId('citizen-details').innerText(), /Latitude 35.4437, longitude 139.638/);
    assert.equal(await page.getByTestId('detail-household').count(), 0, 'the household member was removed');
    assert.equal(await page.getByTestId('consent-sms').getAttribute('data-granted'), 'true', 'the consents are kept');
  });

  await step(t, 'imports a CSV: one registered, one duplicate with its reference, one line refused', async () => {
    await page.goto('/citizens');
    await page.getByTestId('citizen-import').click();
    await page.getByTestId('citizens-import-page').waitFor();
    const csv = [
      'full_name,date_of_birth,email,residence_country,city,consents',
      'Lê Văn Minh,1985-05-06,minh.le@example.com,JP,Osaka,email sms',
      `${LAN.name},${LAN.birth},lan.at.home@example.com,JP,Tokyo,`,
      'Trần Hoa,,not-an-address,JP,Kobe,',
    ].join('\n');
    await page.getByTestId('import-file').setInputFiles({ name: 'association.csv', mimeType: 'text/csv', buffer: Buffer.from(`${csv}\n`) });
    await page.getByTestId('import-submit').click();
    await page.getByTestId('import-report').waitFor();
    assert.match(await page.getByTestId('import-created').innerText(), /^1 new registration$/);
    assert.match(await page.getByTestId('import-duplicates').innerText(), /^1 line skipped/);
    assert.equal(await page.getByTestId('import-duplicate-references').innerText(), lanReference);
    assert.equal(await page.getByTestId('import-error-lines').locator('li').count(), 1);
    assert.match(await page.getByTestId('import-error-lines').innerText(), /^Line 4: An e-mail address is written name@domain\.$/);
    await shotsInBoth(page, 'import', 'the import report');
  });

  await step(t, 'a consular officer of the embassy in Germany can neither list nor open her', async () => {
    const other = await newPage();
    await logIn(other, 'consul.de', password('consul.de'), 'en');
    await other.getByTestId('nav-citizens').click();
    await other.getByTestId('citizens-empty').waitFor();
    const countries = await other.getByTestId('citizens-country').locator('option').allInnerTexts();
    assert.ok(!countries.includes('Japan'), 'Japan is not among the countries the officer covers');
    await other.getByTestId('citizens-q').fill('nguyen thi lan');
    await other.getByTestId('citizens-search-submit').click();
    await other.getByTestId('citizens-empty').waitFor();
    assert.match(await other.getByTestId('citizens-empty').innerText(), /No registration matches/);
    await other.goto(`/citizens/${lanId}`);
    await other.getByTestId('citizen-missing').waitFor();
    const api = await other.request.get(`/api/v1/citizens/${lanId}`);
    assert.equal(api.status(), 404, 'the server does not reveal the registration');
    current = page;
  });

  await step(t, 'no page error or CSP violation happened', async () => {
    for (const { problems } of pages) assert.deepEqual(problems, []);
  });
});

test('citizen: signs in on the portal with an e-mail code, registers, downloads the data and deletes the registration', async (t) => {
  const step = steps('citizens-portal-', () => current);
  let page;
  let reference;
  const officer = new Client(server.url);

  await step(t, 'the portal opens without any staff session, in Vietnamese', async () => {
    page = await newPage({ locale: 'vi-VN' });
    await page.goto('/portal');
    await page.getByTestId('portal-contact-form').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'vi');
    assert.equal(await page.locator('h1').innerText(), 'Đăng nhập');
    assert.equal(await page.title(), 'Đăng ký công dân ở nước ngoài – Bộ Ngoại giao');
    await shotsInBoth(page, 'portal-sign-in', 'the portal sign-in', 'vi');
  });

  await step(t, 'a wrong code says how many tries are left; the code from the e-mail signs in', async () => {
    const asked = Date.now();
    await page.getByTestId('portal-contact').fill(HUNG.email);
    await page.getByTestId('portal-send-code').click();
    await page.getByTestId('portal-code-form').waitFor();
    assert.match(await page.getByTestId('portal-code-sent').innerText(), /hung\.pham@example\.com.*10 phút/s);
    const code = await outboxCode(node.dataDir, HUNG.email, { since: asked });
    const wrong = code === '000000' ? '111111' : '000000';
    await page.getByTestId('portal-code').fill(wrong);
    await page.getByTestId('portal-sign-in-submit').click();
    const error = page.getByTestId('portal-sign-in-error');
    await error.waitFor();
    assert.equal(await error.innerText(), 'Mã chưa đúng. Bạn còn 4 lần thử.');
    await shotsInBoth(page, 'portal-code', 'the code form with a wrong code', 'vi');
    await page.getByTestId('portal-code').fill(code);
    await page.getByTestId('portal-sign-in-submit').click();
    await page.getByTestId('portal-register').waitFor();
  });

  await step(t, 'registers: the e-mail is the one signed in with, consents explained per channel', async () => {
    assert.equal(await page.getByTestId('pt-email').inputValue(), HUNG.email);
    assert.equal(await page.getByTestId('pt-email').getAttribute('readonly'), '');
    assert.match(await page.getByTestId('pt-consents').innerText(), /Zalo\s+Chúng tôi gửi cảnh báo đến tài khoản Zalo của bạn/);
    await shotsInBoth(page, 'portal-register', 'the portal registration form', 'vi');
    await page.getByTestId('pt-full_name').fill(HUNG.name);
    await page.getByTestId('pt-date_of_birth').fill('1988-11-30');
    await page.getByTestId('pt-residence_country').selectOption('JP');
    await page.getByTestId('pt-city').fill('Osaka');
    await page.getByTestId('pt-phone').fill('+81 80 1111 2222');
    await page.getByTestId('emergency_contacts-add').click();
    await page.getByTestId('pt-emergency_contacts-0-full_name').fill('Phạm Thị Mai');
    await page.getByTestId('pt-emergency_contacts-0-relation').fill('mẹ');
    await page.getByTestId('pt-emergency_contacts-0-phone').fill('+84 913 000 111');
    await page.getByTestId('pt-consent-zalo').check();
    await page.getByTestId('pt-consent-email').check();
    await page.getByTestId('portal-save').click();
    await page.getByTestId('portal-mine').waitFor();
    await page.getByTestId('portal-registered').waitFor();
    reference = await page.getByTestId('portal-reference').innerText();
    assert.match(reference, /^CZ-[2-9A-Z]{8}$/);
    assert.match(await page.getByTestId('portal-consent-email-state').innerText(), /^Đang bật/);
    assert.match(await page.getByTestId('portal-consent-sms-state').innerText(), /^Đang tắt/);
    await officer.login('consul.jp', password('consul.jp'));
    const found = await officer.get('/api/v1/citizens?q=pham%20van%20hung');
    assert.deepEqual(found.data.items.map((item) => item.reference), [reference], 'the embassy in Japan has the registration');
  });

  await step(t, 'switches SMS on, and gets a Zalo link code with what to do with it', async () => {
    await page.getByTestId('portal-switch-sms').check();
    await page.waitForFunction(() => /^Đang bật/.test(document.querySelector('[data-testid=portal-consent-sms-state]')?.textContent ?? ''));
    await page.getByTestId('portal-zalo-link').click();
    const code = await page.getByTestId('portal-zalo-code').innerText();
    assert.match(code, /^[A-Z]{2} \d{4}$/);
    assert.match(await page.getByTestId('portal-zalo-code-box').innerText(), new RegExp(`Gửi mã ${code} thành một tin nhắn`));
    await shotsInBoth(page, 'portal-mine', 'my registration', 'vi');
  });

  await step(t, 'downloads everything held about them as JSON', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('portal-download').click()]);
    assert.equal(await download.failure(), null);
    const text = await readFile(await download.path(), 'utf8');
    const data = JSON.parse(text);
    assert.ok(text.includes(reference), 'the file has the reference');
    assert.ok(text.includes(HUNG.name), 'and the name');
    assert.equal(typeof data, 'object');
  });

  await step(t, 'edits the registration', async () => {
    await page.getByTestId('portal-edit-link').click();
    await page.getByTestId('portal-edit').waitFor();
    assert.equal(await page.getByTestId('pt-city').inputValue(), 'Osaka');
    await page.getByTestId('pt-city').fill('Kyoto');
    await page.getByTestId('portal-save').click();
    await page.getByTestId('portal-saved').waitFor();
    assert.equal(await page.getByTestId('detail-city').innerText(), 'Kyoto');
  });

  await step(t, 'deletes the registration after a clear confirmation', async () => {
    await page.getByTestId('portal-delete-start').click();
    const confirm = page.getByTestId('portal-delete-confirm');
    await confirm.waitFor();
    assert.match(await confirm.innerText(), /Không thể hoàn tác/);
    await language(page, 'en');
    assert.match(await confirm.innerText(), /This cannot be undone/);
    await shots(page, 'portal-delete-en', 'the delete confirmation (en)');
    await language(page, 'vi');
    await page.getByTestId('portal-delete-yes').click();
    await page.getByTestId('portal-sign-in').waitFor();
    assert.match(await page.getByTestId('portal-ended').innerText(), /Đăng ký của bạn đã được xoá/);
    assert.equal((await page.request.get('/api/v1/portal/session')).status(), 401, 'the portal session ended');
    const found = await officer.get('/api/v1/citizens?q=pham%20van%20hung');
    assert.deepEqual(found.data.items, [], 'the registration is gone for the embassy too');
  });

  await step(t, 'no page error or CSP violation happened', async () => {
    for (const { problems } of pages) assert.deepEqual(problems, []);
  });
});
