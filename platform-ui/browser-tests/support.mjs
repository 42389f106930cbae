// Shared by the browser test files (not a test itself: node --test runs only *.test.mjs): the API's address, demo
// tokens and calls, waiting on a condition, chromium and axe-core.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const base = process.env.AIR9_BASE_URL || 'http://127.0.0.1:8080';
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
/** Where screenshots go: docs/img with AIR9_UPDATE_SCREENSHOTS=1, else platform-ui/target/screenshots. */
export const shots = process.env.AIR9_UPDATE_SCREENSHOTS === '1' ? join(here, '../../docs/img') : join(here, '../target/screenshots');
const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** A demo user's token (the password is the user name). */
export async function token(user) {
  const r = await fetch(`${base}/demo/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', username: user, password: user }) });
  assert.equal(r.status, 200, `token of ${user}`);
  return (await r.json()).access_token;
}

/** An API call: {status, etag, body}. */
export async function call(method, path, bearer, body, headers = {}) {
  const r = await fetch(`${base}${path}`, { method, headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json', ...headers },
    body: body && JSON.stringify(body) });
  return { status: r.status, etag: r.headers.get('ETag'), body: r.status === 204 ? null : await r.json().catch(() => null) };
}

/** Waits until the condition holds (polling every 250 ms), failing after timeout ms. */
export async function until(what, condition, timeout = 60_000) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => { setTimeout(resolve, 250); });
  }
}

/** Debian's chromium, headless, and a page on the dashboard (dialogs accepted). */
export async function openDashboard(viewport) {
  assert.ok(existsSync(executablePath), `no chromium at ${executablePath}: apt-get install -y chromium (or set CHROMIUM)`);
  mkdirSync(shots, { recursive: true });
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-quic',
    '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const page = await browser.newPage({ viewport });
  page.on('dialog', (d) => d.accept());
  await page.goto(base);
  return { browser, page };
}

/** Serious and critical accessibility violations on the page as it is now. */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ path: axeSource });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
