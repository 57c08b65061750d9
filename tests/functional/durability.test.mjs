// Nothing acknowledged is lost: the server is killed with SIGKILL in the middle of a burst of writes, restarted on
// the same data, and every write it had answered with 201 is there; the audit chain still verifies.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Installation } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

const node = new Installation();
after(() => node.cleanup());

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
