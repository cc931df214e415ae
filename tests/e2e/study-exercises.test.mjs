// The study exercises on the served page: the architecture reorder exercise solved by
// keyboard only and by pointer drag, a concept-drill round answered and scored, a failure-mode
// remedy run with its verdict, the code walkthrough showing the real engine source — and no
// console error along the way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { watchErrors, repoRoot, useBrowserAndSite, scrollToModule } from './browser.mjs';

const content = (name) => JSON.parse(readFileSync(join(repoRoot, 'web/content', name), 'utf8'));
const CORRECT = content('workflow.json').map((s) => s.id);

const env = useBrowserAndSite();

async function open(tag, viewport = { width: 1280, height: 800 }) {
  const page = await env.browser.context.newPage();
  await page.setViewportSize(viewport);
  const errors = watchErrors(page);
  await page.goto(env.site.url);
  await scrollToModule(page, tag);
  return { page, errors };
}

/** The reorder exercise's current order (step ids, top to bottom). */
const order = (page) => page.locator('lr-lab-reorder').evaluate((el) =>
  [...el.shadowRoot.querySelectorAll('li[data-id]')].map((li) => li.dataset.id));

/** The id of the focused step inside the exercise, or null. */
const focusedStep = (page) => page.locator('lr-lab-reorder').evaluate((el) => el.shadowRoot.activeElement?.dataset?.id ?? null);

async function checkAllInPlace(page) {
  await page.locator('lr-lab-reorder [data-testid=reorder-check]').click();
  const marks = await page.locator('lr-lab-reorder li[data-id] .mark').allTextContents();
  assert.equal(marks.length, CORRECT.length);
  for (const mark of marks) assert.match(mark, /^✓/, `not all in place: ${marks.join(' | ')}`);
  assert.match(await page.locator('lr-lab-reorder [data-testid=reorder-result]').textContent(), /✓/);
}

test('the reorder exercise starts shuffled and is solved by keyboard only', async () => {
  const { page, errors } = await open('lr-lab-reorder');
  const start = await order(page);
  assert.deepEqual([...start].sort(), [...CORRECT].sort());
  assert.notDeepEqual(start, CORRECT, 'the exercise must not start in order');

  // A wrong check first: per-step feedback without the full answer.
  await page.locator('lr-lab-reorder [data-testid=reorder-check]').click();
  const firstMarks = await page.locator('lr-lab-reorder li[data-id] .mark').allTextContents();
  assert.ok(firstMarks.some((m) => m.startsWith('✗')), firstMarks.join(' | '));

  for (let target = 0; target < CORRECT.length; ++target) {
    const id = CORRECT[target];
    let at = (await order(page)).indexOf(id);
    await page.locator(`lr-lab-reorder li[data-id="${id}"]`).focus();
    while (at > target) {
      await page.keyboard.press('ArrowUp');
      at -= 1;
      assert.equal(await focusedStep(page), id, 'focus follows the moved step');
      assert.equal((await order(page)).indexOf(id), at);
    }
  }
  // ArrowDown moves too (and back up), and the live region announces the move.
  await page.locator(`lr-lab-reorder li[data-id="${CORRECT[0]}"]`).focus();
  await page.keyboard.press('ArrowDown');
  assert.equal((await order(page)).indexOf(CORRECT[0]), 1);
  const announced = await page.locator('lr-lab-reorder [role=status][aria-live]').first().textContent();
  assert.match(announced, new RegExp(`^Moved '.+' to position 2 of ${CORRECT.length}$`));
  await page.keyboard.press('ArrowUp');
  assert.deepEqual(await order(page), CORRECT);
  await checkAllInPlace(page);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the reorder exercise is solved by pointer drag', async () => {
  const { page, errors } = await open('lr-lab-reorder');
  await page.locator('lr-lab-reorder [data-testid=reorder-shuffle]').click();
  assert.notDeepEqual(await order(page), CORRECT);
  for (let target = 0; target < CORRECT.length; ++target) {
    const current = await order(page);
    const id = CORRECT[target];
    if (current[target] === id) continue;
    const from = await page.locator(`lr-lab-reorder li[data-id="${id}"]`).boundingBox();
    const to = await page.locator(`lr-lab-reorder li[data-id="${current[target]}"]`).boundingBox();
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2 - 12, { steps: 3 });
    // A placeholder shows where the step will land while it is dragged.
    assert.equal(await page.locator('lr-lab-reorder li.placeholder').count(), 1);
    await page.mouse.move(to.x + to.width / 2, to.y + 4, { steps: 10 });
    await page.mouse.up();
    assert.equal(await page.locator('lr-lab-reorder li.placeholder').count(), 0);
    assert.equal((await order(page)).indexOf(id), target, `dragging ${id} to position ${target + 1}`);
  }
  assert.deepEqual(await order(page), CORRECT);
  await checkAllInPlace(page);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a drill round is answered, revealed and scored', async () => {
  const { page, errors } = await open('lr-lab-drill');
  const score = page.locator('lr-lab-drill [data-testid=drill-score]');
  await page.locator('lr-lab-drill [data-testid=drill-choice-good]').waitFor();
  const before = await score.textContent();
  assert.match(before, /Score \d+ \/ \d+/);
  const total = Number(before.match(/\/ (\d+)/)[1]);
  await page.locator('lr-lab-drill [data-testid=drill-choice-good]').click();
  const reveal = page.locator('lr-lab-drill [data-testid=drill-reveal]');
  await reveal.waitFor({ state: 'visible' });
  assert.match(await reveal.textContent(), /The engine labels this run/);
  const after = await score.textContent();
  assert.notEqual(after, before);
  assert.equal(Number(after.match(/\/ (\d+)/)[1]), total + 1);

  // A largest-stable-α round: pick a rate, the sweep reveals the answer.
  await page.locator('lr-lab-drill [data-testid=drill-mode-largest-stable]').click();
  await page.locator('lr-lab-drill [data-testid=drill-choice-alpha-0]').click();
  await reveal.waitFor({ state: 'visible' });
  assert.match(await page.locator('lr-lab-drill [data-testid=drill-answer]').textContent(), /^(none|[\d.e-]+)$/);
  assert.equal(Number((await score.textContent()).match(/\/ (\d+)/)[1]), total + 2);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a failure-mode remedy runs and shows its verdict', async () => {
  const scenarios = content('failure-modes.json');
  assert.ok(scenarios.length >= 5);
  const { page, errors } = await open('lr-lab-failure-lab');
  const scenario = scenarios[scenarios.length - 1];
  await page.locator(`lr-lab-failure-lab [data-testid=failure-scenario-${scenario.id}]`).click();
  for (const remedy of scenario.remedies) {
    await page.locator(`lr-lab-failure-lab [data-testid=failure-remedy-${remedy.id}]`).click();
    const verdict = page.locator('lr-lab-failure-lab [data-testid=failure-verdict]');
    await page.waitForFunction((name) => {
      const el = document.querySelector('lr-lab-failure-lab').shadowRoot.querySelector('[data-testid=failure-verdict]');
      return el && !el.hidden && el.textContent.includes(name);
    }, remedy.label);
    assert.match(await verdict.textContent(), remedy.works ? /✓ Works/ : /✗ Does not work/);
    assert.equal(await verdict.getAttribute('data-works'), String(remedy.works));
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('the code walkthrough shows the engine source extracted at build time', async () => {
  const { page, errors } = await open('lr-lab-code');
  const source = page.locator('lr-lab-code [data-testid=code-source]');
  await source.waitFor();
  // The training loop's excerpt: the step loop, then train() that runs it.
  assert.match(await source.textContent(), /^template <typename Evaluate, typename Update>\nvoid step_loop\([\s\S]*\nRunResult train\(/);
  await page.locator('lr-lab-code [data-testid=code-tab-run-sweep]').click();
  assert.match(await source.textContent(), /^Expected<SweepResult> run_sweep\(/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a drill score the drill could not have written is reset with a notice, and scoring works after it', async () => {
  const { page, errors } = await open('lr-lab-drill');
  await page.evaluate(() => localStorage.setItem('lrlab.drill', '{"v":1,"correct":"3","total":5,"streak":0,"best":0}'));
  await page.reload();
  await page.locator('lr-lab-drill').scrollIntoViewIfNeeded();
  await page.locator('lr-lab-drill [data-testid=drill-store-notice]').getByText('Your saved drill score could not be read and was reset.').waitFor();
  const score = page.locator('lr-lab-drill [data-testid=drill-score]');
  assert.match(await score.textContent(), /^Score 0 \/ 0/);
  await page.locator('lr-lab-drill [data-testid=drill-choice-good]').click();
  await page.locator('lr-lab-drill [data-testid=drill-reveal]').waitFor({ state: 'visible' });
  assert.match(await score.textContent(), /^Score (0|1) \/ 1 /);
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('lrlab.drill')));
  assert.equal(stored.total, 1);
  assert.equal(typeof stored.correct, 'number');
  await page.evaluate(() => localStorage.removeItem('lrlab.drill'));
  assert.deepEqual(errors, []);
  await page.close();
});
