// The page as a learner meets it (issue "Distill / Playground grade"): no broken or stale
// states, touch that scrolls, charts whose labels never print over each other, sliders on
// the 1-3-10 ladder, a skip link that keeps the experiment in the address, focus never under
// the sticky navigation, answers hidden until asked, and numbers written for people.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watchErrors, useBrowserAndSite, defineAllModules, scrollToModule } from './browser.mjs';
import { engineSweep, sweepLabRequest } from './expected.mjs';
import { loadEngine } from '../../web/engine/engine.js';
import { fitGrid } from '../../web/labs/sweep.js';

const env = useBrowserAndSite();
const engine = await loadEngine();
const MAX_RATE = engine.defaults.limits.max_learning_rate;

async function open(hash = '', { viewport = { width: 1280, height: 800 }, wait = 'lr-lab-sweep [data-testid=recommended]' } = {}) {
  const page = await env.browser.context.newPage();
  await page.setViewportSize(viewport);
  const errors = watchErrors(page);
  await page.goto(env.site.url + hash);
  if (wait) await scrollToModule(page, wait.split(' ')[0]);
  if (wait) await page.waitForSelector(wait);
  return { page, errors };
}

const sweepRows = (page) => page.locator('lr-lab-sweep tbody tr').evaluateAll((rows) => rows.map((r) => ({
  alpha: Number(r.querySelector('td').textContent), label: r.dataset.label,
})));

/** The sweep lab's visible state: the clip notice, the results box, the loss chart's curves. */
const sweepState = (page) => page.locator('lr-lab-sweep').evaluate((el) => {
  const root = el.shadowRoot;
  const clip = root.querySelector('[data-testid=sweep-clipped]');
  const results = root.querySelector('[data-testid=sweep-results]');
  const [loss] = el.charts;
  return {
    clipped: clip.hidden ? null : clip.textContent,
    resultsShown: !results.hidden && results.getBoundingClientRect().height > 0,
    stale: results.classList.contains('stale'),
    curves: loss.data.datasets.filter((d) => d.data.length > 0).length,
    advice: root.querySelector('[data-testid=sweep-advice]')?.textContent ?? '',
    error: root.querySelector('p.error[role=alert]')?.textContent ?? null,
  };
});

async function expectClippedSweep(page, grid, request) {
  const expected = await engineSweep(request);
  await page.waitForFunction((count) => {
    const root = document.querySelector('lr-lab-sweep').shadowRoot;
    return root.querySelectorAll('tbody tr').length === count && !root.querySelector('[data-testid=sweep-results]').classList.contains('stale');
  }, grid.count);
  const state = await sweepState(page);
  assert.ok(state.clipped, 'a notice says the grid was clipped');
  assert.match(state.clipped, new RegExp(`${grid.count} of the ${grid.requested} rates`));
  assert.equal(state.error, null, 'no error is shown');
  assert.ok(state.resultsShown, 'the results show');
  assert.equal(state.stale, false);
  assert.equal(state.curves, grid.count, 'one curve per clipped rate');
  assert.ok(state.advice.length > 20, `advice is written: "${state.advice}"`);
  const rows = await sweepRows(page);
  assert.deepEqual(rows.map((r) => r.label), expected.labels, 'the rows are the engine\'s sweep of the clipped grid');
  assert.ok(rows.every((r) => r.alpha <= MAX_RATE), rows.map((r) => r.alpha).join(', '));
  assert.equal(await page.locator('lr-lab-sweep [data-testid=recommended]').textContent(), expected.recommendedText);
}

test('step ×10 from the defaults clips the grid to the largest allowed α, says so and shows fresh results', async () => {
  const { page, errors } = await open();
  const start = await page.locator('lr-lab-sweep [data-testid=recommended]').textContent();
  await page.locator('lr-lab-sweep select[name=factor]').selectOption('x10');
  const grid = fitGrid({ start: 1e-4, factor: 'x10', count: 9 }, MAX_RATE);
  assert.ok(grid.clipped, 'the default count with ×10 passes the largest α (the premise of this test)');
  await expectClippedSweep(page, grid, sweepLabRequest({ factor: 'x10', count: grid.count }));
  // Back to ×3: the notice goes, the results are the ×3 ones again.
  await page.locator('lr-lab-sweep select[name=factor]').selectOption('x3');
  await page.waitForFunction(() => document.querySelector('lr-lab-sweep').shadowRoot.querySelector('[data-testid=sweep-clipped]').hidden);
  await page.waitForFunction((text) => document.querySelector('lr-lab-sweep').shadowRoot.querySelector('[data-testid=recommended]').textContent === text, start);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a link with ×10 and 25 rates opens clipped, with the notice, charts and advice', async () => {
  const { page, errors } = await open('#sweep.factor=x10&sweep.count=25');
  const grid = fitGrid({ start: 1e-4, factor: 'x10', count: 25 }, MAX_RATE);
  await expectClippedSweep(page, grid, sweepLabRequest({ factor: 'x10', count: grid.count }));
  // The link's settings were valid (only too long a grid): no junk notice, the address keeps them.
  assert.equal(await page.locator('#notice').isVisible(), false);
  assert.match(await page.evaluate(() => location.hash), /sweep\.factor=x10/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('an engine error takes the place of the results, which come back when the settings are fixed', async () => {
  const { page, errors } = await open();
  assert.ok((await sweepState(page)).resultsShown);
  // Mini-batch SGD with a batch larger than the data: the engine refuses it.
  await page.locator('lr-lab-sweep select[name=optimizer]').selectOption('sgd');
  await page.locator('lr-lab-sweep input[name=batch]').fill('100000');
  await page.locator('lr-lab-sweep input[name=batch]').press('Enter');
  await page.locator('lr-lab-sweep p.error[role=alert]').waitFor();
  const failed = await sweepState(page);
  assert.equal(failed.resultsShown, false, 'no results of other settings beside the error');
  assert.match(failed.error, /^[A-Z]/, `the message starts as a sentence: ${failed.error}`);
  await page.locator('lr-lab-sweep input[name=batch]').fill('16');
  await page.locator('lr-lab-sweep input[name=batch]').press('Enter');
  await page.waitForFunction(() => !document.querySelector('lr-lab-sweep').shadowRoot.querySelector('[data-testid=sweep-results]').hidden);
  const fixed = await sweepState(page);
  assert.equal(fixed.error, null);
  assert.ok(fixed.resultsShown);
  assert.deepEqual(errors, []);
  await page.close();
});

/** A touch drag from (x, y) by dy, as a finger would do it (CDP touch events). */
async function touchDrag(page, x, y, dy, steps = 12) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
  for (let i = 1; i <= steps; ++i) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y + (dy * i) / steps }] });
    await page.waitForTimeout(16);
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await page.waitForTimeout(300);
  await cdp.detach();
}

const reorderOrder = (page) => page.locator('lr-lab-reorder').evaluate((el) =>
  [...el.shadowRoot.querySelectorAll('li[data-id]')].map((li) => li.dataset.id));

test('on a touch tablet a swipe over the reorder list scrolls the page, and a drag by the handle reorders', async () => {
  const page = await env.browser.context.newPage();
  const errors = watchErrors(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.goto(env.site.url);
  await scrollToModule(page, 'lr-lab-reorder');
  await page.locator('lr-lab-reorder li[data-id]').first().waitFor();
  // The list in the middle of the viewport.
  await page.locator('lr-lab-reorder').evaluate((el) => {
    const list = el.shadowRoot.querySelector('ol');
    const r = list.getBoundingClientRect();
    scrollBy(0, r.top + r.height / 2 - innerHeight / 2);
  });
  const before = await reorderOrder(page);
  const third = await page.locator(`lr-lab-reorder li[data-id="${before[2]}"] .title`).boundingBox();
  const y0 = await page.evaluate(() => scrollY);
  // A swipe up over a step's text: the page scrolls, nothing moves.
  await touchDrag(page, third.x + third.width / 2, third.y + third.height / 2, -250);
  const y1 = await page.evaluate(() => scrollY);
  assert.ok(y1 - y0 > 100, `the swipe scrolled ${y1 - y0} px`);
  assert.deepEqual(await reorderOrder(page), before, 'a swipe does not reorder');

  // A drag that starts on a step's handle moves that step (and does not scroll the page).
  // The swipe moved the list up, possibly under the sticky navigation: centre it again.
  await page.locator('lr-lab-reorder').evaluate((el) => {
    const r = el.shadowRoot.querySelector('ol').getBoundingClientRect();
    scrollBy(0, r.top + r.height / 2 - innerHeight / 2);
  });
  const order = await reorderOrder(page);
  // Sections coming into view lay out late (content-visibility: auto) and the page may still
  // shift after the swipe: measure once the boxes stop moving.
  const settled = async (locator) => {
    let last = null;
    for (let i = 0; i < 30; ++i) {
      const box = await locator.boundingBox();
      if (last && Math.abs(box.y - last.y) < 0.5) return box;
      last = box;
      await page.waitForTimeout(100);
    }
    return last;
  };
  const handle = await settled(page.locator(`lr-lab-reorder [data-testid=reorder-handle-${order[0]}]`));
  const second = await settled(page.locator(`lr-lab-reorder li[data-id="${order[1]}"]`));
  const y2 = await page.evaluate(() => scrollY);
  await touchDrag(page, handle.x + handle.width / 2, handle.y + handle.height / 2, second.y + second.height - handle.y);
  const after = await reorderOrder(page);
  assert.equal(after.indexOf(order[0]), 1, `dragging by the handle moved the first step down: ${order.join(', ')} → ${after.join(', ')}; handle ${JSON.stringify(handle)}, second ${JSON.stringify(second)}, scroll ${y2} → ${await page.evaluate(() => scrollY)}`);
  assert.ok(Math.abs((await page.evaluate(() => scrollY)) - y2) < 5, 'dragging a handle does not scroll the page');
  await cdp.detach();
  assert.deepEqual(errors, []);
  await page.close();
});

/**
 * The label boxes of every chart of a lab (Chart.js annotation plugin: each line's label
 * element), in canvas pixels: {chart, id, x, y, width, height}.
 */
const labelBoxes = (page, tag) => page.locator(tag).evaluate((el) => el.charts.flatMap((chart, index) => {
  const plugin = chart.constructor.registry.getPlugin('annotation');
  return plugin.getAnnotations(chart)
    .filter((a) => a.options?.label?.display && a.elements?.[0] && !a.skip)
    .map((a) => {
      const { x, y, width, height } = a.elements[0];
      return { chart: index, id: a.options.id, x: x - 0, y, width, height };
    });
}));

function overlapping(boxes) {
  const pairs = [];
  for (let i = 0; i < boxes.length; ++i) {
    for (let j = i + 1; j < boxes.length; ++j) {
      const a = boxes[i], b = boxes[j];
      if (a.chart !== b.chart) continue;
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      if (!apart) pairs.push(`${a.id} × ${b.id}`);
    }
  }
  return pairs;
}

test('chart labels never print over each other (sweep: 1/λmax, 2/λmax, pick; range test: the rules and the stop)', async () => {
  for (const hash of ['', '#sweep.factor=x10&sweep.count=25', '#sweep.scaling=z_score']) {
    const { page, errors } = await open(hash);
    await scrollToModule(page, 'lr-lab-range-test');
    await page.locator('lr-lab-range-test [data-testid=valley]').filter({ hasText: /\d/ }).waitFor();
    await page.waitForTimeout(300);
    const sweep = await labelBoxes(page, 'lr-lab-sweep');
    const range = await labelBoxes(page, 'lr-lab-range-test');
    assert.ok(sweep.length >= 3, `the sweep shows its three line labels (${hash}): ${sweep.map((b) => b.id)}`);
    assert.ok(range.length >= 3, `the range test shows its rule labels (${hash}): ${range.map((b) => b.id)}`);
    for (const b of [...sweep, ...range]) assert.ok(b.width > 0 && b.height > 0, `${b.id} has a box`);
    assert.deepEqual(overlapping(sweep), [], `sweep labels overlap (${hash})`);
    assert.deepEqual(overlapping(range), [], `range-test labels overlap (${hash})`);
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('every position of an α slider is a rung of the 1-3-10 ladder', async () => {
  const { page, errors } = await open();
  await defineAllModules(page);
  const sliders = [
    ['lr-lab-sweep', 'start'], ['lr-lab-range-test', 'start_lr'], ['lr-lab-range-test', 'end_lr'],
    ['lr-lab-schedules', 'peak'], ['lr-lab-optimizers', 'start'], ['lr-lab-optimizers', 'band_rate'],
  ];
  for (const [tag, name] of sliders) {
    const values = await page.locator(tag).evaluate((el, key) => {
      const input = el.shadowRoot.querySelector(`input[type=range][name=${key}]`);
      const out = [];
      for (let i = Number(input.min); i <= Number(input.max); ++i) {
        input.value = String(i);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        out.push(el.settings[key]);
      }
      return out;
    }, name);
    assert.ok(values.length >= 4, `${tag} ${name} has positions`);
    for (const v of values) {
      const mantissa = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
      assert.ok([1, 3].some((m) => Math.abs(mantissa - m) < 1e-9), `${tag} ${name}: ${v} is not on the 1-3-10 ladder`);
    }
    // Consecutive positions step ×3 or ×10/3: no rung skipped, none repeated.
    for (let i = 1; i < values.length; ++i) {
      const ratio = values[i] / values[i - 1];
      assert.ok(Math.abs(ratio - 3) < 1e-9 || Math.abs(ratio - 10 / 3) < 1e-9, `${tag} ${name}: ${values[i - 1]} → ${values[i]}`);
    }
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('the skip link moves focus to the sweep lab and keeps the experiment in the address', async () => {
  const hash = '#sweep.scaling=z_score&sweep.count=5';
  const { page, errors } = await open(hash);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'sweep');
  assert.equal(await page.evaluate(() => location.hash), hash);
  // The nav links do the same.
  await page.locator('nav.sections a[href="#range-test"]').click();
  await page.waitForFunction(() => document.activeElement?.id === 'range-test');
  assert.equal(await page.evaluate(() => location.hash), hash);
  assert.deepEqual(errors, []);
  await page.close();
});

/** The focused element, through shadow roots: its box and a name for messages. */
const deepFocus = (page) => page.evaluate(() => {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  if (!el || el === document.body) return null;
  const r = el.getBoundingClientRect();
  const nav = document.querySelector('nav.sections').getBoundingClientRect();
  const inNav = !!el.closest?.('nav.sections');
  const host = el.getRootNode()?.host?.localName || '';
  return { top: r.top, bottom: r.bottom, height: r.height, navBottom: nav.bottom, inNav, skip: el.classList?.contains('skip'),
    name: `${host} ${el.localName}${el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : ''} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40)}"` };
});

test('no focus stop ends under the sticky navigation, going backwards or forwards', async () => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 768, height: 1024 }]) {
    const { page, errors } = await open('', { viewport });
    await page.waitForTimeout(1500);  // the study modules fill in
    const hidden = [];
    let stops = 0;
    for (const key of ['Shift+Tab', 'Tab']) {
      await page.evaluate(() => { document.activeElement?.blur(); });
      if (key === 'Shift+Tab') await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
      else await page.evaluate(() => scrollTo(0, 0));
      const seen = new Set();
      for (let i = 0; i < 400; ++i) {
        await page.keyboard.press(key);
        const focus = await deepFocus(page);
        if (!focus) break;
        if (seen.has(focus.name + focus.top) && i > 5 && focus.skip) break;
        seen.add(focus.name + focus.top);
        if (focus.skip) { if (key === 'Shift+Tab' && i > 0) break; continue; }
        ++stops;
        if (!focus.inNav && focus.height > 0 && focus.top < focus.navBottom - 1) hidden.push(`${key} ${focus.name}: top ${Math.round(focus.top)} < nav ${Math.round(focus.navBottom)}`);
      }
    }
    assert.ok(stops > 100, `walked ${stops} focus stops`);
    assert.deepEqual(hidden, [], `${viewport.width}px`);
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('the focus ring is a solid ring of at least 2px in the accent colour', async () => {
  const { page } = await open();
  await page.locator('lr-lab-sweep select[name=scaling]').focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  const shadow = await page.locator('lr-lab-sweep select[name=scaling]').evaluate((el) => getComputedStyle(el).boxShadow);
  // Two rings: the background gap, then the accent, ≥ 2px wider (WCAG 2.2 focus appearance).
  const spreads = [...shadow.matchAll(/(\d+(?:\.\d+)?)px(?=\s*(?:,|$))/g)].map((m) => Number(m[1]));
  assert.ok(spreads.length >= 2 && spreads[1] - spreads[0] >= 2, shadow);
  assert.doesNotMatch(shadow, /rgba\([^)]*0\.\d+\)/, `the ring is not translucent: ${shadow}`);
  await page.close();
});

test('interview answers stay hidden until asked', async () => {
  const { page, errors } = await open('', { wait: 'lr-lab-interview [data-testid=answer-toggle]' });
  const answers = page.locator('lr-lab-interview [data-testid=answer]');
  assert.equal(await answers.count(), 5);
  for (let i = 0; i < 5; ++i) assert.equal(await answers.nth(i).isVisible(), false);
  assert.equal(await page.locator('lr-lab-interview [data-testid=senior-toggle]').first().isVisible(), false, 'no senior angle before the answer');
  await page.locator('lr-lab-interview [data-testid=answer-toggle]').nth(2).click();
  assert.equal(await answers.nth(2).isVisible(), true);
  assert.equal(await answers.nth(0).isVisible(), false);
  assert.deepEqual(errors, []);
  await page.close();
});

/** Every text of the page, through the modules' shadow roots. */
const allText = (page) => page.evaluate(() => {
  const parts = [];
  const walk = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) parts.push(walker.currentNode.textContent);
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
  };
  walk(document.body);
  return parts.join('\n');
});

function formattingProblems(text) {
  const problems = [];
  for (const m of text.matchAll(/[\d.]+e[+-]?\d+\s?%/g)) problems.push(`a percentage in exponent form: "${m[0]}"`);
  for (const m of text.matchAll(/(?:^|[\s(=:])[-−]0(?:[\s%,;)]|\.(?!\d)|$)/gm)) problems.push(`a minus zero: "${m[0].trim()}"`);
  for (const m of text.matchAll(/Α/g)) problems.push(`a Greek capital alpha (reads as "A"): ${text.slice(Math.max(0, m.index - 20), m.index + 30)}`);
  for (const m of text.matchAll(/α = (\d+\.\d+)/g)) {
    const significant = m[1].replace('.', '').replace(/^0+/, '');
    if (significant.length > 3) problems.push(`α with more than 3 significant digits: "${m[0]}"`);
  }
  return problems;
}

test('numbers read as people write them: no exponent percentages, no -0, α never "A" nor six digits', async () => {
  for (const hash of ['', '#sweep.factor=x10&sweep.count=25', '#sweep.scaling=z_score&sweep.optimizer=momentum']) {
    const { page, errors } = await open(hash);
    // Let every module fill in, and open the parts that show more numbers.
    await page.waitForTimeout(2500);
    await page.locator('lr-lab-sweep details summary').first().click();
    const asks = page.locator('lr-lab-interview [data-testid=answer-toggle]');
    for (let i = 0; i < await asks.count(); ++i) await asks.nth(i).click();
    const text = await allText(page);
    assert.ok(text.length > 5000, 'the page has its text');
    assert.deepEqual(formattingProblems(text), [], hash);
    assert.deepEqual(errors, []);
    await page.close();
  }
  // The checks themselves catch what they are meant to catch.
  assert.equal(formattingProblems('rose 5.23e+04 % then -0 % at Α = 1 and α = 0.316228; −0.5 is fine').length, 4);
});

test('keyboard hints show for a mouse and keyboard, not on a touch-only tablet', async () => {
  const hintsShown = async (page) => page.evaluate(() => ['lr-lab-reorder', 'lr-lab-flashcards'].flatMap((tag) =>
    [...document.querySelector(tag).shadowRoot.querySelectorAll('.kbd-hint')].map((el) => getComputedStyle(el).display !== 'none')));
  const { page, errors } = await open('', { wait: 'lr-lab-flashcards [data-testid=card]' });
  const desktop = await hintsShown(page);
  assert.ok(desktop.length >= 3 && desktop.every(Boolean), `hints on a desktop: ${desktop}`);
  const cdp = await page.context().newCDPSession(page);
  // A touch-only device: Chromium then matches (hover: none) and (pointer: coarse).
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
  assert.ok(await page.evaluate(() => matchMedia('(hover: none) and (pointer: coarse)').matches), 'the emulation took');
  const touch = await hintsShown(page);
  assert.equal(touch.length, desktop.length);
  assert.ok(touch.every((shown) => !shown), `hints on a touch tablet: ${touch}`);
  await cdp.detach();
  assert.deepEqual(errors, []);
  await page.close();
});
