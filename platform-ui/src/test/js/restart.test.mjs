import { test } from 'node:test';
import assert from 'node:assert/strict';
import { needingRestart, restartNeeded, restartStep } from '../../main/resources/META-INF/resources/restart.js';

const MESSAGE = 'the data connection lake was rotated after this workspace started; restart it to use the new credentials';
const ws = (name, phase, reason, extra = {}) => ({ name, phase, state: phase === 'Stopped' ? 'Stopped' : 'Running',
  conditions: [{ type: 'Ready', status: phase === 'Running' ? 'True' : 'False', reason: 'Running' },
    { type: 'Degraded', status: reason ? 'True' : 'False', reason: reason || 'AsExpected', message: reason ? MESSAGE : '' }],
  ...extra });

test('a running workspace whose connection was rotated asks for a restart, saying why', () => {
  assert.equal(restartNeeded(ws('a', 'Running', 'ConnectionRotated')), MESSAGE);
  assert.equal(restartNeeded(ws('b', 'Running', 'ReconcileError')), null);
  assert.equal(restartNeeded(ws('c', 'Running', null)), null);
  assert.equal(restartNeeded(ws('d', 'Running', 'ConnectionRotated', { deleting: true })), null);
  assert.deepEqual(needingRestart([ws('a', 'Running', 'ConnectionRotated'), ws('c', 'Running', null)])
    .map((x) => x.w.name), ['a']);
});

test('a restart stops, waits for Stopped, then starts', () => {
  assert.equal(restartStep(ws('a', 'Running', null)), 'stop');
  assert.equal(restartStep({ ...ws('a', 'Running', null), state: 'Stopped', phase: 'Stopping' }), 'wait');
  assert.equal(restartStep(ws('a', 'Stopped', null)), 'start');
  assert.equal(restartStep(undefined), 'gone');
});
