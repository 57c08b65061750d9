// The audit log is tamper-evident: `chancery audit verify` passes on an intact chain and, after one row is edited
// directly in the database, fails and names that entry. The API shows audit entries to those allowed to see them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Installation } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import WebSocket from 'ws';

const node = new Installation();
let admin;
let client;

before(async () => {
  node.seedDemo();
  admin = node.createUser('audit.admin', { role: 'system_admin', subtree: true });
  const server = await node.start();
  client = new Client(server.url);
  await client.login(admin.username, admin.password);
  const failed = await new Client(server.url).post('/api/v1/auth/login', { username: 'audit.admin', password: 'wrong-password-1' });
  assert.equal(failed.status, 401);
});
after(() => node.cleanup());

test('logins, failures and MFA enrolment are in the audit log', async () => {
  const entries = await client.get('/api/v1/audit?limit=200');
  assert.equal(entries.status, 200);
  const actions = entries.data.items.map((entry) => `${entry.action}:${entry.actor}:${entry.outcome}`);
  assert.ok(actions.includes('auth.login:audit.admin:success'), actions.join(' '));
  assert.ok(actions.some((a) => a.startsWith('auth.login_failed:')), 'failed login recorded');
  assert.ok(actions.includes('mfa.enrolled:audit.admin:success'), 'MFA enrolment recorded');
  const filtered = await client.get('/api/v1/audit?action=auth.login_failed');
  assert.ok(filtered.data.items.length >= 1);
  assert.ok(filtered.data.items.every((entry) => entry.action === 'auth.login_failed'));
});

test('the live feed replays what a client missed, then pushes new entries once', async () => {
  const url = node.server.url.replace('http', 'ws');
  const newest = (await client.get('/api/v1/audit?limit=5')).data.items[0].seq;
  const received = [];
  const socket = new WebSocket(`${url}/api/v1/events?after=${newest - 3}`, { headers: { cookie: client.cookie } });
  socket.on('message', (data) => received.push(JSON.parse(data.toString())));
  await new Promise((resolve, reject) => { socket.on('open', resolve); socket.on('error', reject); });
  const until = async (predicate) => {
    for (let i = 0; i < 100 && !predicate(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  };
  await until(() => received.length >= 3);
  assert.deepEqual(received.slice(0, 3).map((message) => message.entry.seq), [newest - 2, newest - 1, newest]);
  // Something new happens: an API token is created (audited); it arrives live, after the replay, exactly once.
  const token = await client.post('/api/v1/me/tokens', { name: 'feed test', scopes: ['audit_read'], expires_in_days: 1 });
  assert.equal(token.status, 201);
  await until(() => received.some((message) => message.entry.action.startsWith('api_token.')));
  socket.close();
  const seqs = received.map((message) => message.entry.seq);
  assert.deepEqual(seqs, [...new Set(seqs)].sort((a, b) => a - b), 'in order, none twice');
  assert.ok(received.some((message) => message.type === 'audit.entry' && message.entry.action.startsWith('api_token.')));
});

test('audit verify passes on the intact chain, then names the row edited in the database', async () => {
  await node.server.stop();
  const intact = node.cli(['audit', 'verify']);
  assert.equal(intact.status, 0, intact.stderr);
  assert.match(intact.stdout, /intact/i);

  const sql = "UPDATE audit_log SET actor = 'someone.else' WHERE seq = 3";
  const edited = node.engine === 'postgres'
    ? spawnSync('psql', [node.postgres.conninfo, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { encoding: 'utf8' })
    : spawnSync('sqlite3', [join(node.dataDir, 'chancery.db'), sql], { encoding: 'utf8' });
  assert.equal(edited.status, 0, edited.stderr);

  const broken = node.cli(['audit', 'verify']);
  assert.equal(broken.status, 1);
  assert.match(broken.stderr, /entry 3\b/);
});
