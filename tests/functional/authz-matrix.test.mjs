// The authorisation matrix: every operation of the API (read from the OpenAPI document, which another test proves
// equal to the router) × every role × scope. Anonymous calls to protected operations get 401; staff holding any
// role on one mission (or one HQ department) can neither read nor change anything of another mission (403
// problem+json); and within their own unit each role gets exactly what its permissions allow.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { Installation } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

const node = new Installation();
const ROLES = ['system_admin', 'hq_leadership', 'hq_desk_officer', 'head_of_mission', 'consular_officer',
  'press_officer', 'analyst', 'viewer'];
const HQ_ONLY = new Set(['system_admin', 'hq_leadership', 'hq_desk_officer']);

let url;
let document;
let units;         // code → id
let other;         // resources of the other mission (EMB-DE)
const clients = {}; // role → Client logged in, holding the role on its home unit only (no subtree)

function homeOf(role) {
  return HQ_ONLY.has(role) ? 'HQ-EUROPE' : 'EMB-FR';
}

before(async () => {
  node.seedDemo();
  for (const role of ROLES) node.createUser(`matrix.${role}`, { unit: homeOf(role), role, password: `matrix-pw-${role}` });
  node.createUser('matrix.root', { unit: 'MOFA', role: 'system_admin', subtree: true, password: 'matrix-pw-root' });
  node.createUser('target.de', { unit: 'EMB-DE', role: 'viewer', password: 'matrix-pw-target' });
  node.createUser('drafter.de', { unit: 'EMB-DE', role: 'consular_officer', password: 'matrix-pw-drafter' });
  node.createUser('monitor.de', { unit: 'EMB-DE', role: 'analyst', password: 'matrix-pw-monitor' });
  // The SMS gateway's webhook secret: a citizen's "need help" by SMS opens an assistance case of the other mission.
  url = (await node.start([], { env: { CHANCERY_SMS_WEBHOOK_SECRET: 'matrix-sms-secret' } })).url;

  const root = new Client(url);
  await root.login('matrix.root', 'matrix-pw-root');
  document = (await root.get('/api/openapi.json')).data;
  const listed = await root.get('/api/v1/units');
  units = Object.fromEntries(listed.data.items.map((unit) => [unit.code, unit.id]));
  const target = (await root.get(`/api/v1/users?unit_id=${units['EMB-DE']}&q=target.de`)).data.items[0];
  const grants = (await root.get(`/api/v1/users/${target.id}/grants`)).data;
  other = { unit: units['EMB-DE'], user: target.id, grant: (grants.items ?? grants)[0].id };
  // A distribution list of the other mission's.
  const list = await root.post('/api/v1/cables/lists', { owner_unit_id: units['EMB-DE'], name: 'DE internal',
    unit_ids: [units['EMB-IT']] });
  if (list.status !== 201) throw new Error(`list: ${list.status} ${list.text}`);
  other.list = list.data.id;
  // A draft of the other mission's, addressed to a third one.
  const drafter = new Client(url);
  await drafter.login('drafter.de', 'matrix-pw-drafter');
  const cable = await drafter.post('/api/v1/cables', { originating_unit_id: units['EMB-DE'], subject: 'Internal',
    body: 'Not for other missions.', addressees: [{ unit_id: units['EMB-IT'] }] });
  if (cable.status !== 201) throw new Error(`cable: ${cable.status} ${cable.text}`);
  other.cable = cable.data.id;
  // Files: one still pending (its uploader's alone), one on the draft, one on a message.
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');
  const upload = async () => {
    const response = await drafter.request('POST', '/api/v1/attachments?filename=internal.pdf', { body: pdf });
    if (response.status !== 201) throw new Error(`upload: ${response.status} ${response.text}`);
    return response.data.id;
  };
  other.upload = await upload();
  other.cableFile = await upload();
  const attached = await drafter.patch(`/api/v1/cables/${other.cable}`, { attachments: [other.cableFile] });
  if (attached.status !== 200) throw new Error(`attach: ${attached.status} ${attached.text}`);
  // A channel of the other mission's people only.
  const room = await drafter.post('/api/v1/channels', { kind: 'topic', name: 'Internal', members: [target.id] });
  if (room.status !== 201) throw new Error(`channel: ${room.status} ${room.text}`);
  other.channel = room.data.id;
  other.messageFile = await upload();
  const message = await drafter.post(`/api/v1/channels/${other.channel}/messages`, { attachments: [other.messageFile] });
  if (message.status !== 201) throw new Error(`message: ${message.status} ${message.text}`);
  // The other mission's monitor: a push source, a topic with a shared and a private query, an article both match
  // (pushed: 202 means committed) and the alert it raised for the mission.
  const watcher = new Client(url);
  await watcher.login('monitor.de', 'matrix-pw-monitor');
  const source = await watcher.post('/api/v1/monitor/sources', { unit_id: units['EMB-DE'], name: 'de-internal',
    kind: 'push' });
  if (source.status !== 201) throw new Error(`source: ${source.status} ${source.text}`);
  other.source = source.data.id;
  const topic = await watcher.post('/api/v1/monitor/topics', { unit_id: units['EMB-DE'], name: 'Internal' });
  if (topic.status !== 201) throw new Error(`topic: ${topic.status} ${topic.text}`);
  other.topic = topic.data.id;
  const shared = await watcher.post('/api/v1/monitor/queries', { topic_id: other.topic, name: 'Shared',
    text: 'matrixfixture' });
  if (shared.status !== 201) throw new Error(`query: ${shared.status} ${shared.text}`);
  other.query = shared.data.id;
  const own = await watcher.post('/api/v1/monitor/queries', { topic_id: other.topic, name: 'Private',
    text: 'matrixfixture', visibility: 'private' });
  if (own.status !== 201) throw new Error(`private query: ${own.status} ${own.text}`);
  other.privateQuery = own.data.id;
  const pushed = await watcher.post(`/api/v1/monitor/sources/${other.source}/documents`, { documents: [
    { id: 'matrix-de-1', title: 'Matrixfixture', text: 'An internal note about the matrixfixture.' }] });
  if (pushed.status !== 202 || pushed.data.alerts < 1) throw new Error(`push: ${pushed.status} ${pushed.text}`);
  other.article = pushed.data.article_ids[0];
  const raised = await watcher.get(`/api/v1/monitor/alerts?unit_id=${units['EMB-DE']}&query_id=${other.query}`);
  if (raised.status !== 200 || raised.data.items.length !== 1) {
    throw new Error(`alert: ${raised.status} ${raised.text}`);
  }
  other.alert = raised.data.items[0].id;
  // A citizen registered with the other mission (living in its jurisdiction).
  const citizen = await drafter.post('/api/v1/citizens', { full_name: 'Nguyễn Văn Đức', residence_country: 'DE',
    email: 'duc.matrix@example.de', consents: { email: true } });
  if (citizen.status !== 201) throw new Error(`citizen: ${citizen.status} ${citizen.text}`);
  other.citizen = citizen.data.id;
  // A draft alert of the other mission's.
  const draft = await drafter.post('/api/v1/alerts', alertContent(units['EMB-DE']));
  if (draft.status !== 201) throw new Error(`alert draft: ${draft.status} ${draft.text}`);
  other.crisisAlert = draft.data.id;
  // An assistance case of the other mission's: a citizen in Berlin answers its safety check "need help" by SMS.
  const caller = await drafter.post('/api/v1/citizens', { full_name: 'Lê Thị Hoa', residence_country: 'DE',
    phone: '+4915112345678', location: { latitude: 52.52, longitude: 13.405 }, consents: { sms: true } });
  if (caller.status !== 201) throw new Error(`citizen: ${caller.status} ${caller.text}`);
  const check = await drafter.post('/api/v1/alerts', { ...alertContent(units['EMB-DE']), safety_check: true });
  if (check.status !== 201) throw new Error(`safety check: ${check.status} ${check.text}`);
  const sent = await drafter.post(`/api/v1/alerts/${check.data.id}/submit`, {});
  if (sent.status !== 200) throw new Error(`submit: ${sent.status} ${sent.text}`);
  const sms = JSON.stringify({ id: 'matrix-sms-1', from: '+4915112345678', text: `CAN GIUP ${check.data.reply_code}` });
  const inbound = await fetch(`${url}/api/v1/sms/inbound`, { method: 'POST', body: sms, headers: {
    'content-type': 'application/json',
    'x-signature': `sha256=${createHmac('sha256', 'matrix-sms-secret').update(sms).digest('hex')}` } });
  if (inbound.status !== 200 || !(await inbound.text()).includes('"recorded":true')) {
    throw new Error(`inbound SMS: ${inbound.status}`);
  }
  const cases = await drafter.get(`/api/v1/assistance?alert_id=${check.data.id}`);
  if (cases.status !== 200 || cases.data.items.length !== 1) throw new Error(`case: ${cases.status} ${cases.text}`);
  other.assistanceCase = cases.data.items[0].id;

  // A webhook of the other mission's (a public address literal: the address guard needs no DNS for it).
  const webhook = await root.post('/api/v1/webhooks', { unit_id: units['EMB-DE'], name: 'DE hub',
    url: 'https://93.184.216.34/cap' });
  if (webhook.status !== 201) throw new Error(`webhook: ${webhook.status} ${webhook.text}`);
  other.webhook = webhook.data.id;

  for (const role of ROLES) {
    clients[role] = new Client(url);
    await clients[role].login(`matrix.${role}`, `matrix-pw-${role}`);
  }
});
after(() => node.cleanup());

function alertContent(unit) {
  return { unit_id: unit, status: 'Exercise', categories: ['Safety'], urgency: 'Expected', severity: 'Moderate',
    certainty: 'Likely', texts: [{ language: 'vi', event: 'Diễn tập', headline: 'Diễn tập sơ tán' }],
    area: { description: 'Berlin', circles: ['52.52,13.405 20'] } };
}

// How to aim each operation at the other mission. `expect` is what a caller outside that mission must get.
// Operations that only ever act on the caller (self) or on public facts every member of staff may read (staff)
// are checked for authentication only.
function crossMission(operation) {
  const { unit, user, grant, cable, channel, upload, cableFile, messageFile, list } = other;
  const { source, topic, query, privateQuery, article, alert, citizen, crisisAlert, assistanceCase } = other;
  const { webhook } = other;
  const problem = (response) => /application\/problem\+json/.test(response.headers.get('content-type') ?? '');
  // Someone else's pending upload does not exist for the caller.
  const absent = (response) => response.status === 404 && problem(response);
  // The other unit's alerts, and another user's private query, do not exist for the caller (404); a caller without
  // monitor_read anywhere (viewer) is refused before that (403).
  const hidden = (response) => (response.status === 404 || response.status === 403) && problem(response);
  // Monitor reads open to every holder of monitor_read (403 for the others) must not leak what is not theirs.
  const monitorRead = (leaks) => (response) => (response.status === 403 && problem(response)) ||
    (response.status === 200 && !leaks(response.data));
  const table = {
    'GET /api/v1/units': { kind: 'staff' },
    'POST /api/v1/units': { json: { code: 'CON-DE-XYZ', parent_id: unit, kind: 'consulate', name_en: 'Consulate',
      name_vi: 'Lãnh sự quán', city: 'Frankfurt', country: 'DE', time_zone: 'Europe/Berlin' } },
    'GET /api/v1/units/{id}': { path: { id: unit } },
    'PATCH /api/v1/units/{id}': { path: { id: unit }, json: { city: 'Bonn' } },
    'GET /api/v1/units/{id}/staff': { path: { id: unit } },
    'GET /api/v1/units/{id}/roster': { path: { id: unit } },
    'PUT /api/v1/units/{id}/roster': { path: { id: unit }, json: { entries: [] } },
    'GET /api/v1/units/{id}/on-call': { path: { id: unit } },
    'GET /api/v1/units/export.csv': {},
    'POST /api/v1/units/import': { body: 'code,parent_code,kind\n', type: 'text/csv' },
    'GET /api/v1/countries': { kind: 'staff' },
    'GET /api/v1/roles': { kind: 'staff' },
    'GET /api/v1/users': { query: `unit_id=${unit}` },
    'POST /api/v1/users': { json: { username: 'intruder.x', display_name: 'X', unit_id: unit } },
    'GET /api/v1/users/export.csv': { query: `unit_id=${unit}` },
    'POST /api/v1/users/import': { body: `username,display_name,unit_id\nintruder.y,Y,${unit}\n`, type: 'text/csv',
      check: (response) => response.status === 403 || (response.status === 200 && response.data.created === 0) },
    'GET /api/v1/users/{id}': { path: { id: user } },
    'PATCH /api/v1/users/{id}': { path: { id: user }, json: { title: 'Changed' } },
    'POST /api/v1/users/{id}/password': { path: { id: user }, json: { new_password: 'a-new-password-123' } },
    'POST /api/v1/users/{id}/mfa/reset': { path: { id: user }, json: {} },
    'GET /api/v1/users/{id}/grants': { path: { id: user } },
    'POST /api/v1/users/{id}/grants': { path: { id: user }, json: { role: 'viewer', unit_id: unit, include_subtree: false } },
    'DELETE /api/v1/grants/{id}': { path: { id: grant } },
    'GET /api/v1/audit': { query: `unit_id=${unit}` },
    'GET /api/v1/audit/verify': {},
    'GET /api/v1/events': { kind: 'self' },
    'GET /api/v1/cables': { kind: 'staff' },
    'POST /api/v1/cables': { json: { originating_unit_id: unit, subject: 'S', body: 'B',
      addressees: [{ unit_id: units['EMB-FR'] }] } },
    'GET /api/v1/cables/{id}': { path: { id: cable } },
    'PATCH /api/v1/cables/{id}': { path: { id: cable }, json: { subject: 'Changed' } },
    'POST /api/v1/cables/{id}/submit': { path: { id: cable }, json: { clearers: [user] } },
    'POST /api/v1/cables/{id}/withdraw': { path: { id: cable } },
    'POST /api/v1/cables/{id}/clearance': { path: { id: cable }, json: { decision: 'cleared' } },
    'POST /api/v1/cables/{id}/release': { path: { id: cable } },
    'GET /api/v1/cables/{id}/recipients': { path: { id: cable } },
    'GET /api/v1/cables/{id}/export': { path: { id: cable } },
    'GET /api/v1/cables/{id}/attachments/{attachment_id}': { path: { id: cable, attachment_id: cableFile } },
    'POST /api/v1/attachments': { kind: 'self' },
    'GET /api/v1/attachments/{id}': { path: { id: upload }, check: absent },
    'DELETE /api/v1/attachments/{id}': { path: { id: upload }, check: absent },
    'GET /api/v1/channels/{id}/attachments/{attachment_id}': { path: { id: channel, attachment_id: messageFile } },
    'POST /api/v1/cables/{id}/acknowledgements': { path: { id: cable }, json: { unit_id: unit } },
    'GET /api/v1/cables/search': { kind: 'staff' },
    'GET /api/v1/cables/lists': { kind: 'staff' },
    'GET /api/v1/cables/lists/{id}': { kind: 'staff' },
    'POST /api/v1/cables/lists': { json: { owner_unit_id: unit, name: 'Intrusion', unit_ids: [unit] } },
    'PUT /api/v1/cables/lists/{id}': { path: { id: list }, json: { name: 'Intrusion', unit_ids: [unit] } },
    'DELETE /api/v1/cables/lists/{id}': { path: { id: list } },
    'GET /api/v1/cables/saved-searches': { kind: 'self' },
    'POST /api/v1/cables/saved-searches': { kind: 'self' },
    'DELETE /api/v1/cables/saved-searches/{id}': { kind: 'self' },
    'GET /api/v1/channels': { kind: 'self' },
    'POST /api/v1/channels': { kind: 'self' },
    'GET /api/v1/channels/stream': { kind: 'self' },
    'GET /api/v1/channels/{id}': { path: { id: channel } },
    'POST /api/v1/channels/{id}/members': { path: { id: channel }, json: { user_ids: [user] } },
    'DELETE /api/v1/channels/{id}/members/{user_id}': { path: { id: channel, user_id: user } },
    'GET /api/v1/channels/{id}/messages': { path: { id: channel } },
    'POST /api/v1/channels/{id}/messages': { path: { id: channel }, json: { body: 'intrusion' } },
    'PATCH /api/v1/channels/{id}/messages/{seq}': { path: { id: channel, seq: 1 }, json: { body: 'changed' } },
    'DELETE /api/v1/channels/{id}/messages/{seq}': { path: { id: channel, seq: 1 } },
    'GET /api/v1/channels/{id}/messages/{seq}/history': { path: { id: channel, seq: 1 } },
    'POST /api/v1/channels/{id}/messages/{seq}/seen': { path: { id: channel, seq: 1 } },
    'POST /api/v1/channels/{id}/read': { path: { id: channel }, json: { seq: 1 } },
    'GET /api/v1/notifications': { kind: 'self' },
    'POST /api/v1/notifications/read-all': { kind: 'self' },
    'POST /api/v1/notifications/{id}/read': { kind: 'self' },
    // Monitor: sources, topics and the article archive are public news, read by every holder of monitor_read.
    'GET /api/v1/monitor/sources': { kind: 'staff' },
    'POST /api/v1/monitor/sources': { json: { unit_id: unit, name: 'intrusion', kind: 'push' } },
    'GET /api/v1/monitor/sources/{id}': { kind: 'staff' },
    'PUT /api/v1/monitor/sources/{id}': { path: { id: source }, json: { name: 'intrusion', kind: 'push' } },
    'DELETE /api/v1/monitor/sources/{id}': { path: { id: source } },
    'POST /api/v1/monitor/sources/{id}/poll': { path: { id: source } },
    'POST /api/v1/monitor/sources/{id}/documents': { path: { id: source },
      json: { documents: [{ id: 'intrusion', title: 'Intrusion', text: 'matrixfixture' }] } },
    'GET /api/v1/monitor/topics': { kind: 'staff' },
    'POST /api/v1/monitor/topics': { json: { unit_id: unit, name: 'Intrusion' } },
    'PUT /api/v1/monitor/topics/{id}': { path: { id: topic }, json: { name: 'Intrusion' } },
    'DELETE /api/v1/monitor/topics/{id}': { path: { id: topic } },
    'GET /api/v1/monitor/queries': {
      check: monitorRead((data) => data.items.some((item) => item.id === privateQuery)) },
    'POST /api/v1/monitor/queries': { json: { topic_id: topic, name: 'Intrusion', text: 'intrusion' } },
    'POST /api/v1/monitor/queries/test': { kind: 'staff' },
    'GET /api/v1/monitor/queries/{id}': { path: { id: privateQuery }, check: absent },
    'PUT /api/v1/monitor/queries/{id}': { path: { id: query },
      json: { topic_id: topic, name: 'Intrusion', text: 'intrusion', version: 1 } },
    'DELETE /api/v1/monitor/queries/{id}': { path: { id: query } },
    'GET /api/v1/monitor/queries/{id}/versions': { path: { id: privateQuery }, check: absent },
    'POST /api/v1/monitor/queries/{id}/restore': { path: { id: query }, json: { version: 1 } },
    'GET /api/v1/monitor/articles': { query: `query_id=${privateQuery}`, check: hidden },
    'GET /api/v1/monitor/articles/{id}': { path: { id: article },
      check: monitorRead((data) => data.matches.some((match) => match.query_id === privateQuery)) },
    'GET /api/v1/monitor/activity': {
      check: monitorRead((data) => data.queries.some((entry) => entry.query_id === privateQuery)) },
    'GET /api/v1/monitor/alerts': { query: `unit_id=${unit}`, check: monitorRead((data) => data.items.length > 0) },
    'GET /api/v1/monitor/alerts/{id}': { path: { id: alert }, check: hidden },
    'POST /api/v1/monitor/alerts/{id}/acknowledge': { path: { id: alert }, check: hidden },
    'POST /api/v1/monitor/alerts/{id}/assign': { path: { id: alert }, json: { user_id: user }, check: hidden },
    'POST /api/v1/monitor/alerts/{id}/comments': { path: { id: alert }, json: { body: 'intrusion' }, check: hidden },
    'GET /api/v1/monitor/stream': { kind: 'self' },
    // Citizens: the other mission's registrations do not exist for the caller (404), or the caller may not touch
    // any registration at all (403).
    'GET /api/v1/citizens': { query: 'country=DE' },
    'POST /api/v1/citizens': { json: { full_name: 'Intruder', residence_country: 'DE', email: 'x@example.de' } },
    'POST /api/v1/citizens/import': { body: 'full_name,residence_country,email\nIntruder,DE,y@example.de\n',
      type: 'text/csv', check: (response) => response.status === 403 ||
        (response.status === 200 && response.data.created === 0) },
    'GET /api/v1/citizens/export': { query: 'country=DE' },
    'GET /api/v1/citizens/{id}': { path: { id: citizen }, check: hidden },
    'PUT /api/v1/citizens/{id}': { path: { id: citizen }, check: hidden,
      json: { full_name: 'Changed', residence_country: 'DE', email: 'duc.matrix@example.de', language: 'vi' } },
    'DELETE /api/v1/citizens/{id}': { path: { id: citizen }, check: hidden },
    'PUT /api/v1/citizens/{id}/consents/{channel}': { path: { id: citizen, channel: 'sms' }, json: { granted: true },
      check: hidden },
    // Crisis alerts: another mission's alerts do not exist for the caller.
    'GET /api/v1/alerts': { check: (response) => response.status === 200 &&
      !response.data.items.some((item) => item.id === crisisAlert) },
    'POST /api/v1/alerts': { json: alertContent(unit) },
    'GET /api/v1/alerts/{id}': { path: { id: crisisAlert }, check: hidden },
    'PUT /api/v1/alerts/{id}': { path: { id: crisisAlert }, json: alertContent(unit), check: hidden },
    'DELETE /api/v1/alerts/{id}': { path: { id: crisisAlert }, check: hidden },
    'GET /api/v1/alerts/{id}/recipients': { path: { id: crisisAlert }, check: hidden },
    'POST /api/v1/alerts/{id}/submit': { path: { id: crisisAlert }, check: hidden },
    'POST /api/v1/alerts/{id}/approve': { path: { id: crisisAlert }, check: hidden },
    'GET /api/v1/alerts/{id}/progress': { path: { id: crisisAlert }, check: hidden },
    'GET /api/v1/alerts/{id}/cap.xml': { path: { id: crisisAlert }, check: hidden },
    'GET /api/v1/alerts/{id}/safety': { path: { id: crisisAlert }, check: hidden },
    'GET /api/v1/alerts/{id}/safety/people': { path: { id: crisisAlert }, check: hidden },
    // Assistance cases: another mission's do not exist for the caller; its list shows none of them.
    'GET /api/v1/assistance': { check: (response) => (response.status === 200 &&
      !response.data.items.some((item) => item.id === assistanceCase)) || (response.status === 403 && problem(response)) },
    'GET /api/v1/assistance/{id}': { path: { id: assistanceCase }, check: hidden },
    'POST /api/v1/assistance/{id}/assign': { path: { id: assistanceCase }, json: { user_id: null }, check: hidden },
    'POST /api/v1/assistance/{id}/notes': { path: { id: assistanceCase }, json: { text: 'intrusion' }, check: hidden },
    'POST /api/v1/assistance/{id}/resolve': { path: { id: assistanceCase }, json: {}, check: hidden },
    'POST /api/v1/assistance/{id}/reopen': { path: { id: assistanceCase }, json: {}, check: hidden },
    // Webhooks: another mission's endpoints do not exist for the caller.
    'GET /api/v1/webhooks': { query: `unit_id=${unit}` },
    'POST /api/v1/webhooks': { json: { unit_id: unit, name: 'Intrusion', url: 'https://93.184.216.34/cap' } },
    'GET /api/v1/webhooks/{id}': { path: { id: webhook }, check: hidden },
    'PATCH /api/v1/webhooks/{id}': { path: { id: webhook }, json: { state: 'paused' }, check: hidden },
    'DELETE /api/v1/webhooks/{id}': { path: { id: webhook }, check: hidden },
    'POST /api/v1/webhooks/{id}/rotate-secret': { path: { id: webhook }, check: hidden },
    'POST /api/v1/webhooks/{id}/ping': { path: { id: webhook }, check: hidden },
    'GET /api/v1/webhooks/{id}/deliveries': { path: { id: webhook }, check: hidden },
    'GET /api/v1/zalo/accounts': { query: `unit_id=${unit}` },
    'POST /api/v1/zalo/accounts': { json: { unit_id: unit, oa_id: 'x', app_id: 'x', secret_key: 'x',
      oa_secret_key: 'x', refresh_token: 'x' } },
  };
  if (operation.startsWith('POST /api/v1/auth/') || / \/api\/v1\/me(\/|$)/.test(operation)) return { kind: 'self' };
  return table[operation];
}

function operations() {
  const list = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, spec] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      list.push({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path,
        public: Array.isArray(spec.security) && spec.security.length === 0 });
    }
  }
  return list;
}

function buildRequest(operation, plan) {
  let path = operation.path;
  for (const [name, value] of Object.entries(plan.path ?? {})) path = path.replace(`{${name}}`, value);
  path = path.replace(/\{[^}]+\}/g, '1');
  if (plan.query) path += `?${plan.query}`;
  const options = {};
  if (plan.json !== undefined) options.json = plan.json;
  if (plan.body !== undefined) {
    options.body = plan.body;
    options.headers = { 'content-type': plan.type };
  }
  if (operation.method !== 'GET' && plan.json === undefined && plan.body === undefined) options.json = {};
  return { path, options };
}

test('every operation of the API is in the matrix', () => {
  const unknown = operations().filter((operation) => !operation.public && !crossMission(operation.key));
  assert.deepEqual(unknown.map((operation) => operation.key), [], 'add these operations to crossMission()');
});

test('anonymous calls to every protected operation get 401 problem+json', async () => {
  const anonymous = new Client(url);
  for (const operation of operations().filter((candidate) => !candidate.public)) {
    const { path, options } = buildRequest(operation, crossMission(operation.key) ?? {});
    const response = await anonymous.request(operation.method, path, options);
    assert.equal(response.status, 401, `${operation.key} → ${response.status}`);
    assert.match(response.headers.get('content-type') ?? '', /application\/problem\+json/, operation.key);
  }
});

for (const role of ROLES) {
  test(`${role} on ${homeOf(role)} can neither read nor change anything of another mission`, async () => {
    const client = clients[role];
    for (const operation of operations()) {
      const plan = crossMission(operation.key);
      if (operation.public || !plan || plan.kind) continue;
      const { path, options } = buildRequest(operation, plan);
      const response = await client.request(operation.method, path, options);
      if (plan.check) {
        assert.ok(plan.check(response), `${role}: ${operation.key} → ${response.status} ${response.text}`);
        continue;
      }
      assert.equal(response.status, 403, `${role}: ${operation.key} → ${response.status} ${response.text}`);
      assert.match(response.headers.get('content-type') ?? '', /application\/problem\+json/, operation.key);
    }
    // Lists never leak the other mission's people.
    const users = await client.get('/api/v1/users?limit=500');
    if (users.status === 200) {
      assert.ok(users.data.items.every((user) => user.unit_id !== other.unit), `${role} listed EMB-DE users`);
    }
  });
}

// Within its own unit, each role gets what its permissions say (from GET /roles), no more and no less.
test('within their own unit, roles get exactly what their permissions allow', async () => {
  const roles = (await clients.viewer.get('/api/v1/roles')).data;
  const permissionsOf = Object.fromEntries((roles.items ?? roles).map((role) => [role.name, new Set(role.permissions)]));
  const reads = [
    { permission: 'directory_read', path: (unit) => `/api/v1/units/${unit}` },
    { permission: 'staff_read', path: (unit) => `/api/v1/units/${unit}/staff` },
    { permission: 'roster_read', path: (unit) => `/api/v1/units/${unit}/roster` },
    { permission: 'audit_read', path: (unit) => `/api/v1/audit?unit_id=${unit}` },
    { permission: 'monitor_read', path: (unit) => `/api/v1/monitor/alerts?unit_id=${unit}` },
  ];
  for (const role of ROLES) {
    const home = units[homeOf(role)];
    for (const read of reads) {
      const response = await clients[role].get(read.path(home));
      const allowed = permissionsOf[role].has(read.permission) || permissionsOf[role].has('system_admin');
      assert.equal(response.status, allowed ? 200 : 403, `${role}: ${read.permission} on own unit → ${response.status}`);
    }
  }
});
