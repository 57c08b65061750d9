// Launches the system Chromium headless through playwright-core and keeps screenshots in one folder.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const BASE_URL = (process.env.CHANCERY_URL ?? '').replace(/\/+$/, '');
export const ARTIFACTS = process.env.CHANCERY_E2E_ARTIFACTS || '/tmp/chancery-e2e';
export const CHROMIUM = process.env.CHANCERY_CHROMIUM || '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launch() {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

export async function screenshot(page, name, options = {}) {
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? true });
  return file;
}

/** Fails early, with a readable message, when the server is not up. */
export async function assertServerUp() {
  if (!BASE_URL) throw new Error('CHANCERY_URL is not set');
  const response = await fetch(`${BASE_URL}/healthz`).catch((error) => {
    throw new Error(`server at ${BASE_URL} is not reachable: ${error.message}`);
  });
  if (!response.ok) throw new Error(`${BASE_URL}/healthz answered ${response.status}`);
}

/** Records console errors and CSP violations so a test can assert the page ran cleanly. */
export function watchConsole(page) {
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(text)) problems.push(`CSP: ${text}`);
  });
  return problems;
}
