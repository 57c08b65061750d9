// Crisis alerts pushed to other systems, against the real binary: local receivers check every request the way a
// partner's alert hub would, with the Standard Webhooks verification (HMAC-SHA256 over id.timestamp.body with the
// secret shown once at creation). One receiver fails until the server has been killed and started again: the alert
// must still reach it, with the same Webhook-Id and body, signed afresh. Endpoints are checked against the address
// guard, paused endpoints and unwanted statuses get nothing, and managing them is for alerts_approve holders only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Installation } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

const node = new Installation();
let serverEnv;
let units;
const staff = {};
let receiver;          // the local receiving system
let receiverUrl;
let flakyFailing = true;
const received = [];   // {path, headers, body, answered, verified}
const secrets = {};    // path → [secrets the receiver trusts]

// Standard Webhooks verification, as the specification's libraries do it.
function verify(secretList, headers, body) {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = (headers['webhook-signature'] ?? '').split(' ');
  if (!id || !timestamp || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  return secretList.some((secret) => {
    const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
    const expected = Buffer.from(`v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`);
    return signatures.some((signature) => Buffer.from(signature).length === expected.length &&
      timingSafeEqual(Buffer.from(signature), expected));
  });
}

function startReceiver() {
  return new Promise((resolve) => {
    receiver = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const path = request.url;
        const verified = verify(secrets[path] ?? [], request.headers, body);
        let answered = verified ? 204 : 401;
        if (verified && path === '/flaky' && flakyFailing) answered = 503;
        if (verified && path === '/gone') answered = 410;
        received.push({ path, headers: request.headers, body, answered, verified });
        response.writeHead(answered, answered === 503 ? { 'retry-after': '1' } : {});
        response.end();
      });
    });
    receiver.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${receiver.address().port}`));
  });
}

// Waits for a condition the server brings about (no assertion depends on how long it takes).
async function until(check, what, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function startServer() {
  const server = await node.start([], { env: serverEnv });
  for (const client of Object.values(staff)) client.baseUrl = server.url;
  return server;
}

function alertContent(unit) {
  return { unit_id: unit, status: 'Exercise', scope: 'Public', categories: ['Safety'], urgency: 'Expected',
    severity: 'Moderate', certainty: 'Likely',
    texts: [{ language: 'vi', event: 'Diễn tập', headline: 'Diễn tập sơ tán Tokyo' },
      { language: 'en', event: 'Exercise', headline: 'Evacuation exercise in Tokyo' }],
    area: { description: 'Tokyo', circles: ['35.68,139.69 20'] } };
}

before(async () => {
  receiverUrl = await startReceiver();
  node.seedDemo();
  node.createUser('root', { unit: 'MOFA', role: 'system_admin', subtree: true, password: 'root-password-1' });
  node.createUser('ambassador.jp', { unit: 'EMB-JP', role: 'head_of_mission', password: 'ambassador-password' });
  node.createUser('consul.jp', { unit: 'EMB-JP', role: 'consular_officer', password: 'consul-password-1' });
  node.createUser('ambassador.de', { unit: 'EMB-DE', role: 'head_of_mission', password: 'ambassador-de-pw' });
  serverEnv = {
    CHANCERY_WEBHOOKS_ALLOWED_RANGES: '127.0.0.0/8', CHANCERY_WEBHOOKS_HTTP_HOSTS: '127.0.0.1',
    // A failed attempt is tried again after 1 s, then 2 s, ...; a dead node's claims are free after 2 s.
    CHANCERY_WEBHOOKS_RETRY_BASE_SECONDS: '1', CHANCERY_WEBHOOKS_RETRY_MAX_SECONDS: '2',
    CHANCERY_WEBHOOKS_LEASE_SECONDS: '2', CHANCERY_WEBHOOKS_TIMEOUT_SECONDS: '1',
  };
  const server = await node.start([], { env: serverEnv });
  for (const [name, password] of [['root', 'root-password-1'], ['ambassador.jp', 'ambassador-password'],
    ['consul.jp', 'consul-password-1'], ['ambassador.de', 'ambassador-de-pw']]) {
    staff[name] = new Client(server.url);
    await staff[name].login(name, password);
  }
  units = Object.fromEntries((await staff.root.get('/api/v1/units')).data.items.map((u) => [u.code, u.id]));
});

after(async () => {
  await node.cleanup();
  receiver?.close();
});

const endpoints = {};

test('only alerts_approve holders manage webhooks, and only to addresses the guard allows', async () => {
  const ambassador = staff['ambassador.jp'];
  const unit = units['EMB-JP'];
  const create = (client, body) => client.post('/api/v1/webhooks', { unit_id: unit, name: 'Hub', ...body });

  const consul = await create(staff['consul.jp'], { url: `${receiverUrl}/good` });
  assert.equal(consul.status, 403, consul.text);
  assert.match(consul.headers.get('content-type'), /application\/problem\+json/);
  const foreign = await create(staff['ambassador.de'], { url: `${receiverUrl}/good` });
  assert.equal(foreign.status, 403, foreign.text);

  for (const [url, status, reason] of [
    ['http://alerts.example.org/cap', 400, 'http_not_allowed'],
    ['https://169.254.169.254/latest/meta-data', 403, 'address_not_allowed'],
    ['https://10.20.30.40/hook', 403, 'address_not_allowed'],
    ['https://user:password@alerts.example.org/cap', 400, undefined],
  ]) {
    const refused = await create(ambassador, { url });
    assert.equal(refused.status, status, `${url}: ${refused.text}`);
    assert.equal(refused.data.field, '/url', refused.text);
    if (reason) assert.equal(refused.data.reason, reason, refused.text);
  }
  const subtree = await create(ambassador, { url: `${receiverUrl}/good`, coverage: 'subtree' });
  assert.equal(subtree.status, 403, 'the subtree of a mission needs a subtree grant');

  const made = {
    good: { url: `${receiverUrl}/good`, statuses: ['Actual', 'Exercise'] },
    flaky: { url: `${receiverUrl}/flaky`, statuses: ['Exercise'] },
    paused: { url: `${receiverUrl}/paused`, statuses: ['Exercise'], state: 'paused' },
    actualOnly: { url: `${receiverUrl}/actual-only`, statuses: ['Actual'] },
  };
  for (const [name, body] of Object.entries(made)) {
    const response = await create(ambassador, { ...body, name });
    assert.equal(response.status, 201, response.text);
    assert.match(response.data.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    endpoints[name] = response.data.id;
    secrets[new URL(body.url).pathname] = [response.data.secret];
  }
  // The secret is shown once: never in a listing, not even to the ambassador.
  const listed = await staff['consul.jp'].get(`/api/v1/webhooks?unit_id=${unit}`);
  assert.equal(listed.status, 200);
  assert.deepEqual(listed.data.items.map((item) => item.name).sort(), ['actualOnly', 'flaky', 'good', 'paused']);
  assert.ok(listed.data.items.every((item) => !('secret' in item)));
  assert.equal((await staff['ambassador.de'].get(`/api/v1/webhooks/${endpoints.good}`)).status, 404);
  const patched = await staff['consul.jp'].patch(`/api/v1/webhooks/${endpoints.good}`, { state: 'paused' });
  assert.equal(patched.status, 403, patched.text);
  const audit = await staff.root.get('/api/v1/audit?action=webhook.created');
  assert.equal(audit.data.items.filter((entry) => entry.target_type === 'webhook').length, 4);
});

test('an alert reaches each receiver signed, and a failing one after the server restarts', { timeout: 180000 },
  async () => {
    const ambassador = staff['ambassador.jp'];
    const draft = await ambassador.post('/api/v1/alerts', alertContent(units['EMB-JP']));
    assert.equal(draft.status, 201, draft.text);
    const sent = await ambassador.post(`/api/v1/alerts/${draft.data.id}/submit`, {});
    assert.equal(sent.status, 200, sent.text);
    const identifier = draft.data.identifier;

    const good = await until(() => received.find((entry) => entry.path === '/good'), 'the good receiver');
    assert.ok(good.verified, 'the signature verifies with the secret shown at creation');
    assert.equal(good.answered, 204);
    assert.match(good.headers['content-type'], /^application\/cap\+xml/);
    assert.match(good.headers['webhook-id'], /^msg_[0-9a-f]{32}$/);
    assert.ok(good.body.includes(`<identifier>${identifier}</identifier>`), good.body);
    assert.ok(good.body.includes('<status>Exercise</status>'));
    assert.ok(good.body.includes('<headline>Evacuation exercise in Tokyo</headline>'));
    const cap = await ambassador.get(`/api/v1/alerts/${draft.data.id}/cap.xml`);
    assert.equal(good.body, cap.text, 'the same CAP document as the alert\'s own');

    // The flaky receiver refuses until the server has been killed and started again.
    await until(async () => {
      const listed = await ambassador.get(`/api/v1/webhooks/${endpoints.flaky}/deliveries`);
      return listed.data.items[0]?.last_status === 503;
    }, 'a refused attempt to the flaky receiver');
    await node.server.kill('SIGKILL');
    flakyFailing = false;
    await startServer();

    const accepted = await until(() => received.find((entry) => entry.path === '/flaky' && entry.answered === 204),
      'the flaky receiver to accept');
    const refused = received.filter((entry) => entry.path === '/flaky' && entry.answered === 503);
    assert.ok(refused.length >= 1);
    assert.ok(accepted.verified);
    for (const attempt of refused) {
      assert.equal(attempt.headers['webhook-id'], accepted.headers['webhook-id'], 'one message, however many tries');
      assert.equal(attempt.body, accepted.body);
    }
    const deliveries = await until(async () => {
      const listed = await ambassador.get(`/api/v1/webhooks/${endpoints.flaky}/deliveries`);
      return listed.data.items[0]?.state === 'delivered' ? listed.data.items : null;
    }, 'the delivery to be recorded');
    assert.equal(deliveries.length, 1);
    assert.equal(deliveries[0].alert_identifier, identifier);
    assert.equal(deliveries[0].message_id, accepted.headers['webhook-id']);
    assert.equal(deliveries[0].last_status, 204);
    assert.ok(deliveries[0].attempts >= 2);
    assert.ok(deliveries[0].recent_attempts.some((attempt) => attempt.http_status === 503));

    // Nothing to the paused endpoint or to the one that wants Actual alerts only; the good one got it once.
    assert.equal(received.filter((entry) => entry.path === '/good' && entry.body.includes(identifier)).length, 1);
    for (const name of ['paused', 'actualOnly']) {
      const listed = await ambassador.get(`/api/v1/webhooks/${endpoints[name]}/deliveries`);
      assert.deepEqual(listed.data.items, [], name);
    }
    assert.ok(!received.some((entry) => entry.path === '/paused' || entry.path === '/actual-only'));
  });

test('a test message, a secret rotation and deletion', { timeout: 120000 }, async () => {
  const ambassador = staff['ambassador.jp'];
  const rotated = await ambassador.post(`/api/v1/webhooks/${endpoints.good}/rotate-secret`, {});
  assert.equal(rotated.status, 200, rotated.text);
  const [old] = secrets['/good'];
  assert.notEqual(rotated.data.secret, old);

  const ping = await ambassador.post(`/api/v1/webhooks/${endpoints.good}/ping`, {});
  assert.equal(ping.status, 202, ping.text);
  assert.equal(ping.data.event, 'ping');
  const message = await until(() => received.find((entry) => entry.path === '/good' &&
    entry.headers['webhook-id'] === ping.data.message_id), 'the test message');
  assert.ok(message.body.includes('<status>Test</status>'));
  // During the grace period both secrets sign: receivers can switch when they like.
  assert.ok(verify([old], message.headers, message.body), 'the old secret still verifies');
  assert.ok(verify([rotated.data.secret], message.headers, message.body), 'the new one too');

  const paused = await ambassador.patch(`/api/v1/webhooks/${endpoints.good}`, { state: 'paused' });
  assert.equal(paused.status, 200, paused.text);
  assert.equal(paused.data.state, 'paused');
  const refused = await ambassador.post(`/api/v1/webhooks/${endpoints.good}/ping`, {});
  assert.equal(refused.status, 409, refused.text);

  assert.equal((await ambassador.delete(`/api/v1/webhooks/${endpoints.good}`)).status, 204);
  assert.equal((await ambassador.get(`/api/v1/webhooks/${endpoints.good}`)).status, 404);
  const audit = await staff.root.get('/api/v1/audit?limit=200');
  const actions = audit.data.items.filter((entry) => entry.target_type === 'webhook').map((entry) => entry.action);
  for (const action of ['webhook.secret_rotated', 'webhook.pinged', 'webhook.updated', 'webhook.deleted']) {
    assert.ok(actions.includes(action), `${action} audited`);
  }
});

test('a receiver that answers 410 Gone has its endpoint paused, by the system, audited', { timeout: 120000 },
  async () => {
    const ambassador = staff['ambassador.jp'];
    const made = await ambassador.post('/api/v1/webhooks', { unit_id: units['EMB-JP'], name: 'retired hub',
      url: `${receiverUrl}/gone` });
    assert.equal(made.status, 201, made.text);
    secrets['/gone'] = [made.data.secret];
    const ping = await ambassador.post(`/api/v1/webhooks/${made.data.id}/ping`, {});
    assert.equal(ping.status, 202, ping.text);
    const endpoint = await until(async () => {
      const now = await ambassador.get(`/api/v1/webhooks/${made.data.id}`);
      return now.data.state === 'paused' ? now.data : null;
    }, 'the endpoint to be paused');
    assert.equal(endpoint.name, 'retired hub');
    const [delivery] = (await ambassador.get(`/api/v1/webhooks/${made.data.id}/deliveries`)).data.items;
    assert.equal(delivery.state, 'failed');
    assert.equal(delivery.last_status, 410);
    assert.equal(received.filter((entry) => entry.path === '/gone').length, 1, 'sent once, not retried');
    const audit = await staff.root.get('/api/v1/audit?action=webhook.paused');
    const entry = audit.data.items.find((item) => item.target_id === String(made.data.id));
    assert.ok(entry, JSON.stringify(audit.data.items));
    assert.equal(entry.actor, 'system');
    // Paused: a test message is refused until someone resumes it.
    assert.equal((await ambassador.post(`/api/v1/webhooks/${made.data.id}/ping`, {})).status, 409);
  });
