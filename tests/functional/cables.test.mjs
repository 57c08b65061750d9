// Cables through the API, as the console drives them: the whole lifecycle (draft → clearance → release →
// receipt → acknowledgement), and every forbidden transition refused with 403 or 409 problem+json: release
// without clearance, self-clearance, self-release, edits in clearance and after transmission, reading a captioned
// cable off its distribution, and releasing FLASH without a fresh MFA check. Every read is audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Installation } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import WebSocket from 'ws';

const node = new Installation();
let url;
let units;
const users = {};   // username → id
const as = {};      // username → logged-in Client

const STAFF = {
  'drafter.fr': { unit: 'EMB-FR', role: 'consular_officer' },
  'dcm.fr': { unit: 'EMB-FR', role: 'head_of_mission' },      // deputy chief of mission: clears and releases
  'hom.fr': { unit: 'EMB-FR', role: 'head_of_mission' },
  'desk.eu': { unit: 'HQ-EUROPE', role: 'hq_desk_officer' },  // an HQ clearer
  'reader.de': { unit: 'EMB-DE', role: 'consular_officer' },
  'press.de': { unit: 'EMB-DE', role: 'press_officer' },
  'reader.it': { unit: 'EMB-IT', role: 'consular_officer' },
  'leader.hq': { unit: 'MOFA', role: 'hq_leadership', subtree: true },  // releases anywhere; no MFA enrolled
  'auditor.hq': { unit: 'MOFA', role: 'system_admin', subtree: true },
};

before(async () => {
  node.seedDemo();
  for (const [username, spec] of Object.entries(STAFF)) {
    node.createUser(username, { ...spec, password: `cables-pw-${username}` });
  }
  // Saved-search notices and escalations are checked every second here (15 s by default).
  url = (await node.start([], { env: { CHANCERY_CABLES_ESCALATION_CHECK_SECONDS: '1' } })).url;
  for (const username of Object.keys(STAFF)) {
    as[username] = new Client(url);
    await as[username].login(username, `cables-pw-${username}`);
    users[username] = (await as[username].get('/api/v1/me')).data.id;
  }
  const listed = await as['auditor.hq'].get('/api/v1/units');
  units = Object.fromEntries(listed.data.items.map((unit) => [unit.code, unit.id]));
});
after(() => node.cleanup());

function assertProblem(response, status, reason) {
  assert.equal(response.status, status, response.text);
  assert.match(response.headers.get('content-type') ?? '', /application\/problem\+json/);
  if (reason) assert.equal(response.data.reason, reason, response.text);
}

async function draft(client, overrides = {}) {
  const response = await client.post('/api/v1/cables', {
    originating_unit_id: units['EMB-FR'],
    subject: 'Consular situation in Lyon',
    body: '## Summary\nThree citizens hospitalised; families informed.',
    tags: ['CASC', 'consular'],
    precedence: 'routine',
    classification: 'restricted',
    addressees: [{ unit_id: units['EMB-DE'], role: 'action' }, { unit_id: units['EMB-IT'], role: 'info' }],
    ...overrides,
  });
  assert.equal(response.status, 201, response.text);
  return response.data;
}

async function cleared(overrides = {}) {
  const cable = await draft(as['drafter.fr'], overrides);
  const submitted = await as['drafter.fr'].post(`/api/v1/cables/${cable.id}/submit`, { clearers: [users['dcm.fr']] });
  assert.equal(submitted.status, 200, submitted.text);
  // An empty comment box is sent as "": clearing needs no comment.
  const decided = await as['dcm.fr'].post(`/api/v1/cables/${cable.id}/clearance`, { decision: 'cleared', comment: '' });
  assert.equal(decided.status, 200, decided.text);
  assert.equal(decided.data.state, 'cleared');
  return cable;
}

test('a FLASH cable goes from draft through clearance and release to receipt and acknowledgement', async () => {
  const cable = await draft(as['drafter.fr'], { precedence: 'flash',
    addressees: [{ unit_id: units['EMB-DE'], role: 'action', niact: true }, { unit_id: units['EMB-IT'], role: 'info' }] });
  assert.equal(cable.state, 'draft');
  assert.equal(cable.reference, null);
  assert.equal(cable.drafter.username, 'drafter.fr');

  const submitted = await as['drafter.fr'].post(`/api/v1/cables/${cable.id}/submit`,
    { clearers: [users['dcm.fr'], users['hom.fr']], rule: 'any' });
  assert.equal(submitted.data.state, 'in_clearance');
  const inbox = await as['dcm.fr'].get('/api/v1/cables?box=clearance');
  assert.deepEqual(inbox.data.items.map((item) => item.id), [cable.id]);

  const decided = await as['dcm.fr'].post(`/api/v1/cables/${cable.id}/clearance`, { decision: 'cleared', comment: 'Fine.' });
  assert.equal(decided.data.state, 'cleared', 'one clearer suffices under the any-of rule');
  const waiting = await as['hom.fr'].get('/api/v1/cables?box=release');
  assert.ok(waiting.data.items.some((item) => item.id === cable.id));

  // hom.fr enrolled MFA at sign-in a moment ago: a fresh check, so FLASH may go.
  const released = await as['hom.fr'].post(`/api/v1/cables/${cable.id}/release`, {});
  assert.equal(released.status, 200, released.text);
  assert.equal(released.data.state, 'transmitted');
  assert.match(released.data.reference, /^EMB-FR-\d{4}-\d{6}$/);
  assert.equal(released.data.released_by.username, 'hom.fr');
  const action = released.data.recipients.find((recipient) => recipient.unit_id === units['EMB-DE']);
  const info = released.data.recipients.find((recipient) => recipient.unit_id === units['EMB-IT']);
  assert.equal(action.role, 'action');
  assert.equal(action.niact, true);
  const deadline = Date.parse(action.deadline_at) - Date.parse(released.data.released_at);
  assert.equal(deadline, 10 * 60 * 1000, 'FLASH: ten minutes to acknowledge by default');
  assert.equal(info.deadline_at, null, 'info addressees have no deadline');

  // The addressee mission sees it in its inbox; its first read records the receipt, then it acknowledges.
  const deInbox = await as['reader.de'].get('/api/v1/cables?box=inbox');
  assert.ok(deInbox.data.items.some((item) => item.id === cable.id));
  const read = await as['reader.de'].get(`/api/v1/cables/${cable.id}`);
  assert.equal(read.status, 200);
  assert.match(read.data.body, /Three citizens/);
  const acknowledged = await as['reader.de'].post(`/api/v1/cables/${cable.id}/acknowledgements`,
    { unit_id: units['EMB-DE'] });
  assert.equal(acknowledged.status, 200, acknowledged.text);
  const matrix = (await as['drafter.fr'].get(`/api/v1/cables/${cable.id}/recipients`)).data.recipients;
  const de = matrix.find((recipient) => recipient.unit_id === units['EMB-DE']);
  const it = matrix.find((recipient) => recipient.unit_id === units['EMB-IT']);
  assert.equal(de.received_by.username, 'reader.de');
  assert.equal(de.acknowledged_by.username, 'reader.de');
  assert.equal(it.received_at, null, 'Italy has not opened it yet');
  assert.equal(it.acknowledged_at, null);

  // Acknowledging for a unit one does not belong to is refused.
  assertProblem(await as['reader.de'].post(`/api/v1/cables/${cable.id}/acknowledgements`, { unit_id: units['EMB-IT'] }),
    403);
});

test('a cable cannot be released before it is cleared', async () => {
  const cable = await draft(as['drafter.fr']);
  assertProblem(await as['hom.fr'].post(`/api/v1/cables/${cable.id}/release`, {}), 409, 'invalid_state');
  await as['drafter.fr'].post(`/api/v1/cables/${cable.id}/submit`, { clearers: [users['dcm.fr'], users['hom.fr']] });
  await as['dcm.fr'].post(`/api/v1/cables/${cable.id}/clearance`, { decision: 'cleared' });
  // All-of (the default) still waits for hom.fr.
  assertProblem(await as['hom.fr'].post(`/api/v1/cables/${cable.id}/release`, {}), 409, 'invalid_state');
  const state = (await as['drafter.fr'].get(`/api/v1/cables/${cable.id}/recipients`)).data.state;
  assert.equal(state, 'in_clearance');
});

test('nobody clears their own draft', async () => {
  const cable = await draft(as['dcm.fr']);
  assertProblem(await as['dcm.fr'].post(`/api/v1/cables/${cable.id}/submit`, { clearers: [users['dcm.fr']] }),
    403, 'own_draft');
  await as['dcm.fr'].post(`/api/v1/cables/${cable.id}/submit`, { clearers: [users['hom.fr']] });
  assertProblem(await as['dcm.fr'].post(`/api/v1/cables/${cable.id}/clearance`, { decision: 'cleared' }),
    403, 'own_draft');
  // Nor can someone who was not asked.
  assertProblem(await as['desk.eu'].post(`/api/v1/cables/${cable.id}/clearance`, { decision: 'cleared' }), 403);
});

test('nobody releases their own draft', async () => {
  const cable = await draft(as['dcm.fr']);
  await as['dcm.fr'].post(`/api/v1/cables/${cable.id}/submit`, { clearers: [users['hom.fr']] });
  const decided = await as['hom.fr'].post(`/api/v1/cables/${cable.id}/clearance`, { decision: 'cleared' });
  assert.equal(decided.data.state, 'cleared');
  assertProblem(await as['dcm.fr'].post(`/api/v1/cables/${cable.id}/release`, {}), 403, 'own_draft');
  // A drafter without release rights is refused for that reason too.
  assertProblem(await as['drafter.fr'].post(`/api/v1/cables/${cable.id}/release`, {}), 403);
});

test('only drafts are edited; a transmitted cable never changes', async () => {
  const cable = await draft(as['drafter.fr']);
  const edited = await as['drafter.fr'].patch(`/api/v1/cables/${cable.id}`, { subject: 'Updated', version: cable.version });
  assert.equal(edited.status, 200, edited.text);
  assert.equal(edited.data.subject, 'Updated');
  // A stale version is a conflict, not a silent overwrite.
  assertProblem(await as['drafter.fr'].patch(`/api/v1/cables/${cable.id}`, { subject: 'Again', version: cable.version }),
    409, 'stale_version');
  await as['drafter.fr'].post(`/api/v1/cables/${cable.id}/submit`, { clearers: [users['dcm.fr']] });
  assertProblem(await as['drafter.fr'].patch(`/api/v1/cables/${cable.id}`, { subject: 'In clearance' }), 409,
    'invalid_state');
  await as['dcm.fr'].post(`/api/v1/cables/${cable.id}/clearance`, { decision: 'cleared' });
  assert.equal((await as['hom.fr'].post(`/api/v1/cables/${cable.id}/release`, {})).status, 200);
  for (const client of [as['drafter.fr'], as['hom.fr']]) {
    assertProblem(await client.patch(`/api/v1/cables/${cable.id}`, { subject: 'Rewritten history' }), 409,
      'invalid_state');
  }
  assertProblem(await as['drafter.fr'].post(`/api/v1/cables/${cable.id}/withdraw`, {}), 409, 'invalid_state');
  assertProblem(await as['hom.fr'].post(`/api/v1/cables/${cable.id}/release`, {}), 409, 'invalid_state');
  const read = await as['drafter.fr'].get(`/api/v1/cables/${cable.id}`);
  assert.equal(read.data.subject, 'Updated');
  // A correction is a new cable that references it.
  const correction = await draft(as['drafter.fr'], { subject: 'Correction', references: [cable.id] });
  assert.deepEqual(correction.references, [cable.id]);
});

test('a returned cable goes back to its drafter, who may edit and resubmit it', async () => {
  const cable = await draft(as['drafter.fr']);
  await as['drafter.fr'].post(`/api/v1/cables/${cable.id}/submit`, { clearers: [users['dcm.fr']] });
  const silent = await as['dcm.fr'].post(`/api/v1/cables/${cable.id}/clearance`, { decision: 'returned', comment: ' ' });
  assertProblem(silent, 400);
  assert.equal(silent.data.field, '/comment', 'a return says why');
  const returned = await as['dcm.fr'].post(`/api/v1/cables/${cable.id}/clearance`,
    { decision: 'returned', comment: 'Name the hospital.' });
  assert.equal(returned.data.state, 'draft');
  // The drafter sees who returned it and why.
  const seen = (await as['drafter.fr'].get(`/api/v1/cables/${cable.id}`)).data.clearance.clearers;
  assert.deepEqual(seen.map((clearer) => [clearer.decision, clearer.comment]), [['returned', 'Name the hospital.']]);
  const edited = await as['drafter.fr'].patch(`/api/v1/cables/${cable.id}`, { body: 'At Hôpital Édouard-Herriot.' });
  assert.equal(edited.status, 200, edited.text);
});

test('a NODIS cable is read by its named addressees only', async () => {
  const cable = await cleared({ captions: ['nodis'], addressees: [{ unit_id: units['EMB-DE'], role: 'action' },
    { user_id: users['reader.de'], role: 'info' }] });
  assert.equal((await as['hom.fr'].post(`/api/v1/cables/${cable.id}/release`, {})).status, 200);
  const named = await as['reader.de'].get(`/api/v1/cables/${cable.id}`);
  assert.equal(named.status, 200, named.text);
  // press.de belongs to the addressed mission but is not named; reader.it is elsewhere.
  assertProblem(await as['press.de'].get(`/api/v1/cables/${cable.id}`), 403, 'not_on_distribution');
  assertProblem(await as['reader.it'].get(`/api/v1/cables/${cable.id}`), 403, 'not_on_distribution');
  assertProblem(await as['reader.it'].get(`/api/v1/cables/${cable.id}/recipients`), 403, 'not_on_distribution');
  // Exports follow the same rule, and each is audited.
  const exported = await as['reader.de'].get(`/api/v1/cables/${cable.id}/export`);
  assert.equal(exported.status, 200, exported.text);
  assert.match(exported.headers.get('content-disposition'), /attachment; filename="EMB-FR-\d{4}-\d{6}\.txt"/);
  assert.match(exported.text, /^RESTRICTED NODIS\n/);
  assert.match(exported.text, /SUBJECT: {2}Consular situation in Lyon\n/);
  assert.match(exported.text, /Three citizens hospitalised/);
  assertProblem(await as['press.de'].get(`/api/v1/cables/${cable.id}/export`), 403, 'not_on_distribution');
  const audit = await as['auditor.hq'].get('/api/v1/audit?action=cable.exported');
  assert.ok(audit.data.items.some((entry) => entry.target_id === String(cable.id) && entry.actor === 'reader.de'),
    audit.text);
  const pressInbox = await as['press.de'].get('/api/v1/cables?box=inbox');
  assert.ok(pressInbox.data.items.every((item) => item.id !== cable.id), 'lists hide it too');
  // Without the caption, the addressed mission's staff read it.
  const open = await cleared();
  await as['hom.fr'].post(`/api/v1/cables/${open.id}/release`, {});
  assert.equal((await as['press.de'].get(`/api/v1/cables/${open.id}`)).status, 200);
});

test('classification follows the reader\'s clearance', async () => {
  // A consular officer is cleared to RESTRICTED: drafting CONFIDENTIAL is refused.
  const refused = await as['drafter.fr'].post('/api/v1/cables', { originating_unit_id: units['EMB-FR'], subject: 'S',
    body: 'B', precedence: 'routine', classification: 'confidential', addressees: [{ unit_id: units['EMB-DE'] }] });
  assertProblem(refused, 403, 'classification');
  const secret = await as['dcm.fr'].post('/api/v1/cables', { originating_unit_id: units['EMB-FR'], subject: 'Secret',
    body: 'Eyes only.', precedence: 'priority', classification: 'secret', addressees: [{ unit_id: units['EMB-DE'] }] });
  assert.equal(secret.status, 201, secret.text);
  await as['dcm.fr'].post(`/api/v1/cables/${secret.data.id}/submit`, { clearers: [users['hom.fr']] });
  await as['hom.fr'].post(`/api/v1/cables/${secret.data.id}/clearance`, { decision: 'cleared' });
  await as['leader.hq'].post(`/api/v1/cables/${secret.data.id}/release`, {});
  const released = await as['hom.fr'].get(`/api/v1/cables/${secret.data.id}/recipients`);
  assert.equal(released.data.state, 'transmitted');
  assertProblem(await as['reader.de'].get(`/api/v1/cables/${secret.data.id}`), 403, 'not_on_distribution');
});

test('a cable to all missions needs an HQ clearance and reaches every mission', async () => {
  const cable = await draft(as['drafter.fr'], { subject: 'Travel advice update',
    addressees: [{ collective: 'region:europe', role: 'action' }] });
  assertProblem(await as['drafter.fr'].post(`/api/v1/cables/${cable.id}/submit`, { clearers: [users['dcm.fr']] }), 400);
  await as['drafter.fr'].post(`/api/v1/cables/${cable.id}/submit`,
    { clearers: [users['dcm.fr'], users['desk.eu']], rule: 'any' });
  const mission = await as['dcm.fr'].post(`/api/v1/cables/${cable.id}/clearance`, { decision: 'cleared' });
  assert.equal(mission.data.state, 'in_clearance', 'under any-of, the mission\'s clearance is not the HQ one');
  const hq = await as['desk.eu'].post(`/api/v1/cables/${cable.id}/clearance`, { decision: 'cleared' });
  assert.equal(hq.data.state, 'cleared');
  const released = await as['hom.fr'].post(`/api/v1/cables/${cable.id}/release`, {});
  assert.equal(released.status, 200, released.text);
  const recipients = released.data.recipients.map((recipient) => recipient.unit_id);
  assert.ok(recipients.includes(units['EMB-DE']) && recipients.includes(units['EMB-IT']));
  assert.ok(!recipients.includes(units['EMB-FR']), 'the sender is not its own recipient');
  assert.ok(!recipients.includes(units['EMB-JP']), 'Asia is not in Europe');
  assert.ok(recipients.length > 20, `${recipients.length} European missions`);
});

test('releasing FLASH needs a fresh MFA check', async () => {
  const cable = await cleared({ precedence: 'flash' });
  // leader.hq may release for EMB-FR (hq_leadership over the whole tree) but has never passed an MFA check.
  assertProblem(await as['leader.hq'].post(`/api/v1/cables/${cable.id}/release`, {}), 403, 'step_up_required');
  const { totp } = await import('../lib/totp.mjs');
  const enrolment = await as['leader.hq'].post('/api/v1/me/mfa/enrolment', {});
  assert.equal(enrolment.status, 200, enrolment.text);
  const confirmed = await as['leader.hq'].post('/api/v1/me/mfa/enrolment/confirm', { code: totp(enrolment.data.secret) });
  assert.equal(confirmed.status, 200, confirmed.text);
  const released = await as['leader.hq'].post(`/api/v1/cables/${cable.id}/release`, {});
  assert.equal(released.status, 200, released.text);
  assert.equal(released.data.state, 'transmitted');
});

test('every read of a cable is audited, and bad input gets a clear problem', async () => {
  const cable = await cleared();
  await as['hom.fr'].post(`/api/v1/cables/${cable.id}/release`, {});
  for (let i = 0; i < 3; ++i) assert.equal((await as['reader.it'].get(`/api/v1/cables/${cable.id}`)).status, 200);
  const audit = await as['auditor.hq'].get('/api/v1/audit?action=cable.read&limit=500');
  const reads = audit.data.items.filter((entry) => entry.target_id === String(cable.id) && entry.actor === 'reader.it');
  assert.equal(reads.length, 3);

  const bad = await as['drafter.fr'].post('/api/v1/cables', { originating_unit_id: units['EMB-FR'], subject: ' ',
    body: 'x', addressees: [{ unit_id: units['EMB-DE'] }] });
  assertProblem(bad, 400);
  assert.equal(bad.data.field, '/subject');
  const noAction = await as['drafter.fr'].post('/api/v1/cables', { originating_unit_id: units['EMB-FR'], subject: 'S',
    body: 'x', addressees: [{ unit_id: units['EMB-DE'], role: 'info' }] });
  assert.equal(noAction.data.field, '/addressees');
  const typo = await as['drafter.fr'].post('/api/v1/cables', { originating_unit_id: units['EMB-FR'], subjet: 'S' });
  assert.equal(typo.data.field, '/subjet');
  assertProblem(await as['drafter.fr'].get('/api/v1/cables/999999'), 404);
  assertProblem(await as['drafter.fr'].get('/api/v1/cables?box=outbox'), 400);
  // Drafting for another mission is refused.
  const elsewhere = await as['drafter.fr'].post('/api/v1/cables', { originating_unit_id: units['EMB-DE'], subject: 'S',
    body: 'x', addressees: [{ unit_id: units['EMB-IT'] }] });
  assertProblem(elsewhere, 403);
});

test('search finds cables without accents or case, only among those the reader may see', async () => {
  const cable = await cleared({ subject: 'Đoàn công tác tới Hà Nội', body: 'Lịch làm việc với Bộ Ngoại giao.',
    tags: ['VISIT'], precedence: 'priority', addressees: [{ unit_id: units['EMB-DE'], role: 'action' }] });
  await as['hom.fr'].post(`/api/v1/cables/${cable.id}/release`, {});
  const draftOnly = await draft(as['drafter.fr'], { subject: 'Ghi chú nội bộ về Hà Nội' });
  for (const q of ['ha noi', 'HÀ NỘI', 'Ha Noi doan', 'ngoai gia']) {
    const found = await as['reader.de'].get(`/api/v1/cables/search?q=${encodeURIComponent(q)}`);
    assert.equal(found.status, 200, found.text);
    assert.ok(found.data.items.some((item) => item.id === cable.id), `"${q}" finds it`);
    assert.ok(found.data.items.every((item) => item.id !== draftOnly.id), 'not a draft of another mission');
  }
  // The drafting mission finds its draft too.
  const own = await as['drafter.fr'].get('/api/v1/cables/search?q=noi%20bo');
  assert.ok(own.data.items.some((item) => item.id === draftOnly.id));
  // Filters narrow; a mission that was not addressed finds nothing.
  const tagged = await as['reader.de'].get('/api/v1/cables/search?q=ha%20noi&tag=VISIT&precedence=priority');
  assert.deepEqual(tagged.data.items.map((item) => item.id), [cable.id]);
  const other = await as['reader.de'].get('/api/v1/cables/search?q=ha%20noi&precedence=flash');
  assert.ok(other.data.items.every((item) => item.id !== cable.id));
  const outsider = await as['reader.it'].get('/api/v1/cables/search?q=doan%20cong%20tac');
  assert.ok(outsider.data.items.every((item) => item.id !== cable.id), 'EMB-IT was not addressed');
  // Query syntax is only words: no injection into FTS5 or tsquery.
  for (const q of ['"ha', 'noi*', 'a & | ! :*', 'NEAR(ha noi)', "'); DROP TABLE cables; --"]) {
    const response = await as['reader.de'].get(`/api/v1/cables/search?q=${encodeURIComponent(q)}`);
    assert.equal(response.status, 200, `${q}: ${response.text}`);
  }
  assertProblem(await as['reader.de'].get('/api/v1/cables/search?q='), 400);
  assertProblem(await as['reader.de'].get('/api/v1/cables/search?q=x&from=yesterday'), 400);
});

test('a saved search notifies its owner once when a new cable matches', async () => {
  const saved = await as['reader.de'].post('/api/v1/cables/saved-searches',
    { name: 'Bão lũ', q: 'bao lu', notify: true });
  assert.equal(saved.status, 201, saved.text);
  const cable = await cleared({ subject: 'Cập nhật tình hình bão lũ miền Trung', body: 'Số liệu mới nhất.' });
  await as['hom.fr'].post(`/api/v1/cables/${cable.id}/release`, {});
  let notices = [];
  for (let i = 0; i < 50 && notices.length === 0; ++i) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const listed = await as['reader.de'].get('/api/v1/notifications');
    notices = listed.data.items.filter((item) => item.kind === 'cable.search_match' && item.link === `/cables/${cable.id}`);
  }
  assert.equal(notices.length, 1, 'notified');
  const reference = (await as['drafter.fr'].get(`/api/v1/cables/${cable.id}/recipients`)).data.reference;
  assert.ok(notices[0].title.includes(reference), notices[0].title);
  assert.ok(!notices[0].title.includes('bão lũ miền Trung'), 'the notice names the cable by reference only');
  await new Promise((resolve) => setTimeout(resolve, 2500));
  const again = await as['reader.de'].get('/api/v1/notifications');
  assert.equal(again.data.items.filter((item) => item.link === `/cables/${cable.id}`).length, 1, 'once');
  const read = await as['reader.de'].post(`/api/v1/notifications/${notices[0].id}/read`, {});
  assert.equal(read.status, 204);
  assert.equal((await as['reader.de'].get('/api/v1/notifications?unread=true')).data.items
    .filter((item) => item.id === notices[0].id).length, 0);
  // Nobody else's notifications can be marked.
  assertProblem(await as['press.de'].post(`/api/v1/notifications/${notices[0].id}/read`, {}), 404);
  const mine = await as['reader.de'].get('/api/v1/cables/saved-searches');
  assert.deepEqual(mine.data.items.map((item) => item.name), ['Bão lũ']);
  assert.equal((await as['press.de'].delete(`/api/v1/cables/saved-searches/${saved.data.id}`)).status, 404);
  assert.equal((await as['reader.de'].delete(`/api/v1/cables/saved-searches/${saved.data.id}`)).status, 204);
});

test('the live feed tells whoever may see a cable that it changed, and nobody else', async () => {
  const wsUrl = url.replace('http', 'ws');
  const listen = async (username) => {
    const received = [];
    const socket = new WebSocket(`${wsUrl}/api/v1/events`, { headers: { cookie: as[username].cookie } });
    socket.on('message', (data) => received.push(JSON.parse(data.toString())));
    await new Promise((resolve, reject) => { socket.on('open', resolve); socket.on('error', reject); });
    return { received, socket };
  };
  const de = await listen('reader.de');
  const it = await listen('reader.it');
  const cable = await cleared({ addressees: [{ unit_id: units['EMB-DE'], role: 'action' }] });
  await as['hom.fr'].post(`/api/v1/cables/${cable.id}/release`, {});
  await as['reader.de'].post(`/api/v1/cables/${cable.id}/acknowledgements`, { unit_id: units['EMB-DE'] });
  const changes = (feed) => feed.received.filter((message) => message.type === 'cable.changed' && message.cable_id === cable.id);
  for (let i = 0; i < 100 && changes(de).length < 2; ++i) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(changes(de).map((message) => message.action), ['cable.released', 'cable.acknowledged']);
  assert.equal(changes(de)[1].state, 'transmitted');
  await new Promise((resolve) => setTimeout(resolve, 1200));  // a poll of the feed later, still nothing for Italy
  assert.deepEqual(changes(it), [], 'EMB-IT is not on the distribution');
  de.socket.close();
  it.socket.close();
});

test('a distribution list addresses its units and people, fixed at release', async () => {
  const body = { owner_unit_id: units['EMB-FR'], name: 'Schengen consular cell', description: 'Visa questions',
    unit_ids: [units['EMB-DE']], user_ids: [users['reader.it']] };
  // Lists are kept by those who release the unit's cables.
  assertProblem(await as['drafter.fr'].post('/api/v1/cables/lists', body), 403);
  const created = await as['hom.fr'].post('/api/v1/cables/lists', body);
  assert.equal(created.status, 201, created.text);
  const list = created.data;
  assert.deepEqual(list.unit_ids, [units['EMB-DE']]);
  assert.deepEqual(list.users.map((user) => user.username), ['reader.it']);
  assertProblem(await as['hom.fr'].post('/api/v1/cables/lists', { ...body, name: 'schengen CONSULAR cell' }), 409,
    'name_taken');
  assertProblem(await as['hom.fr'].post('/api/v1/cables/lists', { ...body, name: 'Empty', unit_ids: [], user_ids: [] }), 400);
  // Every drafter sees the lists, to address them.
  const listed = await as['drafter.fr'].get('/api/v1/cables/lists');
  assert.ok(listed.data.items.some((item) => item.id === list.id));
  assertProblem(await as['drafter.fr'].post('/api/v1/cables', { originating_unit_id: units['EMB-FR'], subject: 'S',
    body: 'B', addressees: [{ list_id: 999999 }] }), 400);

  const sent = await cleared({ subject: 'Visa backlog', addressees: [{ list_id: list.id, role: 'action' }] });
  const released = await as['hom.fr'].post(`/api/v1/cables/${sent.id}/release`, {});
  assert.equal(released.status, 200, released.text);
  assert.deepEqual(released.data.recipients.map((r) => r.unit_id), [units['EMB-DE']]);
  const via = released.data.addressees.find((a) => a.via_list_id === list.id);
  assert.equal(via?.user?.username, 'reader.it', released.text);
  assert.equal((await as['reader.de'].get(`/api/v1/cables/${sent.id}`)).status, 200);
  assert.equal((await as['reader.it'].get(`/api/v1/cables/${sent.id}`)).status, 200, 'a person on the list reads it');

  // Changing the list changes later cables only.
  // A list is sent back as it was read: an empty description is fine.
  const replaced = await as['hom.fr'].put(`/api/v1/cables/lists/${list.id}`,
    { ...body, description: '', user_ids: [], version: list.version });
  assert.equal(replaced.status, 200, replaced.text);
  assert.equal(replaced.data.description, '');
  assertProblem(await as['hom.fr'].put(`/api/v1/cables/lists/${list.id}`, { ...body, version: list.version }), 409,
    'stale_version');
  assert.equal((await as['reader.it'].get(`/api/v1/cables/${sent.id}`)).status, 200, 'the sent cable keeps its distribution');
  const later = await cleared({ subject: 'Visa backlog, update', addressees: [{ list_id: list.id, role: 'action' }] });
  assert.equal((await as['hom.fr'].post(`/api/v1/cables/${later.id}/release`, {})).status, 200);
  assertProblem(await as['reader.it'].get(`/api/v1/cables/${later.id}`), 403, 'not_on_distribution');

  // A deleted list cannot be released to.
  const pending = await cleared({ subject: 'Visa backlog, again', addressees: [{ list_id: list.id, role: 'action' }] });
  assertProblem(await as['drafter.fr'].delete(`/api/v1/cables/lists/${list.id}`), 403);
  assert.equal((await as['hom.fr'].delete(`/api/v1/cables/lists/${list.id}`)).status, 204);
  assertProblem(await as['hom.fr'].post(`/api/v1/cables/${pending.id}/release`, {}), 409, 'list_archived');
  assertProblem(await as['drafter.fr'].get(`/api/v1/cables/lists/${list.id}`), 404);
  const audit = await as['auditor.hq'].get('/api/v1/audit?action=cable_list.');
  assert.deepEqual(audit.data.items.filter((e) => e.target_id === String(list.id)).map((e) => e.action).sort(),
    ['cable_list.created', 'cable_list.deleted', 'cable_list.updated']);
});
