// Smoke test in real headless Chromium: the served page (with its CSP header) runs a
// sweep in WebAssembly without console errors, the engine also answers from a Web Worker,
// and the single-file build runs a sweep opened from file://.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { watchErrors, repoRoot, useBrowserAndSite, waitInModule } from './browser.mjs';
import { engineSweep, sweepLabRequest } from './expected.mjs';

const env = useBrowserAndSite();

// The expected results come from the engine itself (Node build of the same WASM engine).
const defaultSweep = await engineSweep(sweepLabRequest());
const workerRequest = { data: { scaling: 'z_score' } };
const workerSweep = await engineSweep(workerRequest);

test('the served page runs the default sweep, shows the engine\'s recommendation, with no console error, under the CSP', async () => {
  const page = await env.browser.context.newPage();
  const errors = watchErrors(page);
  const response = await page.goto(env.site.url);
  const policy = response.headers()['content-security-policy'];
  const scriptSources = policy.split(';').map((d) => d.trim().split(/\s+/)).find((d) => d[0] === 'script-src');
  assert.deepEqual(scriptSources, ['script-src', "'self'", "'wasm-unsafe-eval'"]);  // no 'unsafe-eval'
  await waitInModule(page, `lr-lab-sweep tbody tr:nth-child(${defaultSweep.count})`, { state: "attached" });
  assert.equal(await page.locator('lr-lab-sweep [data-testid=recommended]').textContent(), defaultSweep.recommendedText);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the engine answers from a Web Worker with the same result as in Node and progress for every run', async () => {
  const page = await env.browser.context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.site.url);
  const outcome = await page.evaluate(async (request) => {
    const { createWorkerEngine } = await import('/web/engine/worker-client.js');
    const worker = createWorkerEngine(new URL('/web/bundle/worker.js', location.href));
    const progress = [];
    const result = await worker.call('runSweep', [request], (done, total) => progress.push([done, total]));
    worker.terminate();
    return { ok: result.ok, recommended: result.value?.recommended, progress, isTyped: result.value?.runs[0].loss instanceof Float64Array };
  }, workerRequest);
  assert.equal(outcome.ok, true);
  assert.equal(outcome.recommended, workerSweep.recommended);
  assert.equal(outcome.isTyped, true);
  assert.deepEqual(outcome.progress.map(([done]) => done), Array.from({ length: workerSweep.count }, (_, i) => i + 1));
  assert.deepEqual(errors, []);
  await page.close();
});

test('dist/lr-lab.html and dist/index.html carry a CSP meta tag without unsafe-eval or unsafe-inline scripts', () => {
  for (const name of ['lr-lab.html', 'index.html']) {
    const html = readFileSync(join(repoRoot, 'dist', name), 'utf8');
    const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/);
    assert.ok(meta, `${name} has a CSP meta tag`);
    const scriptSrc = meta[1].split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src '));
    assert.ok(scriptSrc, `${name}: ${meta[1]}`);
    assert.ok(scriptSrc.includes("'wasm-unsafe-eval'"), scriptSrc);
    assert.ok(!/'unsafe-eval'|'unsafe-inline'/.test(scriptSrc), scriptSrc);
    assert.ok(html.indexOf(meta[0]) < html.indexOf('<script'), `${name}: the policy comes before every script`);
  }
});

test('the single-file build runs a sweep opened from file:// (under its own CSP) and shows the engine\'s recommendation', async () => {
  const file = join(repoRoot, 'dist', 'lr-lab.html');
  assert.ok(existsSync(file), 'dist/lr-lab.html is built by ./build-wasm.sh test');
  const page = await env.browser.context.newPage();
  const errors = watchErrors(page);
  await page.goto(pathToFileURL(file).href);
  await waitInModule(page, `lr-lab-sweep tbody tr:nth-child(${defaultSweep.count})`, { state: "attached" });
  assert.equal(await page.locator('lr-lab-sweep [data-testid=recommended]').textContent(), defaultSweep.recommendedText);
  assert.equal(await page.evaluate(() => location.protocol), 'file:');
  assert.deepEqual(errors, [], 'no error (no CSP violation) while the page loaded and ran');
  // The policy is in force: an inline script without its hash is refused.
  const blocked = await page.evaluate(() => new Promise((resolve) => {
    document.addEventListener('securitypolicyviolation', (event) => resolve(event.violatedDirective), { once: true });
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.append(script);
    setTimeout(() => resolve(window.__inlineRan ? 'ran' : 'no event'), 2000);
  }));
  assert.match(blocked, /^script-src/);
  errors.length = 0;  // the refusal above is logged as an error by design
  // Every module renders from disk too (no worker, no ES modules there).
  for (const tag of ['lr-lab-theory', 'lr-lab-scaling', 'lr-lab-range-test', 'lr-lab-schedules', 'lr-lab-optimizers']) {
    assert.ok(await page.locator(tag).evaluate((el) => el.shadowRoot.childElementCount > 0), tag);
  }
  assert.deepEqual(errors, []);
  await page.close();
});
