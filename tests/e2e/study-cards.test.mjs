// The revision modules on the lesson page in real headless Chromium: flash cards (a card
// graded Good leaves the due pile for the session and its progress survives a reload),
// interview prep (the senior angle opens by mouse and keyboard; a lab link applies its
// state), coverage (a concept ticks when the sweep lab's scaling changes and stays ticked
// after a reload) — with no console errors. localStorage is cleared at the start of each test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watchErrors, useBrowserAndSite, scrollToModule } from './browser.mjs';

const env = useBrowserAndSite();

/** Opens the page with empty saved progress and waits for `selector`. */
async function open(selector) {
  const page = await env.browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  const errors = watchErrors(page);
  await page.goto(env.site.url);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await scrollToModule(page, selector.split(' ')[0]);
  await page.waitForSelector(selector);
  return { page, errors };
}

const FLASH = 'lr-lab-flashcards';
const dueOf = async (page) => Number(await page.locator(`${FLASH} [data-testid=due-count]`).getAttribute('data-due'));
const cardOf = (page) => page.locator(`${FLASH} [data-testid=card]`).getAttribute('data-card');
const saved = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('lrlab.progress') || 'null'));

test('a card graded Good is not due again in the session, and its progress survives a reload', async () => {
  const { page, errors } = await open(`${FLASH} [data-testid=card]`);
  const card = page.locator(`${FLASH} [data-testid=card]`);
  const total = await dueOf(page);
  assert.ok(total >= 24, `only ${total} cards due on a fresh start`);
  assert.match(await page.locator(`${FLASH} [data-testid=due-count]`).textContent(), new RegExp(`^${total} due · ${total} cards$`));

  // Flip by click, grade Good with the button.
  const first = await cardOf(page);
  assert.equal(await card.getAttribute('aria-pressed'), 'false');
  assert.equal(await page.locator(`${FLASH} [data-testid=grade-good]`).isVisible(), false, 'grades show only after the flip');
  await card.click();
  assert.equal(await card.getAttribute('aria-pressed'), 'true');
  assert.match(await page.locator(`${FLASH} [data-testid=card-back]`).textContent(), /^Answer: ./);
  await page.locator(`${FLASH} [data-testid=grade-good]`).click();
  assert.equal(await dueOf(page), total - 1);
  assert.notEqual(await cardOf(page), first);

  // Keyboard: Space flips, 3 grades Good.
  const second = await cardOf(page);
  await card.focus();
  await page.keyboard.press('Space');
  assert.equal(await card.getAttribute('aria-pressed'), 'true');
  await page.keyboard.press('3');
  assert.equal(await dueOf(page), total - 2);
  assert.notEqual(await cardOf(page), second);

  // Through the rest of the due pile: neither graded card comes back in this session.
  for (let i = 2; i < total; ++i) {
    const id = await cardOf(page);
    assert.ok(id !== first && id !== second, `card ${id} came back in the same session`);
    await card.click();
    await page.locator(`${FLASH} [data-testid=grade-good]`).click();
  }
  await page.locator(`${FLASH} [data-testid=cards-done]`).waitFor();
  assert.equal(await dueOf(page), 0);

  // Saved, versioned, and still there after a reload.
  const progress = await saved(page);
  assert.equal(progress.version, 2);
  assert.equal(progress.cards[first].repetitions, 1);
  assert.equal(progress.cards[first].interval, 1);
  assert.ok(progress.cards[first].due > Date.now());
  await page.reload();
  await page.locator(`${FLASH} [data-testid=cards-done]`).waitFor();
  assert.equal(await dueOf(page), 0);
  assert.match(await page.locator(`${FLASH} [data-testid=due-count]`).textContent(), new RegExp(`^0 due · ${total} cards$`));

  // "Study all" reviews cards that are not due.
  await page.locator(`${FLASH} [data-testid=study-all]`).click();
  assert.equal(await page.locator(`${FLASH} [data-testid=study-all]`).getAttribute('aria-pressed'), 'true');
  assert.ok(await cardOf(page));
  assert.deepEqual(errors, []);
  await page.close();
});

test('corrupt saved progress is reset with a notice and the deck still works', async () => {
  const { page, errors } = await open(`${FLASH} [data-testid=card]`);
  await page.evaluate(() => localStorage.setItem('lrlab.progress', '{"version": 2, "cards": {'));
  await page.reload();
  await page.waitForSelector(`${FLASH} [data-testid=card]`);
  await page.locator(FLASH).getByText('Your saved progress could not be read and was reset.').waitFor();
  const total = await dueOf(page);
  await page.locator(`${FLASH} [data-testid=card]`).click();
  await page.locator(`${FLASH} [data-testid=grade-good]`).click();
  assert.equal(await dueOf(page), total - 1);
  assert.equal((await saved(page)).version, 2);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the interview senior angle reveals on click and by keyboard; a lab link applies its state', async () => {
  const { page, errors } = await open('lr-lab-interview [data-testid=answer-toggle]');
  const items = page.locator('lr-lab-interview li[data-question]');
  assert.equal(await items.count(), 5);
  const tiers = await page.locator('lr-lab-interview [data-testid=tier]').allTextContents();
  assert.ok(tiers.every((t) => /Beginner|Intermediate|Expert/.test(t)), tiers.join(', '));

  // Every answer is hidden until asked; showing it brings the senior-angle toggle.
  const answers = page.locator('lr-lab-interview [data-testid=answer]');
  const asks = page.locator('lr-lab-interview [data-testid=answer-toggle]');
  for (let i = 0; i < 5; ++i) assert.equal(await answers.nth(i).isVisible(), false, `answer ${i + 1} shows before it was asked`);
  await asks.nth(0).click();
  assert.equal(await answers.nth(0).isVisible(), true);
  assert.ok((await answers.nth(0).textContent()).length > 40);
  assert.equal(await answers.nth(1).isVisible(), false, 'asking one answer shows only that one');
  await asks.nth(1).focus();
  await page.keyboard.press('Enter');
  assert.equal(await answers.nth(1).isVisible(), true);
  for (let i = 2; i < 5; ++i) await asks.nth(i).click();
  const toggles = page.locator('lr-lab-interview [data-testid=senior-toggle]');
  const panels = page.locator('lr-lab-interview [data-testid=senior-angle]');
  // Click.
  assert.equal(await toggles.nth(0).getAttribute('aria-expanded'), 'false');
  assert.equal(await panels.nth(0).isVisible(), false);
  await toggles.nth(0).click();
  assert.equal(await toggles.nth(0).getAttribute('aria-expanded'), 'true');
  assert.equal(await panels.nth(0).isVisible(), true);
  assert.ok((await panels.nth(0).textContent()).length > 20);
  // Keyboard: Enter opens, Space closes.
  await toggles.nth(1).focus();
  await page.keyboard.press('Enter');
  assert.equal(await toggles.nth(1).getAttribute('aria-expanded'), 'true');
  assert.equal(await panels.nth(1).isVisible(), true);
  await page.keyboard.press('Space');
  assert.equal(await toggles.nth(1).getAttribute('aria-expanded'), 'false');
  assert.equal(await panels.nth(1).isVisible(), false);
  // No placeholder is left unfilled.
  const text = await page.locator('lr-lab-interview ol').textContent();
  assert.doesNotMatch(text, /\{[a-z_]+\}/i);

  // A link into the sweep lab puts the sweep's selects into the linked state and scrolls there.
  const links = page.locator('lr-lab-interview [data-testid=lab-link][data-section=sweep]');
  if (await links.count()) {
    const href = await links.first().getAttribute('href');
    await links.first().click();
    const settings = href.slice(1).split('&').map((p) => p.split('=')).filter(([k]) => k.startsWith('sweep.'));
    for (const [key, value] of settings) {
      const select = page.locator(`lr-lab-sweep select[name=${key.slice(6)}]`);
      if (await select.count()) await page.waitForFunction(([k, v]) => document.querySelector('lr-lab-sweep').shadowRoot.querySelector(`select[name=${k}]`).value === v, [key.slice(6), decodeURIComponent(value)]);
    }
    await page.waitForFunction(() => { const r = document.getElementById('sweep').getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0; });
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('a coverage item ticks when the sweep scaling changes, and stays ticked after a reload', async () => {
  const { page, errors } = await open('lr-lab-sweep [data-testid=recommended]');
  const item = page.locator('lr-lab-coverage [data-testid=coverage-item][data-concept=feature-scaling]');
  const count = page.locator('lr-lab-coverage [data-testid=coverage-count]');
  await item.waitFor();
  assert.equal(await item.getAttribute('data-done'), 'false');
  assert.equal(await count.getAttribute('data-done'), '0');
  const total = await page.locator('lr-lab-coverage [data-testid=coverage-item]').count();
  assert.match(await count.textContent(), new RegExp(`^0 of ${total} concepts exercised$`));

  await page.locator('lr-lab-sweep select[name=scaling]').selectOption('z_score');
  await page.waitForFunction(() => document.querySelector('lr-lab-coverage').shadowRoot
    .querySelector('[data-concept=feature-scaling]').dataset.done === 'true');
  const done = Number(await count.getAttribute('data-done'));
  assert.ok(done >= 1);
  assert.ok((await saved(page)).coverage['feature-scaling'] > 0);

  await page.reload();
  await item.waitFor();
  assert.equal(await item.getAttribute('data-done'), 'true');
  assert.equal(Number(await count.getAttribute('data-done')), done);

  // Reset asks first, then clears the ticks (and only them).
  await page.locator('lr-lab-coverage [data-testid=coverage-reset]').click();
  assert.equal(await item.getAttribute('data-done'), 'true', 'nothing cleared before the confirmation');
  await page.locator('lr-lab-coverage [data-testid=coverage-reset-confirm]').click();
  assert.equal(await item.getAttribute('data-done'), 'false');
  assert.deepEqual((await saved(page)).coverage, {});
  assert.deepEqual(errors, []);
  await page.close();
});
