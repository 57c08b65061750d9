// Starts and stops real `chancery` nodes for black-box and browser tests: a fresh data directory, SQLite or a
// fresh PostgreSQL database (from CHANCERY_TEST_POSTGRES), an ephemeral port on 127.0.0.1, and the demo data.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export const binary = process.env.CHANCERY_BIN ?? new URL('../../build/chancery', import.meta.url).pathname;
export const engine = process.env.CHANCERY_ENGINE ?? 'sqlite';

function createPostgresDatabase() {
  const conninfo = process.env.CHANCERY_TEST_POSTGRES;
  if (!conninfo) throw new Error('CHANCERY_ENGINE=postgres needs CHANCERY_TEST_POSTGRES (a libpq conninfo)');
  const name = `chancery_${randomBytes(6).toString('hex')}`;
  const created = spawnSync('psql', [conninfo, '-v', 'ON_ERROR_STOP=1', '-qc', `CREATE DATABASE ${name}`], {
    encoding: 'utf8',
  });
  if (created.status !== 0) throw new Error(`CREATE DATABASE failed: ${created.stderr}`);
  return { conninfo: conninfo.replace(/dbname=\S+/, `dbname=${name}`), name, admin: conninfo };
}

// A node's data directory and database, usable by CLI calls before and after the server runs.
export class Installation {
  constructor({ engine: chosen = engine } = {}) {
    this.dataDir = mkdtempSync(join(tmpdir(), 'chancery-test-'));
    this.engine = chosen;
    this.env = { ...process.env, CHANCERY_DATA_DIR: this.dataDir, CHANCERY_LOG_LEVEL: 'warn' };
    if (chosen === 'postgres') {
      this.postgres = createPostgresDatabase();
      this.env.CHANCERY_STORAGE_ENGINE = 'postgres';
      this.env.CHANCERY_STORAGE_POSTGRES_URL = this.postgres.conninfo;
    } else {
      this.env.CHANCERY_STORAGE_ENGINE = 'sqlite';
    }
  }

  // Runs `chancery ARGS` to completion; returns {status, stdout, stderr}.
  cli(args, { input, env } = {}) {
    const result = spawnSync(binary, args, { env: { ...this.env, ...env }, input, encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  seedDemo() {
    const result = this.cli(['seed', '--demo']);
    if (result.status !== 0) throw new Error(`seed failed: ${result.stderr}`);
    return this.demoCredentials();
  }

  demoCredentials() {
    const text = readFileSync(join(this.dataDir, 'demo-credentials.txt'), 'utf8');
    return Object.fromEntries(text.trim().split('\n').map((line) => line.split('\t').slice(0, 2)));
  }

  // Creates an account with a role on a unit (by code); returns {username, password}.
  createUser(username, { unit = 'MOFA', role, subtree = false, password } = {}) {
    const secret = password ?? `pw-${randomBytes(12).toString('hex')}`;
    const args = ['admin', 'create-user', '--username', username, '--unit', unit, '--password-stdin'];
    if (role) args.push('--role', role);
    if (subtree) args.push('--subtree');
    const result = this.cli(args, { input: `${secret}\n` });
    if (result.status !== 0) throw new Error(`create-user ${username} failed: ${result.stderr}`);
    return { username, password: secret };
  }

  // Starts `chancery serve` and resolves once it listens. Extra flags may be passed.
  async start(extraArgs = [], { env } = {}) {
    const args = ['serve', '--listen', '127.0.0.1:0', ...extraArgs];
    if (process.env.CHANCERY_CONSOLE_DIR) args.push('--console-dir', process.env.CHANCERY_CONSOLE_DIR);
    const child = spawn(binary, args, { env: { ...this.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const server = new RunningServer(child);
    await server.ready();
    this.server = server;
    return server;
  }

  async cleanup() {
    if (this.server) await this.server.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
    if (this.postgres) {
      spawnSync('psql', [this.postgres.admin, '-qc', `DROP DATABASE IF EXISTS ${this.postgres.name} WITH (FORCE)`]);
    }
  }
}

export class RunningServer {
  constructor(child) {
    this.child = child;
    this.stdout = '';
    this.stderr = '';
    child.stdout.on('data', (chunk) => (this.stdout += chunk));
    child.stderr.on('data', (chunk) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  ready(timeoutMs = 30000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${this.stderr}`)), timeoutMs);
      const check = () => {
        const match = this.stdout.match(/serving on (https?:\/\/[^\s/]+)\//);
        if (match) {
          clearTimeout(timer);
          this.url = match[1];
          resolve(this);
        }
      };
      this.child.stdout.on('data', check);
      this.exited.then(({ code }) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code} before listening: ${this.stderr}`));
      });
    });
  }

  kill(signal = 'SIGKILL') {
    this.child.kill(signal);
    return this.exited;
  }

  async stop() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15000);
    const result = await this.exited;
    clearTimeout(timer);
    return result;
  }
}
