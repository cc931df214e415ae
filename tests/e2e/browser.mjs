// Shared set-up for the end-to-end tests: Debian's Chromium driven by playwright-core,
// with the flags that keep it quiet on a closed network, and the repo served on loopback.
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../web/tools/serve.mjs';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const FLAGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--allow-file-access-from-files',
];

/** Launches Chromium with a fresh profile; close() also removes the profile. */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'lrlab-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Serves `root` (default: the repo) on a free loopback port. */
export async function serveRoot(root = repoRoot) {
  const { server, url } = await serve({ root, port: 0 });
  return { url, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }) };
}

/** Collects console errors and uncaught page errors of a page. */
export function watchErrors(page) {
  const errors = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/**
 * For a test file: launches Chromium and serves the repo before its tests, closes both
 * after. Returns an object whose `browser` and `site` are set once the tests start.
 */
export function useBrowserAndSite() {
  const env = { browser: null, site: null };
  before(async () => {
    env.browser = await launch();
    env.site = await serveRoot();
  });
  after(async () => {
    await env.browser?.close();
    await env.site?.close();
  });
  return env;
}

/**
 * The lesson page defines the modules further down as their section nears the viewport
 * (web/page-elements.js). For a test that reads those modules without scrolling to them:
 * scrolls every section into view, as a reader would, until each element is defined, then
 * back to the top.
 */
export async function defineAllModules(page) {
  const tags = await page.evaluate(() => [...new Set([...document.querySelectorAll('main *')]
    .map((el) => el.localName).filter((name) => name.startsWith('lr-lab-')))]);
  for (const tag of tags) {
    await page.evaluate((t) => document.querySelector(t).closest('section')?.scrollIntoView(), tag);
    await page.waitForFunction((t) => customElements.get(t) && document.querySelector(t).shadowRoot, tag);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

/**
 * Waits for `selector` inside a module, scrolling to the module first, as a reader would: a
 * lab computes (and, on the lesson page, is defined) only when it comes near the viewport.
 * The selector's first part names the module ('lr-lab-sweep [data-testid=recommended]',
 * '#sweep-bad tbody tr').
 */
export async function waitInModule(page, selector, options) {
  const host = selector.split(' ')[0];
  await page.evaluate((h) => { const el = document.querySelector(h); (el.closest('section') || el).scrollIntoView(); }, host);
  await page.waitForFunction((h) => document.querySelector(h)?.shadowRoot, host);
  await page.locator(host).first().scrollIntoViewIfNeeded();
  return page.waitForSelector(selector, options);
}

/** Scrolls to the first `tag` of the page and waits until it is defined (see defineAllModules). */
export async function scrollToModule(page, tag) {
  await page.evaluate((t) => (document.querySelector(t).closest('section') || document.querySelector(t)).scrollIntoView(), tag);
  await page.waitForFunction((t) => customElements.get(t) && document.querySelector(t).shadowRoot, tag);
  await page.locator(tag).first().scrollIntoViewIfNeeded();
}
