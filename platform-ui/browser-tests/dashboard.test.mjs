// The dashboard in a real Chromium (Debian's, driven by playwright-core): sign-in (no call of the admins' capacity
// per node for a user), create with the fit check and a refused create, a workspace going Running live, stop/start/delete, keyboard use, axe-core accessibility, an
// expired session. Needs a running API in the demo profile with the operator (platform-api's BrowserIT starts one):
//   AIR9_BASE_URL=http://127.0.0.1:8080 node --test platform-ui/browser-tests/
// AIR9_UPDATE_SCREENSHOTS=1 writes the screenshots into docs/img (else into platform-ui/target/screenshots).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const base = process.env.AIR9_BASE_URL || 'http://127.0.0.1:8080';
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const shots = process.env.AIR9_UPDATE_SCREENSHOTS === '1' ? join(here, '../../docs/img') : join(here, '../target/screenshots');
const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TEAM = 'ui';
const SLOW = { timeout: 90_000 };

let browser;
let page;

async function token(user) {
  const r = await fetch(`${base}/demo/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', username: user, password: user }) });
  assert.equal(r.status, 200, `token of ${user}`);
  return (await r.json()).access_token;
}

async function call(method, path, bearer, body) {
  const r = await fetch(`${base}${path}`, { method, headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
  return { status: r.status, body: r.status === 204 ? null : await r.json().catch(() => null) };
}

async function until(what, condition, timeout = 60_000) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => { setTimeout(resolve, 250); });
  }
}

async function shot(name, options = {}) {
  await page.screenshot({ path: join(shots, name), ...options });
}

/** Serious and critical accessibility violations on the page as it is now. */
async function axeViolations() {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ path: axeSource });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

async function signIn(user, password = user) {
  await page.fill('#login-form input[name=username]', user);
  await page.fill('#login-form input[name=password]', password);
  await page.click('#login-form button[type=submit]');
}

const row = (name) => page.locator('#workspaces tbody tr', { has: page.locator(`[data-name="${name}"]`) });
const badge = (name) => row(name).locator('.badge');

before(async () => {
  assert.ok(existsSync(executablePath), `no chromium at ${executablePath}: apt-get install -y chromium (or set CHROMIUM)`);
  mkdirSync(shots, { recursive: true });
  // A team of alice's with a small quota, so that the fit check has something to say.
  const dave = await token('dave');
  const created = await call('POST', '/api/v1/teams', dave, { name: TEAM, displayName: 'Dashboard tests',
    members: [{ name: 'alice', role: 'admin' }], quota: { cpu: '4', memory: '4Gi', gpu: 0, storage: '50Gi', maxWorkspaces: 5 } });
  assert.ok([201, 409].includes(created.status), `team ${TEAM}: HTTP ${created.status}`);
  const alice = await token('alice');
  await until(`team ${TEAM} in alice's teams`, async () => JSON.stringify((await call('GET', '/api/v1/me', alice)).body).includes(`"team":"${TEAM}"`));
  browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-quic',
    '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 820 } });
  page.on('dialog', (d) => d.accept());
  await page.goto(base);
});

after(async () => {
  await browser?.close();
});

test('a failed sign-in is explained, and errors after signing in are shown on the dashboard', SLOW, async () => {
  assert.deepEqual(await axeViolations(), [], 'sign-in page');
  await signIn('alice', 'wrong');
  await page.waitForSelector('#login-error:not([hidden])');
  assert.match(await page.textContent('#login-error'), /Unauthorized|invalid|401/i);

  // Capacity per node is for platform admins: alice's dashboard must not even ask for it (no 403, no error shown).
  const capacityCalls = [];
  const onRequest = (r) => { if (r.url().includes('/api/v1/cluster/capacity')) capacityCalls.push(r.url()); };
  page.on('request', onRequest);
  await signIn('alice');
  await page.waitForSelector('#app:not([hidden])');
  await page.waitForSelector('#live.on');
  assert.equal(await page.isVisible('#login-error'), false);
  page.off('request', onRequest);
  assert.deepEqual(capacityCalls, [], 'alice is no platform admin');
  assert.equal(await page.isVisible('#capacity-card'), false);
  assert.equal(await page.isVisible('#error'), false);
  // A failing API call after the sign-in: its message must be visible on the dashboard.
  await page.route('**/api/v1/teams/a/quota', (route) => route.fulfill({ status: 503, contentType: 'application/problem+json',
    body: JSON.stringify({ title: 'Service unavailable', status: 503, detail: 'the cluster is not reachable' }) }));
  await page.click('#teams button:has-text("a ·")');
  await page.waitForSelector('#error:not([hidden])');
  assert.equal(await page.textContent('#error'), 'Service unavailable: the cluster is not reachable');
  await page.unroute('**/api/v1/teams/a/quota');
  await page.click('#teams button:has-text("a ·")');
  await page.waitForSelector('#error', { state: 'hidden' });
  await page.waitForSelector('#live.on');
  assert.deepEqual(await axeViolations(), [], 'dashboard');
});

test('a refused create names the field, and the fit check offers a size that fits', SLOW, async () => {
  await page.click(`#teams button:has-text("${TEAM} ·")`);
  await page.waitForSelector(`#team-title:has-text("${TEAM}")`);
  await page.click('#new-ws');
  // The class by name: other tests on the same cluster may have added classes that sort before it.
  await page.selectOption('#create-form [name=class]', 'jupyterlab');
  await fitOk();
  assert.match(await page.textContent('#create-fit'), /^Fits: /);

  await page.fill('#create-form input[name=name]', 'too-big');
  await page.fill('#create-form input[name=cpu]', '64');
  await page.click('#create-submit');
  await page.waitForSelector('#create-error:not([hidden])');
  assert.match(await page.textContent('#create-error'), /resources\.cpu: 64 exceeds the class maximum of 8/);
  assert.equal(await page.getAttribute('#create-form input[name=cpu]', 'aria-invalid'), 'true');
  assert.match(await page.textContent('#error-cpu'), /exceeds the class maximum of 8/);
  await shot('create-refused.png');

  await page.fill('#create-form input[name=cpu]', '1');
  // Editing the refused field clears its message and, with no refused field left, the summary.
  await page.waitForSelector('#error-cpu', { state: 'detached' });
  assert.equal(await page.isVisible('#create-error'), false);
  await page.fill('#create-form input[name=memory]', '8Gi');
  await page.waitForSelector('#create-fit:has-text("fits at 4Gi memory")');
  assert.match(await page.textContent('#create-fit'), /Does not fit; fits at 4Gi memory/);
  assert.match(await page.textContent('#create-fit'), /team 'ui' has 4Gi of its memory quota left/);
  await shot('create-fit.png');
  assert.deepEqual(await axeViolations(), [], 'create dialog');
  await page.click('#create-fit button:has-text("Use this size")');
  assert.equal(await page.inputValue('#create-form input[name=memory]'), '4Gi');
  await fitOk();
});

test('a created workspace goes Running live, then stops, starts and is deleted', SLOW, async () => {
  await page.fill('#create-form input[name=name]', 'e2e');
  await page.click('#create-submit');
  await page.waitForSelector('#create-dialog', { state: 'hidden' });
  await row('e2e').waitFor();
  // No reload: the phases arrive over the live stream.
  const loads = [];
  page.on('framenavigated', (f) => loads.push(f.url()));
  await badge('e2e').filter({ hasText: 'Running' }).waitFor({ timeout: 90_000 });
  await page.waitForSelector('#quota');
  await shot('dashboard.png');
  await row('e2e').locator('button:has-text("Stop")').click();
  await badge('e2e').filter({ hasText: 'Stopped' }).waitFor({ timeout: 90_000 });
  await row('e2e').locator('button:has-text("Start")').click();
  await badge('e2e').filter({ hasText: 'Running' }).waitFor({ timeout: 90_000 });
  await page.click('[data-name="e2e"]');
  await page.waitForSelector('#details .conditions .condition');
  await page.locator('#details').scrollIntoViewIfNeeded();
  await shot('workspace-details.png', { fullPage: true });
  assert.deepEqual(await axeViolations(), [], 'details');
  await row('e2e').locator('button:has-text("Delete")').click();
  await row('e2e').waitFor({ state: 'detached', timeout: 90_000 });
  assert.deepEqual(loads, []);
});

test('the dashboard works from the keyboard', SLOW, async () => {
  const alice = await token('alice');
  const kbd = await call('POST', `/api/v1/teams/${TEAM}/workspaces`, alice, { name: 'kbd', class: 'vscode', state: 'Stopped' });
  assert.ok([201, 409].includes(kbd.status), `workspace kbd: HTTP ${kbd.status}`);
  await page.click('#who button:has-text("Sign out")');
  await page.waitForSelector('#login:not([hidden])');
  await page.fill('#login-form input[name=username]', '');
  await page.fill('#login-form input[name=password]', '');
  await page.focus('#login-form input[name=username]');
  await page.keyboard.type('alice');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.name), 'password');
  await page.keyboard.type('alice');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#app:not([hidden])');
  await page.waitForSelector('#live.on');
  // Tab reaches the team with a workspace; Enter selects it.
  await tabTo(async () => page.evaluate(() => document.activeElement?.textContent?.startsWith('ui ·')));
  await page.keyboard.press('Enter');
  await page.waitForSelector('#team-title:has-text("ui")');
  await row('kbd').waitFor();
  // Tab reaches a workspace's name; Enter opens its details.
  await tabTo(async () => page.evaluate(() => document.activeElement?.dataset?.name === 'kbd'));
  await page.keyboard.press('Enter');
  await page.waitForSelector('#details:not([hidden])');
  assert.match(await page.textContent('#details h2'), /^kbd · vscode/);
  // The create dialog opens from the keyboard and Escape closes it.
  await page.focus('#new-ws');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#create-dialog[open]');
  assert.equal(await page.evaluate(() => document.activeElement.name), 'name');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#create-dialog', { state: 'hidden' });
  assert.equal((await call('DELETE', `/api/v1/teams/${TEAM}/workspaces/kbd`, alice)).status, 204);
});

/** Waits for the create form's fit check to say it fits; on a timeout, says what it said instead. */
async function fitOk() {
  try {
    await page.waitForSelector('#create-fit.ok', { timeout: 30_000 });
  } catch (e) {
    const box = await page.$('#create-fit');
    throw new Error(`the fit check did not say it fits: ${box ? `[${await box.getAttribute('class')}] ${await box.textContent()}` : 'no box'}`, { cause: e });
  }
}

/** Presses Tab until the condition holds (at most 40 times). */
async function tabTo(condition) {
  for (let i = 0; i < 40; i += 1) {
    await page.keyboard.press('Tab');
    if (await condition()) return;
  }
  throw new Error('not reachable with Tab');
}

test('an expired session sends the user back to sign in, saying why', SLOW, async () => {
  const expired = await token('alice');
  // The same token with a past expiry (and so a broken signature, which the API would refuse too).
  const [h, , s] = expired.split('.');
  const payload = Buffer.from(JSON.stringify({ sub: 'alice', exp: Math.floor(Date.now() / 1000) - 60 })).toString('base64url');
  await page.evaluate((t) => sessionStorage.setItem('air9.token', t), `${h}.${payload}.${s}`);
  await page.reload();
  await page.waitForSelector('#login-error:not([hidden])');
  assert.equal(await page.textContent('#login-error'), 'Your session expired: please sign in again.');
  assert.equal(await page.isVisible('#app'), false);
});
