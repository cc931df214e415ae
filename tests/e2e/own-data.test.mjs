// A learner's own CSV through the sweep lab's own file control (page.setInputFiles), in real
// headless Chromium: a light sweep on it runs on the page, a heavy one (its cost, estimated
// by the engine, passes the worker threshold) runs in the Web Worker, which loads the file
// from the page's dataset registry; both show what the engine computes for the same file.
// Files saved as UTF-16 are decoded from their bytes (BOM) instead of turning into garbage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watchErrors, useBrowserAndSite, waitInModule } from './browser.mjs';
import { engineSweep, sweepLabRequest } from './expected.mjs';
import { loadEngine } from '../../web/engine/engine.js';
import { workOf, WORKER_THRESHOLD_FLOPS } from '../../web/engine/provider.js';

const env = useBrowserAndSite();
const engine = await loadEngine();

// 3,000 rows, two features, a 0/1 target: logistic regression at the lab's defaults is heavy.
const ROWS = 3000;
const csvText = 'size,age,sold\n' + Array.from({ length: ROWS }, (_, i) => {
  const size = 40 + ((i * 37) % 160);
  const age = (i * 11) % 50;
  return `${size},${age},${size - 2 * age > 90 ? 1 : 0}`;
}).join('\n') + '\n';

/** The sweep the lab would send for this CSV, with the engine's id of the same file in Node. */
async function expectedFor(text, data) {
  const loaded = await engine.loadCsv(text, { name: 'sold.csv' });
  assert.equal(loaded.ok, true, loaded.error);
  const request = sweepLabRequest({ data: { dataset: loaded.value.id, ...data } });
  return { expected: await engineSweep(request), work: await workOf(engine, 'runSweep', request) };
}

async function open() {
  const page = await env.browser.context.newPage();
  // Records what the page sends to its Web Workers (method and dataset of each call), so the
  // test sees where a call really ran. The messages themselves go through unchanged.
  await page.addInitScript(() => {
    window.__workerCalls = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function record(message, ...rest) {
      window.__workerCalls.push({ method: message?.method, dataset: message?.args?.[0]?.data?.dataset ?? message?.args?.[0] });
      return post.call(this, message, ...rest);
    };
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  const errors = watchErrors(page);
  await page.goto(env.site.url);
  await waitInModule(page, 'lr-lab-sweep [data-testid=recommended]');
  return { page, errors };
}

const recommended = (page) => page.locator('lr-lab-sweep [data-testid=recommended]').textContent();
const csvStatus = (page) => page.locator('lr-lab-sweep .csv [role=status]');

async function upload(page, name, buffer) {
  await page.locator('lr-lab-sweep input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer });
}

/** Waits until the sweep's recommendation reads `text` and its table has `count` rows. */
async function waitForSweep(page, text, count) {
  await page.waitForFunction(([want, rows]) => {
    const root = document.querySelector('lr-lab-sweep').shadowRoot;
    return root.querySelector('[data-testid=recommended]')?.textContent === want && root.querySelectorAll('tbody tr').length === rows;
  }, [text, count], { timeout: 60000 });
}

test('a CSV uploaded through the file control runs a light sweep on the page and a heavy one in the worker, both as the engine computes', async () => {
  const light = await expectedFor(csvText, {});
  const heavy = await expectedFor(csvText, { model: 'logistic' });
  assert.ok(light.work < WORKER_THRESHOLD_FLOPS, `the linear sweep is light: ${light.work}`);
  assert.ok(heavy.work > WORKER_THRESHOLD_FLOPS, `the logistic sweep is heavy: ${heavy.work}`);
  assert.notEqual(light.expected.recommendedText, heavy.expected.recommendedText, 'the two sweeps are told apart by their result');

  const { page, errors } = await open();
  await upload(page, 'sold.csv', Buffer.from(csvText, 'utf8'));
  await csvStatus(page).filter({ hasText: `${ROWS} rows` }).waitFor();
  await waitForSweep(page, light.expected.recommendedText, light.expected.count);

  const callsBefore = await page.evaluate(() => window.__workerCalls.length);
  await page.locator('lr-lab-sweep select[name=model]').selectOption('logistic');
  await waitForSweep(page, heavy.expected.recommendedText, heavy.expected.count);
  // The worker was given the file, then ran the sweep on it under the id it gave the file.
  const calls = (await page.evaluate(() => window.__workerCalls)).slice(callsBefore);
  const load = calls.findIndex((c) => c.method === 'loadCsv');
  assert.ok(load >= 0, `the worker loaded the CSV: ${JSON.stringify(calls)}`);
  assert.ok(calls.slice(load + 1).some((c) => c.method === 'runSweep' && /^csv-/.test(c.dataset)), `the sweep ran in the worker: ${JSON.stringify(calls)}`);
  assert.deepEqual(await page.locator('lr-lab-sweep tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.label)), heavy.expected.labels);
  assert.ok(page.workers().length >= 1, 'a worker ran');
  const shownErrors = await page.locator('lr-lab-sweep .error').evaluateAll((els) => els.map((el) => el.textContent.trim()).filter(Boolean));
  assert.deepEqual(shownErrors, [], 'no error next to the result');
  assert.equal(await recommended(page), heavy.expected.recommendedText);

  // Loading another file forgets the first everywhere: the worker is told too.
  const beforeSecond = await page.evaluate(() => window.__workerCalls.length);
  await upload(page, 'second.csv', Buffer.from(csvText.replace('size,age,sold', 'area,years,sold'), 'utf8'));
  await csvStatus(page).filter({ hasText: 'second.csv' }).waitFor();
  await page.waitForFunction((n) => window.__workerCalls.slice(n).some((c) => c.method === 'forgetDataset'), beforeSecond);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a CSV saved as UTF-16 (with its BOM) loads through the file control with its names and rows', async () => {
  const text = 'größe,alter,preis\n' + Array.from({ length: 40 }, (_, i) => `${50 + i},${i % 9},${100 + 3 * i}`).join('\r\n') + '\r\n';
  const loaded = await engine.loadCsv(text);
  assert.equal(loaded.ok, true, loaded.error);
  const utf16 = Buffer.concat([Buffer.from([0xFF, 0xFE]), Buffer.from(text, 'utf16le')]);
  const { page, errors } = await open();
  await upload(page, 'preise.csv', utf16);
  const status = csvStatus(page);
  await status.filter({ hasText: `${loaded.value.rows} rows` }).waitFor();
  const shown = await status.textContent();
  assert.ok(shown.includes(`features ${loaded.value.feature_names.join(', ')}`), shown);
  assert.ok(shown.includes(`target ${loaded.value.target_name}`), shown);
  assert.ok(!shown.includes('\uFFFD'), shown);
  const expected = await engineSweep(sweepLabRequest({ data: { dataset: loaded.value.id } }));
  await waitForSweep(page, expected.recommendedText, expected.count);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a large CSV is parsed in the worker, not on the page, and a light sweep on it still runs on the page', async () => {
  // 130,000 rows (over provider.js's CSV_WORKER_CHARS): the worker parses it and the page's
  // engine takes its numbers (getData → loadArrays); the light linear sweep runs on the page.
  const rows = 130000;
  const text = 'area,age,price\n' + Array.from({ length: rows }, (_, i) => `${40 + (i * 37) % 160},${(i * 11) % 50},${(200 + ((i * 37) % 160) * 3 - ((i * 11) % 50)) / 100}`).join('\n') + '\n';
  const { CSV_WORKER_CHARS } = await import('../../web/engine/provider.js');
  assert.ok(text.length > CSV_WORKER_CHARS);
  const light = await expectedFor(text, {});
  assert.ok(light.work < WORKER_THRESHOLD_FLOPS, `the linear sweep is light: ${light.work}`);

  const { page, errors } = await open();
  const before = await page.evaluate(() => window.__workerCalls.length);
  await upload(page, 'large.csv', Buffer.from(text, 'utf8'));
  await csvStatus(page).filter({ hasText: `${rows} rows` }).waitFor({ timeout: 60000 });
  await waitForSweep(page, light.expected.recommendedText, light.expected.count);
  const calls = (await page.evaluate(() => window.__workerCalls)).slice(before);
  const methods = calls.map((c) => c.method);
  assert.ok(methods.includes('loadCsv') && methods.includes('getData'), `the worker parsed the file: ${JSON.stringify(methods)}`);
  // (Other labs of the page send their own heavy runs on built-in data to the worker meanwhile.)
  const onTheFile = calls.filter((c) => c.method === 'runSweep' && /^csv-/.test(c.dataset));
  assert.deepEqual(onTheFile, [], 'the light sweep on the file ran on the page');
  assert.deepEqual(await page.locator('lr-lab-sweep tbody tr').evaluateAll((trs) => trs.map((r) => r.dataset.label)), light.expected.labels);
  assert.deepEqual(errors, []);
  await page.close();
});

test('in Chromium a request over the heap\'s ceiling resolves to a readable {ok: false} and the engine keeps working (WebAssembly exceptions)', async () => {
  const { page, errors } = await open();
  const outcome = await page.evaluate(async () => {
    const { loadEngine } = await import('/web/engine/engine.js');
    const engine = await loadEngine();
    const text = 'a,b,y\n' + Array.from({ length: 1000000 }, (_, i) => `${i % 97},${(i * 7) % 89},${(i % 13) / 10}`).join('\n') + '\n';
    const loaded = await engine.loadCsv(text);
    const request = { data: { dataset: loaded.value.id, model: 'mlp', hidden_units: 64 }, optimizer: { kind: 'gd', batch_size: 0 }, steps: 5 };
    const before = (await engine.memoryStats()).value;
    const failed = await engine.runTraining(request);
    const again = await engine.runTraining(request);
    const after = (await engine.memoryStats()).value;
    const sweep = await engine.runSweep({ data: { scaling: 'z_score' } });
    await engine.forgetDataset(loaded.value.id);
    return { failed, again, before, after, sweepOk: sweep.ok };
  });
  assert.equal(outcome.failed.ok, false);
  assert.match(outcome.failed.error, /needs more memory than LR Lab's engine may use \(512 MB\)/);
  assert.equal(outcome.again.error, outcome.failed.error);
  assert.equal(outcome.after.in_use, outcome.before.in_use);
  assert.ok(outcome.after.heap_size <= outcome.after.heap_max);
  assert.equal(outcome.sweepOk, true);
  assert.deepEqual(errors, []);
  await page.close();
});
