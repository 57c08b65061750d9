// A crisis alert end to end, against the real binary and local servers that speak the providers' protocols: a fake
// Zalo (OAuth v4, OA messages, ZNS, signed webhooks), a fake SMS gateway and a real SMTP server (aiosmtpd).
//
// 2,000 citizens are registered in Japan, Korea and Germany with mixed languages, channels and consents; some link
// their Zalo account through the portal. The Embassy in Tokyo draws a polygon around Kansai; the alert needs the
// head of mission's second approval. Zalo answers some OA messages with "outside the interaction window" and one
// send with an expired token. Each citizen inside the polygon who consented to something must get the alert
// exactly once, in their language, on the first channel of their cascade that works; nobody else may get it — and
// the server is killed (SIGKILL) in the middle of sending and started again, which must change none of that.
// Receipts come back by signed webhooks, and the counts the console shows must match.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Installation } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

const here = new URL('.', import.meta.url).pathname;
const node = new Installation();
const processes = [];
let zalo;      // base URL of the fake Zalo
let sms;       // base URL of the fake SMS gateway
let maildir;   // aiosmtpd's Maildir
let url;       // the server
let units;
let serverEnv;
const staff = {};

// Kansai (Osaka, Kyoto, Kobe) as a CAP polygon; points outside it are in Tokyo, Seoul and Berlin.
const KANSAI = '34.40,135.00 35.20,135.00 35.20,136.00 34.40,136.00 34.40,135.00';
const CITIZENS = 2000;
const LINKED = 40;       // citizens inside Kansai who link their Zalo account
const WINDOW_ERRORS = 10; // of those, Zalo refuses the OA message: outside the interaction window

// Starts a helper process that prints {"port":N} first.
function startHelper(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    processes.push(child);
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const line = buffer.split('\n')[0];
      if (buffer.includes('\n')) resolve(`http://127.0.0.1:${JSON.parse(line).port}`);
    });
    child.on('exit', (code) => reject(new Error(`${command} exited with ${code}`)));
  });
}

function startSmtp(directory) {
  return new Promise((resolve, reject) => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn('/usr/bin/python3', ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c',
      // A Maildir aiosmtpd creates itself (it does not fill in an existing empty directory).
      'aiosmtpd.handlers.Mailbox', join(directory, 'box')], { stdio: 'ignore' });
    processes.push(child);
    child.on('exit', (code) => reject(new Error(`aiosmtpd exited with ${code}`)));
    setTimeout(() => resolve(`smtp://127.0.0.1:${port}`), 1500);
  });
}

async function control(base, method, path, body) {
  const response = await fetch(base + path, { method, headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body) });
  return response.json();
}

// Every e-mail aiosmtpd received: recipient, decoded subject and body, Message-ID.
function mails() {
  const directory = join(maildir, 'box', 'new');
  let files = [];
  try { files = readdirSync(directory); } catch { return []; }
  return files.map((file) => {
    const raw = readFileSync(join(directory, file), 'utf8');
    const [head, ...rest] = raw.split(/\r?\n\r?\n/);
    const header = (name) => (head.match(new RegExp(`^${name}: (.*)$`, 'mi')) ?? [])[1] ?? '';
    const body = rest.join('\n\n');
    const decoded = /base64/i.test(header('Content-Transfer-Encoding'))
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : body;
    return { to: header('To').replace(/.*<|>.*/g, '').trim(), messageId: header('Message-ID'), body: decoded };
  });
}

// Citizen i: where they live, their language and what they consented to.
function citizen(i) {
  const country = i % 10 === 9 ? 'KR' : i % 10 === 8 ? 'DE' : 'JP';
  const inside = country === 'JP' && i % 2 === 0;
  const jitter = ((i * 7919) % 1000) / 1000;
  const point = country === 'KR' ? [37.55 + jitter * 0.1, 126.95 + jitter * 0.1]
    : country === 'DE' ? [52.5 + jitter * 0.1, 13.35 + jitter * 0.1]
      : inside ? [34.5 + jitter * 0.6, 135.1 + jitter * 0.8] : [35.6 + jitter * 0.2, 139.6 + jitter * 0.2];
  const consents = [['zalo', 'sms'], ['sms'], ['email'], ['zalo'], [], ['zalo', 'email']][Math.floor(i / 2) % 6];
  return {
    i, country, inside, consents,
    name: `Công Dân ${i}`,
    email: `citizen${i}@example.test`,
    phone: `+8190${String(10000000 + i)}`,
    language: i % 3 === 0 ? 'en' : 'vi',
    latitude: point[0], longitude: point[1],
  };
}
const everyone = Array.from({ length: CITIZENS }, (_, i) => citizen(i));

before(async () => {
  maildir = mkdtempSync(join(tmpdir(), 'chancery-maildir-'));
  zalo = await startHelper('node', [join(here, '../fakes/zalo.mjs'), '--port', '0']);
  sms = await startHelper('node', [join(here, '../fakes/sms.mjs'), '--port', '0', '--token', 'sms-token',
    '--secret', 'sms-secret']);
  const smtp = await startSmtp(maildir);
  await control(zalo, 'POST', '/_control/accounts', { app_id: 'app-jp', secret: 'app-secret', refresh_token: 'r-0',
    access_token: 'a-0', oa_id: 'oa-jp' });

  node.seedDemo();
  node.createUser('root', { unit: 'MOFA', role: 'system_admin', subtree: true, password: 'root-password-1' });
  node.createUser('consul.jp', { unit: 'EMB-JP', role: 'consular_officer', password: 'consul-password-1' });
  node.createUser('ambassador.jp', { unit: 'EMB-JP', role: 'head_of_mission', password: 'ambassador-password' });
  const server = await node.start([], { env: serverEnv = {
    CHANCERY_SMS_GATEWAY_URL: `${sms}/send`, CHANCERY_SMS_TOKEN: 'sms-token', CHANCERY_SMS_WEBHOOK_SECRET: 'sms-secret',
    CHANCERY_ZALO_OAUTH_HOST: zalo, CHANCERY_ZALO_OPENAPI_HOST: zalo, CHANCERY_ZALO_BUSINESS_HOST: zalo,
    CHANCERY_ALERTS_ZALO_TEMPLATE_ID: 'tmpl-alert', CHANCERY_ALERTS_SMS_PER_SECOND: '1000',
    CHANCERY_ALERTS_EMAIL_PER_SECOND: '1000', CHANCERY_MAIL_SMTP_URL: smtp,
    // A node that dies mid-send: its claimed deliveries resume after 3 s (the default is 2 minutes).
    CHANCERY_ALERTS_DELIVERY_LEASE_SECONDS: '3', CHANCERY_ALERTS_RECEIPT_TIMEOUT_SECONDS: '20',
    // Slow enough that the kill lands in the middle of sending.
    CHANCERY_ALERTS_SMS_PER_SECOND: '100', CHANCERY_ZALO_MESSAGES_PER_SECOND: '100',
    // A ZNS quota larger than this alert needs: counted, never reached.
    CHANCERY_ZALO_TEMPLATE_DAILY_QUOTA: '100000',
  } });
  url = server.url;
  for (const [name, password] of [['root', 'root-password-1'], ['consul.jp', 'consul-password-1'],
    ['ambassador.jp', 'ambassador-password']]) {
    staff[name] = new Client(url);
    await staff[name].login(name, password);
  }
  units = Object.fromEntries((await staff.root.get('/api/v1/units')).data.items.map((u) => [u.code, u.id]));
});

after(async () => {
  await node.cleanup();
  for (const child of processes) child.kill('SIGKILL');
  rmSync(maildir, { recursive: true, force: true });
});

test('2,000 citizens get a polygon alert once each, in their language, through their cascade', { timeout: 600000 },
  async () => {
    // The registry: one CSV import (the HQ administrator covers every country).
    const header = 'full_name,email,phone,residence_country,latitude,longitude,language,consents';
    const lines = everyone.map((c) => [c.name, c.email, c.phone, c.country, c.latitude, c.longitude, c.language,
      c.consents.join(' ')].join(','));
    const imported = await staff.root.request('POST', '/api/v1/citizens/import',
      { body: [header, ...lines].join('\n') + '\n', headers: { 'content-type': 'text/csv' } });
    assert.equal(imported.status, 200, imported.text);
    assert.equal(imported.data.created, CITIZENS, JSON.stringify(imported.data.errors.slice(0, 3)));

    // The embassy's Zalo Official Account.
    const account = await staff['ambassador.jp'].post('/api/v1/zalo/accounts', { unit_id: units['EMB-JP'],
      oa_id: 'oa-jp', app_id: 'app-jp', secret_key: 'app-secret', oa_secret_key: 'oa-secret', access_token: 'a-0',
      refresh_token: 'r-0' });
    assert.equal(account.status, 201, account.text);
    let webhook = url + account.data.webhook_path;

    // Some citizens in Kansai with Zalo consent link their Zalo account: portal sign-in by e-mail code, a link code,
    // and a message with it to the OA (a signed webhook, as Zalo sends it).
    const linkers = everyone.filter((c) => c.inside && c.consents.includes('zalo')).slice(0, LINKED);
    for (const person of linkers) {
      const portal = new Client(url);
      const asked = await portal.post('/api/v1/portal/codes', { contact: person.email });
      assert.equal(asked.status, 202, asked.text);
      const code = await waitFor(() => {
        const mail = mails().filter((m) => m.to === person.email).pop();
        return mail && (mail.body.match(/\b(\d{6})\b/) ?? [])[1];
      });
      const session = await portal.post('/api/v1/portal/session', { contact: person.email, code });
      assert.equal(session.status, 201, session.text);
      assert.equal(session.data.registered, true);
      const headers = { 'x-csrf-token': session.data.csrf_token };
      const link = await portal.request('POST', '/api/v1/portal/registration/zalo-code', { json: {}, headers,
        csrf: false });
      assert.equal(link.status, 201, link.text);
      person.zaloUser = `zu-${person.i}`;
      const sent = await zaloEvent(webhook, { event_name: 'user_send_text', sender: { id: person.zaloUser },
        recipient: { id: 'oa-jp' }, message: { msg_id: `m-link-${person.i}`, text: `ma ${link.data.code}` } });
      assert.equal(sent.status, 200, sent.body);
    }
    // The OA confirms each link to the person; those confirmations' receipts come only after the kill, with the
    // alert's. A receipt names the person, and an alert message the kill interrupted is known only by its person:
    // the server must tell the confirmations' receipts apart (zalo_replies), or it would count as delivered an
    // alert message that never went.
    await waitFor(async () => (await control(zalo, 'GET', '/_control/sent')).sent
      .filter((m) => m.kind === 'consultation' && m.text.startsWith('Tài khoản Zalo')).length === linkers.length);
    // Zalo will refuse some OA messages: outside the interaction window.
    for (const person of linkers.slice(0, WINDOW_ERRORS)) {
      await control(zalo, 'POST', '/_control/script', { user_id: person.zaloUser, error: -230,
        message: 'User has not interacted with the OA in the last 7 days' });
    }

    // The alert: an Actual alert around Kansai, composed by the consul, approved by the ambassador.
    const composed = await staff['consul.jp'].post('/api/v1/alerts', {
      unit_id: units['EMB-JP'], status: 'Actual', categories: ['Met'], urgency: 'Immediate', severity: 'Severe',
      certainty: 'Likely', response_types: ['Shelter'],
      texts: [{ language: 'vi', event: 'Bão', headline: 'Bão lớn đổ bộ vùng Kansai', instruction: 'Ở trong nhà.' },
        { language: 'en', event: 'Typhoon', headline: 'Typhoon reaches Kansai', instruction: 'Stay indoors.' }],
      area: { description: 'Kansai', polygons: [KANSAI] } });
    assert.equal(composed.status, 201, composed.text);
    const alert = composed.data;
    const expected = everyone.filter((c) => c.inside && c.consents.length > 0);
    const preview = await staff['consul.jp'].get(`/api/v1/alerts/${alert.id}/recipients`);
    assert.equal(preview.data.total, everyone.filter((c) => c.inside).length);
    assert.equal(preview.data.total - preview.data.without_channel, expected.length);
    assert.equal(preview.data.needs_approval, true);
    assert.equal(preview.data.by_language.en, everyone.filter((c) => c.inside && c.language === 'en').length);
    const submitted = await staff['consul.jp'].post(`/api/v1/alerts/${alert.id}/submit`, {});
    assert.equal(submitted.data.state, 'awaiting_approval', submitted.text);
    // Zalo's access token expires just as sending starts: one refresh, then the sends go on.
    await control(zalo, 'POST', '/_control/script', { expire_access_tokens: true });
    const approved = await staff['ambassador.jp'].post(`/api/v1/alerts/${alert.id}/approve`, {});
    assert.equal(approved.status, 200, approved.text);
    assert.equal(approved.data.recipients, expected.length);

    // The server dies in the middle of sending, and comes back on the same data.
    await waitFor(async () => {
      const now = (await staff['consul.jp'].get(`/api/v1/alerts/${alert.id}/progress`)).data;
      return now.total - now.pending >= expected.length / 4;
    }, 60000);
    const before = (await staff['consul.jp'].get(`/api/v1/alerts/${alert.id}/progress`)).data;
    assert.ok(before.pending > 0, 'killed while deliveries were still pending');
    await node.server.kill('SIGKILL');
    const restarted = await node.start([], { env: serverEnv });
    url = restarted.url;
    for (const client of Object.values(staff)) client.baseUrl = url;  // sessions are in the database: still valid
    webhook = url + account.data.webhook_path;
    // Receipts resume once the restarted node has taken over what the dead one had claimed (its lease, 3 s).
    await new Promise((resolve) => setTimeout(resolve, 5000));

    // Receipts come back for what Zalo and the SMS gateway accepted, until nothing is left waiting.
    let last = null;
    const progress = await waitFor(async () => {
      await control(zalo, 'POST', '/_control/receipts', { url: webhook, oa_secret: 'oa-secret', oa_id: 'oa-jp' });
      await control(sms, 'POST', '/_control/reports', { url: `${url}/api/v1/sms/reports` });
      const now = (await staff['consul.jp'].get(`/api/v1/alerts/${alert.id}/progress`)).data;
      last = now;
      return now.pending === 0 && now.awaiting_receipt === 0 ? now : null;
    }, 240000).catch((error) => {
      throw new Error(`${error.message}: progress ${JSON.stringify(last)}\n${node.server.stderr.slice(-3000)}`);
    });
    assert.equal(progress.total, expected.length);
    assert.equal(progress.delivered, expected.length, JSON.stringify(progress));

    // What each citizen received, from the providers' side.
    const received = new Map();  // citizen i → [{channel, text}]
    const byPhone = new Map(everyone.map((c) => [c.phone, c]));
    const byEmail = new Map(everyone.map((c) => [c.email, c]));
    const byZalo = new Map(linkers.map((c) => [c.zaloUser, c]));
    const note = (person, channel, text) => {
      assert.ok(person, `${channel} message to someone unknown`);
      received.set(person.i, [...(received.get(person.i) ?? []), { channel, text }]);
    };
    for (const message of (await control(zalo, 'GET', '/_control/sent')).sent) {
      if (message.kind === 'template') {
        note(byPhone.get(`+${message.phone}`), 'zalo_template', JSON.stringify(message.template_data));
      } else if (!message.text.startsWith('Tài khoản Zalo')) {  // not the link confirmation
        note(byZalo.get(message.user_id), 'zalo_message', message.text);
      }
    }
    for (const message of (await control(sms, 'GET', '/_control/sent')).sent) note(byPhone.get(message.to), 'sms', message.text);
    const seenMessageIds = new Set();
    for (const mail of mails()) {
      if (!/Kansai/.test(mail.body)) continue;  // sign-in codes
      if (seenMessageIds.has(mail.messageId)) continue;  // the same Message-ID is the same message
      seenMessageIds.add(mail.messageId);
      note(byEmail.get(mail.to), 'email', mail.body);
    }
    assert.equal(received.size, expected.length, 'exactly those inside who consented');
    const movedOn = [];
    for (const person of expected) {
      const got = received.get(person.i) ?? [];
      assert.equal(got.length, 1, `citizen ${person.i} got ${JSON.stringify(got)}`);
      const { channel, text } = got[0];
      assert.match(text, person.language === 'en' ? /Typhoon reaches Kansai/ : /Bão lớn đổ bộ vùng Kansai/);
      // The first channel of the cascade that could work: a linked follower by OA message (unless outside the
      // window), anyone else with Zalo consent by template, then SMS, then e-mail.
      const windowed = linkers.slice(0, WINDOW_ERRORS).includes(person);
      const cascade = [person.zaloUser && !windowed ? 'zalo_message' : null,
        person.consents.includes('zalo') ? 'zalo_template' : null, person.consents.includes('sms') ? 'sms' : null,
        person.consents.includes('email') ? 'email' : null].filter(Boolean);
      if (channel !== cascade[0]) {
        // A Zalo send the kill interrupted cannot be repeated safely: without its receipt, the next channel.
        assert.ok(cascade.indexOf(channel) > 0 && cascade[0].startsWith('zalo'),
          `citizen ${person.i}: ${channel}, cascade ${cascade}`);
        movedOn.push(person.i);
      }
    }
    // At most the sends in flight at the kill (8 at a time in each of the 2 rounds a node runs at once) went on to a
    // later channel.
    assert.ok(movedOn.length <= 16, `moved on: ${movedOn}`);
    const refreshes = await control(zalo, 'GET', '/_control/refreshes');
    assert.ok(refreshes.count >= 1, 'the expired token was refreshed');
    assert.equal(refreshes.reuse_attempts, 0, 'a refresh token was never used twice');
    const byChannel = Object.fromEntries(progress.by_channel.filter((c) => c.state === 'delivered')
      .map((c) => [c.channel, c.count]));
    for (const channel of ['zalo_message', 'zalo_template', 'sms', 'email']) {
      const count = expected.filter((p) => received.get(p.i)[0].channel === channel).length;
      assert.equal(byChannel[channel] ?? 0, count, `${channel} in the console's progress`);
    }
    // The ZNS quota counted every template send, across the kill (the count is in the database); sends the kill
    // interrupted after taking their turn count too (at most those in flight).
    const templates = (await control(zalo, 'GET', '/_control/sent')).sent.filter((m) => m.kind === 'template').length;
    assert.ok(templates > 0, 'some citizens were reached by ZNS');
    const [zns] = progress.quotas;
    assert.equal(progress.quotas.length, 1, JSON.stringify(progress.quotas));
    assert.equal(zns.channel, 'zalo_template');
    assert.equal(zns.limit, 100000);
    assert.ok(zns.used >= templates && zns.used <= templates + 16, `quota used ${zns.used}, ZNS sends ${templates}`);
  });

// Signs and posts a Zalo webhook event as Zalo does.
async function zaloEvent(target, event) {
  const timestamp = String(Date.now());
  const raw = JSON.stringify({ app_id: 'app-jp', timestamp, ...event });
  const mac = createHash('sha256').update('app-jp' + raw + timestamp + 'oa-secret').digest('hex');
  const response = await fetch(target, { method: 'POST', body: raw,
    headers: { 'content-type': 'application/json', 'x-zevent-signature': `mac=${mac}` } });
  return { status: response.status, body: await response.text() };
}

async function waitFor(probe, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test('"Are you safe?" answers by link, SMS and Zalo are joined to the right alert and citizen', { timeout: 300000 },
  async () => {
    // An exercise with a safety check over a corner of Kansai (no second approval for exercises).
    const corner = '34.49,135.09 34.615,135.09 34.615,135.265 34.49,135.265 34.49,135.09';  // off the data's grid
    const inCorner = (c) => c.inside && c.latitude < 34.615 && c.longitude < 135.265 && c.consents.length > 0;
    const composed = await staff['consul.jp'].post('/api/v1/alerts', {
      unit_id: units['EMB-JP'], status: 'Exercise', categories: ['Safety'], urgency: 'Expected', severity: 'Moderate',
      certainty: 'Likely', safety_check: true,
      texts: [{ language: 'vi', event: 'Diễn tập', headline: 'Diễn tập động đất', instruction: 'Báo an toàn.' },
        { language: 'en', event: 'Drill', headline: 'Earthquake drill', instruction: 'Tell us you are safe.' }],
      area: { description: 'Sakai', polygons: [corner] } });
    assert.equal(composed.status, 201, composed.text);
    const alert = composed.data;
    assert.match(alert.reply_code, /^[2-9A-Z]{4}$/);
    const sent = await staff['consul.jp'].post(`/api/v1/alerts/${alert.id}/submit`, {});
    assert.equal(sent.data.state, 'sending', sent.text);
    const people = everyone.filter(inCorner);
    assert.equal(sent.data.recipients, people.length);
    const webhook = url + '/api/v1/zalo/accounts/1/webhook';
    await waitFor(async () => {
      await control(zalo, 'POST', '/_control/receipts', { url: webhook, oa_secret: 'oa-secret', oa_id: 'oa-jp' });
      await control(sms, 'POST', '/_control/reports', { url: `${url}/api/v1/sms/reports` });
      const now = (await staff['consul.jp'].get(`/api/v1/alerts/${alert.id}/progress`)).data;
      return now.pending === 0 && now.awaiting_receipt === 0;
    }, 120000);

    // Who got it how: SMS texts carry the reply code and the one-tap link.
    const texts = (await control(sms, 'GET', '/_control/sent')).sent.filter((m) => m.text.includes(alert.reply_code));
    assert.ok(texts.length >= 4, `${texts.length} SMS with the code`);
    const byPhone = new Map(everyone.map((c) => [c.phone, c]));
    const [safeBySms1, safeBySms2, helpBySms, byLink1, byLink2, helpByLink] = texts.map((m) => ({
      person: byPhone.get(m.to), token: (m.text.match(/\/safe\/([0-9]+\.[0-9a-f]+)/) ?? [])[1] }));
    const reply = (person, text) => control(sms, 'POST', '/_control/inbound',
      { url: `${url}/api/v1/sms/inbound`, from: person.phone, text });
    assert.match((await reply(safeBySms1.person, `an toan ${alert.reply_code.toLowerCase()}`)).body, /"recorded":true/);
    assert.match((await reply(safeBySms2.person, `SAFE ${alert.reply_code}`)).body, /"recorded":true/);
    assert.match((await reply(helpBySms.person, `CAN GIUP ${alert.reply_code} nha bi sap`)).body, /"recorded":true/);
    // A code of another alert (or none that exists) is never attributed to this one.
    await reply(safeBySms1.person, 'HELP ZZZZ');
    // The one-tap link: no login, the token names the delivery.
    for (const [answer, status] of [[byLink1, 'safe'], [byLink2, 'safe'], [helpByLink, 'need_help']]) {
      assert.ok(answer?.token, 'the SMS carries the one-tap link');
      const page = await fetch(`${url}/api/v1/public/safety/${answer.token}`);
      assert.equal(page.status, 200);
      assert.match((await page.json()).headline, /Diễn tập động đất|Earthquake drill/);
      const posted = await fetch(`${url}/api/v1/public/safety/${answer.token}`, { method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status, message: status === 'need_help' ? 'Bị thương nhẹ' : '',
          location: { latitude: 34.55, longitude: 135.15 } }) });
      assert.equal(posted.status, 204, await posted.text());
    }
    const forged = await fetch(`${url}/api/v1/public/safety/${byLink1.token.replace(/.$/, (c) => (c === '0' ? '1' : '0'))}`);
    assert.equal(forged.status, 404);
    // Zalo: linked followers in the corner answer by message, without a code (only one open safety check).
    const followers = people.filter((c) => c.zaloUser);
    for (const [index, follower] of followers.slice(0, 2).entries()) {
      const answered = await zaloEvent(webhook, { event_name: 'user_send_text', sender: { id: follower.zaloUser },
        recipient: { id: 'oa-jp' }, message: { msg_id: `m-safe-${index}`, text: 'Tôi an toàn' } });
      assert.equal(answered.status, 200, answered.body);
    }
    // The same webhook delivered twice counts once.
    if (followers.length > 0) {
      await zaloEvent(webhook, { event_name: 'user_send_text', sender: { id: followers[0].zaloUser },
        recipient: { id: 'oa-jp' }, message: { msg_id: 'm-safe-0', text: 'Tôi an toàn' } });
    }
    const zaloAnswers = Math.min(2, followers.length);

    const summary = (await staff['consul.jp'].get(`/api/v1/alerts/${alert.id}/safety`)).data;
    assert.equal(summary.recipients, people.length);
    assert.equal(summary.safe, 4 + zaloAnswers);
    assert.equal(summary.need_help, 2);
    assert.equal(summary.no_answer, people.length - 6 - zaloAnswers);
    assert.deepEqual(summary.by_channel, { link: 3, sms: 3, ...(zaloAnswers ? { zalo: zaloAnswers } : {}) });
    const help = (await staff['consul.jp'].get(`/api/v1/alerts/${alert.id}/safety/people?which=need_help`)).data.items;
    assert.deepEqual(help.map((p) => p.full_name).sort(), [helpBySms.person.name, helpByLink.person.name].sort());
    assert.equal(help.find((p) => p.channel === 'link').message, 'Bị thương nhẹ');
    const silent = (await staff['consul.jp'].get(`/api/v1/alerts/${alert.id}/safety/people?which=no_answer`)).data;
    assert.equal(silent.items.length, Math.min(500, summary.no_answer));
  });
