// The embedding script on a foreign host (dist/embed-demo.html, served): hostile global CSS
// (* { font-family … !important }, button { all: unset }, canvas { width: 50px !important },
// a 22 px root font size) and 400 px columns. Every module renders; two sweeps hold their
// own settings and results (the engine's); attributes and properties configure them; an
// invalid attribute is named in the module; host CSS does not get in; the documented events
// arrive; the host URL is never touched; nothing overflows its 400 px column.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, serveRoot, watchErrors, repoRoot, waitInModule } from './browser.mjs';
import { engineSweep, sweepLabRequest } from './expected.mjs';

const MODULES = ['#sweep-raw', '#sweep-scaled', '#range', '#sweep-bad', '#cards'];
// The demo's sweeps: house data, ×10 steps, 6 rates; raw against z-scored.
const rawSweep = await engineSweep(sweepLabRequest({ factor: 'x10', count: 6 }));
const scaledSweep = await engineSweep(sweepLabRequest({ factor: 'x10', count: 6, data: { scaling: 'z_score' } }));
const rawFive = await engineSweep(sweepLabRequest({ factor: 'x10', count: 5 }));

let browser;
let site;
before(async () => {
  browser = await launch();
  site = await serveRoot(join(repoRoot, 'dist'));
});
after(async () => {
  await browser?.close();
  await site?.close();
});

async function openDemo(viewport = { width: 1400, height: 900 }) {
  const page = await browser.context.newPage();
  await page.setViewportSize(viewport);
  const errors = watchErrors(page);
  await page.goto(`${site.url}embed-demo.html`);
  await waitInModule(page, '#sweep-raw [data-testid=recommended]');
  await waitInModule(page, '#sweep-scaled [data-testid=recommended]');
  return { page, errors };
}

const recommended = (page, id) => page.locator(`${id} [data-testid=recommended]`).textContent();
const rows = (page, id) => page.locator(`${id} tbody tr`).count();

test('every embedded module renders, with no console error and the host URL untouched', async () => {
  const { page, errors } = await openDemo();
  const url = page.url();
  const historyLength = await page.evaluate(() => history.length);
  for (const id of MODULES) {
    assert.ok(await page.locator(id).evaluate((el) => el.shadowRoot.querySelector('.lrlab')?.childElementCount > 1), `${id} rendered`);
  }
  await page.waitForSelector('#range [data-testid=valley]');
  // Interact: a control and a property change settings; the address and history stay.
  await page.locator('#sweep-scaled select[name=optimizer]').selectOption('momentum');
  await page.evaluate(() => { document.querySelector('#sweep-raw').count = 5; });
  await page.waitForFunction(() => document.querySelector('#sweep-raw').shadowRoot.querySelectorAll('tbody tr').length === 5);
  assert.equal(page.url(), url);
  assert.equal(await page.evaluate(() => history.length), historyLength);
  assert.deepEqual(errors, []);
  await page.close();
});

test('two sweeps on one page hold their own settings and show their own engine results', async () => {
  const { page, errors } = await openDemo();
  await page.waitForFunction(() => ['#sweep-raw', '#sweep-scaled'].every((id) => document.querySelector(id).shadowRoot.querySelectorAll('tbody tr').length === 6));
  assert.equal(await recommended(page, '#sweep-raw'), rawSweep.recommendedText);
  assert.equal(await recommended(page, '#sweep-scaled'), scaledSweep.recommendedText);
  assert.notEqual(rawSweep.recommendedText, scaledSweep.recommendedText);
  const settings = await page.evaluate(() => ['#sweep-raw', '#sweep-scaled'].map((id) => {
    const el = document.querySelector(id);
    return { scaling: el.scaling, factor: el.factor, count: el.count, dataset: el.settings.dataset, control: el.shadowRoot.querySelector('select[name=scaling]').value };
  }));
  assert.deepEqual(settings, [
    { scaling: 'none', factor: 'x10', count: 6, dataset: 'house', control: 'none' },
    { scaling: 'z_score', factor: 'x10', count: 6, dataset: 'house', control: 'z_score' },
  ]);
  // Changing one (attribute) leaves the other alone.
  await page.evaluate(() => document.querySelector('#sweep-raw').setAttribute('count', '5'));
  await page.waitForFunction(() => document.querySelector('#sweep-raw').shadowRoot.querySelectorAll('tbody tr').length === 5);
  assert.equal(await recommended(page, '#sweep-raw'), rawFive.recommendedText);
  assert.equal(await rows(page, '#sweep-scaled'), 6);
  assert.equal(await recommended(page, '#sweep-scaled'), scaledSweep.recommendedText);
  // A property set to an invalid value is refused with the setting named.
  const refused = await page.evaluate(() => { try { document.querySelector('#sweep-raw').scaling = 'sideways'; return null; } catch (e) { return e.message; } });
  assert.match(refused, /scaling/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('an invalid attribute value shows a notice naming it in the module, which falls back to the default', async () => {
  const { page, errors } = await openDemo();
  await waitInModule(page, '#sweep-bad [data-testid=recommended]');
  const notice = page.locator('#sweep-bad [data-testid=attribute-notice]');
  assert.ok(await notice.isVisible());
  const text = await notice.textContent();
  assert.match(text, /scaling="sideways"/);
  assert.match(text, /default none/);
  assert.equal(await page.evaluate(() => document.querySelector('#sweep-bad').scaling), 'none');
  assert.equal(await page.locator('#sweep-bad select[name=scaling]').inputValue(), 'none');
  // The valid attributes still apply: 4 rates of 60 steps.
  assert.equal(await page.evaluate(() => document.querySelector('#sweep-bad').settings.steps), 60);
  assert.equal(await rows(page, '#sweep-bad'), 4);
  // Valid modules have no notice.
  assert.equal(await page.locator('#sweep-raw [data-testid=attribute-notice]').isVisible(), false);
  // The flash cards' `concept` too: an unknown concept is named, and all cards show.
  await page.evaluate(() => document.querySelector('#cards').setAttribute('concept', 'no-such-concept'));
  const cardsNotice = page.locator('#cards [data-testid=attribute-notice]');
  await cardsNotice.waitFor({ state: 'visible' });
  assert.match(await cardsNotice.textContent(), /concept="no-such-concept"/);
  assert.equal(await page.locator('#cards select[name=concept]').inputValue(), '');
  await page.evaluate(() => document.querySelector('#cards').setAttribute('concept', 'warmup'));
  await cardsNotice.waitFor({ state: 'hidden' });
  assert.equal(await page.locator('#cards select[name=concept]').inputValue(), 'warmup');
  // Correcting the attribute removes the notice.
  await page.evaluate(() => document.querySelector('#sweep-bad').setAttribute('scaling', 'min_max'));
  await notice.waitFor({ state: 'hidden' });
  assert.equal(await page.locator('#sweep-bad select[name=scaling]').inputValue(), 'min_max');
  assert.deepEqual(errors, []);
  await page.close();
});

test('host CSS does not get in: font family and size, buttons and canvases inside the shadow roots keep the module\'s styles, themed by --lrlab-*', async () => {
  const { page, errors } = await openDemo();
  await page.waitForTimeout(500);
  const probes = await page.evaluate((ids) => ids.map((id) => {
    const root = document.querySelector(id).shadowRoot;
    const wrap = root.querySelector('.lrlab');
    const text = root.querySelector('h3');
    const button = [...root.querySelectorAll('button')].find((b) => b.getBoundingClientRect().height > 0);
    const canvas = root.querySelector('canvas');
    const hostFont = getComputedStyle(document.querySelector(id)).fontFamily;
    const b = getComputedStyle(button);
    return {
      id, hostFont,
      font: getComputedStyle(wrap).fontFamily, textFont: getComputedStyle(text).fontFamily,
      size: getComputedStyle(wrap).fontSize, letterSpacing: getComputedStyle(text).letterSpacing,
      buttonHeight: button.getBoundingClientRect().height, buttonBg: b.backgroundColor, buttonDisplay: b.display,
      buttonRadius: b.borderTopLeftRadius,
      canvasWidth: canvas ? canvas.getBoundingClientRect().width : null,
    };
  }), MODULES);
  for (const p of probes) {
    assert.match(p.hostFont, /Comic Sans/, `${p.id}: the host rule does reach the element itself`);
    assert.match(p.font, /^Georgia/, `${p.id}: the wrapper's font is the --lrlab-font theme`);
    assert.match(p.textFont, /^Georgia/, `${p.id}: text inside`);
    assert.equal(p.size, '16px', `${p.id}: not the host's 22 px root size`);
    assert.equal(p.letterSpacing, 'normal', `${p.id}: host letter-spacing not inherited`);
    assert.ok(p.buttonHeight >= 44, `${p.id}: button keeps its 44 px target (${p.buttonHeight})`);
    assert.notEqual(p.buttonDisplay, 'inline', `${p.id}: button not unset`);
    if (p.canvasWidth !== null) assert.ok(p.canvasWidth > 200, `${p.id}: canvas ${p.canvasWidth} px wide, not 50`);
  }
  // The theme: --lrlab-accent colours the buttons, --lrlab-radius rounds them.
  const theme = await page.evaluate(() => {
    const root = document.querySelector('#sweep-raw').shadowRoot;
    const callout = getComputedStyle(root.querySelector('.callout:not(.warn)'));
    const select = getComputedStyle(root.querySelector('select'));
    return { accent: callout.borderLeftColor, surface: callout.backgroundColor, radius: select.borderTopLeftRadius };
  });
  assert.deepEqual(theme, { accent: 'rgb(108, 63, 181)', surface: 'rgb(243, 237, 249)', radius: '3.2px' });
  // The module's CSS does not get out: the host's own buttons/headings keep the host look.
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('h2')).textTransform), 'uppercase');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the documented events arrive: recommendation (α and diagnosis), range result, card graded, activity', async () => {
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  await page.addInitScript(() => {
    window.__events = [];
    for (const type of ['lrlab-recommendation', 'lrlab-range-result', 'lrlab-card-graded', 'lrlab-activity', 'lrlab-exercise-completed']) {
      document.addEventListener(type, (e) => window.__events.push({ type, id: e.target.id, bubbles: e.bubbles, composed: e.composed, detail: JSON.parse(JSON.stringify(e.detail)) }));
    }
  });
  await page.goto(`${site.url}embed-demo.html`);
  // Each sweep computes when the reader comes near it (a lab waits to be seen).
  for (const id of ['#sweep-raw', '#sweep-scaled', '#sweep-bad']) await waitInModule(page, `${id} [data-testid=recommended]`);
  await page.waitForFunction(() => new Set(window.__events.filter((e) => e.type === 'lrlab-recommendation').map((e) => e.id)).size >= 3);
  const events = await page.evaluate(() => window.__events);
  const rec = (id) => events.filter((e) => e.type === 'lrlab-recommendation' && e.id === id).at(-1);
  assert.equal(rec('sweep-raw').detail.alpha, rawSweep.recommended);
  assert.equal(rec('sweep-scaled').detail.alpha, scaledSweep.recommended);
  assert.equal(rec('sweep-raw').detail.settings.scaling, 'none');
  assert.equal(rec('sweep-scaled').detail.settings.scaling, 'z_score');
  assert.equal(rec('sweep-raw').detail.diagnosis, 'good');
  assert.deepEqual(rec('sweep-raw').detail.runs.map((r) => r.diagnosis), rawSweep.labels);
  assert.ok(rec('sweep-raw').bubbles && rec('sweep-raw').composed);
  // The range test computes when the reader comes near it (a lab waits to be seen).
  await page.locator('#range').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'lrlab-range-result'));
  const range = (await page.evaluate(() => window.__events)).find((e) => e.type === 'lrlab-range-result');
  assert.ok(range.detail.valley > 0 && range.detail.steepest > 0, 'range test suggestions');
  // The demo's log shows them.
  assert.ok(await page.locator('#event-log li[data-type=lrlab-recommendation]').count() >= 2);
  // Grade a flash card: the event names the card, its concept (the one the host chose) and the grade.
  await page.locator('#cards').scrollIntoViewIfNeeded();  // the deck deals its cards when seen
  await page.locator('#cards [data-testid=card]').click();
  await page.locator('#cards [data-testid=grade-good]').click();
  const graded = (await page.evaluate(() => window.__events)).find((e) => e.type === 'lrlab-card-graded');
  assert.equal(graded.id, 'cards');
  assert.equal(graded.detail.concept, 'feature-scaling');
  assert.equal(graded.detail.grade, 'good');
  assert.ok(graded.detail.card && graded.detail.due > Date.now() - 60000);
  assert.ok(await page.locator('#event-log li[data-type=lrlab-card-graded]').count() === 1);
  // A learner's change on a sweep: a new recommendation and concept activity.
  await page.locator('#sweep-raw select[name=scaling]').selectOption('z_score');
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'lrlab-activity' && e.id === 'sweep-raw' && e.detail.concept === 'feature-scaling'));
  assert.deepEqual(errors, []);
  await page.close();
});

test('in 400 px (and 360 px) columns no element overflows its container; the sweep table becomes stacked rows and charts keep their height', async () => {
  for (const width of [400, 360]) {
    const { page, errors } = await openDemo({ width: 1400, height: 900 });
    await page.evaluate((w) => { for (const c of document.querySelectorAll('.column')) c.style.width = `${w}px`; }, width);
    await page.waitForSelector('#range [data-testid=valley]');
    await page.waitForTimeout(800);
    const report = await page.evaluate((ids) => ids.map((id) => {
      const el = document.querySelector(id);
      const box = el.getBoundingClientRect();
      const container = el.parentElement.getBoundingClientRect();
      const over = [];
      for (const node of el.shadowRoot.querySelectorAll('*')) {
        const r = node.getBoundingClientRect();
        if (r.width === 0 || getComputedStyle(node).position === 'absolute') continue;
        if (r.right > box.right + 1 || r.left < box.left - 1) over.push(`${node.localName}.${node.className} ${Math.round(r.left - box.left)}…${Math.round(r.right - box.left)}`);
      }
      const scrollers = [...el.shadowRoot.querySelectorAll('*:not(.sr-only)')].filter((n) => n.scrollWidth > n.clientWidth + 1 && getComputedStyle(n).overflowX !== 'visible' && n.clientWidth > 1).map((n) => `${n.localName}.${n.className} ${n.scrollWidth}>${n.clientWidth}`);
      const rowsH = [...el.shadowRoot.querySelectorAll('tbody tr')].map((r) => r.getBoundingClientRect().height);
      const charts = [...el.shadowRoot.querySelectorAll('.chart')].map((c) => c.getBoundingClientRect().height);
      return { id, width: box.width, fits: box.right <= container.right + 1, over: over.slice(0, 5), scrollers, maxRow: Math.max(0, ...rowsH), charts, cellDisplay: el.shadowRoot.querySelector('td') ? getComputedStyle(el.shadowRoot.querySelector('td')).display : null };
    }), MODULES);
    for (const r of report) {
      assert.ok(r.fits, `${width}: ${r.id} wider than its column (${r.width})`);
      assert.deepEqual(r.over, [], `${width}: ${r.id} has elements past its edge`);
      assert.deepEqual(r.scrollers, [], `${width}: ${r.id} scrolls sideways`);
      for (const h of r.charts) assert.ok(h >= 200, `${width}: ${r.id} chart ${h} px tall`);
    }
    for (const id of ['#sweep-raw', '#sweep-scaled']) {
      const r = report.find((x) => x.id === id);
      assert.notEqual(r.cellDisplay, 'table-cell', `${id}: table stacked`);
      assert.ok(r.maxRow < 220, `${width}: ${id} rows are readable (${r.maxRow} px tall)`);
    }
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), true);
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('every element of the embedding script fits a 360 px column on the hostile host: nothing past its edge, no sideways scroll', async () => {
  const ALL = ['lr-lab-theory', 'lr-lab-architecture', 'lr-lab-sweep', 'lr-lab-scaling', 'lr-lab-range-test',
    'lr-lab-schedules', 'lr-lab-optimizers', 'lr-lab-tradeoffs', 'lr-lab-drill', 'lr-lab-failure-lab',
    'lr-lab-reorder', 'lr-lab-code', 'lr-lab-interview', 'lr-lab-flashcards', 'lr-lab-coverage'];
  const { page, errors } = await openDemo();
  await page.evaluate((tags) => {
    const column = document.createElement('div');
    column.id = 'all-column';
    column.style.width = '360px';
    for (const tag of tags) column.append(document.createElement(tag));
    document.body.append(column);
  }, ALL);
  await waitInModule(page, '#all-column>lr-lab-sweep [data-testid=recommended]');
  await page.waitForTimeout(4000);
  const report = await page.evaluate(() => [...document.querySelectorAll('#all-column > *')].map((el) => {
    const box = el.getBoundingClientRect();
    const over = [];
    for (const node of el.shadowRoot.querySelectorAll('*')) {
      const r = node.getBoundingClientRect();
      if (r.width === 0 || node.closest('.sr-only') || getComputedStyle(node).position === 'absolute') continue;
      if (r.right > box.right + 1 || r.left < box.left - 1) over.push(`${node.localName}.${node.className} ${Math.round(r.left - box.left)}…${Math.round(r.right - box.left)}`);
    }
    const scrollers = [...el.shadowRoot.querySelectorAll('*:not(.sr-only)')].filter((n) => n.scrollWidth > n.clientWidth + 1 && getComputedStyle(n).overflowX !== 'visible' && n.clientWidth > 1)
      .map((n) => `${n.localName}.${n.className} ${n.scrollWidth}>${n.clientWidth}`);
    return { tag: el.localName, width: box.width, rendered: el.shadowRoot.querySelector('.lrlab')?.childElementCount > 1, over: over.slice(0, 5), scrollers };
  }));
  for (const r of report) {
    assert.ok(r.rendered, `${r.tag} rendered`);
    assert.ok(r.width <= 360.5, `${r.tag} is ${r.width} px wide`);
    assert.deepEqual(r.over, [], `${r.tag} has elements past its edge`);
    assert.deepEqual(r.scrollers, [], `${r.tag} scrolls sideways`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('with the host\'s opt-in attribute bind-url, a module keeps its settings in the page URL; the others still do not', async () => {
  const { page, errors } = await openDemo();
  await page.evaluate(() => {
    const holder = document.createElement('div');
    holder.innerHTML = '<lr-lab-sweep id="bound" bind-url count="3" steps="50"></lr-lab-sweep>';
    document.querySelector('.host-main').prepend(holder);
  });
  await page.waitForFunction(() => document.querySelector('#bound').shadowRoot.querySelectorAll('tbody tr').length === 3);
  assert.equal(new URL(page.url()).hash, '#sweep.count=3&sweep.steps=50');
  await page.locator('#bound select[name=scaling]').selectOption('z_score');
  await page.waitForFunction(() => location.hash.includes('sweep.scaling=z_score'));
  // The unbound sweeps keep their own settings.
  assert.equal(await page.evaluate(() => document.querySelector('#sweep-raw').scaling), 'none');
  assert.equal(await page.evaluate(() => document.querySelector('#sweep-raw').count), 6);
  assert.deepEqual(errors, []);
  await page.close();
});

test('one engine for every module: the page fetches the WASM once; an embedded heavy sweep runs in the worker beside the script', async () => {
  const { page, errors } = await openDemo();
  const workers = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  await page.waitForSelector('#range [data-testid=valley]');
  await waitInModule(page, '#sweep-bad [data-testid=recommended]');
  await page.evaluate(() => { document.querySelector('#sweep-raw').settings = { dataset: 'nonlinear', model: 'mlp', scaling: 'z_score', steps: 400 }; });
  await page.waitForFunction(() => {
    const root = document.querySelector('#sweep-raw').shadowRoot;
    return root.querySelectorAll('tbody tr').length === 6 && !root.querySelector('progress')?.checkVisibility();
  }, null, { timeout: 60000 });
  const wasm = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.endsWith('.wasm')));
  assert.deepEqual(wasm, ['/wasm/lrlab.wasm'], 'the WASM beside lr-lab-embed.js, fetched once for five modules');
  // The heavy sweep's worker, and the lesson's own one if the flash cards (beside #sweep-bad)
  // came near and computed their facts meanwhile: all from worker.js beside the script.
  const paths = workers.map((u) => new URL(u).pathname);
  assert.ok(paths.length >= 1 && paths.length <= 2 && paths.every((p) => p === '/worker.js'), `workers: ${paths.join(', ')}`);
  assert.deepEqual(errors, []);
  await page.close();
});
