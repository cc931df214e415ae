// lessonEngine (web/engine/provider.js): the theory's shapes and the page's facts are computed
// by a worker of their own; when that worker cannot start (a host's CSP) or dies, the calls go
// to the page's engine and still answer. Node has no Web Worker, so stand-in Worker classes
// play the three cases; the answers are checked against the real engine's (Node build).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../web/engine/engine.js';

globalThis.location ??= { protocol: 'http:' };
const engine = await loadEngine();
const { lessonEngine } = await import('../../web/engine/provider.js');
const CONFIG = { data: { dataset: 'house', scaling: 'none', model: 'linear' } };
const expected = await engine.curvature(CONFIG);

/** A worker that answers like worker.js, from the same engine, and marks its answers. */
class AnsweringWorker extends EventTarget {
  static made = 0;
  constructor() { super(); AnsweringWorker.made += 1; this.terminated = false; }
  postMessage({ id, method, args }) {
    Promise.resolve(engine[method](...args)).then((result) => {
      this.dispatchEvent(Object.assign(new Event('message'), { data: { id, result: { ...result, via: 'worker' } } }));
    });
  }
  terminate() { this.terminated = true; }
}

test('a working worker answers the lesson’s calls, and stops when its last user released it', async () => {
  globalThis.Worker = AnsweringWorker;
  const a = await lessonEngine();
  const b = await lessonEngine();  // the theory and the facts at once: one worker
  const result = await a.curvature(CONFIG);
  assert.equal(result.via, 'worker');
  assert.deepEqual({ ...result, via: undefined }, { ...expected, via: undefined });
  await b.runTraining({ ...CONFIG, optimizer: { kind: 'gd', learning_rate: 0.01 } });
  assert.equal(AnsweringWorker.made, 1, 'one worker for both users');
  a.release();
  a.release();  // twice: counted once
  const c = await lessonEngine();  // still the same worker: b holds it
  assert.equal((await c.curvature(CONFIG)).via, 'worker');
  b.release();
  c.release();
  const d = await lessonEngine();  // all released: a fresh worker
  await d.curvature(CONFIG);
  assert.equal(AnsweringWorker.made, 2);
  d.release();
});

test('a worker the host forbids (the constructor throws) hands the calls to the page’s engine', async () => {
  globalThis.Worker = class { constructor() { throw new Error('SecurityError: worker-src'); } };
  const lesson = await lessonEngine();
  const result = await lesson.curvature(CONFIG);
  assert.equal(result.via, undefined, 'answered on the page');
  assert.deepEqual(result, expected);
  lesson.release();
});

test('a worker that dies (an error event) hands this call and the later ones to the page’s engine', async () => {
  let posted = 0;
  globalThis.Worker = class extends EventTarget {
    postMessage() { posted += 1; queueMicrotask(() => this.dispatchEvent(Object.assign(new Event('error'), { message: 'boom' }))); }
    terminate() {}
  };
  const lesson = await lessonEngine();
  assert.deepEqual(await lesson.curvature(CONFIG), expected);
  const run = await lesson.runTraining({ ...CONFIG, optimizer: { kind: 'gd', learning_rate: 0.01 } });
  assert.equal(run.ok, true);
  assert.equal(posted, 1, 'after the failure no call is sent to the dead worker');
  lesson.release();
});
