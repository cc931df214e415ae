// afterGesture (web/state.js): work that waits for the end of a drag or a held key runs once
// the gesture ends, each piece in a task of its own and in order, and a piece cancelled
// after the release (its task not yet run) never runs. A fake window stands in for the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';

globalThis.window = new EventTarget();
globalThis.document ??= Object.assign(new EventTarget(), { hidden: false });
const { afterGesture, gestureActive } = await import('../../web/state.js');

const pointer = (type, pointerId = 1) => window.dispatchEvent(Object.assign(new Event(type), { pointerId }));
const key = (type, code) => window.dispatchEvent(Object.assign(new Event(type), { code, isComposing: false }));
const tasks = () => new Promise((resolve) => setTimeout(resolve, 5));

test('without a gesture the work runs at once', () => {
  let ran = 0;
  afterGesture(() => { ran += 1; });  // (installs the listeners)
  assert.equal(ran, 1);
});

test('during a drag the work waits for the release, then runs in tasks of its own, in order', async () => {
  pointer('pointerdown');
  assert.equal(gestureActive(), true);
  const order = [];
  afterGesture(() => order.push('url'));
  afterGesture(() => order.push('details'));
  await tasks();
  assert.deepEqual(order, [], 'nothing runs while the pointer is down');
  pointer('pointerup');
  assert.equal(gestureActive(), false);
  assert.deepEqual(order, [], 'the release itself runs nothing (no long task in the pointerup handler)');
  await tasks();
  assert.deepEqual(order, ['url', 'details']);
});

test('work cancelled before its task runs never runs, even after the release', async () => {
  pointer('pointerdown', 7);
  let ran = 0;
  const cancelEarly = afterGesture(() => { ran += 1; });
  const cancelLate = afterGesture(() => { ran += 10; });
  cancelEarly();
  pointer('pointerup', 7);
  cancelLate();  // released, its task queued: a newer input superseded it
  await tasks();
  assert.equal(ran, 0);
});

test('a held key is a gesture too; two pointers end when the last lifts', async () => {
  let ran = 0;
  key('keydown', 'ArrowRight');
  afterGesture(() => { ran += 1; });
  key('keyup', 'ArrowRight');
  await tasks();
  assert.equal(ran, 1);
  pointer('pointerdown', 1);
  pointer('pointerdown', 2);
  afterGesture(() => { ran += 1; });
  pointer('pointerup', 1);
  await tasks();
  assert.equal(ran, 1, 'one finger still down');
  pointer('pointerup', 2);
  await tasks();
  assert.equal(ran, 2);
});
