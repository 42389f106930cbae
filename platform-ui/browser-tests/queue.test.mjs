// The admission queue in the dashboard (Chromium via playwright-core): GPU workspaces beyond the cluster's free GPUs
// show "Queued — position N" with what they wait for, GET /api/v1/queue shows them to their team and to platform
// admins only, the create form's fit check says where one more would wait, and stopping a running one admits the
// first in the queue. Needs a running API in the demo profile
// with the operator, as the other browser tests (platform-api's BrowserIT starts one):
//   AIR9_BASE_URL=http://127.0.0.1:8080 node --test platform-ui/browser-tests/queue.test.mjs
// AIR9_UPDATE_SCREENSHOTS=1 writes docs/img/queued.png (else into platform-ui/target/screenshots).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { axeViolations, call, openDashboard, shots, token, until } from './support.mjs';

const TEAM = 'gpu-queue';
const GPU = { cpu: '1', memory: '1Gi', gpu: 1 };

let browser;
let page;
let alice;
const names = [];

const workspace = async (name) => (await call('GET', `/api/v1/teams/${TEAM}/workspaces/${name}`, alice)).body;
const rowOf = (name) => page.locator('#workspaces tbody tr', { has: page.locator(`[data-name="${name}"]`) });

before(async () => {
  const dave = await token('dave');
  const created = await call('POST', '/api/v1/teams', dave, { name: TEAM, displayName: 'GPU queue',
    members: [{ name: 'alice', role: 'admin' }], quota: { cpu: '32', memory: '128Gi', gpu: 16, storage: '200Gi', maxWorkspaces: 20 } });
  assert.ok([201, 409].includes(created.status), `team ${TEAM}: HTTP ${created.status}`);
  alice = await token('alice');
  await until(`team ${TEAM} in alice's teams`, async () => JSON.stringify((await call('GET', '/api/v1/me', alice)).body).includes(`"team":"${TEAM}"`));
  ({ browser, page } = await openDashboard({ width: 1280, height: 720 }));
});

after(async () => {
  for (const name of names) await call('DELETE', `/api/v1/teams/${TEAM}/workspaces/${name}`, alice);
  await browser?.close();
});

test('GPU workspaces beyond the free GPUs queue in order, show their place, and the first is admitted when one stops', { timeout: 300_000 }, async () => {
  const capacity = (await call('GET', '/api/v1/cluster/capacity', await token('dave'))).body;
  const free = Number(capacity.gpu.allocatable) - Number(capacity.gpu.requested);
  assert.ok(free >= 1, `the cluster needs a free GPU (it has ${free})`);
  for (let i = 1; i <= free + 2; i++) {
    const name = `gpu-${i}`;
    const r = await call('POST', `/api/v1/teams/${TEAM}/workspaces`, alice, { name, class: 'jupyterlab', resources: GPU });
    assert.equal(r.status, 201, `create ${name}: ${JSON.stringify(r.body)}`);
    names.push(name);
  }
  const [first, second] = names.slice(-2);
  // Places are in the one queue of the whole cluster: other teams' workspaces (other tests') may wait ahead.
  const states = async () => (await Promise.all(names.map(workspace)))
    .map((w) => `${w?.name}: ${w?.phase} ${w?.queuePosition ?? ''}`).join('; ');
  const places = async () => [(await workspace(first))?.queuePosition, (await workspace(second))?.queuePosition];
  await until('the last two queued one behind the other', async () => {
    const [p1, p2] = await places();
    return p1 >= 1 && p2 === p1 + 1;
  }, 90_000).catch(async (e) => { throw new Error(`${e.message}: ${await states()}`); });
  assert.equal((await workspace(first)).phase, 'Queued');

  await page.fill('#login-form input[name=username]', 'alice');
  await page.fill('#login-form input[name=password]', 'alice');
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#app:not([hidden])');
  await page.click(`#teams button:has-text("${TEAM} ·")`);
  await page.waitForSelector(`#team-title:has-text("${TEAM}")`);
  await until('the queued rows', async () => {
    const [p1, p2] = await places();
    return (await rowOf(first).locator('.badge').textContent()) === `Queued — position ${p1}`
      && (await rowOf(second).locator('.badge').textContent()) === `Queued — position ${p2}`;
  });
  assert.match(await rowOf(second).locator('.queue-reason').textContent(), /^waiting for 1 GPU; \d+(st|nd|rd|th) in the queue$/);
  assert.deepEqual(await axeViolations(page), [], 'dashboard with queued workspaces');
  await page.screenshot({ path: join(shots, 'queued.png') });

  // The create form's fit check knows the queue: one more GPU workspace would wait behind the second at least.
  await page.click('#new-ws');
  await page.selectOption('#create-form [name=class]', 'jupyterlab');
  await page.fill('#create-form input[name=cpu]', '1');
  await page.fill('#create-form input[name=memory]', '1Gi');
  await page.fill('#create-form input[name=gpu]', '1');
  await page.waitForSelector('#create-fit:has-text("it would be queued")');
  const line = /As asked, it would be queued (\d+)(st|nd|rd|th) in line for 1 GPU/.exec(await page.textContent('#create-fit'));
  assert.ok(line && Number(line[1]) > (await places())[1], `fit check: ${await page.textContent('#create-fit')}`);
  await page.keyboard.press('Escape');
  await page.waitForSelector('#create-dialog', { state: 'hidden' });

  // The queue endpoint: the team's members and platform admins see them, in order; another team's admin does not
  const queue = (await call('GET', '/api/v1/queue', alice)).body;
  const mine = queue.filter((q) => q.team === TEAM);
  assert.deepEqual(mine.map((q) => q.name), [first, second]);
  assert.equal(mine[1].position, mine[0].position + 1);
  assert.deepEqual(mine[0].requested, { cpu: '1', memory: '1Gi', gpu: 1 });
  assert.match(mine[0].reason, /^waiting for 1 GPU; \d+(st|nd|rd|th) in the queue$/);
  assert.ok(!Number.isNaN(Date.parse(mine[0].since)), `since: ${mine[0].since}`);
  const erins = (await call('GET', '/api/v1/queue', await token('erin'))).body;
  assert.deepEqual(erins.filter((q) => q.team === TEAM), []);
  const daves = (await call('GET', '/api/v1/queue', await token('dave'))).body;
  assert.deepEqual(daves.filter((q) => q.team === TEAM).map((q) => q.name), [first, second]);

  // Stopping a running one frees its GPU: the first in the queue is admitted, the second moves up
  const before = (await places())[1];
  assert.equal((await call('POST', `/api/v1/teams/${TEAM}/workspaces/${names[0]}/stop`, alice)).status, 200);
  await until(`${first} Running`, async () => (await rowOf(first).locator('.badge').textContent()) === 'Running', 120_000);
  await until(`${second} moved up in the queue`, async () => {
    const now = (await workspace(second))?.queuePosition;
    return now >= 1 && now < before && (await rowOf(second).locator('.badge').textContent()) === `Queued — position ${now}`;
  });
});
