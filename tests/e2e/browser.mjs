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
    await waitDefined(page, tag);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

/**
 * Waits until the first element matching `selector` (a lesson-page module) is defined and
 * rendered its shadow root. If it is not within 30 s, the error says what the page did
 * instead: where the module's section is, what the page fetched from web/bundle/ (and
 * whether it failed), what it logged.
 */
export async function waitDefined(page, selector) {
  const logged = [];
  const onConsole = (message) => logged.push(`${message.type()}: ${message.text()}`);
  page.on('console', onConsole);
  try {
    await page.waitForFunction((s) => {
      const el = document.querySelector(s);
      return el && customElements.get(el.localName) && el.shadowRoot;
    }, selector, { timeout: 30000 });
  } catch (error) {
    const state = await page.evaluate(async (s) => {
      const el = document.querySelector(s);
      const yields = globalThis.scheduler?.yield
        ? await Promise.race([scheduler.yield().then(() => 'resolves'), new Promise((resolve) => { setTimeout(() => resolve('hangs'), 1000); })])
        : 'absent';
      const box = el?.closest('section') || el;
      const rect = box?.getBoundingClientRect();
      return {
        defined: Boolean(el && customElements.get(el.localName)),
        shadowRoot: Boolean(el?.shadowRoot),
        scrollY: Math.round(scrollY),
        viewport: innerHeight,
        section: rect && { top: Math.round(rect.top), height: Math.round(rect.height) },
        visibility: document.visibilityState,
        schedulerYield: yields,
        undefinedModules: [...new Set([...document.querySelectorAll('main *')].map((e) => e.localName).filter((n) => n.startsWith('lr-lab-') && !customElements.get(n)))],
        chunks: performance.getEntriesByType('resource').filter((e) => e.name.includes('/bundle/'))
          .map((e) => `${e.name.split('/').pop()} ${e.responseStatus ?? ''} ${Math.round(e.duration)} ms`),
      };
    }, selector).catch((e) => ({ unreadable: e.message }));
    throw new Error(`${selector} was not defined in 30 s: ${JSON.stringify(state)}; console meanwhile: ${JSON.stringify(logged)}`, { cause: error });
  } finally {
    page.off('console', onConsole);
  }
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
  await waitDefined(page, host);
  await page.locator(host).first().scrollIntoViewIfNeeded();
  return page.waitForSelector(selector, options);
}

/** Scrolls to the first `tag` of the page and waits until it is defined (see defineAllModules). */
export async function scrollToModule(page, tag) {
  await page.evaluate((t) => (document.querySelector(t).closest('section') || document.querySelector(t)).scrollIntoView(), tag);
  await waitDefined(page, tag);
  await page.locator(tag).first().scrollIntoViewIfNeeded();
}
