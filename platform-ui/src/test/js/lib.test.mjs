import { test } from 'node:test';
import assert from 'node:assert/strict';
import { problemMessage, phaseClass, age, quantity, percent, parseSse, applyChange, bytes } from '../../main/resources/META-INF/resources/lib.js';

test('problem details become a readable message naming the fields', () => {
  assert.equal(
    problemMessage({ title: 'Invalid workspace', status: 400, invalidFields: [{ field: 'spec.resources.cpu', message: 'exceeds the class maximum 8' }] }),
    'Invalid workspace: spec.resources.cpu: exceeds the class maximum 8');
  assert.equal(problemMessage({ title: 'Conflict', detail: 'stale resourceVersion' }), 'Conflict: stale resourceVersion');
  assert.equal(problemMessage(null, 502), 'Request failed (HTTP 502)');
});

test('phases map to badge classes', () => {
  assert.equal(phaseClass('Running'), 'ok');
  assert.equal(phaseClass('Provisioning'), 'busy');
  assert.equal(phaseClass('Failed'), 'bad');
  assert.equal(phaseClass('Stopped'), 'off');
  assert.equal(phaseClass(undefined), 'unknown');
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
