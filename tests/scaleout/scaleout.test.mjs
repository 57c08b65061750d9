// Scale-out: PostgreSQL, a 3-node NATS JetStream cluster and two Chancery nodes, all real and on 127.0.0.1.
// A message posted through node A reaches a client connected to node B; then, while four people post thousands of
// messages through both nodes and clients drop and reconnect at random, node A is killed: its clients reconnect
// to node B, and every client ends with exactly the messages of the channels it belongs to, each once, in order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { Installation } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { startNatsCluster } from '../lib/nats.mjs';

const TOTAL = Number(process.env.CHANCERY_SCALEOUT_MESSAGES ?? 2000);
let nats;
let node;
let a;
let b;
const READERS = ['reader1', 'reader2', 'reader3', 'reader4'];
const POSTERS = ['poster1', 'poster2'];
const ids = {};
const channels = {};

before(async () => {
  nats = await startNatsCluster(3);
  node = new Installation({ engine: 'postgres' });
  node.seedDemo();
  for (const username of [...READERS, ...POSTERS]) {
    node.createUser(username, { unit: 'EMB-FR', role: 'consular_officer', password: `scaleout-pw-${username}` });
  }
  node.createUser('analyst', { unit: 'EMB-FR', role: 'analyst', password: 'scaleout-pw-analyst' });
  const env = { CHANCERY_BUS_ENGINE: 'nats', CHANCERY_BUS_NATS_SERVERS: nats.urls.join(','),
    CHANCERY_BUS_NATS_REPLICAS: '3' };
  a = await node.start([], { env });
  b = await node.start([], { env });
});

after(async () => {
  for (const server of [a, b]) await server?.stop();
  node.server = null;
  await node?.cleanup();
  await nats?.stop();
});

async function login(username, server) {
  const client = new Client(server.url);
  await client.login(username, `scaleout-pw-${username}`);
  return client;
}

test('a message posted through node A reaches a client on node B', async () => {
  const p1 = await login('poster1', a);
  for (const username of [...READERS, 'poster2']) ids[username] = (await (await login(username, a)).get('/api/v1/me')).data.id;
  // Channel X: r1, r2, r3; channel Y: r3, r4 (r3 is in both); the posters in both.
  const x = await p1.post('/api/v1/channels', { kind: 'topic', name: 'X', members: [ids.reader1, ids.reader2, ids.reader3, ids.poster2] });
  const y = await p1.post('/api/v1/channels', { kind: 'topic', name: 'Y', members: [ids.reader3, ids.reader4, ids.poster2] });
  channels.X = x.data.id;
  channels.Y = y.data.id;
  const r1 = await login('reader1', b);
  const socket = new WebSocket(`${b.url.replace('http', 'ws')}/api/v1/channels/stream`, { headers: { cookie: r1.cookie } });
  const received = [];
  socket.on('message', (data) => received.push(JSON.parse(data.toString())));
  await new Promise((resolve) => socket.on('message', (data) => { if (JSON.parse(data).type === 'ready') resolve(); }));
  const posted = await p1.post(`/api/v1/channels/${channels.X}/messages`, { body: 'qua NATS' });
  assert.equal(posted.status, 201, posted.text);
  for (let i = 0; i < 200 && !received.some((event) => event.type === 'message'); ++i) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const message = received.find((event) => event.type === 'message');
  assert.ok(message, 'delivered across nodes');
  assert.equal(message.body, 'qua NATS');
  socket.close();
});

test('a document pushed through node A is matched, and the match and its alert reach a console on node B', async () => {
  const analystA = await login('analyst', a);
  const unit = (await analystA.get('/api/v1/me')).data.unit_id;
  const topic = await analystA.post('/api/v1/monitor/topics', { unit_id: unit, name: 'Cộng đồng' });
  assert.equal(topic.status, 201, topic.text);
  const query = await analystA.post('/api/v1/monitor/queries', { topic_id: topic.data.id, name: 'Lyon', text: 'lyon AND "người Việt"' });
  assert.equal(query.status, 201, query.text);
  const source = await analystA.post('/api/v1/monitor/sources', { unit_id: unit, name: 'crawler', kind: 'push' });
  assert.equal(source.status, 201, source.text);
  const analystB = await login('analyst', b);
  const socket = new WebSocket(`${b.url.replace('http', 'ws')}/api/v1/monitor/stream`, { headers: { cookie: analystB.cookie } });
  const received = [];
  socket.on('message', (data) => received.push(JSON.parse(data.toString())));
  await new Promise((resolve) => socket.on('message', (data) => { if (JSON.parse(data).type === 'ready') resolve(); }));
  // Documents pushed to either node go through the JetStream stream (202 once the cluster stored them); whichever
  // node takes a batch matches it, with the query saved on node A (node B recompiled it on monitor.queries.changed).
  const documents = [
    { id: 'lyon-b', title: 'Người Việt ở Lyon đón Tết', text: 'Cộng đồng người Việt tại Lyon tổ chức đón Tết.' },
    { id: 'lyon-a', title: 'Lyon: hội chợ của người Việt', text: 'Hội chợ ẩm thực của người Việt ở Lyon thu hút nghìn khách.' },
  ];
  for (const [client, document] of [[analystB, documents[0]], [analystA, documents[1]]]) {
    const pushed = await client.post(`/api/v1/monitor/sources/${source.data.id}/documents`, { documents: [document] });
    assert.equal(pushed.status, 202, pushed.text);
    assert.deepEqual(pushed.data, { received: 1, queued: true });
  }
  const matched = () => new Set(received.filter((event) => event.type === 'match').map((event) => event.article.title));
  for (let i = 0; i < 400 && matched().size < 2; ++i) await new Promise((resolve) => setTimeout(resolve, 25));
  assert.deepEqual([...matched()].sort(), documents.map((d) => d.title).sort(), 'both matches reached node B\'s console');
  assert.equal(received.filter((event) => event.type === 'alert').length, 2, 'one alert per story, from whichever node');
  // Each document is stored once, whichever node took it; a second push of the same ids adds nothing.
  await analystA.post(`/api/v1/monitor/sources/${source.data.id}/documents`, { documents });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const stored = (await analystB.get(`/api/v1/monitor/articles?source_id=${source.data.id}`)).data.items;
  assert.deepEqual(stored.map((a) => a.title).sort(), documents.map((d) => d.title).sort());
  socket.close();
});

test('with random reconnects and node A killed, every client ends with exactly its channels\' messages', async () => {
  const servers = { a, b };
  let aAlive = true;
  const alive = () => (aAlive ? [a, b] : [b]);
  // Readers: each holds, per channel, the seqs received, across as many connections as it takes.
  const readers = await Promise.all(READERS.map(async (username) => {
    const session = { a: await login(username, a), b: await login(username, b) };
    return { username, session, held: {}, cursors: {}, socket: null, connections: 0 };
  }));
  let stop = false;
  const follow = async (reader) => {
    while (!stop) {
      const server = alive()[Math.floor(Math.random() * alive().length)];
      const client = server === a ? reader.session.a : reader.session.b;
      const query = Object.entries(reader.cursors).map(([channel, seq]) => `${channel}:${seq}`).join(',');
      const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/channels/stream${query ? `?cursors=${query}` : ''}`,
        { headers: { cookie: client.cookie } });
      reader.connections += 1;
      const closed = new Promise((resolve) => { socket.on('close', resolve); socket.on('error', resolve); });
      socket.on('message', (data) => {
        const event = JSON.parse(data.toString());
        if (event.type === 'ready') {
          for (const [channel, seq] of Object.entries(event.cursors)) {
            if (!(channel in reader.cursors)) reader.cursors[channel] = seq;
          }
        }
        if (event.type === 'message') {
          (reader.held[event.channel_id] ??= []).push(event.seq);
          reader.cursors[event.channel_id] = Math.max(reader.cursors[event.channel_id] ?? 0, event.seq);
        }
      });
      const timer = setTimeout(() => socket.terminate(), 100 + Math.random() * 400);
      await closed;
      clearTimeout(timer);
    }
  };
  // Every reader starts from the beginning of both of its channels (cursor 0) so that "exactly its channels'
  // messages" means every message ever posted there.
  for (const reader of readers) {
    const mine = await reader.session.b.get('/api/v1/channels');
    for (const channel of mine.data.items) reader.cursors[channel.id] = 0;
  }
  const following = readers.map(follow);

  // Posters: through both nodes, alternating channels; a post that fails because its node died is retried on B.
  const posters = await Promise.all(POSTERS.map(async (username) => ({ a: await login(username, a), b: await login(username, b) })));
  let sent = 0;
  const post = async (poster, index) => {
    const channel = index % 2 === 0 ? channels.X : channels.Y;
    for (;;) {
      const useA = aAlive && index % 3 !== 0;
      try {
        const response = await (useA ? poster.a : poster.b).post(`/api/v1/channels/${channel}/messages`,
          { body: `tin ${index}` });
        if (response.status === 201) return;
      } catch {
        // the node went away mid-request: try again through the other
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const perPoster = TOTAL / (POSTERS.length * 2);
  const workers = [];
  for (const poster of posters) {
    for (let lane = 0; lane < 2; ++lane) {
      workers.push((async () => {
        for (let i = 0; i < perPoster; ++i) {
          await post(poster, sent++);
          if (sent === Math.floor(TOTAL / 2) && aAlive) {
            aAlive = false;
            await a.kill('SIGKILL');
          }
        }
      })());
    }
  }
  await Promise.all(workers);
  assert.equal(aAlive, false, 'node A was killed mid-way');

  // What each channel holds, from the surviving node.
  const reference = posters[0].b;
  const last = {};
  for (const [name, id] of Object.entries(channels)) {
    last[id] = (await reference.get(`/api/v1/channels/${id}`)).data.last_seq;
  }
  const entitled = { reader1: [channels.X], reader2: [channels.X], reader3: [channels.X, channels.Y], reader4: [channels.Y] };
  const caughtUp = () => readers.every((reader) => entitled[reader.username].every((id) => reader.cursors[id] === last[id]));
  for (let i = 0; i < 400 && !caughtUp(); ++i) await new Promise((resolve) => setTimeout(resolve, 50));
  stop = true;
  await Promise.all(following);
  assert.ok(last[channels.X] + last[channels.Y] >= TOTAL + 1, 'every acknowledged post is in the database');
  for (const reader of readers) {
    assert.ok(reader.connections > 5, `${reader.username} reconnected ${reader.connections} times`);
    assert.deepEqual(Object.keys(reader.held).map(Number).sort(), [...entitled[reader.username]].sort(),
      `${reader.username} got only its channels`);
    for (const id of entitled[reader.username]) {
      assert.deepEqual(reader.held[id], Array.from({ length: last[id] }, (_, k) => k + 1),
        `${reader.username}: channel ${id}, each of ${last[id]} messages once, in order`);
    }
  }
  void servers;
});
