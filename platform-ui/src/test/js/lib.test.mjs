import { test } from 'node:test';
import assert from 'node:assert/strict';
import { problemMessage, fieldErrors, formField, phaseClass, age, quantity, percent, parseSse, applyChange, bytes,
  streamRetry, debounce, tokenExpiry, fitSummary, stepDuration, timelineBars } from '../../main/resources/META-INF/resources/lib.js';
import { phaseLabel, queueReason } from '../../main/resources/META-INF/resources/lib.js';

// The API's problem details name invalid fields as errors: [{field, message}] (ApiExceptionHandler).
test('problem details become a readable message naming the fields', () => {
  const problem = { type: 'about:blank', title: 'Invalid request', status: 400,
    detail: 'The request has 1 invalid field(s)', errors: [{ field: 'resources.cpu', message: '64 exceeds the class maximum of 8' }] };
  assert.equal(problemMessage(problem), 'Invalid request: resources.cpu: 64 exceeds the class maximum of 8');
  assert.deepEqual(fieldErrors(problem), [{ field: 'resources.cpu', message: '64 exceeds the class maximum of 8' }]);
  assert.equal(problemMessage({ title: 'Conflict', detail: 'stale resourceVersion' }), 'Conflict: stale resourceVersion');
  assert.deepEqual(fieldErrors({ title: 'Conflict' }), []);
  assert.equal(problemMessage(null, 502), 'Request failed (HTTP 502)');
});

test('field names of the API map to the inputs of the create form', () => {
  assert.equal(formField('resources.cpu'), 'cpu');
  assert.equal(formField('resources.gpu'), 'gpu');
  assert.equal(formField('name'), 'name');
  assert.equal(formField('env[0].name'), null);
  assert.equal(formField('dataConnections[0]'), null);
});

test('phases map to badge classes', () => {
  assert.equal(phaseClass('Running'), 'ok');
  assert.equal(phaseClass('Provisioning'), 'busy');
  assert.equal(phaseClass('Failed'), 'bad');
  assert.equal(phaseClass('Stopped'), 'off');
  assert.equal(phaseClass(undefined), 'unknown');
});

test('a queued workspace shows its place and what it waits for', () => {
  const ready = { type: 'Ready', status: 'False', reason: 'Queued', message: 'waiting for 2 GPUs; 3rd in the queue' };
  const queued = { phase: 'Queued', queuePosition: 3, conditions: [ready] };
  assert.equal(phaseClass('Queued'), 'busy');
  assert.equal(phaseLabel(queued), 'Queued — position 3');
  assert.equal(queueReason(queued), 'waiting for 2 GPUs; 3rd in the queue');
  assert.equal(phaseLabel({ phase: 'Queued' }), 'Queued', 'not placed yet');
  assert.equal(phaseLabel({ phase: 'Running', conditions: [] }), 'Running');
  assert.equal(queueReason({ phase: 'Running', conditions: [ready] }), '');
  assert.equal(phaseLabel({ ...queued, deleting: true }), 'Deleting');
});

test('age is short and human', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');
  assert.equal(age('2026-11-23T09:59:30Z', now), '30s');
  assert.equal(age('2026-11-23T09:30:00Z', now), '30m');
  assert.equal(age('2026-11-23T05:00:00Z', now), '5h');
  assert.equal(age('2026-11-20T10:00:00Z', now), '3d');
});

test('quantities and percentages', () => {
  assert.equal(quantity('500m'), 0.5);
  assert.equal(quantity('4Gi'), 4 * 2 ** 30);
  assert.equal(quantity('2'), 2);
  assert.ok(Number.isNaN(quantity('lots')));
  assert.equal(percent('2', '8'), 25);
  assert.equal(percent('16Gi', '8Gi'), 100);
  assert.equal(percent('1', null), null);
});

test('server-sent events are parsed across chunk boundaries', () => {
  const state = {};
  assert.deepEqual(parseSse(state, ':subscribed\n\nevent: work'), []);
  const events = parseSse(state, 'space\nid: 42\ndata: {"type":"MODIFIED"}\n\n');
  assert.deepEqual(events, [{ event: 'workspace', data: '{"type":"MODIFIED"}', id: '42' }]);
  assert.equal(state.buffer, '');
});

test('changes keep the list sorted and remove deleted workspaces', () => {
  let list = [{ name: 'b' }];
  list = applyChange(list, { type: 'ADDED', workspace: { name: 'a' } });
  assert.deepEqual(list.map((w) => w.name), ['a', 'b']);
  list = applyChange(list, { type: 'MODIFIED', workspace: { name: 'b', phase: 'Running' } });
  assert.equal(list[1].phase, 'Running');
  list = applyChange(list, { type: 'DELETED', workspace: { name: 'a' } });
  assert.deepEqual(list.map((w) => w.name), ['b']);
});

test('byte quantities are shown in binary units', () => {
  assert.equal(bytes('15032385536'), '14 Gi');
  assert.equal(bytes('128Gi'), '128 Gi');
  assert.equal(bytes('1536Mi'), '1.5 Gi');
  assert.equal(bytes('512'), '512');
  assert.equal(bytes(null), '');
});

test('the live stream stops on 401 and 403 and backs off otherwise', () => {
  assert.deepEqual(streamRetry(401, 0), { action: 'signout' });
  assert.deepEqual(streamRetry(403, 0), { action: 'stop' });
  assert.deepEqual(streamRetry(null, 0), { action: 'retry', delay: 3000 });
  assert.deepEqual(streamRetry(503, 2), { action: 'retry', delay: 12000 });
  assert.deepEqual(streamRetry(null, 10), { action: 'retry', delay: 60000 });
});

test('a burst of stream events makes one call after it', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const calls = [];
  const refresh = debounce((name) => calls.push(name), 300);
  refresh('a'); refresh('b'); refresh('c');
  t.mock.timers.tick(299);
  assert.deepEqual(calls, []);
  t.mock.timers.tick(1);
  assert.deepEqual(calls, ['c']);
  refresh('d');
  t.mock.timers.tick(300);
  assert.deepEqual(calls, ['c', 'd']);
});

test('the expiry of a session token comes from its exp claim', () => {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  assert.equal(tokenExpiry(`${b64({ alg: 'RS256' })}.${b64({ sub: 'alice', exp: 1764567000 })}.sig`), 1764567000000);
  assert.equal(tokenExpiry(`${b64({ alg: 'RS256' })}.${b64({ sub: 'alice' })}.sig`), null);
  assert.equal(tokenExpiry('not a token'), null);
});

test('a fit check becomes a line for the create form with the size that fits', () => {
  assert.deepEqual(fitSummary({ fits: true, requested: { cpu: '2', memory: '8Gi', gpu: 0 }, reasons: [] }),
    { level: 'ok', text: 'Fits: 2 CPU, 8Gi memory', lines: [], suggestion: null });
  const refused = fitSummary({ fits: false, requested: { cpu: '2', memory: '16Gi', gpu: 0 },
    reasons: [{ dimension: 'memory', scope: 'quota', message: "needs 16Gi memory; team 'a' has 8Gi of its memory quota left" }],
    suggestion: { resources: { cpu: '2', memory: '8Gi', gpu: 0, storage: '5Gi' }, message: 'fits at 8Gi memory' },
    when: { at: '2026-12-01T05:37:00Z', inMinutes: 37, message: "fits when bob's workspace 'train' is culled in 37 min" } });
  assert.equal(refused.level, 'bad');
  assert.equal(refused.text, 'Does not fit; fits at 8Gi memory');
  assert.deepEqual(refused.lines, ["needs 16Gi memory; team 'a' has 8Gi of its memory quota left",
    "Fits as asked when bob's workspace 'train' is culled in 37 min"]);
  assert.equal(refused.suggestion.memory, '8Gi');
});

test('room the admission queue takes first reads as queued, with the place in line', () => {
  const queued = fitSummary({ fits: false, message: 'Would be queued: 3rd in line for 1 GPU',
    requested: { cpu: '1', memory: '2Gi', gpu: 1 },
    reasons: [{ dimension: 'queue', scope: 'queue', message: '2 workspaces wait ahead in the queue and would take the free room first' }],
    queue: { position: 3, ahead: 2, waitingFor: '1 GPU', message: '3rd in line for 1 GPU' } });
  assert.equal(queued.level, 'wait');
  assert.equal(queued.text, 'Would be queued: 3rd in line for 1 GPU');
  assert.deepEqual(queued.lines, ['2 workspaces wait ahead in the queue and would take the free room first',
    'It starts by itself when room frees, in fair order across teams.']);
  assert.equal(queued.suggestion, null);
  const tooBig = fitSummary({ fits: false, requested: { cpu: '1', memory: '2Gi', gpu: 2 },
    reasons: [{ dimension: 'gpu', scope: 'nodes', message: 'needs 2 GPUs on one node; the most any node has free is 1' }],
    queue: { position: 2, ahead: 1, waitingFor: '2 GPUs', message: '2nd in line for 2 GPUs' } });
  assert.equal(tooBig.level, 'bad');
  assert.deepEqual(tooBig.lines, ['needs 2 GPUs on one node; the most any node has free is 1',
    'As asked, it would be queued 2nd in line for 2 GPUs']);
});

test('a start timeline becomes bars: each step placed where it began, as a share of the whole start', () => {
  const timeline = [
    { step: 'Accepted', at: '2026-01-01T10:00:00Z', seconds: 0 },
    { step: 'VolumeBound', at: '2026-01-01T10:00:01Z', seconds: 1 },
    { step: 'Scheduled', at: '2026-01-01T10:00:02Z', seconds: 1 },
    { step: 'ImagePulled', at: '2026-01-01T10:00:06Z', seconds: 4 },
    { step: 'ContainerStarted', at: '2026-01-01T10:00:08Z', seconds: 2 },
    { step: 'Ready', at: '2026-01-01T10:00:10Z', seconds: 2 },
  ];
  const done = timelineBars(timeline, Date.parse('2026-01-01T11:00:00Z'));
  assert.equal(done.done, true);
  assert.equal(done.waiting, null);
  assert.equal(done.totalText, '10 s');
  assert.deepEqual(done.rows.map((r) => r.label), ['Volume bound', 'Scheduled', 'Image pulled', 'Container started', 'Ready']);
  assert.deepEqual(done.rows.map((r) => [r.offset, r.width]), [[0, 10], [10, 10], [20, 40], [60, 20], [80, 20]]);
  assert.equal(done.rows[2].text, '4.0 s');

  // A start still waiting for its volume: the pending step grows until now.
  const running = timelineBars(timeline.slice(0, 1), Date.parse('2026-01-01T10:01:05Z'));
  assert.equal(running.done, false);
  assert.equal(running.waiting, 'VolumeBound');
  assert.deepEqual(running.rows, [{ step: 'VolumeBound', label: 'Volume bound', seconds: 65, text: '1 min 5 s so far',
    offset: 0, width: 100, pending: true }]);
  assert.equal(timelineBars([]), null);
  assert.equal(timelineBars(undefined), null);
});

test('step durations read naturally', () => {
  assert.equal(stepDuration(0), '0.0 s');
  assert.equal(stepDuration(0.891), '0.9 s');
  assert.equal(stepDuration(12.4), '12 s');
  assert.equal(stepDuration(120), '2 min');
  assert.equal(stepDuration(undefined), '');
});
