// Channels through the API and the live stream: membership decides who reads and posts, edits and deletions keep
// every earlier text, announcements record who saw them, mentions notify; and a client that keeps disconnecting
// and reconnecting with its cursors ends with every message exactly once, in order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { Installation } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

const node = new Installation();
let url;
const as = {};
const ids = {};
const STAFF = ['lan.fr', 'minh.fr', 'hoa.fr', 'outsider.de'];

before(async () => {
  node.seedDemo();
  for (const username of STAFF) {
    node.createUser(username, { unit: username.endsWith('.de') ? 'EMB-DE' : 'EMB-FR', role: 'consular_officer',
      password: `channels-pw-${username}` });
  }
  url = (await node.start()).url;
  for (const username of STAFF) {
    as[username] = new Client(url);
    await as[username].login(username, `channels-pw-${username}`);
    ids[username] = (await as[username].get('/api/v1/me')).data.id;
  }
});
after(() => node.cleanup());

async function topic(name, members) {
  const created = await as['lan.fr'].post('/api/v1/channels', { kind: 'topic', name, members: members.map((m) => ids[m]) });
  assert.equal(created.status, 201, created.text);
  return created.data.id;
}

function stream(username, cursors = {}) {
  const query = Object.entries(cursors).map(([channel, seq]) => `${channel}:${seq}`).join(',');
  const socket = new WebSocket(`${url.replace('http', 'ws')}/api/v1/channels/stream${query ? `?cursors=${query}` : ''}`,
    { headers: { cookie: as[username].cookie } });
  const received = [];
  socket.on('message', (data) => received.push(JSON.parse(data.toString())));
  const ready = new Promise((resolve, reject) => {
    socket.on('message', (data) => { if (JSON.parse(data.toString()).type === 'ready') resolve(); });
    socket.on('error', reject);
  });
  return { socket, received, ready };
}

async function until(predicate, what) {
  for (let i = 0; i < 200 && !predicate(); ++i) await new Promise((resolve) => setTimeout(resolve, 25));
  assert.ok(predicate(), what);
}

test('members read and post; others cannot; edits and deletions keep the record', async () => {
  const channel = await topic('Lãnh sự Lyon', ['minh.fr']);
  const posted = await as['minh.fr'].post(`/api/v1/channels/${channel}/messages`, { body: 'Xin chào @lan.fr.' });
  assert.equal(posted.status, 201, posted.text);
  assert.equal(posted.data.seq, 1);
  assert.deepEqual(posted.data.mentions, [ids['lan.fr']]);
  const mention = (await as['lan.fr'].get('/api/v1/notifications')).data.items.find((item) => item.kind === 'channel.mention');
  assert.ok(mention, 'the mention became a notification');

  for (const [method, path, body] of [['GET', `/api/v1/channels/${channel}/messages`], ['GET', `/api/v1/channels/${channel}`],
    ['POST', `/api/v1/channels/${channel}/messages`, { body: 'intrusion' }]]) {
    const response = await as['outsider.de'].request(method, path, { json: body });
    assert.equal(response.status, 403, `${method} ${path}`);
    assert.equal(response.data.reason, 'not_a_member');
  }
  // Only the author edits; the earlier text stays on record.
  assert.equal((await as['lan.fr'].patch(`/api/v1/channels/${channel}/messages/1`, { body: 'changed' })).status, 403);
  const edited = await as['minh.fr'].patch(`/api/v1/channels/${channel}/messages/1`, { body: 'Xin chào cả nhóm.' });
  assert.equal(edited.status, 200, edited.text);
  assert.ok(edited.data.edited_at);
  // The owner may delete; the text goes, the record stays.
  const deleted = await as['lan.fr'].delete(`/api/v1/channels/${channel}/messages/1`);
  assert.equal(deleted.status, 200, deleted.text);
  assert.equal(deleted.data.body, '');
  const history = await as['hoa.fr'].get(`/api/v1/channels/${channel}/messages/1/history`);
  assert.equal(history.status, 403, 'hoa.fr is not a member');
  const record = await as['minh.fr'].get(`/api/v1/channels/${channel}/messages/1/history`);
  assert.deepEqual(record.data.items.map((version) => version.body), ['Xin chào @lan.fr.', 'Xin chào cả nhóm.']);

  // Announcements: owners only, with "seen by".
  assert.equal((await as['minh.fr'].post(`/api/v1/channels/${channel}/messages`, { body: 'x', announcement: true })).status, 403);
  const announcement = await as['lan.fr'].post(`/api/v1/channels/${channel}/messages`,
    { body: 'Họp lúc 9 giờ.', announcement: true });
  assert.equal(announcement.status, 201);
  assert.equal((await as['minh.fr'].post(`/api/v1/channels/${channel}/messages/${announcement.data.seq}/seen`, {})).status, 204);
  const messages = (await as['lan.fr'].get(`/api/v1/channels/${channel}/messages`)).data.items;
  assert.deepEqual(messages.at(-1).seen_by, [ids['minh.fr']]);

  // Direct channels are found again, not duplicated.
  const first = await as['lan.fr'].post('/api/v1/channels', { kind: 'direct', user_id: ids['hoa.fr'] });
  const again = await as['hoa.fr'].post('/api/v1/channels', { kind: 'direct', user_id: ids['lan.fr'] });
  assert.equal(first.status, 201);
  assert.equal(again.status, 200);
  assert.equal(again.data.id, first.data.id);
});

test('the stream pushes new messages live and replays what a reconnecting client missed', async () => {
  const channel = await topic('Trực ban', ['minh.fr']);
  const live = stream('minh.fr');
  await live.ready;
  await as['lan.fr'].post(`/api/v1/channels/${channel}/messages`, { body: 'một' });
  await as['lan.fr'].post(`/api/v1/channels/${channel}/messages`, { body: 'hai' });
  const messages = (s) => s.received.filter((event) => event.type === 'message' && event.channel_id === channel);
  await until(() => messages(live).length === 2, 'two live messages');
  live.socket.close();
  for (const body of ['ba', 'bốn', 'năm']) await as['lan.fr'].post(`/api/v1/channels/${channel}/messages`, { body });
  const resumed = stream('minh.fr', { [channel]: 2 });
  await resumed.ready;
  assert.deepEqual(messages(resumed).map((event) => event.body), ['ba', 'bốn', 'năm'], 'replayed before "ready"');
  await as['lan.fr'].post(`/api/v1/channels/${channel}/messages`, { body: 'sáu' });
  await until(() => messages(resumed).length === 4, 'then live');
  assert.deepEqual(messages(resumed).map((event) => event.seq), [3, 4, 5, 6]);
  // A member added later joins the stream live.
  const hoa = stream('hoa.fr');
  await hoa.ready;
  assert.equal((await as['lan.fr'].post(`/api/v1/channels/${channel}/members`, { user_ids: [ids['hoa.fr']] })).status, 204);
  await until(() => hoa.received.some((event) => event.type === 'channel.joined' && event.channel_id === channel), 'joined');
  await as['minh.fr'].post(`/api/v1/channels/${channel}/messages`, { body: 'bảy' });
  await until(() => messages(hoa).length === 1, 'the new member gets the next message');
  assert.equal(messages(hoa)[0].seq, 7);
  const outsider = stream('outsider.de');
  await outsider.ready;
  await as['lan.fr'].post(`/api/v1/channels/${channel}/messages`, { body: 'tám' });
  await until(() => messages(hoa).length === 2, 'eight');
  assert.equal(messages(outsider).length, 0, 'nothing for non-members');
  for (const s of [resumed, hoa, outsider]) s.socket.close();
});

test('a client that keeps disconnecting ends with every message exactly once, in order', async () => {
  const channel = await topic('Sơ tán', ['minh.fr', 'hoa.fr']);
  const total = 300;
  const held = [];  // what the reconnecting client has, across connections
  let cursor = 0;
  let current = null;
  const connect = async () => {
    current = stream('minh.fr', { [channel]: cursor });
    current.socket.on('message', (data) => {
      const event = JSON.parse(data.toString());
      if (event.type === 'message' && event.channel_id === channel) {
        held.push(event.seq);
        cursor = Math.max(cursor, event.seq);
      }
    });
    await current.ready;
  };
  await connect();
  // Two posters, concurrently, while the reader drops its connection every few messages.
  const poster = async (username, count) => {
    for (let i = 0; i < count; ++i) {
      const response = await as[username].post(`/api/v1/channels/${channel}/messages`, { body: `${username} ${i}` });
      assert.equal(response.status, 201, response.text);
    }
  };
  const churn = (async () => {
    for (let round = 0; round < 15; ++round) {
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.floor(Math.random() * 60)));
      current.socket.terminate();
      await connect();
    }
  })();
  await Promise.all([poster('lan.fr', total / 2), poster('hoa.fr', total / 2), churn]);
  await until(() => cursor === total, `all ${total} messages reached the client (has ${cursor})`);
  current.socket.close();
  assert.deepEqual(held, Array.from({ length: total }, (_, i) => i + 1), 'each once, in order');
});
