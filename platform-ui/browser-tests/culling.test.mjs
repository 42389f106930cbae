// Negotiated culling in the dashboard, in a real Chromium: a workspace whose cull warning has begun shows a banner
// with a live countdown and a "Keep alive" button; the details show the cull countdown; keep-alive moves the cull
// time (through the API's keep-alive, then the operator's status over the live stream) and the banner goes; a viewer
// cannot keep alive. Writes docs/img/cull-warning.png with AIR9_UPDATE_SCREENSHOTS=1 (see dashboard.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { shots, token, call, until, openDashboard, axeViolations } from './support.mjs';

// Not a name that ends in another test's team (has-text("ui ·") would match "cull-ui ·").
const TEAM = 'cull';
const WS = 'late-night';
const PATH = `/api/v1/teams/${TEAM}/workspaces`;

const SLOW = { timeout: 90_000 };

let browser;
let page;

async function signIn(user) {
  await page.fill('#login-form input[name=username]', user);
  await page.fill('#login-form input[name=password]', user);
  await page.click('#login-form button[type=submit]');
}

const banner = () => page.locator(`#cull-banners .cull-banner[data-name="${WS}"]`);

async function openTeam() {
  await page.click(`#teams button:has-text("${TEAM} ·")`);
  await page.waitForSelector(`#team-title:has-text("${TEAM}")`);
  await page.waitForSelector('#live.on');
}

before(async () => {
  const created = await call('POST', '/api/v1/teams', await token('dave'), { name: TEAM, displayName: 'Culling tests',
    members: [{ name: 'alice', role: 'admin' }, { name: 'carol', role: 'viewer' }],
    quota: { cpu: '4', memory: '8Gi', gpu: 0, storage: '50Gi', maxWorkspaces: 5 } });
  assert.ok([201, 409].includes(created.status), `team ${TEAM}: HTTP ${created.status}`);
  const alice = await token('alice');
  await until(`team ${TEAM} in alice's teams`, async () => JSON.stringify((await call('GET', '/api/v1/me', alice)).body).includes(`"team":"${TEAM}"`));
  // jupyterlab warns 10 min ahead: with an idle timeout of 10 min the warning begins as soon as it runs.
  const ws = await call('POST', PATH, alice, { name: WS, class: 'jupyterlab', idleTimeout: '10m' });
  assert.ok([201, 409].includes(ws.status), `workspace ${WS}: HTTP ${ws.status}`);
  ({ browser, page } = await openDashboard({ width: 1280, height: 820 }));
});

after(async () => {
  await call('DELETE', `${PATH}/${WS}`, await token('alice'));
  await browser?.close();
});

test('a cull warning shows a banner with a countdown and a keep-alive button that moves the cull time', SLOW, async () => {
  await signIn('alice');
  await page.waitForSelector('#app:not([hidden])');
  await openTeam();
  await banner().waitFor({ timeout: 90_000 });
  assert.match(await banner().textContent(), /stops in \d+ (min|s)\b.* if still idle\./);
  const first = await banner().locator('.countdown').textContent();
  await until('the countdown to tick', async () => (await banner().locator('.countdown').textContent()) !== first, 10_000);

  await page.click(`#workspaces button.link[data-name="${WS}"]`);
  await page.waitForSelector('#details .cull');
  assert.match(await page.textContent('#details .cull'), /^Stops in .* if still idle \(at \d{4}-\d\d-\d\dT/);
  await page.screenshot({ path: join(shots, 'cull-warning.png') });
  assert.deepEqual(await axeViolations(page), [], 'dashboard with a cull warning');

  const before = Date.now();
  await banner().locator('button.keep-alive').click();
  await banner().waitFor({ state: 'detached', timeout: 60_000 });
  assert.equal(await page.isVisible('#error'), false);
  const ws = (await call('GET', `${PATH}/${WS}`, await token('alice'))).body;
  assert.ok(Date.parse(ws.keepAliveUntil) >= before + 7 * 3600_000, `kept alive until ${ws.keepAliveUntil}`);
  assert.equal(ws.cullAt, ws.keepAliveUntil);
  assert.equal(ws.cullWarning, false);
  await until('the details to show the keep-alive', async () => /kept alive until/.test(await page.textContent('#details .cull')));
});

test('a viewer sees the countdown but cannot keep the workspace alive', SLOW, async () => {
  await page.click('#who button:has-text("Sign out")');
  await page.waitForSelector('#login:not([hidden])');
  await signIn('carol');
  await page.waitForSelector('#app:not([hidden])');
  await openTeam();
  await page.click(`#workspaces button.link[data-name="${WS}"]`);
  await page.waitForSelector('#details .cull button.keep-alive');
  assert.equal(await page.isDisabled('#details .cull button.keep-alive'), true);
  const refused = await call('POST', `${PATH}/${WS}/keep-alive`, await token('carol'));
  assert.equal(refused.status, 403);
  assert.match(refused.body.detail, /viewers/);
});
