// Helpers of the admin console, the connections panel and the live stream's snapshot (lib.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applySnapshot, applyChange, mergePage, membersText, parseMembers, teamField, teamFieldMessage, quotaBody,
  connectionValues, phaseChart, teamDeletion } from '../../main/resources/META-INF/resources/lib.js';

test('a snapshot replaces the list, sorted by name, and later changes apply to it', () => {
  const list = applySnapshot({ workspaces: [{ name: 'b', phase: 'Running' }, { name: 'a', phase: 'Stopped' }] });
  assert.deepEqual(list.map((w) => w.name), ['a', 'b']);
  assert.deepEqual(applySnapshot({ workspaces: [] }), []);
  assert.deepEqual(applySnapshot(null), []);
  // A workspace deleted while the stream was away is gone after the snapshot; the next change applies on top.
  const after = applyChange(applySnapshot({ workspaces: [{ name: 'b' }] }), { type: 'ADDED', workspace: { name: 'c' } });
  assert.deepEqual(after.map((w) => w.name), ['b', 'c']);
});

test('pages after a one-page snapshot fill the list; what the stream changed meanwhile keeps the stream\'s word', () => {
  let list = applySnapshot({ workspaces: [{ name: 'a' }, { name: 'b' }], totalItems: 5, next: 'b' });
  const touched = new Set();
  // While the next page loads: d is deleted, e changes, f is added (the stream's events).
  for (const change of [{ type: 'DELETED', workspace: { name: 'd' } }, { type: 'MODIFIED', workspace: { name: 'e', phase: 'Running' } },
    { type: 'ADDED', workspace: { name: 'f' } }]) {
    touched.add(change.workspace.name);
    list = applyChange(list, change);
  }
  // The page was read before those changes reached the cache: d still there, e still Stopped, no f.
  list = mergePage(list, [{ name: 'c' }, { name: 'd' }, { name: 'e', phase: 'Stopped' }], touched);
  assert.deepEqual(list.map((w) => w.name), ['a', 'b', 'c', 'e', 'f']);
  assert.equal(list.find((w) => w.name === 'e').phase, 'Running');
  assert.deepEqual(mergePage([{ name: 'a' }], undefined, new Set()).map((w) => w.name), ['a']);
});

test('members round-trip through the team form text, one "name role" a line', () => {
  const members = [{ name: 'alice', role: 'admin' }, { name: 'bob', role: 'member' }];
  assert.equal(membersText(members), 'alice admin\nbob member');
  assert.deepEqual(parseMembers(membersText(members)), members);
  assert.deepEqual(parseMembers(' carol,Viewer \n\n dan \nerin: admin'),
    [{ name: 'carol', role: 'viewer' }, { name: 'dan', role: 'member' }, { name: 'erin', role: 'admin' }]);
  assert.deepEqual(parseMembers(''), []);
  assert.equal(membersText(undefined), '');
});

test('the API\'s field names map to the team form\'s inputs, members by line', () => {
  assert.equal(teamField('quota.cpu'), 'cpu');
  assert.equal(teamField('cpu'), 'cpu');
  assert.equal(teamField('maxWorkspaces'), 'maxWorkspaces');
  assert.equal(teamField('members[2].role'), 'members');
  assert.equal(teamField('name'), 'name');
  assert.equal(teamField('spec.other'), null);
  assert.equal(teamFieldMessage('members[2].role', 'must be admin, member or viewer'), 'line 3 (role): must be admin, member or viewer');
  assert.equal(teamFieldMessage('quota.cpu', 'not a quantity'), 'not a quantity');
});

test('a quota from the form: blanks are no limit, counts are numbers', () => {
  assert.deepEqual(quotaBody({ cpu: ' 8 ', memory: '16Gi', gpu: '1', storage: '', maxWorkspaces: '10' }),
    { cpu: '8', memory: '16Gi', gpu: 1, storage: undefined, maxWorkspaces: 10 });
  assert.deepEqual(quotaBody({}), { cpu: undefined, memory: undefined, gpu: undefined, storage: undefined, maxWorkspaces: undefined });
  // Not a number stays visible to the API, which names the field.
  assert.ok(Number.isNaN(quotaBody({ gpu: 'many' }).gpu));
});

test('connection values leave blank keys out', () => {
  assert.deepEqual(connectionValues({ accessKeyId: 'AKIA', secretAccessKey: '', region: undefined, bucket: 'b' }),
    { accessKeyId: 'AKIA', bucket: 'b' });
  assert.deepEqual(connectionValues(null), {});
});

test('the phase chart scales the counts over time into the plot area', () => {
  const history = { phases: ['Running', 'Stopped'], samples: [
    { time: '2026-12-01T08:00:00Z', phases: { Running: 0, Stopped: 2 } },
    { time: '2026-12-01T08:00:30Z', phases: { Running: 2, Stopped: 1 } },
    { time: '2026-12-01T08:01:00Z', phases: { Running: 4 } }] };
  const pad = { left: 0, right: 0, top: 0, bottom: 0 };
  const chart = phaseChart(history, 100, 40, pad);
  assert.equal(chart.yMax, 4);
  assert.equal(chart.from, '2026-12-01T08:00:00.000Z');
  assert.equal(chart.to, '2026-12-01T08:01:00.000Z');
  assert.deepEqual(chart.series.map((s) => s.phase), ['Running', 'Stopped']);
  assert.equal(chart.series[0].points, '0,40 50,20 100,0');
  // A phase missing from a sample counts 0 there.
  assert.equal(chart.series[1].points, '0,20 50,30 100,40');
  assert.deepEqual(chart.series.map((s) => s.last), [4, 0]);
  assert.deepEqual(chart.latest, { Running: 4 });
});

test('the phase chart of one sample or none', () => {
  const one = phaseChart({ phases: ['Running'], samples: [{ time: '2026-12-01T08:00:00Z', phases: { Running: 0 } }] }, 100, 40,
    { left: 10, right: 0, top: 0, bottom: 0 });
  assert.equal(one.yMax, 1);
  assert.equal(one.series[0].points, '100,40');
  assert.deepEqual(phaseChart({ phases: [], samples: [] }, 100, 40).series, []);
  assert.deepEqual(phaseChart(null, 100, 40).series, []);
});

test('deleting a team says what goes with it; with workspaces the name must be typed', () => {
  const empty = teamDeletion('ops', 0);
  assert.equal(empty.typeName, false);
  assert.match(empty.text, /^Deleting team ops deletes its namespace team-ops with everything in it/);
  assert.match(empty.text, /It has no workspaces\. This cannot be undone\.$/);
  const busy = teamDeletion('ops', 3);
  assert.equal(busy.typeName, true);
  assert.match(busy.text, /Its 3 workspaces go with it, home volumes included\./);
  assert.match(teamDeletion('ops', 1).text, /Its workspace goes with it/);
  assert.equal(teamDeletion('ops', undefined).typeName, false);
});
