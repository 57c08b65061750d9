// A real NATS JetStream cluster for tests: `nats-server` (Debian package) × n on 127.0.0.1, each with its own
// client and cluster ports and JetStream store in a temporary folder, routed to the others. Stopped and removed by
// stop().
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function accepts(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => { socket.destroy(); resolve(true); });
    socket.on('error', () => resolve(false));
  });
}

export async function startNatsCluster(size = 3) {
  const root = mkdtempSync(join(tmpdir(), 'chancery-nats-'));
  const nodes = [];
  for (let i = 0; i < size; ++i) nodes.push({ name: `n${i + 1}`, port: await freePort(), clusterPort: await freePort() });
  const processes = nodes.map((node) => {
    const routes = nodes.filter((other) => other !== node).map((other) => `nats://127.0.0.1:${other.clusterPort}`);
    const args = ['-a', '127.0.0.1', '-p', String(node.port), '-n', node.name, '-js', '-sd', join(root, node.name),
      '--cluster_name', 'chancery-test', '--cluster', `nats://127.0.0.1:${node.clusterPort}`, '--routes', routes.join(',')];
    const child = spawn('nats-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr.on('data', (chunk) => { log += chunk; });
    return { child, log: () => log };
  });
  for (const node of nodes) {
    let up = false;
    for (let attempt = 0; attempt < 100 && !up; ++attempt) {
      up = await accepts(node.port);
      if (!up) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!up) throw new Error(`nats-server ${node.name} did not start`);
  }
  return {
    urls: nodes.map((node) => `nats://127.0.0.1:${node.port}`),
    async stop() {
      await Promise.all(processes.map(({ child }) => new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.on('exit', resolve);
        child.kill('SIGTERM');
      })));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
