// The lesson page in real headless Chromium: every module renders without console errors,
// the sweep lab draws one curve per α and reproduces the scaling lesson, settings live in
// the URL (copy → same results; junk → defaults + notice), long runs show progress and can
// be cancelled, and axe-core finds no serious or critical accessibility violations.
// Screenshots at the three layouts go to tests/e2e/screenshots/ (gitignored) for review.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { watchErrors, repoRoot, useBrowserAndSite, defineAllModules, scrollToModule, waitInModule } from './browser.mjs';
import { engineSweep, sweepLabRequest } from './expected.mjs';
import { loadEngine } from '../../web/engine/engine.js';
import { computeFacts, formatFact } from '../../web/study/facts.js';

const MODULES = ['lr-lab-theory', 'lr-lab-architecture', 'lr-lab-sweep', 'lr-lab-scaling',
  'lr-lab-range-test', 'lr-lab-schedules', 'lr-lab-optimizers', 'lr-lab-tradeoffs'];
const shots = join(repoRoot, 'tests/e2e/screenshots');

const env = useBrowserAndSite();

// What the sweep lab must show, computed by the engine itself (Node build of the same WASM).
const defaultSweep = await engineSweep(sweepLabRequest());
const scaledSweep = await engineSweep(sweepLabRequest({ data: { scaling: 'z_score' } }));
const shortSweep = await engineSweep(sweepLabRequest({ count: 3 }));

/** Opens the page and waits for the sweep's recommendation. */
async function open(hash = '', viewport = { width: 1280, height: 800 }) {
  const page = await env.browser.context.newPage();
  await page.setViewportSize(viewport);
  const errors = watchErrors(page);
  await page.goto(env.site.url + hash);
  await waitInModule(page, 'lr-lab-sweep [data-testid=recommended]');
  return { page, errors };
}

const recommended = (page) => page.locator('lr-lab-sweep [data-testid=recommended]').textContent();
const sweepLabels = (page) => page.locator('lr-lab-sweep tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.label));

test('every module renders and the page has no console error', async () => {
  const { page, errors } = await open();
  // The modules further down are defined as their section nears the viewport
  // (web/page-elements.js): read the page down to its end, as a reader would.
  await defineAllModules(page);
  for (const tag of MODULES) {
    const children = await page.locator(tag).evaluate((el) => el.shadowRoot ? el.shadowRoot.childElementCount : 0);
    assert.ok(children > 0, `${tag} rendered nothing`);
  }
  // Every chart on the page got drawn and has a text summary.
  await page.waitForTimeout(1500);
  const canvases = await page.evaluate((tags) => tags.flatMap((t) => [...document.querySelector(t).shadowRoot.querySelectorAll('canvas')])
    .map((c) => ({ label: c.getAttribute('aria-label') || '', width: c.width })), MODULES);
  assert.ok(canvases.length >= 6, `only ${canvases.length} charts`);
  for (const c of canvases) {
    assert.ok(c.width > 0, 'a chart has no size');
    assert.ok(c.label.length > 10, `a chart has no text summary: "${c.label}"`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('the sweep draws one curve per learning rate, coloured by the engine\'s diagnosis', async () => {
  const { page, errors } = await open();
  const legend = await page.locator('lr-lab-sweep canvas').first().getAttribute('aria-label');
  assert.equal((legend.match(/α = /g) || []).length, defaultSweep.count, legend);  // the loss chart's summary names each curve
  assert.deepEqual(await sweepLabels(page), defaultSweep.labels);
  assert.ok(new Set(defaultSweep.labels).size >= 3, `the default sweep shows several diagnoses: ${defaultSweep.labels}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('switching scaling from raw to z-score moves the recommendation up, to the engine\'s value', async () => {
  const { page } = await open();
  const raw = Number(await recommended(page));
  await page.locator('lr-lab-sweep select[name=scaling]').selectOption('z_score');
  await page.waitForFunction((before) => document.querySelector('lr-lab-sweep').shadowRoot
    .querySelector('[data-testid=recommended]').textContent !== before, defaultSweep.recommendedText);
  const scaled = Number(await recommended(page));
  assert.equal(raw, Number(defaultSweep.recommendedText));
  assert.equal(await recommended(page), scaledSweep.recommendedText);
  assert.ok(scaled > raw, `${scaled} should exceed ${raw}`);
  await page.close();
});

test('a control change updates the URL, and that URL restores the same results', async () => {
  const { page } = await open();
  await page.locator('lr-lab-sweep select[name=scaling]').selectOption('min_max');
  await page.locator('lr-lab-sweep select[name=factor]').selectOption('x2');
  await page.waitForFunction(() => location.hash.includes('sweep.scaling=min_max') && location.hash.includes('sweep.factor=x2'));
  await page.waitForTimeout(300);
  const url = page.url();
  const before = { rec: await recommended(page), labels: await sweepLabels(page) };
  const second = await open(new URL(url).hash);
  await second.page.waitForTimeout(300);
  assert.equal(await second.page.locator('lr-lab-sweep select[name=scaling]').inputValue(), 'min_max');
  assert.deepEqual({ rec: await recommended(second.page), labels: await sweepLabels(second.page) }, before);
  assert.equal(await second.page.locator('#notice').isVisible(), false);
  await page.close();
  await second.page.close();
});

test('a URL with junk gives the defaults and a dismissable notice in plain words; the address keeps only what was applied', async () => {
  const { page, errors } = await open('#sweep.scaling=banana&sweep.start=-5&nonsense=1&sweep.count=3&%E0%A4%A');
  const notice = page.locator('#notice');
  await notice.waitFor({ state: 'visible' });
  const text = await notice.textContent();
  // Each problem named by the control's label, with what would be right.
  assert.match(text, /Feature scaling: “banana” is not one of its choices \(none \(raw units\), min-max, z-score/);
  assert.match(text, /Start α: -5 is too small — it goes from 1e-7 to 10/);
  assert.match(text, /“nonsense” is not a setting/);
  assert.match(text, /garbled/);
  assert.doesNotMatch(text, /%E0|is outside|sweep\.scaling/, 'no developer wording');
  // The junk left the address: it holds the settings in use.
  assert.equal(await page.evaluate(() => location.hash), '#sweep.count=3');
  await page.locator('#notice button').click();
  assert.equal(await notice.isVisible(), false, 'the notice is dismissed');
  assert.equal(await page.locator('lr-lab-sweep select[name=scaling]').inputValue(), 'none');
  // The valid part of the link is kept: 3 rates from the default start, as the engine runs them.
  assert.equal((await sweepLabels(page)).length, 3);
  assert.deepEqual(await sweepLabels(page), shortSweep.labels);
  assert.equal(await recommended(page), shortSweep.recommendedText);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a long run shows its progress and can be cancelled', async () => {
  const { page } = await open();
  await page.evaluate(() => { location.hash = ''; });
  const hash = '#sweep.dataset=nonlinear&sweep.model=mlp&sweep.scaling=z_score&sweep.steps=5000&sweep.count=21&sweep.start=1e-7';
  await page.goto(env.site.url + hash);
  const bar = page.locator('lr-lab-sweep progress');
  await bar.waitFor({ state: 'visible' });
  await page.waitForFunction(() => Number(document.querySelector('lr-lab-sweep').shadowRoot.querySelector('progress').value) >= 1);
  assert.ok(Number(await bar.getAttribute('value')) < 21, 'still running');
  await page.locator('lr-lab-sweep .progress button').click();
  await page.locator('lr-lab-sweep [role=status]').filter({ hasText: 'cancelled' }).first().waitFor();
  assert.equal(await bar.isVisible(), false);
  // The page still works afterwards.
  await page.locator('lr-lab-sweep input[name=steps]').fill('100');
  await page.locator('lr-lab-sweep input[name=steps]').dispatchEvent('input');
  await page.waitForFunction(() => document.querySelector('lr-lab-sweep').shadowRoot.querySelectorAll('tbody tr').length === 21);  // 21 rates, now 100 steps each
  await page.close();
});

test('the numbers in the page text (data-fact) are filled with what the engine computes', async () => {
  const facts = await computeFacts(await loadEngine());
  const { page, errors } = await open();
  // The facts are computed when the first text holding one nears the viewport (web/page.js).
  // (its section: the span itself may sit in a closed disclosure, which has no box to scroll to)
  await page.evaluate(() => document.querySelector('[data-fact]').closest('section').scrollIntoView());
  await page.waitForFunction(() => [...document.querySelectorAll('[data-fact]')].every((el) => el.textContent !== '…'), null, { timeout: 30000 });
  const shown = await page.locator('[data-fact]').evaluateAll((spans) => spans.map((el) => [el.dataset.fact, el.textContent]));
  assert.ok(shown.length >= 5, `${shown.length} live numbers`);
  for (const [name, text] of shown) assert.equal(text, formatFact(name, facts[name]), name);
  assert.deepEqual(errors, []);
  await page.close();
});

test('axe-core finds no serious or critical accessibility violation', async () => {
  const { page } = await open();
  await page.waitForTimeout(1500);
  await page.addScriptTag({ url: '/node_modules/axe-core/axe.min.js' });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  assert.deepEqual(violations, []);
  await page.close();
});

test('the page fits 1280×800, 1024×768 and 768×1024 without horizontal scroll', async () => {
  mkdirSync(shots, { recursive: true });
  for (const [width, height] of [[1280, 800], [1024, 768], [768, 1024]]) {
    const { page } = await open('', { width, height });
    await page.waitForTimeout(1200);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.equal(scroll, width, `horizontal scroll at ${width}×${height}`);
    await page.screenshot({ path: join(shots, `page-${width}x${height}.png`), fullPage: true });
    await page.locator('lr-lab-sweep').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, `sweep-${width}x${height}.png`) });
    await page.close();
  }
});

test('a lab removed from the page leaves no chart or store subscription behind, and renders again when put back', async () => {
  const { page, errors } = await open();
  const removed = await page.evaluate(() => {
    const lab = document.querySelector('lr-lab-sweep');
    const live = () => customElements.get('lr-lab-sweep').liveCharts();
    const before = live();
    const own = lab.charts;
    window.removedLab = { lab, parent: lab.parentNode, next: lab.nextSibling, before };
    lab.remove();
    return { before, own: own.length, after: live(), destroyed: own.every((chart) => chart.canvas === null) };
  });
  assert.equal(removed.own, 2, 'the sweep lab owns its two charts');
  assert.equal(removed.after, removed.before - 2, 'both charts left Chart.instances');
  assert.equal(removed.destroyed, true, 'both charts were destroyed');
  // A settings change now reaches no sweep: the lab's store subscription is gone.
  const drawn = () => page.evaluate(() => performance.getEntriesByName('lrlab:sweep-drawn').length);
  const drawnBefore = await drawn();
  await page.evaluate(() => { location.hash = '#sweep.scaling=z_score'; });
  await page.waitForTimeout(800);
  assert.equal(await drawn(), drawnBefore, 'a removed sweep lab still ran');
  // Put back, it renders afresh from the current settings (z-scored: the recommendation moves up).
  await page.evaluate(() => { const { lab, parent, next } = window.removedLab; parent.insertBefore(lab, next); });
  await page.waitForFunction(() => document.querySelector('lr-lab-sweep').shadowRoot.querySelector('[data-testid=recommended]')?.textContent === '1');
  assert.equal(await page.locator('lr-lab-sweep select[name=scaling]').inputValue(), 'z_score');
  assert.equal((await sweepLabels(page)).length, 9);
  assert.equal(await drawn(), drawnBefore + 1);
  const back = await page.evaluate(() => ({ live: customElements.get('lr-lab-sweep').liveCharts(), own: document.querySelector('lr-lab-sweep').charts.length }));
  assert.deepEqual(back, { live: removed.before, own: 2 });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a schedule setting the engine rejects marks its own control, named by the error\'s field', async () => {
  // A warm-up of 500 steps in a 300-step window: the engine names schedule.warmup_steps.
  const { page, errors } = await open('#schedules.warmup_steps=500');
  await scrollToModule(page, 'lr-lab-schedules');
  const lab = page.locator('lr-lab-schedules');
  await lab.locator('[role=alert] .error').waitFor();
  const message = await lab.locator('[role=alert] .error').textContent();
  assert.match(message, /warmup_steps must be between 0 and total steps − 1 \(299\), got 500/);
  const invalid = await lab.locator('[aria-invalid=true]').evaluateAll((els) => els.map((el) => el.name));
  assert.deepEqual(invalid, ['warmup_steps']);
  // A valid value clears the mark.
  await page.evaluate(() => { location.hash = '#schedules.warmup_steps=50'; });
  await page.waitForFunction(() => !document.querySelector('lr-lab-schedules').shadowRoot.querySelector('[aria-invalid=true]'));
  assert.deepEqual(errors, []);
  await page.close();
});

test('during a sweep-lab drag the page\'s DOM changes only where the slider says its value; the rest follows the release', async () => {
  const { page, errors } = await open();
  const slider = page.locator('lr-lab-sweep input[type=range][name=start]');
  await slider.scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
  // Every mutation of the document and of every module's shadow root, from the second input on.
  await page.evaluate(() => {
    window.__mutations = [];
    const describe = (node) => (node.nodeType === 1 ? `${node.localName}${node.className && typeof node.className === 'string' ? `.${node.className.split(' ').join('.')}` : ''}` : node.parentElement?.localName || node.nodeName);
    const observer = new MutationObserver((records) => {
      if (window.__recording) for (const r of records) window.__mutations.push(`${r.type} ${describe(r.target)} ${r.attributeName || ''}`.trim());
    });
    const watch = (root) => { observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true }); for (const el of root.querySelectorAll('*')) if (el.shadowRoot) watch(el.shadowRoot); };
    watch(document);
  });
  const box = await slider.boundingBox();
  const y = box.y + box.height / 2;
  const drawn = () => page.evaluate(() => performance.getEntriesByName('lrlab:sweep-drawn').length);
  await page.mouse.move(box.x + box.width * 0.3, y);
  await page.mouse.down();
  let before = await drawn();
  await page.mouse.move(box.x + box.width * 0.36, y);
  await page.waitForFunction((n) => performance.getEntriesByName('lrlab:sweep-drawn').length > n, before);
  await page.evaluate(() => { window.__recording = true; });
  for (let i = 2; i <= 6; ++i) {
    before = await drawn();
    await page.mouse.move(box.x + box.width * (0.3 + 0.06 * i), y);
    await page.waitForFunction((n) => performance.getEntriesByName('lrlab:sweep-drawn').length > n, before);
  }
  const during = await page.evaluate(() => { window.__recording = false; return window.__mutations; });
  await page.mouse.up();
  const kinds = [...new Set(during)].sort();
  assert.deepEqual(kinds, ['attributes input aria-valuetext', 'childList output.value'], `mutations during the drag: ${kinds.join('; ')}`);
  assert.ok(during.length >= 5 * 2, 'the readout followed every input');
  // After the release the table catches up with the last input (its first row: the start α the slider shows).
  const caughtUp = () => page.evaluate(() => {
    const root = document.querySelector('lr-lab-sweep').shadowRoot;
    return [root.querySelector('output').textContent, root.querySelector('tbody tr td')?.textContent];
  });
  await page.waitForFunction(() => {
    const root = document.querySelector('lr-lab-sweep').shadowRoot;
    return root.querySelector('output').textContent === root.querySelector('tbody tr td')?.textContent;
  }, null, { timeout: 5000 }).catch(() => {});
  const [readout, tableTop] = await caughtUp();
  assert.equal(tableTop, readout, 'the table starts at the start α the slider shows');
  assert.deepEqual(errors, []);
  await page.close();
});

/**
 * Holds the mouse on a lab's slider and moves it to each fraction of its width in turn,
 * waiting after each move until `drawnCount` (a function run in the page) has grown. Leaves
 * the button pressed. Returns the slider's box.
 */
async function holdAndMove(page, slider, fractions, drawnCount) {
  await slider.scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  const box = await slider.boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * fractions[0], y);
  await page.mouse.down();
  for (const f of fractions.slice(1)) {
    const before = await page.evaluate(drawnCount);
    await page.mouse.move(box.x + box.width * f, y);
    await untilGrown(() => page.evaluate(drawnCount), before, page);
  }
  return box;
}

/** Polls `read()` (every 50 ms, at most 10 s) until it exceeds `before`; returns its value. */
async function untilGrown(read, before, page) {
  for (let waited = 0; ; waited += 50) {
    const now = await read();
    if (now > before) return now;
    if (waited > 10_000) throw new Error('no redraw after a slider move');
    await page.waitForTimeout(50);
  }
}

/**
 * With the button still held (holdAndMove), one more move to `fraction` of the slider, then
 * waits for `chart`'s next draw; returns whether the quick path drew it.
 */
async function lastMoveQuick(page, box, fraction, lab, index) {
  const counts = () => page.evaluate(([tag, i]) => { const c = document.querySelector(tag).charts[i]; return [c.$lrlabQuickTotal || 0, c.$lrlabFullTotal || 0]; }, [lab, index]);
  const [quick, full] = await counts();
  await page.mouse.move(box.x + box.width * fraction, box.y + box.height / 2);
  await untilGrown(async () => (await counts()).reduce((a, b) => a + b), quick + full, page);
  const [q, f] = await counts();
  return q === quick + 1 && f === full;
}

/**
 * Compares what the quick path of redraw() placed on chart `index` of `lab` (its last draw)
 * with what Chart.js's full update places from the same data, the axes the quick path kept
 * given as explicit bounds: every point's place, whether it is drawn, its marker; each line's
 * segments and style; the legend's items and boxes; each annotation's line and label. (Not the
 * datasets' clip margins: Chart.js lets lines overflow an automatic bound by their width and
 * not an explicit one, so there the explicit bounds themselves make a difference.) The
 * chart's own bounds are put back afterwards.
 */
function quickAgainstFull(page, lab, index) {
  return page.evaluate(([tag, i]) => {
    const chart = document.querySelector(tag).charts[i];
    const round = (v) => (Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : String(v));
    const annotations = (c) => (c.constructor.registry.getPlugin('annotation')?.getAnnotations(c) || [])
      .map((a) => [a.options.id, a.options.display, ...['x', 'y', 'x2', 'y2'].map((k) => round(a[k])),
        ...(a.elements || []).map((label) => [round(label.x), round(label.y), round(label.width), round(label.height), String(label.options?.content)])]);
    const geometry = (c) => ({
      axes: Object.fromEntries(Object.entries(c.scales).map(([id, sc]) => [id, [sc.min, sc.max, sc.left, sc.top, sc.width, sc.height, sc.ticks.map((t) => t.label).join(' ')]])),
      area: { ...c.chartArea },
      datasets: c.data.datasets.map((_d, k) => {
        const meta = c.getDatasetMeta(k);
        const o = meta.dataset.options;
        return {
          points: meta.data.map((p) => [round(p.x), round(p.y), p.skip, p.options.radius, p.options.pointStyle]),
          drawn: [meta.controller._drawStart, meta.controller._drawCount],
          segments: meta.dataset.segments.map((seg) => [seg.start, seg.end, seg.loop]),
          line: [o.borderColor, o.borderWidth, String(o.borderDash), o.spanGaps],
        };
      }),
      legend: c.legend.legendItems.map((item, k) => [item.text, item.hidden, JSON.stringify(c.legend.legendHitBoxes[k])]),
      annotations: annotations(c),
    });
    const held = geometry(chart);
    // (chart.config.options.scales is a new object after each update: read it each time.)
    const scales = () => chart.config.options.scales;
    const saved = Object.fromEntries(Object.keys(chart.scales).map((id) => [id, { min: scales()[id].min, max: scales()[id].max }]));
    for (const [id, scale] of Object.entries(chart.scales)) Object.assign(scales()[id], { min: scale.min, max: scale.max });
    chart.update('none');
    const full = geometry(chart);
    for (const [id, bounds] of Object.entries(saved)) Object.assign(scales()[id], bounds);
    return { held, full, points: held.datasets.reduce((n, d) => n + d.points.length, 0), annotations: held.annotations.length };
  }, [lab, index]);
}

test('while a slider is held the sweep\'s loss chart is drawn by the quick path: the same curves, points and legend as Chart.js\'s full update on the same axes; after the release the axes fit the curves again', async () => {
  const { page, errors } = await open();
  const quickCount = () => document.querySelector('lr-lab-sweep').charts[0].$lrlabQuickTotal || 0;
  const drawnCount = () => performance.getEntriesByName('lrlab:sweep-drawn').length;
  // The window slider: the curves change length and height while the axes hold.
  const box = await holdAndMove(page, page.locator('lr-lab-sweep input[type=range][name=steps]'), [0.5, 0.47, 0.44, 0.41], drawnCount);
  assert.equal(await lastMoveQuick(page, box, 0.38, 'lr-lab-sweep', 0), true, 'the last input was drawn by the quick path');
  const quick = await page.evaluate(quickCount);
  assert.ok(quick >= 2, `the quick path drew ${quick} times in four inputs`);
  // The last input was drawn by the quick path; now the same data through update(), with the
  // axes the quick path kept given as explicit bounds.
  const compared = await quickAgainstFull(page, 'lr-lab-sweep', 0);
  assert.ok(compared.points > 300, `the chart holds curves (${compared.points} points)`);
  assert.deepEqual(compared.held.axes, compared.full.axes, 'the full update on the held bounds has the same axes');
  assert.deepEqual(compared.held, compared.full, 'the quick path placed what the full update places');
  // Still held, a move to a window a fraction as long: the curves would shrink to a corner of
  // the held axis, so the axes fit them again at once.
  const drawsBefore = await page.evaluate(drawnCount);
  await page.mouse.move(box.x + box.width * 0.05, box.y + box.height / 2);
  await page.waitForFunction((n) => performance.getEntriesByName('lrlab:sweep-drawn').length > n, drawsBefore);
  const shrunk = await page.evaluate(() => {
    const chart = document.querySelector('lr-lab-sweep').charts[0];
    return { xMax: chart.scales.x.max, longest: Math.max(...chart.data.datasets.map((d) => (d.data.length ? d.data.at(-1).x : 0))) };
  });
  assert.ok(shrunk.xMax <= shrunk.longest * 1.25, `while held, the step axis fits curves that shrank (axis ends at ${shrunk.xMax}, curves at ${shrunk.longest})`);
  // Released: the axes fit the shorter curves (a refit is one more full update, and a second
  // full update then changes nothing).
  await page.mouse.up();
  await page.waitForFunction(() => !document.querySelector('lr-lab-sweep').charts[0].$lrlabRefit);
  await page.waitForTimeout(300);
  const settled = await page.evaluate(() => {
    const chart = document.querySelector('lr-lab-sweep').charts[0];
    const before = chart.canvas.toDataURL();
    const xMax = chart.scales.x.max;
    const longest = Math.max(...chart.data.datasets.map((d) => (d.data.length ? d.data.at(-1).x : 0)));
    chart.update('none');
    return { stable: before === chart.canvas.toDataURL(), xMax, longest };
  });
  assert.equal(settled.stable, true, 'after the release the chart is what a full update draws');
  assert.ok(settled.xMax <= settled.longest * 1.25, `the step axis fits the curves again (axis ends at ${settled.xMax}, curves at ${settled.longest})`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('while the range test\'s smoothing slider is held its chart is drawn by the quick path, annotations moving with it: the same curves and annotations as the full update on the same axes', async () => {
  const { page, errors } = await open();
  await scrollToModule(page, 'lr-lab-range-test');
  await waitInModule(page, 'lr-lab-range-test canvas');
  await page.waitForFunction(() => document.querySelector('lr-lab-range-test').charts?.[0]?.data.datasets[0].data.length > 0);
  const count = () => { const c = document.querySelector('lr-lab-range-test').charts[0]; return (c.$lrlabQuickTotal || 0) + (c.$lrlabFullTotal || 0); };
  const quickBefore = await page.evaluate(() => document.querySelector('lr-lab-range-test').charts[0].$lrlabQuickTotal || 0);
  const box = await holdAndMove(page, page.locator('lr-lab-range-test input[type=range][name=smoothing]'), [0.5, 0.47, 0.44, 0.41, 0.38], count);
  assert.equal(await lastMoveQuick(page, box, 0.35, 'lr-lab-range-test', 0), true, 'the last input was drawn by the quick path');
  const quick = await page.evaluate(() => document.querySelector('lr-lab-range-test').charts[0].$lrlabQuickTotal || 0);
  assert.ok(quick - quickBefore >= 2, `the quick path drew ${quick - quickBefore} times in five inputs`);
  const compared = await quickAgainstFull(page, 'lr-lab-range-test', 0);
  assert.ok(compared.points > 50 && compared.annotations >= 3, `the chart holds curves and annotations (${compared.points} points, ${compared.annotations} annotations)`);
  assert.deepEqual(compared.held.axes, compared.full.axes, 'the full update on the held bounds has the same axes');
  assert.deepEqual(compared.held, compared.full, 'the quick path placed what the full update places');
  await page.mouse.up();
  await page.waitForFunction(() => !document.querySelector('lr-lab-range-test').charts[0].$lrlabRefit);
  assert.deepEqual(errors, []);
  await page.close();
});

test('an axis bound held during a schedules drag goes back to the exact value the lab computes once the slider is released', async () => {
  const { page, errors } = await open();
  await scrollToModule(page, 'lr-lab-schedules');
  await waitInModule(page, 'lr-lab-schedules canvas');
  const lossChart = () => document.querySelector('lr-lab-schedules').charts.find((c) => c.canvas.getAttribute('aria-label')?.startsWith('Loss'));
  const yMax = () => document.querySelector('lr-lab-schedules').charts.find((c) => c.canvas.getAttribute('aria-label')?.startsWith('Loss')).options.scales.y.max;
  await page.waitForFunction(lossChart);
  const drawnCount = () => { const c = document.querySelector('lr-lab-schedules').charts.find((c) => c.canvas.getAttribute('aria-label')?.startsWith('Loss')); return (c.$lrlabQuickTotal || 0) + (c.$lrlabFullTotal || 0); };
  // From a high peak down to a low one: the losses fall, the held axis keeps its top.
  await holdAndMove(page, page.locator('lr-lab-schedules input[type=range][name=peak]'), [0.7, 0.6, 0.5, 0.4, 0.3], drawnCount);
  const during = await page.evaluate(yMax);
  const quick = await page.evaluate(() => document.querySelector('lr-lab-schedules').charts.map((c) => c.$lrlabQuickTotal || 0));
  await page.mouse.up();
  await page.waitForFunction(() => document.querySelector('lr-lab-schedules').charts.every((c) => !c.$lrlabRefit));
  await page.waitForTimeout(300);
  const after = await page.evaluate(yMax);
  const hash = await page.evaluate(() => location.hash);
  // The same settings opened afresh (no gesture): the bound the lab computes.
  const fresh = await open(hash);
  await scrollToModule(fresh.page, 'lr-lab-schedules');
  await fresh.page.waitForFunction(() => document.querySelector('lr-lab-schedules').charts?.find((c) => c.canvas.getAttribute('aria-label')?.startsWith('Loss'))?.options.scales.y.max !== undefined);
  await fresh.page.waitForTimeout(500);
  const exact = await fresh.page.evaluate(yMax);
  assert.ok(quick.some((n) => n > 0), `the quick path drew during the drag (${quick})`);
  assert.equal(after, exact, 'after the release the axis ends where the lab puts it');
  assert.ok(during >= exact, 'during the drag the axis held a top at least as high');
  assert.deepEqual(errors, []);
  assert.deepEqual(fresh.errors, []);
  await fresh.page.close();
  await page.close();
});

test('while the optimizers lab\'s start slider is held only its comparison follows; the batch-noise part runs once, after the release, with the final setting', async () => {
  const { page, errors } = await open();
  await scrollToModule(page, 'lr-lab-optimizers');
  await waitInModule(page, 'lr-lab-optimizers [data-testid^=batch-best-]');
  await page.evaluate(() => {
    const lab = document.querySelector('lr-lab-optimizers');
    window.__parts = [];
    for (const name of ['showCompare', 'showBatches']) {
      const original = lab[name].bind(lab);
      lab[name] = (results, values) => { window.__parts.push({ part: name, start: values.start, dragging: window.__dragging === true }); return original(results, values); };
    }
  });
  const slider = page.locator('lr-lab-optimizers input[type=range][name=start]');
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.3, y);
  await page.mouse.down();
  await page.evaluate(() => { window.__dragging = true; });
  for (let i = 1; i <= 4; ++i) {
    await page.mouse.move(box.x + box.width * (0.3 + 0.08 * i), y);
    await page.waitForFunction((n) => window.__parts.filter((p) => p.part === 'showCompare').length >= n, i);
  }
  await page.waitForTimeout(500);
  await page.evaluate(() => { window.__dragging = false; });
  await page.mouse.up();
  await page.waitForFunction(() => window.__parts.some((p) => p.part === 'showBatches'), null, { timeout: 30000 });
  await page.waitForTimeout(500);
  const parts = await page.evaluate(() => window.__parts);
  const final = await page.evaluate(() => { const lab = document.querySelector('lr-lab-optimizers'); return lab.store.get(lab.constructor.section).start; });
  assert.ok(parts.filter((p) => p.part === 'showCompare' && p.dragging).length >= 4, 'the comparison followed each input');
  assert.deepEqual(parts.filter((p) => p.part === 'showBatches').map((p) => [p.dragging, p.start]), [[false, final]], 'the batch part ran once, after the release, for the final start');
  assert.ok(new Set(parts.filter((p) => p.part === 'showCompare').map((p) => p.start)).size >= 3, 'the drag moved the start');
  // The comparison's axes held still during the drag (the quick path drew) and are automatic
  // again after it: no bound left from the gesture.
  const compare = await page.evaluate(() => {
    const chart = document.querySelector('lr-lab-optimizers').charts[0];
    const { x, y } = chart.config.options.scales;
    return { quick: chart.$lrlabQuickTotal || 0, bounds: [x.min, x.max, y.min] };
  });
  assert.ok(compare.quick >= 1, 'the comparison was drawn by the quick path during the drag');
  assert.deepEqual(compare.bounds, [undefined, undefined, undefined]);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a slider drag announces its activity once, when the drag ends, and the coverage list says when', async () => {
  const { page, errors } = await open();
  await page.evaluate(() => {
    window.__activity = [];
    document.addEventListener('lrlab-activity', (e) => window.__activity.push({ ...e.detail, dragging: window.__dragging === true }));
  });
  const slider = page.locator('lr-lab-sweep input[type=range][name=steps]');
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  const drawn = () => page.evaluate(() => performance.getEntriesByName('lrlab:sweep-drawn').length);
  const before = await drawn();
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.down();
  await page.evaluate(() => { window.__dragging = true; });
  for (let i = 1; i <= 8; ++i) {
    await page.mouse.move(box.x + box.width * (0.3 + 0.04 * i), box.y + box.height / 2);
    await page.waitForFunction((n) => performance.getEntriesByName('lrlab:sweep-drawn').length >= n, before + i);
  }
  const during = await page.evaluate(() => window.__activity.length);
  await page.evaluate(() => { window.__dragging = false; });
  await page.mouse.up();
  await page.waitForFunction(() => window.__activity.length > 0);
  await page.waitForTimeout(300);
  const activity = await page.evaluate(() => window.__activity);
  assert.ok(await drawn() >= before + 8, 'the curves followed every input of the drag');
  assert.equal(during, 0, 'no activity announced while the slider was held');
  const keys = activity.map((a) => `${a.step}|${a.concept}`);
  assert.equal(new Set(keys).size, keys.length, `each activity once: ${keys.join(', ')}`);
  assert.ok(activity.some((a) => a.module === 'lr-lab-sweep' && a.step === 'log-sweep'), 'the sweep workflow step was announced');
  // The coverage list ticks what was exercised, with the time of day (HH:MM, no Intl).
  await page.evaluate(() => document.querySelector('lr-lab-coverage').scrollIntoView());
  const state = await page.locator('lr-lab-coverage li.done .state').first().textContent();
  const now = new Date();
  assert.match(state, /^· exercised today \d\d:\d\d$/);
  const [hh, mm] = state.match(/(\d\d):(\d\d)/).slice(1).map(Number);
  assert.ok(Math.abs((hh * 60 + mm) - (now.getHours() * 60 + now.getMinutes())) <= 2, `${state} is about now`);
  assert.deepEqual(errors, []);
  await page.close();
});
