// The admin console as dave (platform admin): create a team with members and quota, a refused quota naming the field,
// capacity per node and the chart of workspaces by phase, delete teams (one with a workspace only once its name is
// typed); data connections as alice (team admin): create (a refused
// one first), rotate (a stale rotate explained), delete; the live stream's snapshot fills the list. Needs a running
// API in the demo profile with the operator (platform-api's BrowserIT starts one):
//   AIR9_BASE_URL=http://127.0.0.1:8080 node --test platform-ui/browser-tests/admin.test.mjs
// AIR9_UPDATE_SCREENSHOTS=1 writes docs/img/admin-console.png and docs/img/connections.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { token, call, until, openDashboard, axeViolations as axe, shots } from './support.mjs';

const TEAM = 'ops';
const SLOW = { timeout: 120_000 };

let browser;
let page;
const pageErrors = [];
const axeViolations = () => axe(page);

async function signInAs(user) {
  if (await page.isVisible('#app')) {
    await page.click('#who button:has-text("Sign out")');
    await page.waitForSelector('#login:not([hidden])');
  }
  await page.fill('#login-form input[name=username]', user);
  await page.fill('#login-form input[name=password]', user);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#app:not([hidden])');
}

/** Presses Tab until the condition holds (at most 60 times). */
async function tabTo(condition) {
  for (let i = 0; i < 60; i += 1) {
    await page.keyboard.press('Tab');
    if (await condition()) return;
  }
  throw new Error('not reachable with Tab');
}

/** Waits until the dialog closes; fails with its error message when it shows one instead. */
async function closes(dialog, error) {
  await page.waitForSelector(`${dialog}:not([open]), ${error}:not([hidden])`, { state: 'attached' });
  if (await page.isVisible(error)) assert.fail(`${dialog} stayed open: ${await page.textContent(error)}`);
}

const teamRow = (name) => page.locator(`#admin-teams tr[data-team-row="${name}"]`);
const connectionRow = (name) => page.locator(`#connections tr[data-connection="${name}"]`);

before(async () => {
  // A stopped workspace of team a, so that the chart has a phase to draw.
  const alice = await token('alice');
  const ws = await call('POST', '/api/v1/teams/a/workspaces', alice, { name: 'chart', class: 'vscode', state: 'Stopped' });
  assert.ok([201, 409].includes(ws.status), `workspace chart: HTTP ${ws.status}`);
  ({ browser, page } = await openDashboard({ width: 1280, height: 900 }));
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

after(async () => {
  await browser?.close();
  await call('DELETE', '/api/v1/teams/a/workspaces/chart', await token('alice'));
});

test('dave creates a team with members and quota, a bad quota is named, and sees capacity and the chart', SLOW, async () => {
  await signInAs('dave');
  await page.waitForSelector('#live.on');
  // Reached from the keyboard: Tab to the console's button, Enter.
  await page.evaluate(() => document.activeElement?.blur());
  await tabTo(async () => page.evaluate(() => document.activeElement?.dataset?.view === 'admin'));
  await page.keyboard.press('Enter');
  await page.waitForSelector('#admin:not([hidden])');
  assert.equal(await page.isVisible('#workspaces'), false);
  await teamRow('a').waitFor();

  // The team form opens from the keyboard and Escape closes it.
  await page.focus('#new-team');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#team-dialog[open]');
  assert.equal(await page.evaluate(() => document.activeElement.name), 'name');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#team-dialog', { state: 'hidden' });

  const existing = await call('GET', `/api/v1/teams/${TEAM}`, await token('dave'));
  if (existing.status === 404) {
    await page.click('#new-team');
    await page.fill('#team-form input[name=name]', TEAM);
    await page.fill('#team-form input[name=displayName]', 'Console tests');
    await page.fill('#team-form textarea[name=members]', 'alice admin\nbob member\ncarol boss');
    await page.fill('#team-form input[name=cpu]', '4');
    await page.fill('#team-form input[name=memory]', '8Gi');
    await page.fill('#team-form input[name=gpu]', '0');
    await page.fill('#team-form input[name=maxWorkspaces]', '5');
    await page.click('#team-submit');
    // carol's role is refused, naming her line.
    await page.waitForSelector('#team-error:not([hidden])');
    assert.match(await page.textContent('#team-error'), /members\[2\]\.role: must be admin, member or viewer/);
    assert.match(await page.textContent('#team-error-members'), /line 3 \(role\): must be admin, member or viewer/);
    await page.fill('#team-form textarea[name=members]', 'alice admin\nbob member\ncarol viewer');
    await page.click('#team-submit');
    await closes('#team-dialog', '#team-error');
  }
  await teamRow(TEAM).waitFor({ timeout: 30_000 });

  // A quota the API refuses names the field in the form; a good one shows in the table.
  await teamRow(TEAM).locator('button:has-text("Edit")').click();
  await page.waitForSelector('#team-dialog[open]');
  assert.equal(await page.inputValue('#team-form textarea[name=members]'), 'alice admin\nbob member\ncarol viewer');
  await page.fill('#team-form input[name=cpu]', 'lots');
  await page.click('#team-submit');
  await page.waitForSelector('#team-error:not([hidden])');
  assert.match(await page.textContent('#team-error'), /cpu: 'lots' is not a quantity/);
  assert.equal(await page.getAttribute('#team-form input[name=cpu]', 'aria-invalid'), 'true');
  assert.deepEqual(await axeViolations(), [], 'team dialog');
  await page.fill('#team-form input[name=cpu]', '6');
  await page.click('#team-submit');
  await closes('#team-dialog', '#team-error');
  await until('quota of 6 CPU in the table', async () => (await teamRow(TEAM).textContent()).includes('0 / 6'));

  // Capacity per node: the simulated cluster's CPU nodes and its GPU node with 4 GPUs.
  await page.waitForSelector('#admin-nodes tbody tr');
  assert.ok(await page.locator('#admin-nodes tbody tr').count() >= 2);
  assert.match(await page.textContent('#admin-nodes'), /\/ 4\b/);
  // The chart draws the stopped workspace's phase.
  await page.waitForSelector('#phase-chart svg polyline[data-phase="Stopped"]', { state: 'attached', timeout: 60_000 });
  assert.match(await page.textContent('#phase-chart .legend'), /Stopped: [1-9]/);
  assert.match(await page.textContent('#phase-chart'), /since this API instance started/);
  // The queue (GET /api/v1/queue): big takes the team's 8Gi of memory quota, so waits queues behind it.
  const alice = await token('alice');
  const dave = await token('dave');
  const ws = (name) => call('GET', `/api/v1/teams/${TEAM}/workspaces/${name}`, alice);
  for (const [name, memory] of [['big', '8Gi'], ['waits', '4Gi']]) {
    const created = await call('POST', `/api/v1/teams/${TEAM}/workspaces`, alice, { name, class: 'vscode', resources: { cpu: '1', memory } });
    assert.ok([201, 409].includes(created.status), `workspace ${name}: HTTP ${created.status} ${JSON.stringify(created.body)}`);
    if (name === 'big') await until('big admitted', async () => ['Provisioning', 'Running'].includes((await ws('big')).body?.phase), 90_000);
  }
  let queued;
  await until('waits in the queue', async () => {
    queued = (await call('GET', '/api/v1/queue', dave)).body.find((q) => q.team === TEAM && q.name === 'waits');
    return queued?.position > 0;
  }, 90_000);
  const queueRow = page.locator(`#admin-queue tr[data-queued="${TEAM}/waits"]`);
  await queueRow.waitFor({ timeout: 30_000 });
  await until('its place and reason in the row', async () => {
    const cells = await queueRow.locator('td').allTextContents();
    return cells[0] === String(queued.position) && cells[2] === TEAM && cells[3].includes('4 Gi') && cells[5] !== '';
  }, 30_000);
  assert.deepEqual(await axeViolations(), [], 'admin console');
  await page.screenshot({ path: join(shots, 'admin-console.png'), fullPage: true });
  for (const name of ['waits', 'big']) assert.ok([204, 404].includes((await call('DELETE', `/api/v1/teams/${TEAM}/workspaces/${name}`, alice)).status));
  assert.deepEqual(pageErrors, []);
});

test('alice creates, rotates and deletes a data connection, with readable refusals', SLOW, async () => {
  // The list comes from the live stream's snapshot: the list request answers nothing, the row still shows.
  const alice = await token('alice');
  // Left by an earlier run against the same API: start afresh.
  await call('DELETE', `/api/v1/teams/${TEAM}/workspaces/uses-lake`, alice);
  await until('no connection lake', async () => [204, 404].includes((await call('DELETE', `/api/v1/teams/${TEAM}/connections/lake`, alice)).status));
  const ws = await call('POST', `/api/v1/teams/${TEAM}/workspaces`, alice, { name: 'snap', class: 'vscode', state: 'Stopped' });
  assert.ok([201, 409].includes(ws.status), `workspace snap: HTTP ${ws.status}`);
  const list = (url) => url.pathname === `/api/v1/teams/${TEAM}/workspaces`;
  await page.route(list, (route) => route.fulfill({ status: 200,
    contentType: 'application/json', body: JSON.stringify({ items: [], page: 0, size: 500, total: 0 }) }));
  await signInAs('alice');
  await page.click(`#teams button:has-text("${TEAM} ·")`);
  await page.waitForSelector('#live.on');
  await page.locator('#workspaces [data-name="snap"]').waitFor({ timeout: 30_000 });
  await page.unroute(list);

  await page.click('#new-connection');
  await page.waitForSelector('#connection-dialog[open]');
  await page.fill('#connection-form input[name=name]', 'lake');
  await page.selectOption('#connection-form select[name=type]', 's3');
  await page.fill('#connection-form input[name="values.accessKeyId"]', 'AKIA-FIRST');
  await page.click('#connection-submit');
  await page.waitForSelector('#connection-error:not([hidden])');
  assert.match(await page.textContent('#connection-error'), /values\.secretAccessKey: required for a s3 connection/);
  assert.equal(await page.getAttribute('#connection-form input[name="values.secretAccessKey"]', 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute('#connection-form input[name="values.secretAccessKey"]', 'type'), 'password');
  await page.fill('#connection-form input[name="values.secretAccessKey"]', 'first-S3cret');
  await page.fill('#connection-form input[name="values.region"]', 'eu-west-1');
  await page.click('#connection-submit');
  await closes('#connection-dialog', '#connection-error');
  await connectionRow('lake').waitFor();
  assert.match(await connectionRow('lake').textContent(), /accessKeyId, region, secretAccessKey/);

  // Someone else rotates it meanwhile: the dashboard's rotate, based on the older version, is refused and says why.
  const current = await call('GET', `/api/v1/teams/${TEAM}/connections/lake`, alice);
  const other = await call('PUT', `/api/v1/teams/${TEAM}/connections/lake`, alice,
    { values: { accessKeyId: 'AKIA-OTHER', secretAccessKey: 'other-S3cret' } }, { 'If-Match': current.etag });
  assert.equal(other.status, 200);
  await page.click('button[aria-label="Rotate lake"]');
  await page.waitForSelector('#connection-dialog[open]');
  assert.equal(await page.isDisabled('#connection-form input[name=name]'), true);
  await page.fill('#connection-form input[name="values.accessKeyId"]', 'AKIA-SECOND');
  await page.fill('#connection-form input[name="values.secretAccessKey"]', 'second-S3cret');
  await page.click('#connection-submit');
  await page.waitForSelector('#connection-error:not([hidden])');
  assert.match(await page.textContent('#connection-error'), /Precondition failed: connection 'lake' changed since the version in If-Match/);
  assert.deepEqual(await axeViolations(), [], 'connection dialog');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#connection-dialog', { state: 'hidden' });

  // After a reload of the team the rotate goes through.
  await page.click(`#teams button:has-text("${TEAM} ·")`);
  await until('the other rotation in the list', async () => (await connectionRow('lake').textContent()).includes('rotated'));
  await page.click('button[aria-label="Rotate lake"]');
  await page.fill('#connection-form input[name="values.accessKeyId"]', 'AKIA-SECOND');
  await page.fill('#connection-form input[name="values.secretAccessKey"]', 'second-S3cret');
  await page.click('#connection-submit');
  await closes('#connection-dialog', '#connection-error');
  assert.match(await connectionRow('lake').textContent(), /accessKeyId, secretAccessKey.*rotated/);
  assert.equal((await page.content()).includes('second-S3cret'), false, 'no value on the page');
  assert.deepEqual(await axeViolations(), [], 'connections');
  await page.locator('#connections-card').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'connections.png'), fullPage: true });

  // In use by a workspace: the delete is refused, naming it, in the panel.
  const uses = await call('POST', `/api/v1/teams/${TEAM}/workspaces`, alice, { name: 'uses-lake', class: 'vscode', state: 'Stopped', dataConnections: ['lake'] });
  assert.equal(uses.status, 201, JSON.stringify(uses.body));
  await until('uses-lake in the list', async () => page.isVisible('#workspaces [data-name="uses-lake"]'));
  await page.click('button[aria-label="Delete lake"]');
  await page.waitForSelector('#connections-error:not([hidden])');
  assert.match(await page.textContent('#connections-error'), /Conflict: connection 'lake' is used by workspace\(s\) uses-lake/);
  assert.equal((await call('DELETE', `/api/v1/teams/${TEAM}/workspaces/uses-lake`, alice)).status, 204);
  await page.locator('#workspaces [data-name="uses-lake"]').waitFor({ state: 'detached', timeout: 60_000 });
  await page.click(`#teams button:has-text("${TEAM} ·")`);
  await connectionRow('lake').waitFor();
  await page.click('button[aria-label="Delete lake"]');
  await connectionRow('lake').waitFor({ state: 'detached' });
  assert.equal(await page.isVisible('#connections-error'), false);
  assert.equal((await call('GET', `/api/v1/teams/${TEAM}/connections/lake`, alice)).status, 404);
  assert.equal((await call('DELETE', `/api/v1/teams/${TEAM}/workspaces/snap`, alice)).status, 204);
  assert.deepEqual(pageErrors, []);
});

test('dave deletes teams: an empty one at once, one with a workspace only once its name is typed', SLOW, async () => {
  const dave = await token('dave');
  const alice = await token('alice');
  for (const name of ['gone-empty', 'gone-busy']) {
    const created = await call('POST', '/api/v1/teams', dave, { name, members: [{ name: 'alice', role: 'admin' }] });
    assert.ok([201, 409].includes(created.status), `team ${name}: HTTP ${created.status}`);
  }
  // The workspace can be created once the operator has made the team's namespace.
  await until('a workspace in gone-busy', async () => [201, 409].includes((await call('POST', '/api/v1/teams/gone-busy/workspaces',
    alice, { name: 'nb', class: 'vscode', state: 'Stopped' })).status), 60_000);
  await signInAs('dave');
  await page.click('#teams button[data-view=admin]');
  await page.waitForSelector('#admin:not([hidden])');
  // A team's name is its namespace's: the team form says it cannot be renamed.
  assert.match(await page.textContent('#team-name-hint'), /cannot be changed later/);

  await teamRow('gone-empty').waitFor({ timeout: 30_000 });
  await teamRow('gone-empty').locator('button:has-text("Delete")').click();
  await page.waitForSelector('#delete-team-dialog[open]');
  assert.match(await page.textContent('#delete-team-what'), /deletes its namespace team-gone-empty .* It has no workspaces\./);
  assert.equal(await page.isVisible('#delete-team-confirm'), false);
  await page.click('#delete-team-submit');
  await closes('#delete-team-dialog', '#delete-team-error');
  await teamRow('gone-empty').waitFor({ state: 'detached', timeout: 30_000 });

  await until('gone-busy shows its workspace', async () => (await teamRow('gone-busy').textContent()).includes('1 (0 running)'), 60_000);
  await teamRow('gone-busy').locator('button:has-text("Delete")').click();
  await page.waitForSelector('#delete-team-dialog[open]');
  assert.match(await page.textContent('#delete-team-what'), /Its workspace goes with it, home volumes included\./);
  assert.equal(await page.evaluate(() => document.activeElement.name), 'confirm');
  await page.click('#delete-team-submit');
  await page.waitForSelector('#delete-team-error:not([hidden])');
  assert.match(await page.textContent('#delete-team-error'), /Type gone-busy to confirm/);
  assert.deepEqual(await axeViolations(), [], 'delete team dialog');
  assert.equal((await call('GET', '/api/v1/teams/gone-busy', dave)).status, 200, 'nothing deleted yet');
  await page.fill('#delete-team-form input[name=confirm]', 'gone-busy');
  await page.waitForSelector('#delete-team-error', { state: 'hidden' });
  await page.click('#delete-team-submit');
  await closes('#delete-team-dialog', '#delete-team-error');
  await teamRow('gone-busy').waitFor({ state: 'detached', timeout: 30_000 });
  await until('gone-busy deleted', async () => (await call('GET', '/api/v1/teams/gone-busy', dave)).status === 404);
  assert.deepEqual(pageErrors, []);
});
