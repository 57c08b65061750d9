// Nothing acknowledged is lost: the server is killed with SIGKILL in the middle of a burst of writes, restarted on
// the same data, and every write it had answered with 201 is there; the audit chain still verifies. A channel
// client cut off by such a restart resumes from its cursors and ends with every message exactly once.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { Installation } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

const node = new Installation();
const chat = new Installation();
after(() => {
  node.cleanup();
  chat.cleanup();
});

test('SIGKILL during a burst of writes loses no acknowledged write', async () => {
  node.seedDemo();
  const admin = node.createUser('durability.admin', { role: 'system_admin', subtree: true });
  let server = await node.start();
  const client = new Client(server.url);
  const secret = await client.login(admin.username, admin.password);
  const units = await client.get('/api/v1/units?q=France');
  const unitId = units.data.items.find((unit) => unit.code === 'EMB-FR').id;

  const acknowledged = [];
  let attempted = 0;
  let stop = false;
  const writer = async (worker) => {
    for (let i = 0; !stop; i++) {
      const username = `burst.${worker}.${i}`;
      attempted++;
      try {
        const response = await client.post('/api/v1/users', {
          username,
          display_name: `Burst ${worker} ${i}`,
          unit_id: unitId,
        });
        if (response.status === 201) acknowledged.push(username);
      } catch {
        return; // the connection died with the server
      }
    }
  };
  const workers = Array.from({ length: 8 }, (_, worker) => writer(worker));
  // Kill once a good number of writes has been acknowledged, while writers are still sending.
  while (acknowledged.length < 150) await new Promise((resolve) => setTimeout(resolve, 10));
  const killed = await server.kill('SIGKILL');
  stop = true;
  await Promise.all(workers);
  assert.equal(killed.signal, 'SIGKILL');
  assert.ok(attempted > acknowledged.length, 'some writes were in flight when the server died');

  server = await node.start();
  const after = new Client(server.url);
  await after.login(admin.username, admin.password, { secret: await nextStep(secret) });
  const listed = await after.get(`/api/v1/users?unit_id=${unitId}&q=burst&limit=500`);
  assert.equal(listed.status, 200);
  const present = new Set(listed.data.items.map((user) => user.username));
  const lost = acknowledged.filter((username) => !present.has(username));
  assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged writes were lost`);
  await server.stop();

  const verify = node.cli(['audit', 'verify']);
  assert.equal(verify.status, 0, verify.stderr);
});

// TOTP codes are single-use per 30-second step: wait for the next step before logging in again.
async function nextStep(secret) {
  const remaining = 30000 - (Date.now() % 30000);
  await new Promise((resolve) => setTimeout(resolve, remaining + 200));
  return secret;
}

// A reader following a channel over the stream, resuming with the cursor of the last message it holds.
class Follower {
  constructor(cookie) {
    this.cookie = cookie;
    this.seqs = [];
  }

  connect(url, channel) {
    const cursor = this.seqs.length ? this.seqs.at(-1) : 0;
    const socket = new WebSocket(`${url.replace('http', 'ws')}/api/v1/channels/stream?cursors=${channel}:${cursor}`,
      { headers: { cookie: this.cookie } });
    socket.on('message', (data) => {
      const event = JSON.parse(data.toString());
      if (event.type === 'message' && event.channel_id === channel) this.seqs.push(event.seq);
    });
    socket.on('error', () => {});
    this.socket = socket;
    return new Promise((resolve, reject) => {
      socket.on('message', (data) => { if (JSON.parse(data.toString()).type === 'ready') resolve(); });
      socket.on('close', () => reject(new Error('closed before ready')));
    });
  }
}

test('a channel reader cut off by a server restart resumes and misses nothing, twice nothing', async () => {
  chat.seedDemo();
  const lan = chat.createUser('restart.lan', { unit: 'EMB-FR', role: 'consular_officer' });
  const minh = chat.createUser('restart.minh', { unit: 'EMB-FR', role: 'consular_officer' });
  let server = await chat.start();
  const poster = new Client(server.url);
  await poster.login(minh.username, minh.password);
  const reader = new Client(server.url);
  await reader.login(lan.username, lan.password);
  const lanId = (await reader.get('/api/v1/me')).data.id;
  const created = await poster.post('/api/v1/channels', { kind: 'topic', name: 'Khủng hoảng', members: [lanId] });
  assert.equal(created.status, 201, created.text);
  const channel = created.data.id;
  const follower = new Follower(reader.cookie);
  await follower.connect(server.url, channel);

  const acknowledged = [];
  let stop = false;
  const post = async (client, worker) => {
    for (let i = 0; !stop; i++) {
      try {
        const response = await client.post(`/api/v1/channels/${channel}/messages`, { body: `Tin ${worker}.${i}` });
        if (response.status === 201) acknowledged.push(response.data.seq);
      } catch {
        return; // the server died
      }
    }
  };
  const workers = Array.from({ length: 4 }, (_, worker) => post(poster, worker));
  while (acknowledged.length < 120) await new Promise((resolve) => setTimeout(resolve, 10));
  await server.kill('SIGKILL');
  stop = true;
  await Promise.all(workers);

  // Same data, a new process (and port); the sessions survive, the reader resumes from its cursor.
  server = await chat.start();
  poster.baseUrl = server.url;
  const heldBefore = follower.seqs.length;
  await follower.connect(server.url, channel);
  for (let i = 0; i < 30; i++) {
    const response = await poster.post(`/api/v1/channels/${channel}/messages`, { body: `Sau ${i}` });
    assert.equal(response.status, 201, response.text);
    acknowledged.push(response.data.seq);
  }
  const last = Math.max(...acknowledged);
  for (let i = 0; i < 400 && follower.seqs.at(-1) !== last; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  follower.socket.close();
  await server.stop();

  assert.ok(heldBefore > 0 && heldBefore < follower.seqs.length, `held ${heldBefore} before the restart`);
  // Exactly 1..last, in order: nothing lost (every acknowledged seq is there), nothing twice.
  assert.deepEqual(follower.seqs, Array.from({ length: last }, (_, i) => i + 1));
  assert.ok(acknowledged.every((seq) => follower.seqs.includes(seq)));
});
