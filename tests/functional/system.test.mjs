// The node's own endpoints and the server's behaviour at the HTTP level: health, readiness, metrics, the OpenAPI
// document, security headers, problem+json errors, limits and the command line's handling of bad configuration.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Installation, binary } from '../lib/server.mjs';
import { spawnSync } from 'node:child_process';

const node = new Installation();
let url;

before(async () => {
  node.seedDemo();
  url = (await node.start()).url;
});
after(() => node.cleanup());

test('health and readiness answer without authentication', async () => {
  const health = await fetch(`${url}/healthz`);
  assert.equal(health.status, 200);
  assert.deepEqual(await health.json(), { status: 'ok' });
  const ready = await fetch(`${url}/readyz`);
  assert.equal(ready.status, 200);
  assert.equal((await ready.json()).status, 'ready');
});

test('metrics are exposed in the Prometheus text format and count requests by route', async () => {
  await fetch(`${url}/healthz`);
  const metrics = await fetch(`${url}/metrics`);
  assert.equal(metrics.status, 200);
  assert.match(metrics.headers.get('content-type'), /text\/plain/);
  const text = await metrics.text();
  assert.match(text, /# TYPE http_requests_total counter/);
  assert.match(text, /http_requests_total\{[^}]*route="\/healthz"[^}]*\} \d+/);
});

test('every response carries the security headers and a request id', async () => {
  const response = await fetch(`${url}/api/v1/me`);
  const csp = response.headers.get('content-security-policy');
  assert.ok(csp, 'CSP present');
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  assert.ok(response.headers.get('referrer-policy'));
  assert.ok(response.headers.get('x-request-id'));
  assert.equal(response.headers.get('strict-transport-security'), null, 'no HSTS without TLS');
});

test('unknown API paths and wrong methods are problem+json', async () => {
  const missing = await fetch(`${url}/api/v1/no-such-thing`);
  assert.equal(missing.status, 404);
  assert.match(missing.headers.get('content-type'), /application\/problem\+json/);
  const body = await missing.json();
  assert.equal(body.status, 404);
  assert.ok(body.title && body.type);

  const wrongMethod = await fetch(`${url}/healthz`, { method: 'DELETE' });
  assert.equal(wrongMethod.status, 405);
  assert.ok(wrongMethod.headers.get('allow'));
});

test('anonymous calls to protected endpoints get 401 problem+json', async () => {
  const response = await fetch(`${url}/api/v1/units`);
  assert.equal(response.status, 401);
  assert.match(response.headers.get('content-type'), /application\/problem\+json/);
});

test('malformed JSON is rejected with a clear problem', async () => {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"username": "admin", ',
  });
  assert.equal(response.status, 400);
  const problem = await response.json();
  assert.match(problem.detail, /JSON/i);
});

test('an oversized body is refused with 413', async () => {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024), password: 'y' }),
  });
  assert.equal(response.status, 413);
});

test('the OpenAPI document is served and describes the fixed paths', async () => {
  const response = await fetch(`${url}/api/openapi.json`);
  assert.equal(response.status, 200);
  const document = await response.json();
  assert.match(document.openapi, /^3\.1/);
  for (const path of ['/api/v1/auth/login', '/api/v1/auth/logout', '/api/v1/me', '/api/v1/units']) {
    assert.ok(document.paths[path], `${path} documented`);
  }
});

test('the console is served with types, caching and compression', async () => {
  assert.ok(process.env.CHANCERY_CONSOLE_DIR, 'CHANCERY_CONSOLE_DIR names the built console (scripts/test.sh sets it)');
  const index = await fetch(`${url}/`, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(index.status, 200);
  assert.match(index.headers.get('content-type'), /text\/html/);
  assert.match(index.headers.get('cache-control'), /no-cache/);
  const html = await index.text();
  const script = html.match(/src="(\/assets\/[^"]+\.js)"/);
  assert.ok(script, 'index references a hashed script');
  const asset = await fetch(url + script[1], { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(asset.status, 200);
  assert.match(asset.headers.get('content-type'), /javascript/);
  assert.match(asset.headers.get('cache-control'), /immutable/);
  assert.equal(asset.headers.get('content-encoding'), 'gzip');
  const deepLink = await fetch(`${url}/directory/units/1`);
  assert.equal(deepLink.status, 200, 'client-side routes fall back to index.html');
});

test('the command line names the invalid configuration key and exits non-zero', () => {
  const result = spawnSync(binary, ['serve', '--data-dir', node.dataDir], {
    env: { ...process.env, CHANCERY_STORAGE_ENGINE: 'oracle' },
    encoding: 'utf8',
  });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /storage\.engine/);

  const version = spawnSync(binary, ['version'], { encoding: 'utf8' });
  assert.equal(version.status, 0);
  assert.match(version.stdout, /chancery \d+\.\d+\.\d+/);
});
