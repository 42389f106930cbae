// A rotated data connection in the dashboard, in a real Chromium: the operator restarts no running workspace by
// itself; the workspace using the connection says a restart is needed (a banner naming the connection, never a value)
// with a Restart button, which stops it, waits until it is stopped, and starts it again: the banner goes.
// Writes docs/img/restart-needed.png with AIR9_UPDATE_SCREENSHOTS=1 (see dashboard.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { shots, token, call, until, openDashboard, axeViolations } from './support.mjs';

const TEAM = 'rotate';
const WS = 'uses-warehouse';
const PATH = `/api/v1/teams/${TEAM}/workspaces`;
const CONNECTION = `/api/v1/teams/${TEAM}/connections/warehouse`;
const SLOW = { timeout: 240_000 };

let browser;
let page;

const banner = () => page.locator(`#restart-banners .restart-banner[data-name="${WS}"]`);
const phaseOf = async (alice) => (await call('GET', `${PATH}/${WS}`, alice)).body?.phase;

before(async () => {
  const created = await call('POST', '/api/v1/teams', await token('dave'), { name: TEAM, displayName: 'Rotation tests',
    members: [{ name: 'alice', role: 'admin' }],
    quota: { cpu: '4', memory: '8Gi', gpu: 0, storage: '50Gi', maxWorkspaces: 5 } });
  assert.ok([201, 409].includes(created.status), `team ${TEAM}: HTTP ${created.status}`);
  const alice = await token('alice');
  await until(`team ${TEAM} in alice's teams`, async () => JSON.stringify((await call('GET', '/api/v1/me', alice)).body).includes(`"team":"${TEAM}"`));
  // Left by an earlier run against the same API: start afresh.
  await call('DELETE', `${PATH}/${WS}`, alice);
  await until('no workspace left', async () => (await call('GET', `${PATH}/${WS}`, alice)).status === 404, 90_000);
  await until('no connection left', async () => [204, 404].includes((await call('DELETE', CONNECTION, alice)).status));
  const connection = await call('POST', `/api/v1/teams/${TEAM}/connections`, alice, { name: 'warehouse', type: 's3',
    values: { accessKeyId: 'AKIA-FIRST', secretAccessKey: 'first-S3cret-value' } });
  assert.equal(connection.status, 201, `connection: HTTP ${connection.status} ${JSON.stringify(connection.body)}`);
  const ws = await call('POST', PATH, alice, { name: WS, class: 'jupyterlab', dataConnections: ['warehouse'] });
  assert.equal(ws.status, 201, `workspace ${WS}: HTTP ${ws.status} ${JSON.stringify(ws.body)}`);
  await until(`${WS} Running`, async () => (await phaseOf(alice)) === 'Running', 120_000);
  ({ browser, page } = await openDashboard({ width: 1280, height: 820 }));
});

after(async () => {
  const alice = await token('alice');
  await call('DELETE', `${PATH}/${WS}`, alice);
  await browser?.close();
});

test('a rotated connection asks for a restart, which starts the workspace afresh; nothing restarts it unasked', SLOW, async () => {
  const alice = await token('alice');
  await page.fill('#login-form input[name=username]', 'alice');
  await page.fill('#login-form input[name=password]', 'alice');
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#app:not([hidden])');
  await page.click(`#teams button:has-text("${TEAM} ·")`);
  await page.waitForSelector('#live.on');
  await page.locator(`#workspaces [data-name="${WS}"]`).waitFor({ timeout: 30_000 });
  assert.equal(await banner().count(), 0, 'no banner before a rotation');
  const startedAt = (await call('GET', `${PATH}/${WS}`, alice)).body.startedAt;

  const current = await call('GET', CONNECTION, alice);
  const rotated = await call('PUT', CONNECTION, alice,
    { values: { accessKeyId: 'AKIA-SECOND', secretAccessKey: 'second-S3cret-value' } }, { 'If-Match': current.etag });
  assert.equal(rotated.status, 200);
  await banner().waitFor({ timeout: 60_000 });
  const text = await banner().textContent();
  assert.match(text, /the data connection warehouse was rotated after this workspace started; restart it to use the new credentials/);
  assert.doesNotMatch(text, /S3cret|AKIA/);
  const ws = (await call('GET', `${PATH}/${WS}`, alice)).body;
  assert.equal(ws.phase, 'Running', 'still running: not restarted unasked');
  assert.equal(ws.startedAt, startedAt);
  await page.screenshot({ path: join(shots, 'restart-needed.png') });
  assert.deepEqual(await axeViolations(page), [], 'dashboard asking for a restart');

  await banner().locator('button:has-text("Restart")').click();
  await banner().waitFor({ state: 'detached', timeout: 120_000 });
  await until(`${WS} Running again`, async () => (await phaseOf(alice)) === 'Running', 180_000);
  const after = (await call('GET', `${PATH}/${WS}`, alice)).body;
  assert.notEqual(after.startedAt, startedAt, 'a new run');
  const degraded = after.conditions.find((c) => c.type === 'Degraded');
  assert.equal(degraded.reason, 'AsExpected');
  assert.equal(await page.isVisible('#error'), false);
});
