// Loading the lesson page in real headless Chromium: labs far below the fold compute nothing
// (they are not even defined: no DOM, no chart, no engine run) until the reader comes near
// them, then compute on their own;
// the page does not jump while the modules draw (cumulative layout shift ≤ 0.1, the
// Lighthouse "good" bound) at desktop, tablet and phone sizes; the theory's shapes and the
// facts of the page's own text come from a worker, off the main thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watchErrors, useBrowserAndSite, waitDefined } from './browser.mjs';

const env = useBrowserAndSite();

/** Layout shifts without recent input, recorded from the start of the page. */
const RECORD_SHIFTS = () => {
  window.__shifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!entry.hadRecentInput) window.__shifts.push({ value: entry.value, sources: entry.sources.map((s) => s.node?.nodeName + (s.node?.id ? `#${s.node.id}` : '')) });
    }
  }).observe({ type: 'layout-shift', buffered: true });
};

for (const [name, viewport] of [['desktop 1280×800', { width: 1280, height: 800 }], ['tablet 768×1024', { width: 768, height: 1024 }], ['phone 412×823', { width: 412, height: 823 }]]) {
  test(`${name}: the page does not shift while its modules draw (CLS ≤ 0.1)`, async () => {
    const page = await env.browser.context.newPage();
    await page.setViewportSize(viewport);
    await page.addInitScript(RECORD_SHIFTS);
    const errors = watchErrors(page);
    await page.goto(env.site.url);
    // The first screen's lab has drawn (the four theory shapes)…
    await page.waitForSelector('lr-lab-theory [data-testid=theory-label-explosion]', { state: 'attached', timeout: 60_000 });
    await page.waitForTimeout(1000);
    const shifts = await page.evaluate(() => window.__shifts);
    const cls = shifts.reduce((sum, s) => sum + s.value, 0);
    assert.ok(cls <= 0.1, `cumulative layout shift ${cls.toFixed(3)}: ${JSON.stringify(shifts)}`);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

for (const [name, tag, viewport] of [['desktop 1280×800', 'lr-lab-optimizers', { width: 1280, height: 800 }], ['phone 412×823', 'lr-lab-sweep', { width: 412, height: 823 }]]) {
  test(`${name}: a lab far below the fold (${tag}) computes nothing until the reader comes near it, then computes on its own`, async () => {
    const page = await env.browser.context.newPage();
    await page.setViewportSize(viewport);
    const errors = watchErrors(page);
    await page.goto(env.site.url);
    await page.waitForSelector('lr-lab-theory [data-testid=theory-label-explosion]', { state: 'attached', timeout: 60_000 });
    await page.waitForTimeout(1500);
    const state = () => page.evaluate((t) => {
      const lab = document.querySelector(t);
      return {
        defined: Boolean(customElements.get(t)), seen: Boolean(lab.seen), charts: lab.charts?.length ?? 0,
        rows: lab.shadowRoot?.querySelectorAll('tbody tr').length ?? 0, top: Math.round(lab.getBoundingClientRect().top),
      };
    }, tag);
    const before = await state();
    assert.ok(before.top > 2 * viewport.height, `${tag} starts ${before.top} px down, more than two screens`);
    assert.deepEqual({ defined: before.defined, seen: before.seen, charts: before.charts, rows: before.rows }, { defined: false, seen: false, charts: 0, rows: 0 },
      'before the reader scrolls there, the lab is not even defined: no chart, no result');
    await page.evaluate((t) => document.querySelector(t).closest('section').scrollIntoView(), tag);
    await page.waitForFunction((t) => document.querySelector(t).shadowRoot?.querySelectorAll('tbody tr').length > 0, tag, { timeout: 60_000 });
    const after = await state();
    assert.equal(after.defined, true);
    assert.equal(after.seen, true);
    assert.ok(after.charts >= 2, `the lab's charts exist once seen (${after.charts})`);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('the lesson’s own content (theory shapes, the facts of the text) is computed in a worker: the page’s main thread does not even load the engine until a lab is approached', async () => {
  const page = await env.browser.context.newPage();
  await page.setViewportSize({ width: 412, height: 823 });
  const errors = watchErrors(page);
  const workers = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  await page.goto(env.site.url);
  await page.waitForSelector('lr-lab-theory [data-testid=theory-label-smooth]', { state: 'attached', timeout: 60_000 });
  // The main window's own fetches (a worker's are in the worker's timeline).
  const mainWasm = () => page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm')).length);
  assert.ok(workers.some((url) => url.endsWith('/worker.js')), `the theory's runs came from a worker: ${JSON.stringify(workers)}`);
  assert.equal(await mainWasm(), 0, 'the main thread fetched no WASM for the first screen');
  // The first text holding a fact (its section: the span may sit in a closed disclosure).
  await page.evaluate(() => document.querySelector('[data-fact]').closest('section').scrollIntoView());
  await page.waitForFunction(() => [...document.querySelectorAll('[data-fact]')].every((s) => s.textContent !== '…' && s.textContent !== ''), null, { timeout: 60_000 });
  const filled = await page.evaluate(() => [...document.querySelectorAll('[data-fact]')].map((s) => s.textContent));
  assert.ok(filled.length > 0 && filled.every((text) => text !== '—'), `every fact was computed: ${JSON.stringify(filled)}`);
  // A lab brings the page's own engine (its sweeps run per slider input, on the main thread).
  await page.evaluate(() => document.querySelector('#sweep').scrollIntoView());
  await page.waitForFunction(() => document.querySelector('lr-lab-sweep').shadowRoot?.querySelectorAll('tbody tr').length > 0, null, { timeout: 60_000 });
  assert.equal(await mainWasm(), 1, 'the sweep lab loaded the engine on the page');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a lab whose code does not arrive is fetched again; when every try fails its place says so and a button loads it, settings kept', async () => {
  const page = await env.browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  const errors = watchErrors(page);
  await page.goto(`${env.site.url}#schedules.warmup_steps=35`);
  await waitDefined(page, 'lr-lab-theory');
  // From now on web/bundle/ fails: the schedules lab's own chunk was never fetched yet.
  let failing = true;
  const refused = [];
  await page.route(/\/web\/bundle\/chunk-[^/]*\.js$/, (route) => {
    if (!failing) return route.continue();
    refused.push(route.request().url());
    return route.abort('connectionfailed');
  });
  await page.evaluate(() => document.querySelector('lr-lab-schedules').closest('section').scrollIntoView());
  // The first try and the three automatic ones fail (1 + 2 + 4 s apart), then the message.
  const alert = page.locator('#schedules .load-failed[role=alert]');
  await alert.waitFor({ timeout: 20_000 });
  assert.ok(refused.length >= 4, `the code was asked for ${refused.length} times`);
  assert.match(await alert.textContent(), /could not be loaded/);
  assert.equal(await page.evaluate(() => Boolean(customElements.get('lr-lab-schedules'))), false);
  // The connection is back; the reader presses the button, by keyboard.
  failing = false;
  await alert.locator('button').focus();
  await page.keyboard.press('Enter');
  await waitDefined(page, 'lr-lab-schedules');
  await alert.waitFor({ state: 'detached' });
  assert.equal(await page.locator('lr-lab-schedules input[name=warmup_steps]').inputValue(), '35', 'the link\u2019s setting survived');
  // Only the refused fetches were logged as errors.
  assert.deepEqual(errors.filter((e) => !/Failed to load resource|could not load <lr-lab-/.test(e)), []);
  await page.close();
});

test('a fetch of a lab\u2019s code that fails once is tried again on its own: the reader sees the lab', async () => {
  const page = await env.browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(env.site.url);
  await waitDefined(page, 'lr-lab-theory');
  const seen = new Set();
  await page.route(/\/web\/bundle\/chunk-[^/]*\.js$/, (route) => {
    const url = route.request().url();
    if (seen.has(url)) return route.continue();
    seen.add(url);
    return route.abort('connectionfailed');
  });
  await page.evaluate(() => document.querySelector('lr-lab-optimizers').closest('section').scrollIntoView());
  await waitDefined(page, 'lr-lab-optimizers');
  assert.ok(seen.size >= 1);
  assert.equal(await page.locator('.load-failed').count(), 0);
  await page.close();
});
