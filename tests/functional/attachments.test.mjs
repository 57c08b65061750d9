// Attachments on cables and channel messages: a file is uploaded, checked by its content (not its name), stored
// encrypted, and claimed by a draft or a message; from then on it is served only to those who may see the cable or
// read the channel, every read audited, and a transmitted cable's files never change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Installation } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

const node = new Installation();
let url;
let units;
const users = {};
const as = {};

const STAFF = {
  'drafter.fr': { unit: 'EMB-FR', role: 'consular_officer' },
  'dcm.fr': { unit: 'EMB-FR', role: 'head_of_mission' },
  'hom.fr': { unit: 'EMB-FR', role: 'head_of_mission' },
  'reader.de': { unit: 'EMB-DE', role: 'consular_officer' },
  'reader.it': { unit: 'EMB-IT', role: 'consular_officer' },
  'auditor.hq': { unit: 'MOFA', role: 'system_admin', subtree: true },
};

// A small but real PDF, and a PNG: libmagic decides what they are.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cf'
  + 'c0f01f0005000201ff6e3b2b0a0000000049454e44ae426082', 'hex');
const MARKER = 'Hải Phòng evacuation list';

before(async () => {
  node.seedDemo();
  for (const [username, spec] of Object.entries(STAFF)) {
    node.createUser(username, { ...spec, password: `attach-pw-${username}` });
  }
  // A 64 KiB server body limit, and 1 MiB for files: the upload route has its own limit.
  url = (await node.start([], { env: { CHANCERY_SERVER_MAX_BODY_BYTES: '65536', CHANCERY_ATTACHMENTS_MAX_BYTES: '1048576' } })).url;
  for (const username of Object.keys(STAFF)) {
    as[username] = new Client(url);
    await as[username].login(username, `attach-pw-${username}`);
    users[username] = (await as[username].get('/api/v1/me')).data.id;
  }
  units = Object.fromEntries((await as['auditor.hq'].get('/api/v1/units')).data.items.map((u) => [u.code, u.id]));
});
after(() => node.cleanup());

function assertProblem(response, status, reason) {
  assert.equal(response.status, status, response.text);
  assert.match(response.headers.get('content-type') ?? '', /application\/problem\+json/);
  if (reason) assert.equal(response.data.reason, reason, response.text);
}

async function upload(client, filename, bytes) {
  return client.request('POST', `/api/v1/attachments?filename=${encodeURIComponent(filename)}`,
    { body: bytes, headers: { 'content-type': 'application/octet-stream' } });
}

async function uploaded(client, filename, bytes) {
  const response = await upload(client, filename, bytes);
  assert.equal(response.status, 201, response.text);
  return response.data;
}

test('a file is accepted by what it is, not by what its name says', async () => {
  const pdf = await uploaded(as['drafter.fr'], 'Báo cáo lãnh sự.pdf', PDF);
  assert.equal(pdf.media_type, 'application/pdf');
  assert.equal(pdf.filename, 'Báo cáo lãnh sự.pdf');
  assert.equal(pdf.size_bytes, PDF.length);
  const png = await uploaded(as['drafter.fr'], '../../etc/map.png', PNG);
  assert.equal(png.media_type, 'image/png');
  assert.equal(png.filename, 'map.png', 'no path survives');
  // An executable, HTML (a browser would run it) and a PDF named .docx are refused with 415.
  assertProblem(await upload(as['drafter.fr'], 'tool.pdf', Buffer.from(readFileSync('/bin/true'))), 415,
    'unsupported_media_type');
  assertProblem(await upload(as['drafter.fr'], 'page.txt', Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>')),
    415, 'unsupported_media_type');
  const misnamed = await upload(as['drafter.fr'], 'report.docx', PDF);
  assertProblem(misnamed, 415, 'unsupported_media_type');
  assert.match(misnamed.data.detail, /\.pdf/);
  assertProblem(await upload(as['drafter.fr'], 'empty.txt', Buffer.alloc(0)), 400);
  assertProblem(await as['drafter.fr'].request('POST', '/api/v1/attachments', { body: PDF }), 400);
  // Above the attachment limit: 413; between the server's limit and the attachment limit: accepted.
  const big = await upload(as['drafter.fr'], 'big.txt', Buffer.alloc(1048577, 'a'));
  assertProblem(big, 413, 'payload_too_large');
  assert.match(big.data.detail, /limit of 1 MiB/, 'the refusal says what the limit is');
  const large = await uploaded(as['drafter.fr'], 'notes.txt', Buffer.alloc(200000, 'a'));
  assert.equal(large.size_bytes, 200000);
  // The server's own limit still holds everywhere else.
  const tooLarge = await as['drafter.fr'].request('POST', '/api/v1/cables', { body: Buffer.alloc(70000, ' '),
    headers: { 'content-type': 'application/json' } });
  assertProblem(tooLarge, 413, 'payload_too_large');
  assert.match(tooLarge.data.detail, /limit of 65536 bytes/);
  // A pending upload is its uploader's alone.
  assert.equal((await as['drafter.fr'].get(pdf.url)).status, 200);
  assertProblem(await as['reader.de'].get(pdf.url), 404);
  assertProblem(await as['reader.de'].delete(pdf.url), 404);
  assert.equal((await as['drafter.fr'].delete(pdf.url)).status, 204);
  assertProblem(await as['drafter.fr'].get(pdf.url), 404);
});

test('files are stored encrypted', async () => {
  await uploaded(as['drafter.fr'], 'list.txt', Buffer.from(`${MARKER}\n`.repeat(50)));
  if (node.postgres) {
    const stored = spawnSync('psql', [node.postgres.conninfo, '-At', '-c', 'SELECT ciphertext FROM attachment_contents'],
      { encoding: 'utf8' });
    assert.equal(stored.status, 0, stored.stderr);
    const rows = stored.stdout.trim().split('\n');
    assert.ok(rows.length > 0);
    for (const row of rows) {
      assert.match(row, /^v1\./);
      assert.ok(!Buffer.from(row.split('.').at(-1), 'base64').includes(Buffer.from(MARKER)));
    }
    return;
  }
  // SQLite: nothing in the data directory (database, WAL, logs) holds the file in clear.
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path); else files.push(path);
    }
  };
  walk(node.dataDir);
  assert.ok(files.some((path) => path.endsWith('.db') || path.endsWith('.sqlite')), files.join(', '));
  for (const path of files) {
    assert.ok(!readFileSync(path).includes(Buffer.from(MARKER)), `${path} holds the file in clear`);
  }
});

test('a cable\'s files go with it: its readers download them, others cannot, and they never change once sent', async () => {
  const report = await uploaded(as['drafter.fr'], 'report.pdf', PDF);
  const map = await uploaded(as['drafter.fr'], 'map.png', PNG);
  // Someone else's upload cannot be attached.
  const foreign = await uploaded(as['dcm.fr'], 'other.pdf', PDF);
  const refused = await as['drafter.fr'].post('/api/v1/cables', {
    originating_unit_id: units['EMB-FR'], subject: 'Evacuation', body: 'See attached.', precedence: 'routine',
    classification: 'restricted', addressees: [{ unit_id: units['EMB-DE'], role: 'action' }],
    attachments: [report.id, foreign.id],
  });
  assertProblem(refused, 400);
  assert.equal(refused.data.field, '/attachments/1');
  const created = await as['drafter.fr'].post('/api/v1/cables', {
    originating_unit_id: units['EMB-FR'], subject: 'Evacuation', body: 'See attached.', precedence: 'routine',
    classification: 'restricted', addressees: [{ unit_id: units['EMB-DE'], role: 'action' }],
    attachments: [report.id, map.id],
  });
  assert.equal(created.status, 201, created.text);
  const cable = created.data;
  assert.deepEqual(cable.attachments.map((a) => a.filename), ['report.pdf', 'map.png']);
  const reportUrl = cable.attachments[0].url;
  assert.equal(reportUrl, `/api/v1/cables/${cable.id}/attachments/${report.id}`);
  // Claimed: no longer a pending upload.
  assertProblem(await as['drafter.fr'].get(`/api/v1/attachments/${report.id}`), 404);
  // While a draft, the drafter may drop one.
  const edited = await as['drafter.fr'].patch(`/api/v1/cables/${cable.id}`, { attachments: [report.id] });
  assert.equal(edited.status, 200, edited.text);
  assert.deepEqual(edited.data.attachments.map((a) => a.id), [report.id]);
  assertProblem(await as['drafter.fr'].get(`/api/v1/cables/${cable.id}/attachments/${map.id}`), 404);
  // Before release, the addressees see nothing.
  assertProblem(await as['reader.de'].get(reportUrl), 403, 'not_on_distribution');
  assert.equal((await as['drafter.fr'].post(`/api/v1/cables/${cable.id}/submit`, { clearers: [users['dcm.fr']] })).status, 200);
  assert.equal((await as['dcm.fr'].post(`/api/v1/cables/${cable.id}/clearance`, { decision: 'cleared' })).status, 200);
  assert.equal((await as['hom.fr'].post(`/api/v1/cables/${cable.id}/release`, {})).status, 200);
  // The addressee downloads the very bytes, as a download that no browser runs.
  const download = await as['reader.de'].get(reportUrl, { bytes: true });
  assert.equal(download.status, 200, download.text);
  assert.ok(download.bytes.equals(PDF));
  assert.equal(download.headers.get('content-type'), 'application/pdf');
  assert.match(download.headers.get('content-disposition'), /^attachment; filename="report.pdf"/);
  assert.equal(download.headers.get('x-content-type-options'), 'nosniff');
  assert.match(download.headers.get('content-security-policy'), /sandbox/);
  // Off the distribution: refused.
  assertProblem(await as['reader.it'].get(reportUrl), 403, 'not_on_distribution');
  // Transmitted: the files are part of the record.
  const late = await uploaded(as['drafter.fr'], 'late.pdf', PDF);
  assertProblem(await as['drafter.fr'].patch(`/api/v1/cables/${cable.id}`, { attachments: [report.id, late.id] }), 409,
    'invalid_state');
  assertProblem(await as['drafter.fr'].patch(`/api/v1/cables/${cable.id}`, { attachments: [] }), 409, 'invalid_state');
  assert.equal((await as['reader.de'].get(reportUrl)).status, 200);
  // Every download is audited, with who and which file.
  const audit = await as['auditor.hq'].get('/api/v1/audit?action=cable.attachment_read');
  assert.equal(audit.status, 200, audit.text);
  const reads = audit.data.items.filter((entry) => entry.target_id === String(cable.id));
  assert.ok(reads.some((entry) => entry.actor === 'reader.de' && entry.detail.attachment_id === report.id), audit.text);
});

test('a message\'s files are for the channel\'s members', async () => {
  const created = await as['drafter.fr'].post('/api/v1/channels', { kind: 'topic', name: 'Sơ tán', members: [users['dcm.fr']] });
  assert.equal(created.status, 201, created.text);
  const channel = created.data.id;
  const map = await uploaded(as['dcm.fr'], 'route.png', PNG);
  // A file alone is a message.
  const posted = await as['dcm.fr'].post(`/api/v1/channels/${channel}/messages`, { attachments: [map.id] });
  assert.equal(posted.status, 201, posted.text);
  assert.equal(posted.data.body, '');
  const url = posted.data.attachments[0].url;
  assert.equal(url, `/api/v1/channels/${channel}/attachments/${map.id}`);
  const listed = await as['drafter.fr'].get(`/api/v1/channels/${channel}/messages`);
  assert.deepEqual(listed.data.items.at(-1).attachments.map((a) => a.filename), ['route.png']);
  const download = await as['drafter.fr'].get(url, { bytes: true });
  assert.equal(download.status, 200, download.text);
  assert.ok(download.bytes.equals(PNG));
  assertProblem(await as['reader.de'].get(url), 403, 'not_a_member');
  // Used once: the same upload cannot be posted again.
  assertProblem(await as['dcm.fr'].post(`/api/v1/channels/${channel}/messages`, { body: 'again', attachments: [map.id] }), 400);
  // A deleted message's files are no longer served.
  assert.equal((await as['dcm.fr'].delete(`/api/v1/channels/${channel}/messages/${posted.data.seq}`)).status, 200);
  assertProblem(await as['drafter.fr'].get(url), 404);
});
