// The lesson's rhythm and theme: short blocks with the long explanations behind disclosures
// (closed at first, operable from the keyboard, numbers still filled in by the engine), a
// page that stays compact on a tablet, and charts whose every colour follows the colour
// scheme — also when it changes while the page is open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watchErrors, useBrowserAndSite, defineAllModules, waitInModule } from './browser.mjs';

const env = useBrowserAndSite();

/** A tablet-sized page (touch-free: the keyboard is what is tested) with its errors watched. */
async function open({ width = 768, height = 1024, colorScheme = 'light' } = {}) {
  const page = await env.browser.context.newPage();
  await page.setViewportSize({ width, height });
  await page.emulateMedia({ colorScheme });
  const errors = watchErrors(page);
  await page.goto(env.site.url);
  return { page, errors };
}

/** Every details.more on the page and in the modules' shadow roots: [where, open]. */
const disclosures = (page) => page.evaluate(() => {
  const found = [];
  const walk = (root, where) => {
    for (const d of root.querySelectorAll('details.more')) found.push([where, d.open, d.querySelector('summary')?.textContent.trim()]);
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot, el.tagName.toLowerCase());
  };
  walk(document, 'page');
  return found;
});

test('the long explanations wait behind disclosures that start closed, in the lesson text and in the labs', async () => {
  const { page, errors } = await open();
  await defineAllModules(page);  // the lower modules are defined as the reader approaches them
  await page.waitForSelector('lr-lab-theory [data-testid=theory-truth] summary');
  await page.waitForSelector('lr-lab-scaling details.more');
  const found = await disclosures(page);
  const where = new Set(found.map(([w]) => w));
  for (const host of ['page', 'lr-lab-theory', 'lr-lab-scaling', 'lr-lab-range-test', 'lr-lab-optimizers']) assert.ok(where.has(host), `${host} folds its long text (found: ${[...where].join(', ')})`);
  const open_ = found.filter(([, isOpen]) => isOpen);
  assert.deepEqual(open_, [], 'every disclosure starts closed');
  for (const [w, , summary] of found) assert.ok(summary && summary.length > 5, `${w}: the summary says what is inside ("${summary}")`);
  // The numbers behind a closed disclosure are still the engine's (filled, not "…"), once the
  // reader comes near them.
  await page.evaluate(() => document.querySelector('details.more [data-fact]').closest('section').scrollIntoView());
  await page.waitForFunction(() => [...document.querySelectorAll('details.more [data-fact]')].every((el) => el.textContent !== '…'), null, { timeout: 30000 });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a disclosure opens and closes from the keyboard (Enter, Space) and its summary is a 44 px target', async () => {
  const { page } = await open();
  const summary = page.locator('#sweep details.more > summary');
  await summary.focus();
  assert.ok((await summary.boundingBox()).height >= 44, 'the summary row is at least 44 px tall');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('#sweep details.more').evaluate((d) => d.open), true, 'Enter opens it');
  assert.ok(await page.locator('#sweep details.more [data-fact=worked_good_drop_percent]').isVisible(), 'its numbers show');
  await page.keyboard.press('Space');
  assert.equal(await page.locator('#sweep details.more').evaluate((d) => d.open), false, 'Space closes it');

  // Inside a module's shadow root: the theory lab's "truth over folklore" check.
  const truth = page.locator('lr-lab-theory [data-testid=theory-truth] summary');
  await truth.focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('lr-lab-theory [data-testid=theory-rises]');
  assert.ok(await page.locator('lr-lab-theory [data-testid=theory-rises]').isVisible(), 'the live check shows once opened');
  await page.close();
});

test('the lesson is compact on a 768×1024 tablet: below 24,000 px with every section rendered (26,100 before the disclosures)', async () => {
  const { page, errors } = await open();
  await waitInModule(page, 'lr-lab-sweep [data-testid=recommended]');
  // Sections out of view skip layout (content-visibility) and count at an estimated height:
  // lay every one out, and scroll through so each lab runs and shows its results.
  await page.addStyleTag({ content: 'main section { content-visibility: visible !important; }' });
  for (let y = 0; y < 40000; y += 900) {
    await page.evaluate((top) => scrollTo(0, top), y);
    await page.waitForTimeout(60);
  }
  await page.waitForSelector('lr-lab-optimizers tbody tr');
  await page.waitForTimeout(3000);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  assert.ok(height < 24000, `the page is ${height} px tall`);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 768, 'no horizontal scroll');
  assert.deepEqual(errors, []);
  await page.close();
});

/** The colours of the theory lab's first chart and the scaling lab's window chart. */
const chartColors = (page) => page.evaluate(() => {
  const theory = document.querySelector('lr-lab-theory');
  const [smooth] = theory.charts;
  const style = getComputedStyle(smooth.canvas);
  return {
    curve: smooth.data.datasets[0].borderColor,
    label: smooth.data.datasets[0].data.length ? theory.shadowRoot.querySelector('[data-testid=theory-label-smooth]').dataset.label : null,
    good: style.getPropertyValue('--good').trim(),
    ticks: smooth.options.scales.x.ticks.color,
    grid: smooth.options.scales.x.grid.color,
    fg: style.getPropertyValue('--fg').trim(),
    border: style.getPropertyValue('--border').trim(),
  };
});

test('chart colours come from the theme: the diagnosis colours, ticks and grid differ between light and dark, and follow a live switch', async () => {
  const { page, errors } = await open();
  await page.waitForSelector('lr-lab-theory [data-testid=theory-label-smooth]');
  const light = await chartColors(page);
  assert.equal(light.label, 'good');
  assert.equal(light.curve, light.good, 'the curve is the theme’s --good');
  assert.equal(light.ticks, light.fg);
  assert.equal(light.grid, light.border);

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction((before) => document.querySelector('lr-lab-theory').charts[0].data.datasets[0].borderColor !== before, light.curve);
  const dark = await chartColors(page);
  assert.notEqual(dark.good, light.good, 'the theme has a dark --good');
  assert.equal(dark.curve, dark.good, 'after the switch the curve is the dark --good');
  assert.equal(dark.ticks, dark.fg, 'ticks follow the dark text colour');
  assert.equal(dark.grid, dark.border, 'the grid follows the dark border colour');
  assert.notEqual(dark.ticks, light.ticks);

  // A page opened in the dark scheme draws with the dark colours from the start.
  const fresh = await open({ colorScheme: 'dark' });
  await fresh.page.waitForSelector('lr-lab-theory [data-testid=theory-label-smooth]');
  const direct = await chartColors(fresh.page);
  assert.equal(direct.curve, dark.good);
  assert.deepEqual(errors, []);
  assert.deepEqual(fresh.errors, []);
  await page.close();
  await fresh.page.close();
});
