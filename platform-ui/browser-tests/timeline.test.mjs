// The start timeline in a workspace's details, in a real Chromium: a workspace started through the API shows each
// step of its start as a bar with its duration once Running; a start that failed at its deadline shows the step that
// hung. Writes docs/img/start-timeline.png with AIR9_UPDATE_SCREENSHOTS=1. Needs a running API in the demo profile
// with the operator (platform-api's BrowserIT starts one):
//   AIR9_BASE_URL=http://127.0.0.1:8080 node --test platform-ui/browser-tests/timeline.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { axeViolations, call, openDashboard, shots, token, until } from './support.mjs';

const TEAM = 'tl';
const WS = 'timed';
const STEPS = ['Volume bound', 'Scheduled', 'Image pulled', 'Container started', 'Ready'];

let browser;
let page;
let alice;

const api = (method, path, body) => call(method, path, alice, body);

before(async () => {
  const created = await call('POST', '/api/v1/teams', await token('dave'), { name: TEAM, displayName: 'Start timeline',
    members: [{ name: 'alice', role: 'admin' }], quota: { cpu: '8', memory: '16Gi', gpu: 0, storage: '50Gi', maxWorkspaces: 5 } });
  assert.ok([201, 409].includes(created.status), `team ${TEAM}: HTTP ${created.status}`);
  alice = await token('alice');
  // The team's namespace comes from the operator: create until the API accepts the workspace.
  await until(`workspace ${WS} accepted`, async () => [201, 409].includes((await api('POST', `/api/v1/teams/${TEAM}/workspaces`,
    { name: WS, class: 'jupyterlab', resources: { cpu: '1', memory: '2Gi' } })).status));
  ({ browser, page } = await openDashboard({ width: 1280, height: 820 }));
  await page.fill('#login-form input[name=username]', 'alice');
  await page.fill('#login-form input[name=password]', 'alice');
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#app:not([hidden])');
});

after(async () => {
  await browser?.close();
  if (alice) await api('DELETE', `/api/v1/teams/${TEAM}/workspaces/${WS}`);
});

test('the details of a started workspace show each step of its start with its duration', { timeout: 120_000 }, async () => {
  await page.click(`#teams button:has-text("${TEAM} ·")`);
  const row = page.locator('#workspaces tbody tr', { has: page.locator(`[data-name="${WS}"]`) });
  await row.locator('.badge').filter({ hasText: 'Running' }).waitFor({ timeout: 90_000 });
  await page.click(`[data-name="${WS}"]`);
  // The details refresh on the live stream: wait for the complete timeline.
  await page.waitForSelector('#details .timeline li[data-step="Ready"]:not(.pending)', { timeout: 30_000 });
  const timeline = page.locator('#details .timeline');
  assert.match(await timeline.locator('h3').textContent(), /^Start timeline: ready in \d/);
  assert.deepEqual(await timeline.locator('li .label').allTextContents(), STEPS);
  for (const took of await timeline.locator('li .took').allTextContents()) assert.match(took, /^\d+(\.\d)? s$|^\d+ min/);
  // The bars sit one after the other: each starts where the one before ended.
  const bars = await timeline.locator('li .fill').evaluateAll((fills) => fills.map((f) => [parseFloat(f.style.marginLeft), parseFloat(f.style.width)]));
  for (let i = 1; i < bars.length; i++) assert.ok(Math.abs(bars[i][0] - (bars[i - 1][0] + bars[i - 1][1])) < 1, `bar ${i}: ${JSON.stringify(bars)}`);
  const view = (await api('GET', `/api/v1/teams/${TEAM}/workspaces/${WS}`)).body;
  assert.deepEqual(view.startTimeline.map((s) => s.step), ['Accepted', 'VolumeBound', 'Scheduled', 'ImagePulled', 'ContainerStarted', 'Ready']);

  assert.deepEqual(await axeViolations(page), [], 'details with the start timeline');
  await page.locator('#details').scrollIntoViewIfNeeded();
  await page.locator('#details').screenshot({ path: join(shots, 'start-timeline.png') });
});

test('a start that failed at its deadline shows the step that hung', { timeout: 60_000 }, async () => {
  // The API's view of the same workspace as it would be after its start hung waiting for the home volume.
  await page.route(`**/api/v1/teams/${TEAM}/workspaces/${WS}`, async (route) => {
    const response = await route.fetch();
    const w = await response.json();
    const accepted = Date.parse(w.startTimeline[0].at);
    w.phase = 'Failed';
    w.startTimeline = w.startTimeline.slice(0, 1);
    w.conditions = w.conditions.map((c) => (c.type === 'Ready' ? { ...c, status: 'False', reason: 'StartDeadlineExceeded',
      message: 'the start took longer than 15m: the home volume was never bound' } : c));
    assert.ok(accepted > 0);
    await route.fulfill({ response, json: w });
  });
  await page.click(`[data-name="${WS}"]`);
  const hung = page.locator('#details .timeline li.hung[data-step="VolumeBound"]');
  await hung.waitFor();
  assert.match(await hung.locator('.took').textContent(), /^hung: .+ so far$/);
  assert.match(await page.locator('#details .timeline h3').textContent(), /^Start timeline: failed, /);
  await page.unroute(`**/api/v1/teams/${TEAM}/workspaces/${WS}`);
});
