import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countdown, cullView, warned } from '../../main/resources/META-INF/resources/cull.js';

const NOW = Date.parse('2026-12-01T09:00:00Z');
const running = (name, cullAt, reason = 'Idle', warning = false, extra = {}) =>
  ({ name, phase: 'Running', state: 'Running', cullAt, cullReason: reason, cullWarning: warning, ...extra });

test('the countdown reads in hours, minutes or seconds', () => {
  assert.equal(countdown(2 * 3600_000 + 5 * 60_000 + 7_000), '2 h 05 min');
  assert.equal(countdown(8 * 60_000 + 3_000), '8 min 03 s');
  assert.equal(countdown(42_400), '42 s');
  assert.equal(countdown(0), 'now');
  assert.equal(countdown(-5_000), 'now');
});

test('a running workspace says when and why it stops, and whether keep-alive can move it', () => {
  const idle = cullView(running('a', '2026-12-01T09:08:03Z', 'Idle', true), NOW);
  assert.deepEqual(idle, { at: '2026-12-01T09:08:03Z', left: '8 min 03 s', why: 'if still idle', warning: true,
    extendable: true, keptAliveUntil: null });
  const lease = cullView(running('b', '2026-12-01T10:00:00Z', 'GpuLease'), NOW);
  assert.equal(lease.why, 'at the end of its GPU lease');
  assert.equal(lease.extendable, false);
  assert.equal(lease.warning, false);
  assert.equal(cullView(running('c', '2026-12-01T12:00:00Z', 'MaxRuntime'), NOW).why, 'at its maximum runtime');
  assert.equal(cullView(running('d', '2026-12-01T17:00:00Z', 'Idle', false,
    { keepAliveUntil: '2026-12-01T17:00:00Z' }), NOW).keptAliveUntil, '2026-12-01T17:00:00Z');
});

test('nothing to show for a stopped workspace, one that is never stopped, or a bad time', () => {
  assert.equal(cullView({ name: 'e', phase: 'Stopped', cullAt: null }, NOW), null);
  assert.equal(cullView(running('f', null), NOW), null);
  assert.equal(cullView(running('g', 'soon'), NOW), null);
  assert.equal(cullView({ ...running('h', '2026-12-01T09:05:00Z', 'Idle', true), state: 'Stopped' }, NOW), null);
});

test('the banner lists the warned workspaces, soonest first', () => {
  const list = [running('late', '2026-12-01T09:09:00Z', 'Idle', true), running('quiet', '2026-12-01T09:01:00Z'),
    running('soon', '2026-12-01T09:02:00Z', 'MaxRuntime', true)];
  assert.deepEqual(warned(list, NOW).map((w) => w.name), ['soon', 'late']);
});
